//! The PushAuth client and its builder: api-core's configuration with PushAuth's defaults (base URL,
//! `X-API-Key`, the error-body parser).

use std::sync::Arc;

use api_core::{ApiInfo, Auth, ClientConfigBuilder, Error, SecretString};

use crate::error::PushAuthErrorParser;
use crate::generated::operations::Sessions;

/// Where PushAuth lives when no base URL is set.
pub const DEFAULT_BASE_URL: &str = "https://api.unify.id";

const INFO: ApiInfo = ApiInfo {
    api: "pushauth",
    crate_name: env!("CARGO_PKG_NAME"),
    crate_version: env!("CARGO_PKG_VERSION"),
    default_base_url: DEFAULT_BASE_URL,
};

/// The header that carries the server API key.
const API_KEY_HEADER: &str = "X-API-Key";

/// A PushAuth client. Cheap to clone; clones share connections and the retry budget.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let client = pushauth_client::Client::builder()
///     .api_key(std::env::var("PUSHAUTH_API_KEY")?)
///     .build()?;
/// let session = client.sessions().create("user-42").await?;
/// println!("sent to {:?} devices", session.notification_count);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    core: api_core::Client,
}

impl Client {
    /// Starts configuring a client. [`ClientBuilder::api_key`] is required.
    ///
    /// ```
    /// let client = pushauth_client::Client::builder().api_key("my-server-api-key").build()?;
    /// # Ok::<(), pushauth_client::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            config: ClientConfigBuilder::new(INFO)
                .error_detail_parser(Arc::new(PushAuthErrorParser)),
            api_key: None,
            #[cfg(feature = "redis-rate-limit")]
            shared_rate_limit: None,
        }
    }

    /// The session operations: create, get, cancel, wait for the answer, watch.
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client) -> Result<(), pushauth_client::Error> {
    /// let session = client.sessions().get("a-session-id").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn sessions(&self) -> Sessions {
        Sessions::new(self.core.clone())
    }
}

/// Configures a [`Client`]. Every setter takes and returns the builder; mistakes surface as
/// [`Error::Config`] from [`build`](Self::build).
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    config: ClientConfigBuilder,
    api_key: Option<SecretString>,
    #[cfg(feature = "redis-rate-limit")]
    shared_rate_limit: Option<(api_core::RedisRateLimit, f64, u32)>,
}

impl ClientBuilder {
    /// The server API key from the UnifyID dashboard (not the SDK key), sent as `X-API-Key`. Required.
    pub fn api_key(mut self, key: impl Into<SecretString>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Paces requests at `per_second` (bursts of `burst`) across every process using the same API
    /// key, through Redis (feature `redis-rate-limit`). PushAuth documents no rate limit, so the
    /// rate is yours to choose. When Redis is unreachable each process falls back to its own
    /// limiter at that rate, unless
    /// [`RedisRateLimit::fail_closed`](api_core::RedisRateLimit::fail_closed) says otherwise.
    ///
    /// ```
    /// let client = pushauth_client::Client::builder()
    ///     .api_key("k")
    ///     .redis_rate_limit("redis://127.0.0.1:6379/", 5.0, 5)
    ///     .build()?;
    /// # Ok::<(), pushauth_client::Error>(())
    /// ```
    #[cfg(feature = "redis-rate-limit")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
    pub fn redis_rate_limit(
        mut self,
        shared: impl Into<api_core::RedisRateLimit>,
        per_second: f64,
        burst: u32,
    ) -> Self {
        self.shared_rate_limit = Some((shared.into(), per_second, burst));
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] when no API key (or an empty one) was given, or the base URL is
    /// invalid.
    pub fn build(self) -> Result<Client, Error> {
        let key = self
            .api_key
            .filter(|key| !key.is_empty())
            .ok_or_else(|| Error::Config {
                message: "an API key is required: call api_key(..) with the server API key"
                    .to_owned(),
            })?;
        #[cfg(feature = "redis-rate-limit")]
        let config = match self.shared_rate_limit {
            Some((shared, per_second, burst)) => self.config.rate_limiter(Arc::new(
                shared.limiter(INFO.api, key.expose_secret(), per_second, burst)?,
            )),
            None => self.config,
        };
        #[cfg(not(feature = "redis-rate-limit"))]
        let config = self.config;
        let core = config.auth(Auth::api_key(API_KEY_HEADER, key)).build()?;
        Ok(Client { core })
    }
}

// The settings api-core owns, handed to it unchanged.
api_core::config_passthrough! {
    impl ClientBuilder via config {
        /// The default is `https://api.unify.id`.
        base_url,
        user_agent_suffix,
        connect_timeout,
        attempt_timeout,
        overall_timeout,
        /// Creating a session is a POST, retried only when the service provably did not act on it.
        retry_policy,
        configure_http,
        /// ```
        /// use std::sync::{Arc, Mutex};
        /// use pushauth_client::{AttemptContext, AttemptResponse, Interceptor};
        /// use pushauth_client::reqwest::header::{HeaderMap, HeaderValue};
        ///
        /// /// Tags every attempt with the job's correlation id and records each status.
        /// #[derive(Default)]
        /// struct Observe {
        ///     statuses: Mutex<Vec<u16>>,
        /// }
        ///
        /// impl Interceptor for Observe {
        ///     fn before_attempt(&self, _: &AttemptContext<'_>, headers: &mut HeaderMap) {
        ///         headers.insert("x-correlation-id", HeaderValue::from_static("nightly-sync-42"));
        ///     }
        ///     fn after_response(&self, _: &AttemptContext<'_>, response: &AttemptResponse<'_>) {
        ///         if let Ok(mut statuses) = self.statuses.lock() {
        ///             statuses.push(response.status().as_u16());
        ///         }
        ///     }
        /// }
        ///
        /// let observe = Arc::new(Observe::default());
        /// let client = pushauth_client::Client::builder()
        ///     .api_key("k")
        ///     .interceptor(observe.clone())
        ///     .build()?;
        /// # let _ = client;
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        interceptor,
        max_response_bytes,
        clock,
    }
}
