//! [`config_passthrough!`](crate::config_passthrough): the setters every API crate's client
//! builder hands straight to its [`ClientConfigBuilder`](crate::ClientConfigBuilder), written once.

/// Generates documented, inherent setters on an API crate's client builder that hand their value
/// to the builder's [`ClientConfigBuilder`](crate::ClientConfigBuilder) field unchanged.
///
/// The builder names the field (`via config`) and lists the setters it offers, each optionally
/// preceded by doc lines of its own (a crate's default, an example), which are appended to the
/// generated doc comment. Every setter takes and returns the builder by value, like the
/// `ClientConfigBuilder` method of the same name; mistakes surface from `build()`.
///
/// The setters: `base_url`, `allow_insecure_http`, `user_agent_suffix`, `default_header`,
/// `connect_timeout`, `attempt_timeout`, `overall_timeout`, `retry_policy`, `configure_http`,
/// `interceptor`, `max_response_bytes`, `clock`, and the rate limit: `rate_limit`,
/// `rate_limiter`, `redis_rate_limit` (only where the calling crate has a `redis-rate-limit`
/// feature turned on) and `no_rate_limit`. An API crate sets its default rate on the
/// `ClientConfigBuilder` it starts from and says it in the extra doc lines. Credentials stay
/// hand-written in each crate.
///
/// ```
/// use std::time::Duration;
/// use api_core::{ApiInfo, ClientConfigBuilder};
///
/// const INFO: ApiInfo = ApiInfo {
///     api: "example",
///     crate_name: "example-client",
///     crate_version: "0.1.0",
///     default_base_url: "https://api.example.com",
///     spans: api_core::client_spans!(),
/// };
///
/// /// Configures an example client.
/// pub struct ClientBuilder {
///     config: ClientConfigBuilder,
/// }
///
/// api_core::config_passthrough! {
///     impl ClientBuilder via config {
///         base_url,
///         /// This API answers slowly: consider a minute.
///         attempt_timeout,
///     }
/// }
///
/// let builder = ClientBuilder { config: ClientConfigBuilder::new(INFO) }
///     .base_url("http://127.0.0.1:8080")
///     .attempt_timeout(Duration::from_secs(60));
/// let client = builder.config.build()?;
/// assert_eq!(client.base_url().as_str(), "http://127.0.0.1:8080/");
/// # Ok::<(), api_core::Error>(())
/// ```
#[macro_export]
macro_rules! config_passthrough {
    // One setter: its doc line(s), the builder's own doc lines, and the call on the field.
    (@forward $field:ident $name:ident ($($arg:ident: $ty:ty),*) $doc:literal [$($extra:tt)*]) => {
        #[doc = $doc]
        #[doc = ""]
        $($extra)*
        pub fn $name(mut self, $($arg: $ty),*) -> Self {
            self.$field = self.$field.$name($($arg),*);
            self
        }
    };
    (@setter $field:ident base_url $extra:tt) => {
        $crate::config_passthrough!(@forward $field base_url(
            url: impl ::core::convert::Into<::std::string::String>
        ) "The base URL to call instead of the API's default one, such as a mock server. `https` \
           is required unless the host is loopback (`localhost`, `127.0.0.0/8`, `::1`); a URL \
           that does not qualify fails `build()`." $extra);
    };
    (@setter $field:ident allow_insecure_http $extra:tt) => {
        $crate::config_passthrough!(@forward $field allow_insecure_http(allow: bool)
            "Allows plain `http://` to a host that is not loopback, such as a test instance on a \
             private network. Credentials then travel in clear text." $extra);
    };
    (@setter $field:ident user_agent_suffix $extra:tt) => {
        $crate::config_passthrough!(@forward $field user_agent_suffix(
            suffix: impl ::core::convert::Into<::std::string::String>
        ) "Appends your application's name and version to the user agent: \
           `<crate>/<version> <suffix>`." $extra);
    };
    (@setter $field:ident default_header $extra:tt) => {
        $crate::config_passthrough!(@forward $field default_header(
            name: $crate::HeaderName, value: $crate::HeaderValue
        ) "A header sent on every call (a request's own header of the same name wins). Debug \
           output shows its name only." $extra);
    };
    (@setter $field:ident connect_timeout $extra:tt) => {
        $crate::config_passthrough!(@forward $field connect_timeout(timeout: ::core::time::Duration)
            "The time allowed to open a connection (default 10 s)." $extra);
    };
    (@setter $field:ident attempt_timeout $extra:tt) => {
        $crate::config_passthrough!(@forward $field attempt_timeout(timeout: ::core::time::Duration)
            "The time allowed for one attempt of a request, from sending it to the end of the \
             answer's body (default 30 s)." $extra);
    };
    (@setter $field:ident overall_timeout $extra:tt) => {
        $crate::config_passthrough!(@forward $field overall_timeout(timeout: ::core::time::Duration)
            "The time allowed for a whole call: every attempt, retry delay and rate-limit wait \
             (default: only the retry policy's total budget bounds it)." $extra);
    };
    (@setter $field:ident retry_policy $extra:tt) => {
        $crate::config_passthrough!(@forward $field retry_policy(policy: $crate::RetryPolicy)
            "How failed requests are retried: attempts, backoff and time budget. Idempotent \
             requests are retried on 429, 408, 500, 502, 503, 504 and timeouts; the others only \
             when the server provably did not act on them." $extra);
    };
    (@setter $field:ident configure_http $extra:tt) => {
        $crate::config_passthrough!(@forward $field configure_http(
            hook: impl ::core::ops::FnOnce($crate::reqwest::ClientBuilder)
                -> $crate::reqwest::ClientBuilder
                + ::core::marker::Send + ::core::marker::Sync + 'static
        ) "Shapes the HTTP transport (proxies, extra root certificates, client certificates, \
           pool settings) through the `reqwest::ClientBuilder` the client starts from; hooks run \
           in the order given. The redirect policy is set after them and cannot be changed: \
           redirects are followed only within the base URL's origin, so credentials never reach \
           another host (a redirect elsewhere ends the call with `Error::Redirect`)." $extra);
    };
    (@setter $field:ident interceptor $extra:tt) => {
        $crate::config_passthrough!(@forward $field interceptor(
            interceptor: ::std::sync::Arc<dyn $crate::Interceptor>
        ) "Adds an `Interceptor` that sees every attempt (retries included): it may add headers \
           before sending (a correlation id, tracing propagation) and observe the status, \
           latency and headers after. Several run in the order added. It never sees the auth \
           headers and cannot replace them." $extra);
    };
    (@setter $field:ident max_response_bytes $extra:tt) => {
        $crate::config_passthrough!(@forward $field max_response_bytes(limit: usize)
            "The largest response body read (default 10 MiB); a larger one ends the call with an \
             error instead of filling memory." $extra);
    };
    (@setter $field:ident clock $extra:tt) => {
        $crate::config_passthrough!(@forward $field clock(clock: $crate::Clock)
            "The clock, sleep and randomness behind retries and waits; tests inject their own to \
             run instantly and deterministically." $extra);
    };
    (@setter $field:ident rate_limit $extra:tt) => {
        $crate::config_passthrough!(@forward $field rate_limit(per_second: f64, burst: u32)
            "Paces requests with a token bucket of this client's own: `per_second` on average, \
             `burst` at once. Every clone of the client shares it, and it slows down when the \
             service answers 429. `build()` refuses a rate below one per hour or a burst of 0." $extra);
    };
    (@setter $field:ident rate_limiter $extra:tt) => {
        $crate::config_passthrough!(@forward $field rate_limiter(
            limiter: ::std::sync::Arc<dyn $crate::RateLimiter>
        ) "Paces requests with a limiter you build, for example one `TokenBucket` shared by \
           several clients of the same credential." $extra);
    };
    (@setter $field:ident redis_rate_limit [$($extra:tt)*]) => {
        $crate::config_passthrough!(@forward $field redis_rate_limit(
            shared: impl ::core::convert::Into<$crate::RedisRateLimit>
        ) "Shares the rate of `rate_limit` with every process that calls the service with the \
           same credential, through Redis (feature `redis-rate-limit`). When Redis is unreachable \
           each process falls back to its own limiter at that rate, unless \
           `RedisRateLimit::fail_closed` says otherwise. `build()` refuses it without a rate, or \
           combined with `rate_limiter` or `no_rate_limit`." [
            $($extra)*
            #[cfg(feature = "redis-rate-limit")]
            #[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
        ]);
    };
    (@setter $field:ident no_rate_limit $extra:tt) => {
        $crate::config_passthrough!(@forward $field no_rate_limit()
            "Sends requests as fast as they come, without the client-side rate limit. 429 \
             answers are still retried with backoff." $extra);
    };
    (@setter $field:ident $other:ident $extra:tt) => {
        ::core::compile_error!(::core::concat!(
            "config_passthrough!: there is no pass-through setter named `",
            ::core::stringify!($other),
            "`"
        ));
    };
    (
        impl $builder:ident via $field:ident {
            $( $(#[$extra:meta])* $setter:ident ),* $(,)?
        }
    ) => {
        impl $builder {
            $( $crate::config_passthrough!(@setter $field $setter [$(#[$extra])*]); )*
        }
    };
}
