//! The PushAuth client and its builder: api-core's configuration with PushAuth's defaults (base URL,
//! `X-API-Key`, the error-body parser).

use std::sync::Arc;

use api_core::{ApiInfo, Auth, ClientConfigBuilder, SecretString};

use crate::error::{Error, PushAuthErrorParser};
use crate::generated::operations::Sessions;

/// Where PushAuth lives when no base URL is set.
pub const DEFAULT_BASE_URL: &str = "https://api.unify.id";

const INFO: ApiInfo = ApiInfo {
    api: "pushauth",
    crate_name: env!("CARGO_PKG_NAME"),
    crate_version: env!("CARGO_PKG_VERSION"),
    default_base_url: DEFAULT_BASE_URL,
    spans: api_core::client_spans!(),
};

/// The header that carries the server API key.
const API_KEY_HEADER: &str = "X-API-Key";

/// A PushAuth client. Cheap to clone; clones share connections and the retry budget.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// // PUSHAUTH_API_KEY (and PUSHAUTH_BASE_URL, when set) from the environment.
/// let client = pushauth_client::Client::from_env()?;
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
        }
    }

    /// A client configured from the environment: `Client::builder().with_env().build()`.
    /// Reads [`API_KEY_VAR`] (required) and [`BASE_URL_VAR`].
    ///
    /// ```no_run
    /// let client = pushauth_client::Client::from_env()?;
    /// # Ok::<(), pushauth_client::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        Self::builder().with_env().build()
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

/// The environment variable [`ClientBuilder::with_env`] reads the server API key from.
pub const API_KEY_VAR: &str = "PUSHAUTH_API_KEY";

/// The environment variable [`ClientBuilder::with_env`] reads the base URL from.
pub const BASE_URL_VAR: &str = "PUSHAUTH_BASE_URL";

/// Configures a [`Client`]. Every setter takes and returns the builder; mistakes surface as a
/// configuration error from [`build`](Self::build).
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    config: ClientConfigBuilder,
    api_key: Option<SecretString>,
}

impl ClientBuilder {
    /// The server API key from the UnifyID dashboard (not the SDK key), sent as `X-API-Key`. Required.
    ///
    /// ```
    /// let builder = pushauth_client::Client::builder().api_key("my-server-api-key");
    /// assert!(!format!("{builder:?}").contains("my-server-api-key"));
    /// ```
    pub fn api_key(mut self, key: impl Into<SecretString>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Reads the process environment: [`API_KEY_VAR`] (`PUSHAUTH_API_KEY`) sets the server API
    /// key and [`BASE_URL_VAR`] (`PUSHAUTH_BASE_URL`) the base URL. Only the variables that are
    /// set (and not empty) override what the builder holds.
    pub fn with_env(self) -> Self {
        self.with_env_from(|name| std::env::var(name).ok())
    }

    /// [`with_env`](Self::with_env) with the variables looked up by `lookup` instead of in the
    /// process environment (for tests, or a secrets store).
    ///
    /// ```
    /// let client = pushauth_client::Client::builder()
    ///     .with_env_from(|name| (name == "PUSHAUTH_API_KEY").then(|| "k".to_owned()))
    ///     .build()?;
    /// # Ok::<(), pushauth_client::Error>(())
    /// ```
    pub fn with_env_from(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let read = |name| lookup(name).filter(|value: &String| !value.trim().is_empty());
        if let Some(key) = read(API_KEY_VAR) {
            self = self.api_key(key);
        }
        if let Some(url) = read(BASE_URL_VAR) {
            self = self.base_url(url);
        }
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// Fails with a configuration error when no API key (or an empty one) was given, the base
    /// URL is invalid, or the rate limit is not a positive rate with a burst of at least 1.
    ///
    /// ```
    /// assert!(pushauth_client::Client::builder().build().is_err());
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let key = self.api_key.filter(|key| !key.is_empty()).ok_or_else(|| {
            Error::from(api_core::Error::config(format!(
                "an API key is required: call api_key(..) with the server API key, or set \
                     {API_KEY_VAR}"
            )))
        })?;
        let core = self
            .config
            .rate_limit_scope(key.clone())
            .auth(Auth::api_key(API_KEY_HEADER, key))
            .build()?;
        Ok(Client { core })
    }
}

// The settings api-core owns, handed to it unchanged.
api_core::config_passthrough! {
    impl ClientBuilder via config {
        /// The default is `https://api.unify.id`.
        base_url,
        allow_insecure_http,
        user_agent_suffix,
        default_header,
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
        /// PushAuth documents no rate limit, so by default there is none here: the rate is
        /// yours to choose.
        ///
        /// ```
        /// let client = pushauth_client::Client::builder().api_key("k").rate_limit(5.0, 5).build()?;
        /// # Ok::<(), pushauth_client::Error>(())
        /// ```
        rate_limit,
        rate_limiter,
        /// The limit is shared by the processes using the same API key, at the rate of
        /// `rate_limit`, which is required with it (PushAuth has no documented default).
        ///
        /// ```
        /// let client = pushauth_client::Client::builder()
        ///     .api_key("k")
        ///     .rate_limit(5.0, 5)
        ///     .redis_rate_limit("redis://127.0.0.1:6379/")
        ///     .build()?;
        /// # Ok::<(), pushauth_client::Error>(())
        /// ```
        redis_rate_limit,
        /// The default here: PushAuth documents no rate limit.
        no_rate_limit,
    }
}
