//! The client and its builder.

use std::fmt;
use std::sync::Arc;

use api_core::{ApiInfo, Auth, ClientConfigBuilder, RateLimiter, SecretString, TokenBucket};
use tokio::sync::OnceCell;

use crate::accounts::Accounts;
use crate::error::Error;
use crate::error_detail::PwPushErrorParser;
use crate::generated::models::Edition;
use crate::generated::operations;
use crate::limits::Limits;
use crate::probe;
use crate::pushes::Pushes;
use crate::requests::SecretRequests;
use crate::retry::PwPushRetryClassifier;
use crate::server_info::{ApiVersion, ServerInfo};

const INFO: ApiInfo = ApiInfo {
    api: "pwpush",
    crate_name: env!("CARGO_PKG_NAME"),
    crate_version: env!("CARGO_PKG_VERSION"),
    default_base_url: "https://pwpush.com",
};

/// The server throttles each IP to 120 requests a minute; the default client-side limiter keeps
/// under it (a minute's worth as burst, then 2 a second).
const DEFAULT_RATE_PER_SECOND: f64 = 2.0;
const DEFAULT_BURST: u32 = 120;

/// How the client identifies itself.
#[derive(Clone)]
enum Identity {
    Anonymous,
    Bearer(SecretString),
    Legacy {
        email: SecretString,
        token: SecretString,
    },
}

impl Identity {
    fn kind(&self) -> &'static str {
        match self {
            Identity::Anonymous => "anonymous",
            Identity::Bearer(_) => "bearer",
            Identity::Legacy { .. } => "legacy (X-User-Email + X-User-Token)",
        }
    }
}

/// Builds a [`Client`].
///
/// ```
/// use pwpush_client::{ApiVersion, Client};
///
/// let client = Client::builder()
///     .base_url("https://pwpush.example.org")?
///     .bearer_token("my-api-token")
///     .api_version(ApiVersion::V2)
///     .build()?;
/// # let _ = client;
/// # Ok::<(), pwpush_client::Error>(())
/// ```
pub struct ClientBuilder {
    core: ClientConfigBuilder,
    identity: Identity,
    api_version: Option<ApiVersion>,
    edition: Option<Edition>,
    limits: Limits,
    strict_expiry: bool,
    rate_limited: bool,
    #[cfg(feature = "redis-rate-limit")]
    shared_rate_limit: Option<api_core::RedisRateLimit>,
    /// The base URL as given: the server whose per-IP limit a shared rate limit stands for.
    #[cfg(feature = "redis-rate-limit")]
    server: String,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("auth", &self.identity.kind())
            .field("api_version", &self.api_version)
            .field("edition", &self.edition)
            .field("limits", &self.limits)
            .field("strict_expiry", &self.strict_expiry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new() -> Self {
        Self {
            core: ClientConfigBuilder::new(INFO)
                .error_detail_parser(Arc::new(PwPushErrorParser))
                .retry_classifier(Arc::new(PwPushRetryClassifier)),
            identity: Identity::Anonymous,
            api_version: None,
            edition: None,
            limits: Limits::default(),
            strict_expiry: false,
            rate_limited: true,
            #[cfg(feature = "redis-rate-limit")]
            shared_rate_limit: None,
            #[cfg(feature = "redis-rate-limit")]
            server: INFO.default_base_url.to_owned(),
        }
    }

    /// The server's base URL (default `https://pwpush.com`), e.g. a self-hosted instance.
    /// Plain `http://` is accepted only for loopback hosts unless [`allow_insecure_http`](Self::allow_insecure_http).
    ///
    /// ```
    /// let builder = pwpush_client::Client::builder().base_url("https://eu.pwpush.com")?;
    /// # let _ = builder;
    /// # Ok::<(), pwpush_client::Error>(())
    /// ```
    pub fn base_url(mut self, url: impl AsRef<str>) -> Result<Self, Error> {
        let url = url.as_ref();
        let parsed = url::Url::parse(url).map_err(|_| config("the base URL is not a valid URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") || !parsed.has_host() {
            return Err(config(
                "the base URL must be an http or https URL with a host",
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(config("the base URL must not have a query or a fragment"));
        }
        self.core = self.core.base_url(url.trim_end_matches('/'));
        #[cfg(feature = "redis-rate-limit")]
        {
            self.server = url.trim_end_matches('/').to_owned();
        }
        Ok(self)
    }

    /// Authenticate with `Authorization: Bearer <token>` (the API token from the user's profile).
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.identity = Identity::Bearer(token.into());
        self
    }

    /// Authenticate with the legacy `X-User-Email` + `X-User-Token` pair (older servers and the
    /// Terraform provider use it).
    pub fn legacy_token(
        mut self,
        email: impl Into<String>,
        token: impl Into<SecretString>,
    ) -> Self {
        self.identity = Identity::Legacy {
            email: SecretString::new(email.into()),
            token: token.into(),
        };
        self
    }

    /// Send no authentication at all (the default). Anonymous callers may create and read text, URL
    /// and QR pushes on instances that allow it.
    pub fn anonymous(mut self) -> Self {
        self.identity = Identity::Anonymous;
        self
    }

    /// Use this API generation instead of probing `GET /api/v2/version`.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = Some(version);
        self
    }

    /// Assume this edition instead of asking the server (it decides how expiry and `account_id`
    /// are sent).
    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = Some(edition);
        self
    }

    /// Limits checked before a push is sent (default: the server's stock settings).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// When the server applies another expiry than asked (it silently replaces out-of-range values
    /// with its defaults), fail with [`Error::ExpiryAdjusted`] instead of only reporting it in
    /// [`CreatedPush::adjustments`](crate::CreatedPush::adjustments).
    pub fn strict_expiry(mut self, strict: bool) -> Self {
        self.strict_expiry = strict;
        self
    }

    /// Replace the default client-side rate limiter (2 requests a second, bursts of 120).
    pub fn rate_limiter(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.core = self.core.rate_limiter(limiter);
        self.rate_limited = false;
        self
    }

    /// Shares the default limit (2 requests a second, bursts of 120) with every process calling the
    /// same server, through Redis (feature `redis-rate-limit`): the server throttles by IP, so
    /// processes behind one address share one allowance. When Redis is unreachable each process
    /// falls back to its own limiter, unless
    /// [`RedisRateLimit::fail_closed`](api_core::RedisRateLimit::fail_closed) says otherwise.
    ///
    /// ```
    /// let client = pwpush_client::Client::builder()
    ///     .redis_rate_limit("redis://127.0.0.1:6379/")
    ///     .build()?;
    /// # Ok::<(), pwpush_client::Error>(())
    /// ```
    #[cfg(feature = "redis-rate-limit")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
    pub fn redis_rate_limit(mut self, shared: impl Into<api_core::RedisRateLimit>) -> Self {
        self.shared_rate_limit = Some(shared.into());
        self.rate_limited = true;
        self
    }

    /// No client-side rate limiting (for tests against a local mock).
    pub fn no_rate_limiter(mut self) -> Self {
        self.core = self.core.no_rate_limiter();
        self.rate_limited = false;
        self
    }

    /// Any other api-core setting, such as a default header sent on every call.
    ///
    /// ```
    /// let client = pwpush_client::Client::builder()
    ///     .core(|core| core.default_header(
    ///         api_core::HeaderName::from_static("x-request-source"),
    ///         api_core::HeaderValue::from_static("batch"),
    ///     ))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), pwpush_client::Error>(())
    /// ```
    pub fn core(
        mut self,
        configure: impl FnOnce(ClientConfigBuilder) -> ClientConfigBuilder,
    ) -> Self {
        self.core = configure(self.core);
        self
    }

    /// Builds the client. Fails on an empty token or an invalid configuration.
    pub fn build(self) -> Result<Client, Error> {
        let auth = match &self.identity {
            Identity::Anonymous => Auth::None,
            Identity::Bearer(token) if token.expose_secret().trim().is_empty() => {
                return Err(config(
                    "the bearer token is empty (leave it out to call anonymously)",
                ));
            }
            Identity::Bearer(token) => Auth::bearer(token.clone()),
            Identity::Legacy { email, token } => {
                if email.expose_secret().trim().is_empty()
                    || token.expose_secret().trim().is_empty()
                {
                    return Err(config("the legacy pair needs both an e-mail and a token"));
                }
                Auth::header_pair("X-User-Email", email.clone(), "X-User-Token", token.clone())
            }
        };
        let mut core = self.core.auth(auth);
        #[cfg(feature = "redis-rate-limit")]
        if let Some(shared) = &self.shared_rate_limit {
            let limiter = shared
                .limiter(
                    INFO.api,
                    &self.server,
                    DEFAULT_RATE_PER_SECOND,
                    DEFAULT_BURST,
                )
                .map_err(Error::Core)?;
            core = core.rate_limiter(Arc::new(limiter));
        }
        #[cfg(feature = "redis-rate-limit")]
        let rate_limited = self.rate_limited && self.shared_rate_limit.is_none();
        #[cfg(not(feature = "redis-rate-limit"))]
        let rate_limited = self.rate_limited;
        if rate_limited {
            core = core.rate_limiter(Arc::new(TokenBucket::new(
                DEFAULT_RATE_PER_SECOND,
                DEFAULT_BURST,
            )));
        }
        let core = core.build()?;
        Ok(Client {
            inner: Arc::new(Inner {
                core,
                authenticated: !matches!(self.identity, Identity::Anonymous),
                api_version: self.api_version,
                edition: self.edition,
                limits: self.limits,
                strict_expiry: self.strict_expiry,
                server_info: OnceCell::new(),
            }),
        })
    }
}

// The settings api-core owns, handed to it unchanged.
api_core::config_passthrough! {
    impl ClientBuilder via core {
        user_agent_suffix,
        allow_insecure_http,
        connect_timeout,
        attempt_timeout,
        overall_timeout,
        /// The default is 3 attempts; a `Retry-After` from the server is honoured.
        retry_policy,
        configure_http,
        /// ```
        /// use std::sync::{Arc, Mutex};
        /// use pwpush_client::{AttemptContext, AttemptResponse, Interceptor};
        /// use pwpush_client::reqwest::header::{HeaderMap, HeaderValue};
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
        /// let client = pwpush_client::Client::builder()
        ///     .bearer_token("my-api-token")
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

fn config(message: &str) -> Error {
    Error::Core(api_core::Error::Config {
        message: message.to_owned(),
    })
}

/// A Password Pusher client: cheap to clone, every clone shares connections, the rate limiter,
/// the retry budget and the cached server information.
///
/// ```no_run
/// # async fn demo() -> Result<(), pwpush_client::Error> {
/// let client = pwpush_client::Client::builder().bearer_token("my-api-token").build()?;
/// let push = client.pushes().create_text("s3cr3t").expire_after_views(1).await?;
/// println!("{}", push.secret_link());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    core: api_core::Client,
    authenticated: bool,
    api_version: Option<ApiVersion>,
    edition: Option<Edition>,
    limits: Limits,
    strict_expiry: bool,
    server_info: OnceCell<ServerInfo>,
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Pushes: create, retrieve, preview, expire, audit, list, notify.
    pub fn pushes(&self) -> Pushes {
        Pushes::new(self.clone())
    }

    /// The token user's accounts (Pro edition).
    pub fn accounts(&self) -> Accounts {
        Accounts::new(self.clone())
    }

    /// Secret requests (Pro edition).
    pub fn requests(&self) -> SecretRequests {
        SecretRequests::new(self.clone())
    }

    /// What the server is: API version, edition and features. Probed once (`GET /api/v2/version`,
    /// falling back to `/api/v1/version.json`) and cached; an error is not cached.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let info = client.server_info().await?;
    /// println!("API {:?}, Pro: {}, file pushes: {:?}", info.api, info.is_pro(), info.file_pushes_enabled());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn server_info(&self) -> Result<&ServerInfo, Error> {
        self.inner
            .server_info
            .get_or_try_init(|| probe::probe(&self.inner.core, self.inner.api_version))
            .await
    }

    /// The API generation calls use: the builder's override, or the probed one.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// if client.api_version().await? == pwpush_client::ApiVersion::V1 {
    ///     println!("an older server: no notify_emails");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn api_version(&self) -> Result<ApiVersion, Error> {
        match self.inner.api_version {
            Some(version) => Ok(version),
            None => Ok(self.server_info().await?.api),
        }
    }

    /// The server's edition: the builder's override, or the probed one (`None` when the server
    /// does not say).
    pub async fn edition(&self) -> Result<Option<Edition>, Error> {
        match &self.inner.edition {
            Some(edition) => Ok(Some(edition.clone())),
            None => Ok(self.server_info().await?.edition.clone()),
        }
    }

    /// The generated operations, one per endpoint of the spec, for what the friendlier layer does
    /// not cover (for example `/r.json` directly).
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), api_core::Error> {
    /// let version = client.raw().version().v1().await?;
    /// println!("{:?}", version.api_version);
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw(&self) -> RawOperations {
        RawOperations {
            core: self.inner.core.clone(),
        }
    }

    /// The api-core client underneath.
    pub fn core(&self) -> &api_core::Client {
        &self.inner.core
    }

    pub(crate) fn is_authenticated(&self) -> bool {
        self.inner.authenticated
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    pub(crate) fn strict_expiry(&self) -> bool {
        self.inner.strict_expiry
    }
}

/// The generated operation groups, one method per endpoint of the OpenAPI description.
#[derive(Clone, Debug)]
pub struct RawOperations {
    core: api_core::Client,
}

impl RawOperations {
    /// API v1 pushes (`/p.json`, `/f.json`, `/r.json`, ...).
    pub fn pushes_v1(&self) -> operations::PushesV1 {
        operations::PushesV1::new(self.core.clone())
    }

    /// API v2 pushes (`/api/v2/pushes...`).
    pub fn pushes_v2(&self) -> operations::PushesV2 {
        operations::PushesV2::new(self.core.clone())
    }

    /// Version endpoints.
    pub fn version(&self) -> operations::Version {
        operations::Version::new(self.core.clone())
    }

    /// Pro accounts.
    pub fn accounts(&self) -> operations::Accounts {
        operations::Accounts::new(self.core.clone())
    }

    /// Pro secret requests (the preview; creating one is [`Client::requests`]).
    pub fn requests(&self) -> operations::Requests {
        operations::Requests::new(self.core.clone())
    }
}
