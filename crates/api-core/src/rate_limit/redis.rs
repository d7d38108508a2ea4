//! One rate budget shared by every process that uses the same credential, kept in Redis
//! (feature `redis`).

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use http::StatusCode;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sha2::{Digest, Sha256};

use super::gcra_script;
use super::{RateLimiter, TokenBucket};
use crate::clock::Clock;
use crate::error::Error;
use crate::secret::SecretString;

/// How long one round trip to Redis may take before the limiter treats Redis as unreachable.
const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(250);
/// How long an unreachable Redis is left alone before it is tried again.
const DEFAULT_RECHECK_AFTER: Duration = Duration::from_secs(1);
/// How much of the burst window is held back for the time between Redis granting a slot and the
/// request reaching the service. The service's bucket starts counting at the first *arrival*,
/// Redis at the first *grant*; if the first request of a burst takes longer to arrive than a
/// later one (a new connection, a busy machine), a bucket exactly the service's size would be
/// that much ahead of it.
const DEFAULT_LATENCY_ALLOWANCE: Duration = Duration::from_millis(250);

/// Settings of a rate limit shared through Redis: where Redis is, and what to do when it is not
/// there. Turn it into a limiter with [`limiter`](Self::limiter); the client crates do that in
/// their builders (`redis_rate_limit(..)`, feature `redis-rate-limit`).
///
/// By default an unreachable Redis makes the limiter fall back to an in-process
/// [`TokenBucket`] with the same rate (one `tracing` warning per outage);
/// [`fail_closed`](Self::fail_closed) makes it hold requests back instead until Redis answers.
///
/// ```
/// use api_core::RedisRateLimit;
///
/// let shared = RedisRateLimit::new("redis://127.0.0.1:6379/");
/// let limiter = shared.limiter("example", "the-api-key", 10.0, 20)?;
/// # let _ = limiter;
/// # Ok::<(), api_core::Error>(())
/// ```
#[derive(Clone)]
pub struct RedisRateLimit {
    /// A Redis URL may carry a password.
    url: SecretString,
    fail_closed: bool,
    redis_timeout: Duration,
    recheck_after: Duration,
    latency_allowance: Duration,
    clock: Option<Clock>,
}

impl RedisRateLimit {
    /// A shared limit kept in the Redis at `url` (`redis://[user:password@]host[:port][/db]`).
    pub fn new(url: impl Into<SecretString>) -> Self {
        Self {
            url: url.into(),
            fail_closed: false,
            redis_timeout: DEFAULT_REDIS_TIMEOUT,
            recheck_after: DEFAULT_RECHECK_AFTER,
            latency_allowance: DEFAULT_LATENCY_ALLOWANCE,
            clock: None,
        }
    }

    /// The clock the limiters read the time and wait on (waits for a slot, the Redis timeout,
    /// the pause before an unreachable Redis is tried again). Default: the clock of the client
    /// each limiter is given to.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// While Redis is unreachable, hold requests back (retrying Redis) instead of falling back to
    /// the in-process limiter. A call then ends at its own deadline, so set an overall timeout
    /// on the client.
    pub fn fail_closed(mut self) -> Self {
        self.fail_closed = true;
        self
    }

    /// How long one round trip to Redis may take before Redis counts as unreachable (default
    /// 250 ms).
    pub fn redis_timeout(mut self, timeout: Duration) -> Self {
        self.redis_timeout = timeout;
        self
    }

    /// How long an unreachable Redis is left alone before it is tried again (default 1 s).
    pub fn recheck_after(mut self, pause: Duration) -> Self {
        self.recheck_after = pause;
        self
    }

    /// How much of the burst is held back for requests that take longer to reach the service than
    /// others (default 250 ms, i.e. 2.5 requests at 10 a second). The burst never drops below one
    /// request.
    pub fn latency_allowance(mut self, allowance: Duration) -> Self {
        self.latency_allowance = allowance;
        self
    }

    /// A limiter allowing `per_second` requests a second with bursts of `burst`, shared by every
    /// limiter built for the same `api` and `credential`.
    ///
    /// The Redis key is derived from a SHA-256 hash of the API name and the credential; the
    /// credential itself never reaches Redis. Fails with [`Error::Config`] for a URL Redis does
    /// not accept, a zero timeout, or a rate or burst [`TokenBucket::try_new`] refuses. No
    /// connection is made until the first request.
    pub fn limiter(
        &self,
        api: &str,
        credential: &str,
        per_second: f64,
        burst: u32,
    ) -> Result<RedisRateLimiter, Error> {
        let mut local = TokenBucket::try_new(per_second, burst)?;
        if let Some(clock) = &self.clock {
            local = local.with_clock(clock.clone());
        }
        if self.redis_timeout.is_zero() {
            return Err(Error::Config {
                message: "the Redis timeout of a shared rate limit must be longer than zero"
                    .to_owned(),
            });
        }
        // The parser's message may quote the URL, password included: say only what is wrong.
        let client = redis::Client::open(self.url.expose_secret()).map_err(|e| Error::Config {
            message: format!(
                "the Redis URL of a shared rate limit is not valid ({:?})",
                e.kind()
            ),
        })?;
        let interval = Duration::from_secs_f64(1.0 / per_second);
        let interval_us = u64::try_from(interval.as_micros()).unwrap_or(u64::MAX);
        Ok(RedisRateLimiter {
            inner: Arc::new(Shared {
                client,
                manager: OnceLock::new(),
                key: shared_key(api, credential),
                api: api.to_owned(),
                interval_us,
                window_us: window_us(interval_us, burst, self.latency_allowance),
                reserve: redis::Script::new(gcra_script::RESERVE),
                refund: redis::Script::new(gcra_script::REFUND),
                local,
                fail_closed: self.fail_closed,
                redis_timeout: self.redis_timeout,
                recheck_after: self.recheck_after,
                health: Mutex::new(Health {
                    reachable: true,
                    next_try: None,
                }),
            }),
        })
    }
}

impl From<&str> for RedisRateLimit {
    fn from(url: &str) -> Self {
        Self::new(url)
    }
}

impl From<String> for RedisRateLimit {
    fn from(url: String) -> Self {
        Self::new(url)
    }
}

impl fmt::Debug for RedisRateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimit")
            .field("url", &"<redacted>")
            .field("fail_closed", &self.fail_closed)
            .field("redis_timeout", &self.redis_timeout)
            .field("recheck_after", &self.recheck_after)
            .field("latency_allowance", &self.latency_allowance)
            .finish()
    }
}

/// The burst window less the latency allowance, never less than one interval.
fn window_us(interval_us: u64, burst: u32, allowance: Duration) -> u64 {
    let allowance_us = u64::try_from(allowance.as_micros()).unwrap_or(u64::MAX);
    interval_us
        .saturating_mul(u64::from(burst))
        .saturating_sub(allowance_us)
        .max(interval_us)
}

/// `api-core:rate-limit:<api>:<first 128 bits of SHA-256(api, credential)>`.
fn shared_key(api: &str, credential: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(b"api-core rate limit v1\0");
    hash.update(api.as_bytes());
    hash.update(b"\0");
    hash.update(credential.as_bytes());
    let digest = hash.finalize();
    format!("api-core:rate-limit:{api}:{}", hex::encode(&digest[..16]))
}

/// A [`RateLimiter`] whose budget lives in Redis, shared by every process that uses the same
/// API and credential. Built by [`RedisRateLimit::limiter`].
///
/// Each acquisition is one round trip running a GCRA script (the same algorithm as
/// [`TokenBucket`]), atomic in Redis and timed by Redis's clock. A waiter dropped before its turn
/// hands its slot back when nobody has been given a later one. Clones share everything.
#[derive(Clone)]
pub struct RedisRateLimiter {
    inner: Arc<Shared>,
}

struct Shared {
    client: redis::Client,
    /// Made on first use, inside the caller's tokio runtime; reconnects by itself.
    manager: OnceLock<ConnectionManager>,
    key: String,
    api: String,
    interval_us: u64,
    window_us: u64,
    reserve: redis::Script,
    refund: redis::Script,
    /// Paces requests while Redis is unreachable (unless failing closed), and learns from 429s.
    local: TokenBucket,
    fail_closed: bool,
    redis_timeout: Duration,
    recheck_after: Duration,
    health: Mutex<Health>,
}

#[derive(Debug)]
struct Health {
    reachable: bool,
    /// While unreachable: when to try Redis again.
    next_try: Option<Instant>,
}

/// Why Redis could not be used for one acquisition.
#[derive(Debug)]
enum Unreachable {
    Error(redis::RedisError),
    Timeout,
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The kind and category only: a message may quote the connection's address.
            Self::Error(e) => write!(f, "{:?} ({})", e.kind(), e.category()),
            Self::Timeout => f.write_str("no answer within the Redis timeout"),
        }
    }
}

impl Shared {
    fn health(&self) -> std::sync::MutexGuard<'_, Health> {
        self.health.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn connection(&self) -> Result<ConnectionManager, redis::RedisError> {
        if let Some(manager) = self.manager.get() {
            return Ok(manager.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.redis_timeout))
            .set_response_timeout(Some(self.redis_timeout))
            .set_number_of_retries(1);
        let manager = ConnectionManager::new_lazy_with_config(self.client.clone(), config)?;
        Ok(self.manager.get_or_init(|| manager).clone())
    }

    /// Whether Redis should be asked now: it is reachable, or its pause is over.
    fn redis_due(&self, now: Instant) -> bool {
        let health = self.health();
        health.reachable || health.next_try.is_none_or(|at| now >= at)
    }

    /// When an unreachable Redis is next tried.
    fn next_try(&self) -> Option<Instant> {
        self.health().next_try
    }

    /// One round trip: reserves a slot and returns how long until it comes.
    async fn reserve(&self) -> Result<Duration, Unreachable> {
        let mut connection = self.connection().map_err(Unreachable::Error)?;
        let mut invocation = self.reserve.key(&self.key);
        invocation.arg(self.interval_us).arg(self.window_us);
        let call = invocation.invoke_async::<u64>(&mut connection);
        match self.clock().timeout(self.redis_timeout, call).await {
            Some(Ok(wait_us)) => Ok(Duration::from_micros(wait_us)),
            Some(Err(e)) => Err(Unreachable::Error(e)),
            None => Err(Unreachable::Timeout),
        }
    }

    async fn refund(&self) {
        let Ok(mut connection) = self.connection() else {
            return;
        };
        let mut invocation = self.refund.key(&self.key);
        invocation.arg(self.interval_us);
        let call = invocation.invoke_async::<i64>(&mut connection);
        // Best effort: a lost refund only leaves one slot unused.
        let _ = self.clock().timeout(self.redis_timeout, call).await;
    }

    /// The local bucket's clock, which is the one this limiter was given or adopted.
    fn clock(&self) -> Clock {
        self.local.clock()
    }

    fn mark_reachable(&self) {
        let mut health = self.health();
        if !health.reachable {
            health.reachable = true;
            health.next_try = None;
            tracing::info!(api = %self.api, "shared rate limiter: Redis is reachable again");
        }
    }

    fn mark_unreachable(&self, now: Instant, cause: &Unreachable) {
        let mut health = self.health();
        health.next_try = Some(now.checked_add(self.recheck_after).unwrap_or(now));
        if health.reachable {
            health.reachable = false;
            if self.fail_closed {
                tracing::warn!(api = %self.api, cause = %cause,
                    "shared rate limiter: Redis is unreachable; holding requests back until it answers (fail closed)");
            } else {
                tracing::warn!(api = %self.api, cause = %cause,
                    "shared rate limiter: Redis is unreachable; falling back to the in-process limiter");
            }
        }
    }
}

impl RateLimiter for RedisRateLimiter {
    fn acquire(&self) -> BoxFuture<'_, ()> {
        let shared = Arc::clone(&self.inner);
        Box::pin(async move {
            let clock = shared.clock();
            loop {
                if shared.redis_due(clock.now()) {
                    match shared.reserve().await {
                        Ok(wait) => {
                            shared.mark_reachable();
                            let mut slot = SharedSlot {
                                refund_to: Some(Arc::clone(&shared)),
                            };
                            if !wait.is_zero() {
                                clock.sleep(wait).await;
                            }
                            slot.mark_used();
                            return;
                        }
                        Err(cause) => shared.mark_unreachable(clock.now(), &cause),
                    }
                }
                if !shared.fail_closed {
                    return shared.local.acquire().await;
                }
                let pause = shared.next_try().map_or(shared.recheck_after, |at| {
                    at.saturating_duration_since(clock.now())
                });
                clock.sleep(pause).await;
            }
        })
    }

    fn on_response(&self, status: StatusCode, retry_after: Option<Duration>) {
        self.inner.local.on_response(status, retry_after);
    }

    fn adopt_clock(&self, clock: &Clock) {
        self.inner.local.adopt_clock(clock);
    }
}

/// A shared slot reserved and not yet used; handed back if the waiter goes away before its turn.
struct SharedSlot {
    refund_to: Option<Arc<Shared>>,
}

impl SharedSlot {
    fn mark_used(&mut self) {
        self.refund_to = None;
    }
}

impl Drop for SharedSlot {
    fn drop(&mut self) {
        let Some(shared) = self.refund_to.take() else {
            return;
        };
        // Dropped outside a runtime (at shutdown) there is nobody to send the refund.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { shared.refund().await });
        }
    }
}

impl fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("RedisRateLimiter")
            .field("api", &inner.api)
            .field("interval_us", &inner.interval_us)
            .field("window_us", &inner.window_us)
            .field("fail_closed", &inner.fail_closed)
            .field("reachable", &inner.health().reachable)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_names_the_api_and_hides_the_credential() {
        let key = shared_key("push-security", "very-secret-key");
        assert!(key.starts_with("api-core:rate-limit:push-security:"));
        assert!(!key.contains("very-secret-key"));
        assert_eq!(key, shared_key("push-security", "very-secret-key"));
        assert_ne!(key, shared_key("push-security", "another-key"));
        assert_ne!(key, shared_key("pushauth", "very-secret-key"));
    }

    #[test]
    fn the_latency_allowance_comes_off_the_burst_but_leaves_one_request() {
        let allowance = Duration::from_millis(250);
        assert_eq!(window_us(100_000, 20, allowance), 1_750_000);
        assert_eq!(window_us(100_000, 2, allowance), 100_000);
        assert_eq!(window_us(100_000, 20, Duration::ZERO), 2_000_000);
    }

    #[test]
    fn a_bad_url_is_a_config_error_that_does_not_echo_it() {
        let error = RedisRateLimit::new("http://user:hunter2@example.com/")
            .limiter("api", "k", 10.0, 10)
            .unwrap_err();
        assert!(matches!(error, Error::Config { .. }));
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn debug_output_shows_no_url_or_credential() {
        let settings = RedisRateLimit::new("redis://:hunter2@127.0.0.1:6379/");
        let limiter = settings
            .limiter("api", "very-secret-key", 10.0, 10)
            .unwrap();
        let shown = format!("{settings:?} {limiter:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("very-secret-key"),
            "{shown}"
        );
    }

    #[test]
    fn out_of_range_rates_and_timeouts_are_refused() {
        let settings = RedisRateLimit::new("redis://127.0.0.1:6379/");
        assert!(settings.limiter("api", "k", 0.0, 10).is_err());
        assert!(settings.limiter("api", "k", 10.0, 0).is_err());
        let no_timeout = settings.redis_timeout(Duration::ZERO);
        assert!(no_timeout.limiter("api", "k", 10.0, 10).is_err());
    }
}
