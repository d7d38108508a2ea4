//! Client-side rate limiting: a trait to plug any limiter in, a token bucket that adapts to the
//! service's 429s, and (feature `redis`) a limiter shared by many processes through Redis.

mod adaptive;
#[cfg(feature = "redis")]
mod gcra_script;
#[cfg(feature = "redis")]
mod redis;

#[cfg(feature = "redis")]
pub use self::redis::{RedisRateLimit, RedisRateLimiter};

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use http::StatusCode;

use crate::clock::Clock;
use crate::error::Error;
use adaptive::Adaptation;

/// Paces the attempts of a client: the client awaits [`acquire`](Self::acquire) before every
/// attempt, retries included.
///
/// Implement it to share a limit beyond one client, for example across processes.
///
/// ```
/// use api_core::{BoxFuture, RateLimiter};
///
/// /// Lets everything through; stands in for a limiter backed by a shared store.
/// #[derive(Debug)]
/// struct Unlimited;
///
/// impl RateLimiter for Unlimited {
///     fn acquire(&self) -> BoxFuture<'_, ()> {
///         Box::pin(async {})
///     }
/// }
/// ```
pub trait RateLimiter: Send + Sync + fmt::Debug {
    /// Completes when one more request may be sent. Waits as long as needed; never fails.
    fn acquire(&self) -> BoxFuture<'_, ()>;

    /// Told the status of every response the client receives, with the server's `Retry-After`
    /// when it sent one, so a limiter can learn the service's real limit. Does nothing unless
    /// overridden.
    fn on_response(&self, status: StatusCode, retry_after: Option<Duration>) {
        let _ = (status, retry_after);
    }

    /// Offered the client's [`Clock`] when a client is built with this limiter, so a limiter
    /// that waits or reads the time does so on the same clock as the rest of the client. A
    /// limiter given a clock of its own keeps it. Does nothing unless overridden.
    fn adopt_clock(&self, clock: &Clock) {
        let _ = clock;
    }
}

/// The lowest rate a [`TokenBucket`] runs at: one request an hour.
const MIN_RATE_PER_SECOND: f64 = 1.0 / 3600.0;
const MAX_INTERVAL: Duration = Duration::from_secs(3600);

/// A token bucket: at most `burst` requests at once, refilled at `rate_per_second`, and slower
/// for a while when the service answers 429.
///
/// The configured rate and burst are a ceiling. A 429 halves both (waiting out `Retry-After`
/// when the server sends one) and successes bring them back gradually, never above the ceiling;
/// docs/retries.md gives the constants. The bucket starts full. Clones share it, so one bucket paces every clone of a client. Waiters
/// are served in the order they called [`acquire`](RateLimiter::acquire): each reserves the next
/// free slot, and a waiter that is dropped before its turn hands its slot back. Time is read
/// and waited out on a [`Clock`]: the one given to [`with_clock`](TokenBucket::with_clock), else
/// the clock of the client it is given to, else [`Clock::tokio`] (which a paused tokio clock
/// drives in tests).
///
/// ```
/// use std::sync::Arc;
/// use api_core::{RateLimiter, TokenBucket};
///
/// // 10 requests per second, bursts of up to 10.
/// let limiter: Arc<dyn RateLimiter> = Arc::new(TokenBucket::new(10.0, 10));
/// # let _ = limiter;
/// ```
#[derive(Clone)]
pub struct TokenBucket {
    inner: Arc<Mutex<Bucket>>,
}

/// The bucket kept as a "theoretical arrival time" (the GCRA form of a token bucket): integer
/// time arithmetic, so the spacing is exact, with no refill bookkeeping.
#[derive(Debug)]
struct Bucket {
    /// Time between two tokens at the configured rate: `1 / rate`.
    base_interval: Duration,
    /// The configured burst.
    burst: u32,
    /// Time between two tokens now: `base_interval / scale`.
    interval: Duration,
    /// `interval * burst * scale - latency_allowance` (at least one interval): how far ahead of
    /// now reservations may run without waiting.
    window: Duration,
    /// Taken off the burst window; see [`TokenBucket::with_latency_allowance`].
    latency_allowance: Duration,
    adaptation: Adaptation,
    /// When the bucket will be full again if nothing else is taken; at or before now when full.
    full_at: Instant,
    /// Where the bucket reads the time and waits.
    clock: Clock,
    /// Set by [`TokenBucket::with_clock`]: a client's clock does not replace it.
    clock_chosen: bool,
}

impl Bucket {
    /// Takes one token, possibly on credit; returns how long until that token exists.
    fn reserve(&mut self, now: Instant) -> Duration {
        let from = self.full_at.max(now);
        self.full_at = from.checked_add(self.interval).unwrap_or(from);
        self.full_at
            .checked_sub(self.window)
            .map_or(Duration::ZERO, |allowed| {
                allowed.saturating_duration_since(now)
            })
    }

    /// Hands back a token that was taken but not used.
    fn refund(&mut self) {
        if let Some(earlier) = self.full_at.checked_sub(self.interval) {
            self.full_at = earlier;
        }
    }

    /// Runs at the adapted rate and burst, keeping the reservations already made.
    fn rescale(&mut self) {
        let scale = self.adaptation.scale();
        self.interval = Duration::try_from_secs_f64(self.base_interval.as_secs_f64() / scale)
            .map_or(MAX_INTERVAL, |d| d.min(MAX_INTERVAL));
        let burst = ((f64::from(self.burst) * scale).round() as u32).max(1);
        self.window = self
            .interval
            .saturating_mul(burst)
            .saturating_sub(self.latency_allowance)
            .max(self.interval);
    }

    /// The service refused a request for its rate: slow down, and send nothing before
    /// `retry_after` (when given) or one interval has passed, whatever was banked.
    fn throttled(&mut self, now: Instant, retry_after: Option<Duration>) {
        if self.adaptation.on_throttled(now) {
            self.rescale();
        }
        let pause = retry_after
            .unwrap_or_default()
            .max(self.interval)
            .min(MAX_INTERVAL);
        // `reserve` lets the next token go at `full_at + interval - window`.
        let next_at = now.checked_add(pause).unwrap_or(now);
        let full_at = next_at
            .checked_add(self.window)
            .and_then(|t| t.checked_sub(self.interval))
            .unwrap_or(next_at);
        self.full_at = self.full_at.max(full_at);
    }

    /// Moves the bucket onto another clock, keeping how far ahead of now its reservations run.
    fn set_clock(&mut self, clock: Clock, chosen: bool) {
        let ahead = self.full_at.saturating_duration_since(self.clock.now());
        let now = clock.now();
        self.full_at = now.checked_add(ahead).unwrap_or(now);
        self.clock = clock;
        self.clock_chosen = chosen;
    }

    fn succeeded(&mut self) {
        if self.adaptation.on_success() {
            self.rescale();
        }
    }
}

impl TokenBucket {
    /// A full bucket holding `burst` tokens, refilled at `rate_per_second`.
    ///
    /// Out-of-range values are brought into range rather than refused: a `burst` of 0 is taken
    /// as 1, and a rate that is not a positive finite number (or is below one per hour) as one
    /// request per hour. Use [`try_new`](Self::try_new) to have them refused instead.
    pub fn new(rate_per_second: f64, burst: u32) -> Self {
        let interval = if rate_per_second.is_finite() && rate_per_second >= MIN_RATE_PER_SECOND {
            interval_of(rate_per_second)
        } else {
            MAX_INTERVAL
        };
        Self::build(interval, burst.max(1))
    }

    /// Like [`new`](Self::new), but refuses a `burst` of 0 and a rate that is not a finite
    /// number of at least one request per hour with [`Error::Config`].
    pub fn try_new(rate_per_second: f64, burst: u32) -> Result<Self, Error> {
        if !(rate_per_second.is_finite() && rate_per_second >= MIN_RATE_PER_SECOND) {
            return Err(Error::Config {
                message: format!(
                    "rate limiter rate must be a finite number of at least one per hour, got {rate_per_second}"
                ),
            });
        }
        if burst == 0 {
            return Err(Error::Config {
                message: "rate limiter burst must be at least 1".to_owned(),
            });
        }
        Ok(Self::build(interval_of(rate_per_second), burst))
    }

    fn build(interval: Duration, burst: u32) -> Self {
        let clock = Clock::tokio();
        Self {
            inner: Arc::new(Mutex::new(Bucket {
                base_interval: interval,
                burst,
                interval,
                window: interval.saturating_mul(burst),
                latency_allowance: Duration::ZERO,
                adaptation: Adaptation::new(),
                full_at: clock.now(),
                clock,
                clock_chosen: false,
            })),
        }
    }

    /// Holds `allowance` of the burst window back (never below one request) for the time between
    /// the bucket granting a request and the service receiving it.
    ///
    /// A bucket exactly the size of the service's starts counting at its first *grant*, the
    /// service at that request's *arrival*; when the first request of a burst takes longer to
    /// arrive than a later one (a new connection, several in flight), the client is that much
    /// ahead of the service and draws a 429. 250 ms is 2.5 requests at 10 a second.
    ///
    /// ```
    /// use std::time::Duration;
    /// use api_core::TokenBucket;
    ///
    /// // The service's bucket: 10 a second, 20 at once; keep 250 ms of it for latency.
    /// let bucket = TokenBucket::new(10.0, 20).with_latency_allowance(Duration::from_millis(250));
    /// # let _ = bucket;
    /// ```
    pub fn with_latency_allowance(self, allowance: Duration) -> Self {
        {
            let mut bucket = self.lock();
            bucket.latency_allowance = allowance;
            bucket.rescale();
        }
        self
    }

    /// Reads the time and waits on `clock` from now on, whichever client the bucket is given to.
    /// A full bucket stays full.
    pub fn with_clock(self, clock: Clock) -> Self {
        self.lock().set_clock(clock, true);
        self
    }

    /// The clock the bucket reads the time and waits on.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn clock(&self) -> Clock {
        self.lock().clock.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Bucket> {
        // Every update leaves the bucket consistent, so a panic elsewhere cannot corrupt it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl RateLimiter for TokenBucket {
    fn acquire(&self) -> BoxFuture<'_, ()> {
        let sleep = {
            let mut bucket = self.lock();
            let now = bucket.clock.now();
            let wait = bucket.reserve(now);
            (!wait.is_zero()).then(|| bucket.clock.sleep(wait))
        };
        // Built before the future so that dropping it, even unpolled, hands the token back.
        let mut reservation = Reservation {
            refund_to: Some(self),
        };
        Box::pin(async move {
            if let Some(sleep) = sleep {
                sleep.await;
            }
            reservation.mark_used();
        })
    }

    fn on_response(&self, status: StatusCode, retry_after: Option<Duration>) {
        if status == StatusCode::TOO_MANY_REQUESTS {
            let mut bucket = self.lock();
            let now = bucket.clock.now();
            bucket.throttled(now, retry_after);
        } else if status.is_success() {
            self.lock().succeeded();
        }
    }

    fn adopt_clock(&self, clock: &Clock) {
        let mut bucket = self.lock();
        if !bucket.clock_chosen {
            bucket.set_clock(clock.clone(), false);
        }
    }
}

/// A token taken on credit; handed back if the waiter goes away before its turn.
struct Reservation<'a> {
    /// The bucket to hand the token back to; `None` once the token has been used.
    refund_to: Option<&'a TokenBucket>,
}

impl Reservation<'_> {
    // A method rather than a field write: the async block must capture (and later drop) the
    // whole reservation, not a copy of its `Copy` field.
    fn mark_used(&mut self) {
        self.refund_to = None;
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if let Some(bucket) = self.refund_to {
            bucket.lock().refund();
        }
    }
}

/// `1 / rate`, for a finite rate of at least [`MIN_RATE_PER_SECOND`].
fn interval_of(rate_per_second: f64) -> Duration {
    Duration::try_from_secs_f64(1.0 / rate_per_second).map_or(MAX_INTERVAL, |d| d.min(MAX_INTERVAL))
}

impl fmt::Debug for TokenBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bucket = self.lock();
        f.debug_struct("TokenBucket")
            .field("interval", &bucket.base_interval)
            .field("burst", &bucket.burst)
            .field("scale", &bucket.adaptation.scale())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[test]
    fn out_of_range_arguments_are_clamped_by_new() {
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let bucket = TokenBucket::new(rate, 0);
            let inner = bucket.lock();
            assert_eq!(inner.interval, Duration::from_secs(3600), "rate {rate}");
            assert_eq!(inner.burst, 1);
        }
    }

    #[test]
    fn out_of_range_arguments_are_refused_by_try_new() {
        assert!(matches!(
            TokenBucket::try_new(0.0, 1),
            Err(Error::Config { .. })
        ));
        assert!(matches!(
            TokenBucket::try_new(f64::NAN, 1),
            Err(Error::Config { .. })
        ));
        assert!(matches!(
            TokenBucket::try_new(1.0, 0),
            Err(Error::Config { .. })
        ));
        assert!(TokenBucket::try_new(0.5, 3).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_waiter_hands_its_slot_back() {
        let bucket = TokenBucket::new(1.0, 1);
        bucket.acquire().await;
        // Reserves the token due in 1 s, then gives up before it arrives.
        drop(bucket.acquire());
        let start = Instant::now();
        bucket.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    /// The gaps between `n` acquisitions, on the paused clock.
    async fn gaps(bucket: &TokenBucket, n: usize) -> Vec<Duration> {
        let mut last = Instant::now();
        let mut gaps = Vec::with_capacity(n);
        for _ in 0..n {
            bucket.acquire().await;
            gaps.push(last.elapsed());
            last = Instant::now();
        }
        gaps
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_halves_the_rate_and_drops_the_banked_burst() {
        let bucket = TokenBucket::new(10.0, 4);
        bucket.on_response(StatusCode::TOO_MANY_REQUESTS, None);
        // Half the rate: one every 200 ms, starting one interval after the 429.
        let gaps = gaps(&bucket, 3).await;
        assert_eq!(gaps, vec![Duration::from_millis(200); 3]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_is_waited_out_before_the_next_request() {
        let bucket = TokenBucket::new(10.0, 10);
        bucket.on_response(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(3)));
        let gaps = gaps(&bucket, 2).await;
        assert_eq!(
            gaps,
            vec![Duration::from_secs(3), Duration::from_millis(200)]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn successes_bring_the_rate_back_to_the_ceiling_and_no_further() {
        let bucket = TokenBucket::new(10.0, 1);
        bucket.on_response(StatusCode::TOO_MANY_REQUESTS, None);
        for _ in 0..2000 {
            bucket.on_response(StatusCode::OK, None);
        }
        bucket.acquire().await;
        let gaps = gaps(&bucket, 3).await;
        assert_eq!(gaps, vec![Duration::from_millis(100); 3]);
    }

    #[tokio::test(start_paused = true)]
    async fn other_errors_leave_the_rate_alone() {
        let bucket = TokenBucket::new(10.0, 1);
        bucket.on_response(StatusCode::SERVICE_UNAVAILABLE, None);
        bucket.on_response(StatusCode::BAD_REQUEST, None);
        let gaps = gaps(&bucket, 3).await;
        assert_eq!(
            gaps,
            vec![
                Duration::ZERO,
                Duration::from_millis(100),
                Duration::from_millis(100)
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_latency_allowance_comes_off_the_burst_but_leaves_one_request() {
        let bucket = TokenBucket::new(10.0, 4).with_latency_allowance(Duration::from_millis(250));
        // A window of 150 ms (1.5 requests): one at once, one on 50 ms of credit, then every 100 ms.
        assert_eq!(
            gaps(&bucket, 4).await,
            vec![
                Duration::ZERO,
                Duration::from_millis(50),
                Duration::from_millis(100),
                Duration::from_millis(100)
            ]
        );
        let tiny = TokenBucket::new(10.0, 1).with_latency_allowance(Duration::from_secs(5));
        assert_eq!(
            gaps(&tiny, 2).await,
            vec![Duration::ZERO, Duration::from_millis(100)]
        );
    }
}
