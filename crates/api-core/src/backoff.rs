//! Full-jitter exponential backoff: the retry loop's schedule, and [`Backoff`] for loops of
//! other kinds.
//!
//! Full jitter (a uniform draw between zero and the exponential ceiling) spreads the retries of
//! many clients that failed together, which a fixed or "equal jitter" delay does not.

use std::time::Duration;

use crate::clock::Clock;

/// The ceiling of the `retry`-th retry delay (0-based): `min(cap, base * 2^retry)`, overflow-safe.
pub(crate) fn ceiling(retry: u32, base: Duration, cap: Duration) -> Duration {
    // 2^31 * any sensible base is already far past any cap; stop doubling there.
    let factor = 1u32 << retry.min(31);
    base.checked_mul(factor).map_or(cap, |d| d.min(cap))
}

/// The `retry`-th retry delay (0-based): `rand(0, min(cap, base * 2^retry))`.
pub(crate) fn full_jitter(retry: u32, base: Duration, cap: Duration, clock: &Clock) -> Duration {
    clock.random_duration_up_to(ceiling(retry, base, cap))
}

/// Exponential backoff: the delay schedule of the client's retry loop, for a caller that runs a
/// loop of its own (polling a status until it changes) and must pace it the same way.
///
/// The `retry`-th delay (0-based) is at most `min(cap, base * 2^retry)`:
/// [`ceiling`](Self::ceiling) is that bound, [`full_jitter`](Self::full_jitter) a uniform draw
/// below it on a [`Clock`]'s random source (what the retry loop waits).
///
/// ```
/// use std::time::Duration;
/// use api_core::Backoff;
///
/// let backoff = Backoff::new(Duration::from_secs(2), Duration::from_secs(30));
/// let ceilings: Vec<u64> = (0..6).map(|n| backoff.ceiling(n).as_secs()).collect();
/// assert_eq!(ceilings, [2, 4, 8, 16, 30, 30]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
}

impl Backoff {
    /// Delays doubling from `base`, never above `cap`.
    pub const fn new(base: Duration, cap: Duration) -> Self {
        Self { base, cap }
    }

    /// The longest `retry`-th delay (0-based): `min(cap, base * 2^retry)`, overflow-safe.
    pub fn ceiling(&self, retry: u32) -> Duration {
        ceiling(retry, self.base, self.cap)
    }

    /// The `retry`-th delay (0-based) with full jitter: uniform in `0..=ceiling(retry)`, drawn
    /// from `clock`'s random source (seed it for reproducible delays).
    pub fn full_jitter(&self, retry: u32, clock: &Clock) -> Duration {
        full_jitter(retry, self.base, self.cap, clock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Duration = Duration::from_millis(500);
    const CAP: Duration = Duration::from_secs(20);

    #[test]
    fn ceiling_doubles_from_base_until_cap() {
        let ceilings: Vec<_> = (0..8).map(|n| ceiling(n, BASE, CAP)).collect();
        let expected_ms = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000];
        let expected: Vec<_> = expected_ms
            .iter()
            .map(|ms| Duration::from_millis(*ms))
            .collect();
        assert_eq!(ceilings, expected);
    }

    #[test]
    fn ceiling_does_not_overflow_on_huge_retry_counts() {
        assert_eq!(ceiling(u32::MAX, BASE, CAP), CAP);
        assert_eq!(ceiling(40, Duration::MAX, CAP), CAP);
    }

    #[test]
    fn full_jitter_delays_stay_within_cap() {
        let clock = Clock::tokio().with_rng_seed(1234);
        let mut above_half_of_cap = false;
        for retry in 0..64 {
            for _ in 0..50 {
                let delay = full_jitter(retry, BASE, CAP, &clock);
                let bound = ceiling(retry, BASE, CAP);
                assert!(delay <= bound, "retry {retry}: {delay:?} > {bound:?}");
                above_half_of_cap |= delay > CAP / 2;
            }
        }
        // A draw that never got near the cap would mean the exponent is not applied.
        assert!(above_half_of_cap);
    }

    #[test]
    fn full_jitter_is_reproducible_with_a_seed() {
        let draw = |seed| {
            let clock = Clock::tokio().with_rng_seed(seed);
            (0..5)
                .map(|n| full_jitter(n, BASE, CAP, &clock))
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(5), draw(5));
        assert_ne!(draw(5), draw(6));
    }

    #[test]
    fn zero_base_means_no_delay() {
        let clock = Clock::tokio().with_rng_seed(3);
        assert_eq!(full_jitter(4, Duration::ZERO, CAP, &clock), Duration::ZERO);
    }
}
