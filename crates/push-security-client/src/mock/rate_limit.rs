//! The server side of Push's documented limit: 10 requests per second per key, plus a burst of 10.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// The limit the mock enforces, as a token bucket per API key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MockRateLimit {
    /// Tokens added per second (sustained requests per second).
    pub per_second: f64,
    /// Bucket capacity: the number of requests that may arrive at once after a quiet period.
    pub capacity: u32,
}

impl MockRateLimit {
    /// Push's documented limit: 10 requests per second, with room for 10 more in a burst
    /// (a bucket of 20 that refills at 10 per second).
    pub const PUSH_DEFAULT: Self = Self {
        per_second: 10.0,
        capacity: 20,
    };
}

impl Default for MockRateLimit {
    fn default() -> Self {
        Self::PUSH_DEFAULT
    }
}

/// Times are the mock clock's elapsed time, so `advance_clock` refills the buckets.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled_at: Duration,
}

/// One bucket per API key, created full on the key's first request, and when each request the
/// limit let through arrived (for tests that check a rate over windows of time).
#[derive(Debug, Default)]
pub(crate) struct KeyedBuckets {
    buckets: Mutex<HashMap<String, Bucket>>,
    admitted: Mutex<Vec<Duration>>,
}

impl KeyedBuckets {
    /// Takes a token for `key` at `now` (the mock clock's elapsed time), or says how long until
    /// one is available.
    pub(crate) fn try_take(
        &self,
        key: &str,
        limit: MockRateLimit,
        now: Duration,
    ) -> Result<(), Duration> {
        let capacity = f64::from(limit.capacity.max(1));
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            refilled_at: now,
        });
        let elapsed = now.saturating_sub(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * limit.per_second).min(capacity);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            drop(buckets);
            self.admitted
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(now);
            Ok(())
        } else if limit.per_second > 0.0 {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / limit.per_second,
            ))
        } else {
            Err(Duration::from_secs(1))
        }
    }

    pub(crate) fn reset(&self) {
        self.buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
        self.admitted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// The most requests admitted (all keys together) within any span of `window`.
    pub(crate) fn most_admitted_within(&self, window: Duration) -> usize {
        let mut times = self
            .admitted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        most_within(&mut times, window)
    }
}

/// The most instants that fit within one span of `window` (both ends included).
fn most_within(times: &mut [Duration], window: Duration) -> usize {
    times.sort_unstable();
    let mut most = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end].saturating_sub(times[start]) > window {
            start += 1;
        }
        most = most.max(end - start + 1);
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_bucket_allows_capacity_requests_then_refuses() {
        let buckets = KeyedBuckets::default();
        let limit = MockRateLimit::PUSH_DEFAULT;
        let allowed = (0..25)
            .filter(|_| buckets.try_take("k", limit, Duration::ZERO).is_ok())
            .count();
        assert_eq!(allowed, 20);
    }

    #[test]
    fn each_key_has_its_own_bucket() {
        let buckets = KeyedBuckets::default();
        let limit = MockRateLimit {
            per_second: 1.0,
            capacity: 1,
        };
        assert!(buckets.try_take("a", limit, Duration::ZERO).is_ok());
        assert!(buckets.try_take("a", limit, Duration::ZERO).is_err());
        assert!(buckets.try_take("b", limit, Duration::ZERO).is_ok());
    }

    #[test]
    fn the_busiest_window_is_found_among_admitted_requests() {
        let at = Duration::from_millis;
        let mut times = vec![
            at(0),
            at(900),
            at(1000),
            at(1500),
            at(1899),
            at(2001),
            at(3100),
        ];
        // 900, 1000, 1500, 1899 lie within 1 s of each other; nothing else gives more.
        assert_eq!(most_within(&mut times, Duration::from_secs(1)), 4);
        assert_eq!(most_within(&mut [], Duration::from_secs(1)), 0);
    }

    #[test]
    fn only_admitted_requests_are_counted_and_reset_forgets_them() {
        let buckets = KeyedBuckets::default();
        let limit = MockRateLimit {
            per_second: 1.0,
            capacity: 2,
        };
        let admitted = (0..5)
            .filter(|_| buckets.try_take("k", limit, Duration::ZERO).is_ok())
            .count();
        assert_eq!(admitted, 2);
        assert_eq!(buckets.most_admitted_within(Duration::from_secs(1)), 2);
        buckets.reset();
        assert_eq!(buckets.most_admitted_within(Duration::from_secs(1)), 0);
    }

    #[test]
    fn time_on_the_mock_clock_refills_the_bucket() {
        let buckets = KeyedBuckets::default();
        let limit = MockRateLimit {
            per_second: 10.0,
            capacity: 1,
        };
        assert!(buckets.try_take("k", limit, Duration::ZERO).is_ok());
        assert!(
            buckets
                .try_take("k", limit, Duration::from_millis(50))
                .is_err()
        );
        assert!(
            buckets
                .try_take("k", limit, Duration::from_millis(100))
                .is_ok()
        );
    }

    #[test]
    fn refusal_says_when_the_next_token_arrives() {
        let buckets = KeyedBuckets::default();
        let limit = MockRateLimit {
            per_second: 10.0,
            capacity: 1,
        };
        assert!(buckets.try_take("k", limit, Duration::ZERO).is_ok());
        let wait = buckets
            .try_take("k", limit, Duration::ZERO)
            .err()
            .unwrap_or_default();
        assert!(
            wait > Duration::from_millis(50) && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
    }
}
