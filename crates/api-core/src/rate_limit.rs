//! Client-side rate limiting: a trait to plug any limiter in, and a token bucket.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::time::Instant;

use crate::error::Error;

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
}

/// The lowest rate a [`TokenBucket`] runs at: one request an hour.
const MIN_RATE_PER_SECOND: f64 = 1.0 / 3600.0;
const MAX_INTERVAL: Duration = Duration::from_secs(3600);

/// A token bucket: at most `burst` requests at once, refilled at `rate_per_second`.
///
/// The bucket starts full. Clones share it, so one bucket paces every clone of a client. Waiters
/// are served in the order they called [`acquire`](RateLimiter::acquire): each reserves the next
/// free slot, and a waiter that is dropped before its turn hands its slot back. Time is read
/// from `tokio::time`, so a paused tokio clock drives it in tests.
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
    /// Time between two tokens: `1 / rate`.
    interval: Duration,
    /// `interval * burst`: how far ahead of now reservations may run without waiting.
    window: Duration,
    burst: u32,
    /// When the bucket will be full again if nothing else is taken; at or before now when full.
    full_at: Instant,
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
        Self {
            inner: Arc::new(Mutex::new(Bucket {
                interval,
                window: interval.saturating_mul(burst),
                burst,
                full_at: Instant::now(),
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Bucket> {
        // Every update leaves the bucket consistent, so a panic elsewhere cannot corrupt it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl RateLimiter for TokenBucket {
    fn acquire(&self) -> BoxFuture<'_, ()> {
        let wait = self.lock().reserve(Instant::now());
        // Built before the future so that dropping it, even unpolled, hands the token back.
        let mut reservation = Reservation {
            refund_to: Some(self),
        };
        Box::pin(async move {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            reservation.mark_used();
        })
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
            .field("interval", &bucket.interval)
            .field("burst", &bucket.burst)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
