//! The Push Security client and its builder: api-core's configuration with Push's defaults (base
//! URL, `x-api-key`, the documented rate limit, the error-body parser).

use std::sync::Arc;

use api_core::{
    ApiInfo, Auth, ClientConfigBuilder, Error, RateLimiter, RetryPolicy, SecretString, TokenBucket,
};

use crate::error::PushSecurityErrorParser;
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
/// service receiving it (see [`TokenBucket::with_latency_allowance`]): 2.5 requests at 10 a second.
const LATENCY_ALLOWANCE: std::time::Duration = std::time::Duration::from_millis(250);

const INFO: ApiInfo = ApiInfo {
    api: "push-security",
    crate_name: env!("CARGO_PKG_NAME"),
    crate_version: env!("CARGO_PKG_VERSION"),
    default_base_url: DEFAULT_BASE_URL,
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
/// let client = push_security_client::Client::builder()
///     .api_key(std::env::var("PUSH_SECURITY_API_KEY")?)
///     .build()?;
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
                .retry_policy(RetryPolicy::new().max_attempts(DEFAULT_MAX_ATTEMPTS)),
            api_key: None,
            rate_limit: RateLimit::Bucket {
                per_second: DEFAULT_RATE_PER_SECOND,
                burst: DEFAULT_BURST,
            },
            #[cfg(feature = "redis-rate-limit")]
            shared_rate_limit: None,
        }
    }
}

#[derive(Debug)]
enum RateLimit {
    Bucket { per_second: f64, burst: u32 },
    Shared(Arc<dyn RateLimiter>),
    Off,
}

/// Configures a [`Client`]. Every setter takes and returns the builder; mistakes surface as
/// [`Error::Config`] from [`build`](Self::build).
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    config: ClientConfigBuilder,
    api_key: Option<SecretString>,
    rate_limit: RateLimit,
    #[cfg(feature = "redis-rate-limit")]
    shared_rate_limit: Option<api_core::RedisRateLimit>,
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

    /// Paces requests with a token bucket: `per_second` on average, `burst` at once. The default is
    /// the service's documented limit, 10 per second with a burst of 20 (10 plus 10 more), less
    /// 250 ms of the burst held back for latency (requests in flight arrive unevenly). Every clone
    /// of the client shares it, and it slows down when the service answers 429.
    ///
    /// ```
    /// // Leave half of the key's allowance to another job.
    /// let client = push_security_client::Client::builder().api_key("k").rate_limit(5.0, 5).build()?;
    /// # Ok::<(), push_security_client::Error>(())
    /// ```
    pub fn rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.rate_limit = RateLimit::Bucket { per_second, burst };
        self
    }

    /// Paces requests with a limiter you share between several clients of the same key.
    ///
    /// ```
    /// use std::sync::Arc;
    /// let shared = Arc::new(push_security_client::TokenBucket::new(10.0, 10));
    /// let a = push_security_client::Client::builder().api_key("k").rate_limiter(shared.clone()).build()?;
    /// let b = push_security_client::Client::builder().api_key("k").rate_limiter(shared).build()?;
    /// # Ok::<(), push_security_client::Error>(())
    /// ```
    pub fn rate_limiter(mut self, limiter: Arc<dyn RateLimiter>) -> Self {
        self.rate_limit = RateLimit::Shared(limiter);
        self
    }

    /// Shares the key's rate limit with every process using the same key, through Redis (feature
    /// `redis-rate-limit`). The rate and burst are those of [`rate_limit`](Self::rate_limit),
    /// by default the documented limit. When Redis is unreachable each process falls back to its
    /// own limiter, unless [`RedisRateLimit::fail_closed`](api_core::RedisRateLimit::fail_closed)
    /// says otherwise. Cannot be combined with [`rate_limiter`](Self::rate_limiter) or
    /// [`no_rate_limit`](Self::no_rate_limit).
    ///
    /// ```
    /// let client = push_security_client::Client::builder()
    ///     .api_key("k")
    ///     .redis_rate_limit("redis://127.0.0.1:6379/")
    ///     .build()?;
    /// # Ok::<(), push_security_client::Error>(())
    /// ```
    #[cfg(feature = "redis-rate-limit")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
    pub fn redis_rate_limit(mut self, shared: impl Into<api_core::RedisRateLimit>) -> Self {
        self.shared_rate_limit = Some(shared.into());
        self
    }

    /// Sends requests as fast as they come. 429 answers are still retried with backoff.
    ///
    /// ```
    /// let client = push_security_client::Client::builder().api_key("k").no_rate_limit().build()?;
    /// # Ok::<(), push_security_client::Error>(())
    /// ```
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = RateLimit::Off;
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] when no API key (or an empty one) was given, the base URL is
    /// invalid or not HTTPS (loopback excepted), or the rate limit is not a positive rate with a
    /// burst of at least 1.
    ///
    /// ```
    /// assert!(push_security_client::Client::builder().build().is_err());
    /// assert!(push_security_client::Client::builder().api_key("k").rate_limit(0.0, 10).build().is_err());
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let key = self
            .api_key
            .filter(|key| !key.is_empty())
            .ok_or_else(|| Error::Config {
                message: "an API key is required: call api_key(..) with a key from the Push admin console".to_owned(),
            })?;
        #[cfg(feature = "redis-rate-limit")]
        let rate_limit = match (self.shared_rate_limit, self.rate_limit) {
            (None, own) => own,
            (Some(shared), RateLimit::Bucket { per_second, burst }) => RateLimit::Shared(Arc::new(
                shared.limiter(INFO.api, key.expose_secret(), per_second, burst)?,
            )),
            (Some(_), _) => {
                return Err(Error::Config {
                    message: "redis_rate_limit(..) cannot be combined with rate_limiter(..) or no_rate_limit()".to_owned(),
                });
            }
        };
        #[cfg(not(feature = "redis-rate-limit"))]
        let rate_limit = self.rate_limit;
        let config = match rate_limit {
            RateLimit::Bucket { per_second, burst } => self.config.rate_limiter(Arc::new(
                TokenBucket::try_new(per_second, burst)?.with_latency_allowance(LATENCY_ALLOWANCE),
            )),
            RateLimit::Shared(limiter) => self.config.rate_limiter(limiter),
            RateLimit::Off => self.config.no_rate_limiter(),
        };
        let core = config.auth(Auth::api_key(API_KEY_HEADER, key)).build()?;
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
        /// ```
        /// let client = push_security_client::Client::builder().api_key("k").user_agent_suffix("siem-sync/2.1").build()?;
        /// # Ok::<(), push_security_client::Error>(())
        /// ```
        user_agent_suffix,
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
    }
}
