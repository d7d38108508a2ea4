//! How far below its configured ceiling a limiter runs, learned from the service's answers.
//!
//! One number, the *scale* (0 < scale <= 1), multiplies the configured rate and burst. A 429
//! halves it; successes raise it again, quickly up to a safe fraction of the scale that last
//! drew a 429, slowly (probing) above that, never above 1. docs/retries.md ("Adaptive rate
//! limit") explains the choice of constants.

use std::time::{Duration, Instant};

/// A 429 multiplies the scale by this.
pub(crate) const DECREASE_FACTOR: f64 = 0.5;
/// The scale never drops below this: 1/64 of the configured rate.
pub(crate) const MIN_SCALE: f64 = 1.0 / 64.0;
/// Successes raise the scale quickly up to this fraction of the scale that last drew a 429.
pub(crate) const SAFE_FRACTION: f64 = 0.8;
/// Per success below the safe fraction: 2 % of the ceiling.
pub(crate) const FAST_STEP: f64 = 0.02;
/// Per success above the safe fraction: 0.2 % of the ceiling.
pub(crate) const PROBE_STEP: f64 = 0.002;
/// 429s within this time of a decrease answer requests sent before it, so they do not decrease
/// the scale again.
pub(crate) const DECREASE_COOLDOWN: Duration = Duration::from_secs(1);

/// The scale and what it remembers of the last 429.
#[derive(Debug, Clone)]
pub(crate) struct Adaptation {
    scale: f64,
    /// The scale at which the last 429 arrived; 1 when none has (or it has been outgrown).
    failed_at: f64,
    last_decrease: Option<Instant>,
}

impl Adaptation {
    pub(crate) fn new() -> Self {
        Self {
            scale: 1.0,
            failed_at: 1.0,
            last_decrease: None,
        }
    }

    pub(crate) fn scale(&self) -> f64 {
        self.scale
    }

    /// The service refused a request for its rate. Returns whether the scale went down.
    pub(crate) fn on_throttled(&mut self, now: Instant) -> bool {
        if self
            .last_decrease
            .is_some_and(|at| now.saturating_duration_since(at) < DECREASE_COOLDOWN)
        {
            return false;
        }
        self.failed_at = self.scale;
        self.scale = (self.scale * DECREASE_FACTOR).max(MIN_SCALE);
        self.last_decrease = Some(now);
        true
    }

    /// The service accepted a request. Returns whether the scale went up.
    pub(crate) fn on_success(&mut self) -> bool {
        if self.scale >= 1.0 {
            return false;
        }
        let step = if self.scale < self.failed_at * SAFE_FRACTION {
            FAST_STEP
        } else {
            PROBE_STEP
        };
        self.scale = (self.scale + step).min(1.0);
        if self.scale > self.failed_at {
            // Past the scale that failed: that failure no longer says anything.
            self.failed_at = 1.0;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Instant {
        tokio::time::Instant::now().into_std()
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttle_halves_the_scale_once_per_cooldown() {
        let mut adaptation = Adaptation::new();
        assert!(adaptation.on_throttled(now()));
        assert_eq!(adaptation.scale(), 0.5);
        // The other answers to the same burst.
        assert!(!adaptation.on_throttled(now()));
        assert_eq!(adaptation.scale(), 0.5);
        tokio::time::advance(DECREASE_COOLDOWN).await;
        assert!(adaptation.on_throttled(now()));
        assert_eq!(adaptation.scale(), 0.25);
    }

    #[tokio::test(start_paused = true)]
    async fn the_scale_never_drops_below_its_floor() {
        let mut adaptation = Adaptation::new();
        for _ in 0..20 {
            adaptation.on_throttled(now());
            tokio::time::advance(DECREASE_COOLDOWN).await;
        }
        assert_eq!(adaptation.scale(), MIN_SCALE);
    }

    #[tokio::test(start_paused = true)]
    async fn recovery_is_fast_to_the_safe_fraction_then_slow_and_capped_at_the_ceiling() {
        let mut adaptation = Adaptation::new();
        adaptation.on_throttled(now());
        // 0.5 -> 0.8 (the safe fraction of 1.0) in fast steps of 0.02.
        let mut fast = 0;
        while adaptation.scale() < SAFE_FRACTION - 1e-9 {
            adaptation.on_success();
            fast += 1;
        }
        assert_eq!(fast, 15);
        let before = adaptation.scale();
        adaptation.on_success();
        assert!((adaptation.scale() - before - PROBE_STEP).abs() < 1e-9);
        for _ in 0..1000 {
            adaptation.on_success();
        }
        assert_eq!(adaptation.scale(), 1.0);
    }
}
