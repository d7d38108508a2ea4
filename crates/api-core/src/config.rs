//! Client configuration: base URL, credentials, user agent, timeouts and policies, checked once
//! in `build()`.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use url::{Host, Url};

use crate::api_info::ApiInfo;
use crate::auth::Auth;
use crate::classify::RetryClassifier;
use crate::client_parts::ClientParts;
use crate::clock::Clock;
use crate::error::{Error, ErrorDetailParser};
use crate::interceptor::Interceptor;
use crate::rate_limit::RateLimiter;
use crate::retry::RetryPolicy;
use crate::retry_budget::RetryBudget;
use crate::secret::SecretString;
use crate::transport::{self, HttpHook};

mod rate_limit_setting;

use self::rate_limit_setting::{RateChoice, RateLimitSetting};

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

/// Builds a [`Client`](crate::Client). Every setter takes and returns the builder; mistakes surface as
/// [`Error::Config`] from [`build`](Self::build).
///
/// ```
/// use std::time::Duration;
/// use api_core::{ApiInfo, Auth, ClientConfigBuilder};
///
/// const INFO: ApiInfo = ApiInfo {
///     api: "example",
///     crate_name: "example-client",
///     crate_version: "1.2.3",
///     default_base_url: "https://api.example.com/v1",
///     spans: api_core::client_spans!(),
/// };
///
/// let client = ClientConfigBuilder::new(INFO)
///     .auth(Auth::bearer("t-123"))
///     .user_agent_suffix("my-app/0.1")
///     .attempt_timeout(Duration::from_secs(10))
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "https://api.example.com/v1");
/// # Ok::<(), api_core::Error>(())
/// ```
pub struct ClientConfigBuilder {
    info: ApiInfo,
    base_url: Option<String>,
    allow_insecure_http: bool,
    auth: Auth,
    user_agent_suffix: Option<String>,
    default_headers: HeaderMap,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    overall_timeout: Option<Duration>,
    retry_policy: RetryPolicy,
    retry_budget: RetryBudget,
    rate_limit: RateLimitSetting,
    http_hooks: Vec<HttpHook>,
    max_response_bytes: usize,
    retry_classifier: Option<Arc<dyn RetryClassifier>>,
    error_detail_parser: Option<Arc<dyn ErrorDetailParser>>,
    clock: Clock,
    interceptors: Vec<Arc<dyn Interceptor>>,
}

impl ClientConfigBuilder {
    /// A builder with the defaults: the API's default base URL, no auth, connect timeout 10 s,
    /// attempt timeout 30 s, no overall timeout beyond the retry policy's budget, the default
    /// retry policy, no rate limiter, a 10 MiB response limit.
    pub fn new(info: ApiInfo) -> Self {
        Self {
            info,
            base_url: None,
            allow_insecure_http: false,
            auth: Auth::None,
            user_agent_suffix: None,
            default_headers: HeaderMap::new(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            overall_timeout: None,
            retry_policy: RetryPolicy::new(),
            retry_budget: RetryBudget::new(),
            rate_limit: RateLimitSetting::default(),
            http_hooks: Vec::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry_classifier: None,
            error_detail_parser: None,
            clock: Clock::tokio(),
            interceptors: Vec::new(),
        }
    }

    /// The base URL (scheme, host, optional port and path prefix). `https` is required unless the
    /// host is loopback (`localhost`, `127.0.0.0/8`, `::1`) or
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Allows `http://` to a host that is not loopback (credentials then travel in clear text).
    pub fn allow_insecure_http(mut self, yes: bool) -> Self {
        self.allow_insecure_http = yes;
        self
    }

    /// The credentials sent on every call that is not anonymous.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Appends the application's name to the user agent: `<crate>/<version> <suffix>`.
    pub fn user_agent_suffix(mut self, app: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(app.into());
        self
    }

    /// A header sent on every call (a request's own header of the same name wins).
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.default_headers.append(name, value);
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// How long one attempt may take, from sending to the end of the body (default 30 s).
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = d;
        self
    }

    /// How long a whole call may take, retries and waits included (default: only the retry
    /// policy's total budget bounds it).
    pub fn overall_timeout(mut self, d: Duration) -> Self {
        self.overall_timeout = Some(d);
        self
    }

    /// The retry policy for every call (a request may override it).
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.retry_policy = p;
        self
    }

    /// The retry quota shared by every clone of the client (default [`RetryBudget::new`]).
    pub fn retry_budget(mut self, b: RetryBudget) -> Self {
        self.retry_budget = b;
        self
    }

    /// A rate limiter every attempt waits on, shared by every clone of the client (and by every
    /// client given the same one).
    pub fn rate_limiter(mut self, l: Arc<dyn RateLimiter>) -> Self {
        self.rate_limit.choice = RateChoice::Limiter(l);
        self
    }

    /// Paces requests with a [`TokenBucket`](crate::TokenBucket) of this client's own:
    /// `per_second` on average, `burst` at once; it slows down when the service answers 429.
    /// `build()` refuses a rate below one per hour or a burst of 0.
    pub fn rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.rate_limit.choice = RateChoice::Bucket { per_second, burst };
        self
    }

    /// Holds `allowance` of the burst back in the bucket [`rate_limit`](Self::rate_limit) builds
    /// (see [`TokenBucket::with_latency_allowance`](crate::TokenBucket::with_latency_allowance)).
    /// An API crate sets it with its default rate.
    pub fn rate_limit_latency_allowance(mut self, allowance: Duration) -> Self {
        self.rate_limit.latency_allowance = Some(allowance);
        self
    }

    /// What a rate limit shared through Redis is keyed on: whatever the service counts requests
    /// by (an API key; by default the base URL, for a service that counts per client address).
    /// It is hashed before it reaches Redis.
    pub fn rate_limit_scope(mut self, scope: impl Into<SecretString>) -> Self {
        self.rate_limit.scope = Some(scope.into());
        self
    }

    /// Shares the rate of [`rate_limit`](Self::rate_limit) with every process using the same
    /// scope, through Redis (see [`RedisRateLimit`](crate::RedisRateLimit)). `build()` refuses it
    /// without a rate, or together with [`rate_limiter`](Self::rate_limiter) or
    /// [`no_rate_limit`](Self::no_rate_limit).
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    pub fn redis_rate_limit(mut self, shared: impl Into<crate::RedisRateLimit>) -> Self {
        self.rate_limit.redis = Some(shared.into());
        self
    }

    /// Sends requests as fast as they come, removing any rate limit (an API crate's default
    /// included). 429 answers are still retried with backoff.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit.choice = RateChoice::Off;
        self
    }

    /// Shapes the HTTP transport: proxies, extra root certificates, client certificates, pool
    /// and keep-alive settings, local address, DNS overrides. `build()` starts a
    /// `reqwest::ClientBuilder` with api-core's TLS backend and
    /// [`connect_timeout`](Self::connect_timeout), applies each hook in the order given, then sets the redirect
    /// policy itself: redirects are followed only within the base URL's origin, so a credential
    /// is never sent to another host, whatever a hook set (a redirect elsewhere ends the call
    /// with [`Error::Redirect`]).
    ///
    /// The closure receives the `reqwest` 0.13 builder that api-core re-exports as
    /// [`api_core::reqwest`](crate::reqwest).
    ///
    /// ```
    /// use api_core::{ApiInfo, ClientConfigBuilder, reqwest};
    ///
    /// const INFO: ApiInfo = ApiInfo {
    ///     api: "example",
    ///     crate_name: "example-client",
    ///     crate_version: "1.2.3",
    ///     default_base_url: "https://api.example.com/v1",
    ///     spans: api_core::client_spans!(),
    /// };
    ///
    /// let proxy = reqwest::Proxy::https("http://proxy.internal:3128")?;
    /// let client = ClientConfigBuilder::new(INFO)
    ///     .configure_http(move |http| http.proxy(proxy).pool_max_idle_per_host(4))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn configure_http<F>(mut self, hook: F) -> Self
    where
        F: FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    {
        self.http_hooks.push(Box::new(hook));
        self
    }

    /// The largest response body read (default 10 MiB); a larger successful body gives
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// The API crate's own retry signals, consulted before the default classification.
    pub fn retry_classifier(mut self, c: Arc<dyn RetryClassifier>) -> Self {
        self.retry_classifier = Some(c);
        self
    }

    /// Turns error bodies into the API's typed error ([`Error::detail`]).
    pub fn error_detail_parser(mut self, p: Arc<dyn ErrorDetailParser>) -> Self {
        self.error_detail_parser = Some(p);
        self
    }

    /// The source of every wait, timeout, timestamp and backoff jitter of the client, its rate
    /// limiter included (default [`Clock::tokio`]).
    pub fn clock(mut self, r: Clock) -> Self {
        self.clock = r;
        self
    }

    /// Adds an [`Interceptor`] that sees every attempt of every call (retries included) and may
    /// add headers to it; several run in the order added. It never sees the auth headers and
    /// cannot replace them. With none, a call does no interceptor work at all.
    pub fn interceptor(mut self, interceptor: Arc<dyn Interceptor>) -> Self {
        self.interceptors.push(interceptor);
        self
    }

    /// Checks the configuration; [`build`](Self::build) makes the client of it.
    pub(crate) fn into_parts(self) -> Result<ClientParts, Error> {
        let raw_url = self
            .base_url
            .as_deref()
            .unwrap_or(self.info.default_base_url);
        let base_url = validate_base_url(raw_url, self.allow_insecure_http)?;
        let auth_headers = self.auth.header_values()?;
        let user_agent = user_agent(&self.info, self.user_agent_suffix.as_deref())?;
        if self.attempt_timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::config("timeouts must be longer than zero"));
        }
        if self.overall_timeout.is_some_and(|d| d.is_zero()) {
            return Err(Error::config(
                "the overall timeout must be longer than zero",
            ));
        }
        let rate_limiter = self.rate_limit.resolve(self.info.api, raw_url)?;
        let http = transport::build_http_client(&base_url, self.connect_timeout, self.http_hooks)?;
        if let Some(limiter) = &rate_limiter {
            limiter.adopt_clock(&self.clock);
        }
        Ok(ClientParts {
            info: self.info,
            base_url,
            auth: self.auth,
            auth_headers,
            user_agent,
            default_headers: self.default_headers,
            http,
            connect_timeout: self.connect_timeout,
            attempt_timeout: self.attempt_timeout,
            overall_timeout: self.overall_timeout,
            retry_policy: self.retry_policy,
            retry_budget: self.retry_budget,
            rate_limiter,
            max_response_bytes: self.max_response_bytes,
            retry_classifier: self.retry_classifier,
            error_detail_parser: self.error_detail_parser,
            clock: self.clock,
            interceptors: self.interceptors,
        })
    }
}

// Default headers may hold credentials a user added by hand: show their names only.
impl fmt::Debug for ClientConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self
            .default_headers
            .keys()
            .map(HeaderName::as_str)
            .collect();
        f.debug_struct("ClientConfigBuilder")
            .field("api", &self.info.api)
            .field("base_url", &self.base_url.as_deref().map(redacted_url))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("auth", &self.auth)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("default_headers", &header_names)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("overall_timeout", &self.overall_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("rate_limit", &self.rate_limit)
            .field("http_hooks", &self.http_hooks.len())
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry_classifier", &self.retry_classifier)
            .field("error_detail_parser", &self.error_detail_parser)
            .field("interceptors", &self.interceptors.len())
            .finish_non_exhaustive()
    }
}

/// The base URL as Debug may show it: before `build()` has refused them, credentials and a query
/// may still sit in it.
fn redacted_url(raw: &str) -> String {
    let Ok(mut url) = Url::parse(raw) else {
        return "<not a valid URL>".to_owned();
    };
    if !url.username().is_empty() || url.password().is_some() {
        // Fails only for URLs that cannot have credentials, which then have none to hide.
        let _ = url.set_username("[REDACTED]");
        let _ = url.set_password(None);
    }
    if url.query().is_some() {
        url.set_query(Some("[REDACTED]"));
    }
    url.to_string()
}

/// Parses and checks the base URL. Messages describe the problem without echoing the URL,
/// which may carry credentials.
fn validate_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let url = Url::parse(raw)
        .map_err(|e| Error::config(format!("the base URL is not a valid URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config("the base URL must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "the base URL must not have a query or a fragment",
        ));
    }
    let host = url
        .host()
        .ok_or_else(|| Error::config("the base URL has no host"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_insecure_http || is_loopback(&host) => Ok(url),
        "http" => Err(Error::config(
            "the base URL must use https; http is allowed only for a loopback host \
             or with allow_insecure_http(true)",
        )),
        other => Err(Error::config(format!(
            "the base URL scheme must be https or http, not `{other}`"
        ))),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            let name = name.trim_end_matches('.');
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

fn user_agent(info: &ApiInfo, suffix: Option<&str>) -> Result<HeaderValue, Error> {
    let mut agent = format!("{}/{}", info.crate_name, info.crate_version);
    if let Some(suffix) = suffix.map(str::trim).filter(|s| !s.is_empty()) {
        agent.push(' ');
        agent.push_str(suffix);
    }
    HeaderValue::from_str(&agent).map_err(|_| {
        Error::config("the user agent suffix holds characters not allowed in a header")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::Spans;

    #[test]
    fn loopback_hosts_are_recognised() {
        for url in [
            "http://localhost:8080",
            "http://LOCALHOST.",
            "http://api.localhost",
            "http://127.0.0.1",
            "http://127.10.0.3:99/x",
            "http://[::1]:3000",
        ] {
            assert!(validate_base_url(url, false).is_ok(), "{url}");
        }
        for url in [
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::2]",
        ] {
            assert!(validate_base_url(url, false).is_err(), "{url}");
        }
    }

    #[test]
    fn builder_debug_hides_credentials_and_query_of_the_base_url() {
        let builder = ClientConfigBuilder::new(INFO_FOR_TESTS)
            .base_url("https://admin:pa55@example.com/v1?token=t0k");
        let debug = format!("{builder:?}");
        assert!(!debug.contains("pa55") && !debug.contains("t0k"), "{debug}");
        assert!(debug.contains("example.com/v1"), "{debug}");
    }

    const INFO_FOR_TESTS: ApiInfo = ApiInfo {
        api: "test",
        crate_name: "test-client",
        crate_version: "0.0.1",
        default_base_url: "https://example.com",
        spans: Spans::CORE,
    };

    #[test]
    fn credentials_query_and_odd_schemes_are_refused_without_echo() {
        for url in [
            "https://user:pa55@example.com",
            "https://example.com/?token=pa55",
            "ftp://example.com",
            "not a url",
        ] {
            let err = validate_base_url(url, true).unwrap_err();
            assert!(!err.to_string().contains("pa55"), "{err}");
        }
    }
}
