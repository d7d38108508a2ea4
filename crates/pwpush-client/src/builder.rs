//! [`ClientBuilder`]: the Password Pusher client's configuration (credentials, API generation,
//! edition, input limits, strict expiry) on top of api-core's, which the shared setters reach.

use std::fmt;
use std::sync::Arc;

use api_core::{ApiInfo, Auth, ClientConfigBuilder, SecretString};

use crate::client::Client;
use crate::error::Error;
use crate::error_detail::PwPushErrorParser;
use crate::generated::models::Edition;
use crate::input_limits::Limits;
use crate::retry::PwPushRetryClassifier;
use crate::server_info::ApiVersion;

/// Where the client calls when no base URL is set: the hosted service.
pub const DEFAULT_BASE_URL: &str = "https://pwpush.com";

/// The environment variable [`ClientBuilder::with_env`] reads the API token from.
pub const TOKEN_VAR: &str = "PWPUSH_TOKEN";

/// The environment variable [`ClientBuilder::with_env`] reads the e-mail of the legacy
/// `X-User-Email` + `X-User-Token` pair from (with [`TOKEN_VAR`]).
pub const EMAIL_VAR: &str = "PWPUSH_EMAIL";

/// The environment variable [`ClientBuilder::with_env`] reads the base URL from.
pub const BASE_URL_VAR: &str = "PWPUSH_BASE_URL";

const INFO: ApiInfo = ApiInfo {
    api: "pwpush",
    crate_name: env!("CARGO_PKG_NAME"),
    crate_version: env!("CARGO_PKG_VERSION"),
    default_base_url: DEFAULT_BASE_URL,
    spans: api_core::client_spans!(),
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

/// Builds a [`Client`]. Every setter takes and returns the builder; mistakes (a bad base URL, an
/// empty token) surface as a configuration error from [`build`](Self::build).
///
/// ```
/// use pwpush_client::{ApiVersion, Client};
///
/// let client = Client::builder()
///     .base_url("https://pwpush.example.org")
///     .bearer_token("my-api-token")
///     .api_version(ApiVersion::V2)
///     .build()?;
/// # let _ = client;
/// # Ok::<(), pwpush_client::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    config: ClientConfigBuilder,
    identity: Identity,
    api_version: Option<ApiVersion>,
    edition: Option<Edition>,
    limits: Limits,
    strict_expiry: bool,
}

// Where a client starts lives beside the builder, so the client module never needs the builder's.
impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment: `Client::builder().with_env().build()` (see
    /// [`ClientBuilder::with_env`] for the variables).
    ///
    /// ```no_run
    /// let client = pwpush_client::Client::from_env()?;
    /// # Ok::<(), pwpush_client::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        Self::builder().with_env().build()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("auth", &self.identity.kind())
            .field("api_version", &self.api_version)
            .field("edition", &self.edition)
            .field("limits", &self.limits)
            .field("strict_expiry", &self.strict_expiry)
            .field("config", &self.config)
            .finish()
    }
}

impl ClientBuilder {
    pub(crate) fn new() -> Self {
        Self {
            config: ClientConfigBuilder::new(INFO)
                .error_detail_parser(Arc::new(PwPushErrorParser))
                .retry_classifier(Arc::new(PwPushRetryClassifier))
                .rate_limit(DEFAULT_RATE_PER_SECOND, DEFAULT_BURST),
            identity: Identity::Anonymous,
            api_version: None,
            edition: None,
            limits: Limits::default(),
            strict_expiry: false,
        }
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

    /// Reads the process environment: [`TOKEN_VAR`] (`PWPUSH_TOKEN`) is the API token, sent as a
    /// Bearer token, or with [`EMAIL_VAR`] (`PWPUSH_EMAIL`) as the legacy `X-User-Email` +
    /// `X-User-Token` pair; [`BASE_URL_VAR`] (`PWPUSH_BASE_URL`) is the server (default
    /// `https://pwpush.com`). Only the variables that are set (and not empty) override what the
    /// builder holds; with no token the client stays as it was (anonymous by default).
    pub fn with_env(self) -> Self {
        self.with_env_from(|name| std::env::var(name).ok())
    }

    /// [`with_env`](Self::with_env) with the variables looked up by `lookup` instead of in the
    /// process environment (for tests, or a secrets store).
    ///
    /// ```
    /// let client = pwpush_client::Client::builder()
    ///     .with_env_from(|name| match name {
    ///         "PWPUSH_TOKEN" => Some("my-api-token".to_owned()),
    ///         "PWPUSH_BASE_URL" => Some("https://pwpush.example.org".to_owned()),
    ///         _ => None,
    ///     })
    ///     .build()?;
    /// # Ok::<(), pwpush_client::Error>(())
    /// ```
    pub fn with_env_from(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let read = |name| lookup(name).filter(|value: &String| !value.trim().is_empty());
        match (read(TOKEN_VAR), read(EMAIL_VAR)) {
            (Some(token), Some(email)) => self = self.legacy_token(email, token),
            (Some(token), None) => self = self.bearer_token(token),
            // An e-mail alone authenticates nothing: `build()` says which variable is missing.
            (None, Some(email)) => {
                let token = match &self.identity {
                    Identity::Bearer(token) | Identity::Legacy { token, .. } => token.clone(),
                    Identity::Anonymous => SecretString::new(String::new()),
                };
                self.identity = Identity::Legacy {
                    email: SecretString::new(email),
                    token,
                };
            }
            (None, None) => {}
        }
        if let Some(url) = read(BASE_URL_VAR) {
            self = self.base_url(url);
        }
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

    /// Builds the client. Fails with a configuration error on an empty token, a legacy pair
    /// missing its e-mail or token, an invalid base URL (not http(s), with a query, plain `http`
    /// to a host that is not loopback without
    /// [`allow_insecure_http`](Self::allow_insecure_http)) or an invalid rate limit.
    ///
    /// ```
    /// let refused = pwpush_client::Client::builder().base_url("ftp://pwpush.example.org").build();
    /// assert!(refused.is_err());
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let auth = match &self.identity {
            Identity::Anonymous => Auth::None,
            Identity::Bearer(token) if token.expose_secret().trim().is_empty() => {
                return Err(Error::from(api_core::Error::config(format!(
                    "the bearer token is empty (leave it out to call anonymously, or set \
                     {TOKEN_VAR})"
                ))));
            }
            Identity::Bearer(token) => Auth::bearer(token.clone()),
            Identity::Legacy { email, token } => {
                if email.expose_secret().trim().is_empty() {
                    return Err(Error::from(api_core::Error::config(format!(
                        "the legacy pair needs an e-mail: legacy_token(email, ..) or {EMAIL_VAR}"
                    ))));
                }
                if token.expose_secret().trim().is_empty() {
                    return Err(Error::from(api_core::Error::config(format!(
                        "the legacy pair needs a token: legacy_token(.., token) or {TOKEN_VAR}"
                    ))));
                }
                Auth::header_pair("X-User-Email", email.clone(), "X-User-Token", token.clone())
            }
        };
        // A shared rate limit is keyed on the server (its default scope): Password Pusher
        // throttles per client address, not per token.
        let core = self.config.auth(auth).build()?;
        Ok(Client::from_parts(
            core,
            !matches!(self.identity, Identity::Anonymous),
            self.api_version,
            self.edition,
            self.limits,
            self.strict_expiry,
        ))
    }
}

// The settings api-core owns, handed to it unchanged.
api_core::config_passthrough! {
    impl ClientBuilder via config {
        /// The default is `https://pwpush.com`; set it for a self-hosted instance.
        ///
        /// ```
        /// let client = pwpush_client::Client::builder().base_url("https://eu.pwpush.com").build()?;
        /// # let _ = client;
        /// # Ok::<(), pwpush_client::Error>(())
        /// ```
        base_url,
        allow_insecure_http,
        user_agent_suffix,
        /// ```
        /// use pwpush_client::{HeaderName, HeaderValue};
        ///
        /// let client = pwpush_client::Client::builder()
        ///     .default_header(HeaderName::from_static("x-request-source"), HeaderValue::from_static("batch"))
        ///     .build()?;
        /// # let _ = client;
        /// # Ok::<(), pwpush_client::Error>(())
        /// ```
        default_header,
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
        /// The default keeps under the server's throttle of 120 requests a minute per client
        /// address: bursts of 120, then 2 a second.
        rate_limit,
        rate_limiter,
        /// Password Pusher throttles per client address, so processes behind one address share
        /// one allowance: the limit is keyed on the base URL, at the rate of `rate_limit` (by
        /// default the one above).
        ///
        /// ```
        /// let client = pwpush_client::Client::builder()
        ///     .redis_rate_limit("redis://127.0.0.1:6379/")
        ///     .build()?;
        /// # Ok::<(), pwpush_client::Error>(())
        /// ```
        redis_rate_limit,
        /// For tests against a local mock, or a self-hosted server without the throttle.
        no_rate_limit,
    }
}
