//! The Push Security client and its builder: api-core's configuration with Push's defaults (base
//! URL, `x-api-key`, the documented rate limit, the error-body parser).

use std::sync::Arc;

use api_core::{ApiInfo, Auth, ClientConfigBuilder, RetryPolicy, SecretString};

use crate::error::{Error, PushSecurityErrorParser};
use crate::generated::operations::{
    Accounts, AppBanners, Apps, BlockedUrls, BrowserExtensions, Browsers, Detections, Employees,
    Findings, OtherAccounts, OtherApps,
};

/// Where the Push Security API lives when no base URL is set.
pub const DEFAULT_BASE_URL: &str = "https://api.pushsecurity.com";

/// Requests per second the service allows each user (its documented rate limit).
pub const DEFAULT_RATE_PER_SECOND: f64 = 10.0;

/// How many requests the client may send at once after a quiet period: the documented capacity,
/// 10 a second "plus a temporary burst of 10 more". Should the real service allow less, its 429s
/// slow the client's limiter down (see docs/retries.md, "Adaptive rate limit").
pub const DEFAULT_BURST: u32 = 20;

/// Held back from the burst for the time between the client's bucket granting a request and the
/// service receiving it (see [`TokenBucket::with_latency_allowance`](crate::TokenBucket::with_latency_allowance)):
/// 2.5 requests at 10 a second.
const LATENCY_ALLOWANCE: std::time::Duration = std::time::Duration::from_millis(250);

const INFO: ApiInfo = ApiInfo {
    api: "push-security",
    crate_name: env!("CARGO_PKG_NAME"),
    crate_version: env!("CARGO_PKG_VERSION"),
    default_base_url: DEFAULT_BASE_URL,
    spans: api_core::client_spans!(),
};

const API_KEY_HEADER: &str = "x-api-key";

/// Attempts per call by default: more than api-core's 3, because a 429 from Push comes without
/// `Retry-After` (as far as anyone knows) and only backing off gets through it.
const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// A Push Security client. Cheap to clone; clones share connections, the rate limiter and the
/// retry budget.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use futures::TryStreamExt;
/// use push_security_client::models::FindingState;
///
/// // PUSH_SECURITY_API_KEY (and PUSH_SECURITY_BASE_URL, when set) from the environment.
/// let client = push_security_client::Client::from_env()?;
/// let mut open = std::pin::pin!(client.findings().list().state(FindingState::Open).items());
/// while let Some(finding) = open.try_next().await? {
///     println!("{} {:?}", finding.id, finding.r#type);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    core: api_core::Client,
}

macro_rules! groups {
    ($( $(#[$doc:meta])* $method:ident -> $group:ident ),+ $(,)?) => {
        impl Client {
            $(
                $(#[$doc])*
                pub fn $method(&self) -> $group {
                    $group::new(self.core.clone())
                }
            )+
        }
    };
}

groups! {
    /// Accounts on apps Push knows: list (with filters), get, forget, and who uses one.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// let account = client.accounts().get("d6a32ba5-0532-4a66-8137-48cdf409c972").await?;
    /// println!("{:?} on {:?}", account.email, account.app_type);
    /// # Ok(()) }
    /// ```
    accounts -> Accounts,
    /// Accounts on apps Push only saw through logins ("other" apps).
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// use futures::TryStreamExt;
    /// let accounts: Vec<_> = client.other_accounts().list().email("john").items().try_collect().await?;
    /// # Ok(()) }
    /// ```
    other_accounts -> OtherAccounts,
    /// Apps found in use: list, get, and update verdict, sensitivity, notes or owner.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// // `None` clears the owner; fields not set are left as they are.
    /// let app = client.apps().update("app-id").owner_id(None).notes("audited").await?;
    /// # Ok(()) }
    /// ```
    apps -> Apps,
    /// Apps only seen through logins (domains, OAuth apps).
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// let app = client.other_apps().get("other-app-id").await?;
    /// # Ok(()) }
    /// ```
    other_apps -> OtherApps,
    /// Browsers running the Push extension.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// use futures::TryStreamExt;
    /// use push_security_client::models::BrowserType;
    /// let chrome: Vec<_> = client.browsers().list().browser(BrowserType::Chrome).items().try_collect().await?;
    /// # Ok(()) }
    /// ```
    browsers -> Browsers,
    /// Extensions installed next to the Push extension.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// use futures::TryStreamExt;
    /// let enabled: Vec<_> = client.browser_extensions().list().enabled(true).items().try_collect().await?;
    /// # Ok(()) }
    /// ```
    browser_extensions -> BrowserExtensions,
    /// Employees: list, get, license or unlicense.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// // Unlicensing an employee without accounts answers `null`: `Ok(None)`.
    /// let employee = client.employees().update("employee-id").licensed(false).await?;
    /// # Ok(()) }
    /// ```
    employees -> Employees,
    /// Security findings: list (with filters) and get.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// use futures::TryStreamExt;
    /// use push_security_client::models::FindingState;
    /// let open: Vec<_> = client.findings().list().state(FindingState::Open).items().try_collect().await?;
    /// # Ok(()) }
    /// ```
    findings -> Findings,
    /// Detections of attacks in the browser: list (token paged) and get with events. Setting a
    /// detection's classification is not offered: its request is not published (see the crate
    /// README's "Known gaps").
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// let detection = client.detections().get("detection-id").await?;
    /// println!("{} events", detection.events.len());
    /// # Ok(()) }
    /// ```
    detections -> Detections,
    /// The app banner control: list, get, and set the banner of an app.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// let banner = client.app_banners().set("app-id", true).title("Ask IT first").await?;
    /// # Ok(()) }
    /// ```
    app_banners -> AppBanners,
    /// The blocked URL control: list, add a pattern, remove them all.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) -> Result<(), push_security_client::Error> {
    /// let pattern = client.blocked_urls().create("*.example.com").await?;
    /// assert_eq!(pattern, "*://*.example.com/*");
    /// # Ok(()) }
    /// ```
    blocked_urls -> BlockedUrls,
}

impl Client {
    /// Starts configuring a client. [`ClientBuilder::api_key`] is required.
    ///
    /// ```
    /// let client = push_security_client::Client::builder().api_key("my-api-key").build()?;
    /// # Ok::<(), push_security_client::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            config: ClientConfigBuilder::new(INFO)
                .error_detail_parser(Arc::new(PushSecurityErrorParser))
                .retry_policy(RetryPolicy::new().max_attempts(DEFAULT_MAX_ATTEMPTS))
                .rate_limit(DEFAULT_RATE_PER_SECOND, DEFAULT_BURST)
                .rate_limit_latency_allowance(LATENCY_ALLOWANCE),
            api_key: None,
        }
    }

    /// A client configured from the environment: `Client::builder().with_env().build()`.
    /// Reads [`API_KEY_VAR`] (required) and [`BASE_URL_VAR`].
    ///
    /// ```no_run
    /// let client = push_security_client::Client::from_env()?;
    /// # Ok::<(), push_security_client::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        Self::builder().with_env().build()
    }
}

/// The environment variable [`ClientBuilder::with_env`] reads the API key from.
pub const API_KEY_VAR: &str = "PUSH_SECURITY_API_KEY";

/// The environment variable [`ClientBuilder::with_env`] reads the base URL from.
pub const BASE_URL_VAR: &str = "PUSH_SECURITY_BASE_URL";

/// Configures a [`Client`]. Every setter takes and returns the builder; mistakes surface as a
/// configuration error from [`build`](Self::build).
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    config: ClientConfigBuilder,
    api_key: Option<SecretString>,
}

impl ClientBuilder {
    /// The API key from the Push admin console (Settings), sent as `x-api-key`. Required.
    /// A read-only key may only call GET operations.
    ///
    /// ```
    /// let builder = push_security_client::Client::builder().api_key("my-api-key");
    /// assert!(!format!("{builder:?}").contains("my-api-key"));
    /// ```
    pub fn api_key(mut self, key: impl Into<SecretString>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Reads the process environment: [`API_KEY_VAR`] (`PUSH_SECURITY_API_KEY`) sets the API
    /// key and [`BASE_URL_VAR`] (`PUSH_SECURITY_BASE_URL`) the base URL. Only the variables that
    /// are set (and not empty) override what the builder holds.
    pub fn with_env(self) -> Self {
        self.with_env_from(|name| std::env::var(name).ok())
    }

    /// [`with_env`](Self::with_env) with the variables looked up by `lookup` instead of in the
    /// process environment (for tests, or a secrets store).
    ///
    /// ```
    /// let client = push_security_client::Client::builder()
    ///     .with_env_from(|name| (name == "PUSH_SECURITY_API_KEY").then(|| "k".to_owned()))
    ///     .build()?;
    /// # Ok::<(), push_security_client::Error>(())
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
    /// URL is invalid or not HTTPS (loopback excepted), or the rate limit is not a positive rate
    /// with a burst of at least 1.
    ///
    /// ```
    /// assert!(push_security_client::Client::builder().build().is_err());
    /// assert!(push_security_client::Client::builder().api_key("k").rate_limit(0.0, 10).build().is_err());
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let key = self.api_key.filter(|key| !key.is_empty()).ok_or_else(|| {
            Error::from(api_core::Error::config(format!(
                "an API key is required: call api_key(..) with a key from the Push admin \
                     console, or set {API_KEY_VAR}"
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
        /// The default is `https://api.pushsecurity.com`.
        ///
        /// ```
        /// let client = push_security_client::Client::builder()
        ///     .api_key("k")
        ///     .base_url("http://127.0.0.1:8080")
        ///     .build()?;
        /// assert!(push_security_client::Client::builder().api_key("k").base_url("http://example.com").build().is_err());
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        base_url,
        allow_insecure_http,
        /// ```
        /// let client = push_security_client::Client::builder().api_key("k").user_agent_suffix("siem-sync/2.1").build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        user_agent_suffix,
        /// ```
        /// use push_security_client::{HeaderName, HeaderValue};
        ///
        /// let client = push_security_client::Client::builder()
        ///     .api_key("k")
        ///     .default_header(HeaderName::from_static("x-job"), HeaderValue::from_static("nightly"))
        ///     .build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        default_header,
        /// ```
        /// # use std::time::Duration;
        /// let client = push_security_client::Client::builder().api_key("k").connect_timeout(Duration::from_secs(3)).build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        connect_timeout,
        /// ```
        /// # use std::time::Duration;
        /// let client = push_security_client::Client::builder().api_key("k").attempt_timeout(Duration::from_secs(10)).build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        attempt_timeout,
        /// ```
        /// # use std::time::Duration;
        /// let client = push_security_client::Client::builder().api_key("k").overall_timeout(Duration::from_secs(60)).build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        overall_timeout,
        /// The default here is 5 attempts with full-jitter backoff from 500 ms up to 20 s: Push
        /// answers 429 without `Retry-After` (as far as anyone knows), and only backing off gets
        /// through it.
        ///
        /// ```
        /// let client = push_security_client::Client::builder()
        ///     .api_key("k")
        ///     .retry_policy(push_security_client::RetryPolicy::no_retries())
        ///     .build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        retry_policy,
        /// ```
        /// use push_security_client::reqwest;
        ///
        /// let proxy = reqwest::Proxy::https("http://proxy.internal:3128")?;
        /// let client = push_security_client::Client::builder()
        ///     .api_key("k")
        ///     .configure_http(move |http| http.proxy(proxy))
        ///     .build()?;
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        configure_http,
        /// ```
        /// use std::sync::{Arc, Mutex};
        /// use push_security_client::{AttemptContext, AttemptResponse, Interceptor};
        /// use push_security_client::reqwest::header::{HeaderMap, HeaderValue};
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
        /// let client = push_security_client::Client::builder()
        ///     .api_key("k")
        ///     .interceptor(observe.clone())
        ///     .build()?;
        /// # let _ = client;
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        interceptor,
        /// ```
        /// let client = push_security_client::Client::builder().api_key("k").max_response_bytes(1 << 20).build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        max_response_bytes,
        /// ```
        /// let client = push_security_client::Client::builder()
        ///     .api_key("k")
        ///     .clock(push_security_client::Clock::tokio().with_rng_seed(7))
        ///     .build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        clock,
        /// The default here is the service's documented limit: 10 per second with a burst of 20
        /// (10 plus "a temporary burst of 10 more"), less 250 ms of the burst held back for
        /// latency (requests in flight arrive unevenly). It applies to a rate set here too.
        ///
        /// ```
        /// // Leave half of the key's allowance to another job.
        /// let client = push_security_client::Client::builder().api_key("k").rate_limit(5.0, 5).build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        rate_limit,
        /// ```
        /// use std::sync::Arc;
        /// let shared = Arc::new(push_security_client::TokenBucket::new(10.0, 10));
        /// let a = push_security_client::Client::builder().api_key("k").rate_limiter(shared.clone()).build()?;
        /// let b = push_security_client::Client::builder().api_key("k").rate_limiter(shared).build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        rate_limiter,
        /// The limit is shared by the processes using the same API key, at the rate of
        /// `rate_limit` (by default the documented one).
        ///
        /// ```
        /// let client = push_security_client::Client::builder()
        ///     .api_key("k")
        ///     .redis_rate_limit("redis://127.0.0.1:6379/")
        ///     .build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        redis_rate_limit,
        /// ```
        /// let client = push_security_client::Client::builder().api_key("k").no_rate_limit().build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        no_rate_limit,
    }
}
