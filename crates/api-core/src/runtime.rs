//! Clock, sleep and randomness behind one handle, so retry tests can replace them.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use futures::future::BoxFuture;

type SleepFn = dyn Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync;
type ClockFn = dyn Fn() -> Instant + Send + Sync;
type WallClockFn = dyn Fn() -> SystemTime + Send + Sync;

/// Clock, sleep and randomness used by the retry loop, injectable so retry tests are instant and
/// deterministic.
///
/// [`Runtime::tokio`] (the default) sleeps with `tokio::time`, reads the monotonic clock from
/// `tokio::time::Instant` (so a paused tokio clock is honoured), the wall clock from
/// [`SystemTime::now`] (for `Retry-After` HTTP dates) and draws backoff jitter from a randomly
/// seeded generator. Each part can be swapped; clones share the same parts, including the random
/// sequence.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
/// use api_core::Runtime;
///
/// // Record every delay the retry loop asks for instead of waiting it out.
/// let slept = Arc::new(Mutex::new(Vec::<Duration>::new()));
/// let log = Arc::clone(&slept);
/// let runtime = Runtime::tokio()
///     .with_rng_seed(7)
///     .with_sleep(move |d| {
///         log.lock().unwrap().push(d);
///         std::future::ready(())
///     });
/// # let _ = runtime;
/// ```
#[derive(Clone)]
pub struct Runtime {
    sleep: Arc<SleepFn>,
    clock: Arc<ClockFn>,
    wall_clock: Arc<WallClockFn>,
    rng: Arc<Mutex<fastrand::Rng>>,
    seeded: bool,
}

impl Runtime {
    /// The production runtime: `tokio::time` sleeps and clock, the system wall clock, and a
    /// randomly seeded jitter source.
    pub fn tokio() -> Self {
        Self {
            sleep: Arc::new(|d| Box::pin(tokio::time::sleep(d))),
            clock: Arc::new(|| tokio::time::Instant::now().into_std()),
            wall_clock: Arc::new(SystemTime::now),
            rng: Arc::new(Mutex::new(fastrand::Rng::new())),
            seeded: false,
        }
    }

    /// Replaces the sleep: `sleep(d)` must complete once `d` has passed (or, in a test, at once).
    pub fn with_sleep<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.sleep = Arc::new(move |d| Box::pin(sleep(d)));
        self
    }

    /// Replaces the monotonic clock that measures the retry policy's total time budget.
    pub fn with_clock<F>(mut self, clock: F) -> Self
    where
        F: Fn() -> Instant + Send + Sync + 'static,
    {
        self.clock = Arc::new(clock);
        self
    }

    /// Replaces the wall clock against which a `Retry-After` HTTP date is turned into a delay.
    pub fn with_wall_clock<F>(mut self, wall_clock: F) -> Self
    where
        F: Fn() -> SystemTime + Send + Sync + 'static,
    {
        self.wall_clock = Arc::new(wall_clock);
        self
    }

    /// Seeds the jitter source, making the sequence of backoff delays reproducible.
    pub fn with_rng_seed(mut self, seed: u64) -> Self {
        self.rng = Arc::new(Mutex::new(fastrand::Rng::with_seed(seed)));
        self.seeded = true;
        self
    }

    /// Waits for `duration` with this runtime's sleep.
    pub fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        (self.sleep)(duration)
    }

    /// The current instant of this runtime's monotonic clock.
    pub fn now(&self) -> Instant {
        (self.clock)()
    }

    /// The current time of this runtime's wall clock.
    pub fn system_time(&self) -> SystemTime {
        (self.wall_clock)()
    }

    /// A uniformly random duration in `0..=max`, at nanosecond resolution.
    pub(crate) fn random_duration_up_to(&self, max: Duration) -> Duration {
        let max_nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
        // A poisoned lock only means another thread panicked mid-draw; the generator state is
        // still a valid generator, so keep using it rather than spreading the panic.
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        Duration::from_nanos(rng.u64(0..=max_nanos))
    }
}

impl Default for Runtime {
    fn default() -> Self {
        Self::tokio()
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("rng_seeded", &self.seeded)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_jitter_sequence() {
        let a = Runtime::tokio().with_rng_seed(42);
        let b = Runtime::tokio().with_rng_seed(42);
        let max = Duration::from_secs(10);
        let seq_a: Vec<_> = (0..8).map(|_| a.random_duration_up_to(max)).collect();
        let seq_b: Vec<_> = (0..8).map(|_| b.random_duration_up_to(max)).collect();
        assert_eq!(seq_a, seq_b);
        assert!(seq_a.iter().all(|d| *d <= max));
        assert!(seq_a.windows(2).any(|w| w[0] != w[1]), "jitter must vary");
    }

    #[test]
    fn clones_share_one_random_sequence() {
        let a = Runtime::tokio().with_rng_seed(9);
        let b = a.clone();
        let reference = Runtime::tokio().with_rng_seed(9);
        let max = Duration::from_secs(1);
        let drawn = [a.random_duration_up_to(max), b.random_duration_up_to(max)];
        let expected = [
            reference.random_duration_up_to(max),
            reference.random_duration_up_to(max),
        ];
        assert_eq!(drawn, expected);
    }

    #[test]
    fn injected_clocks_are_used() {
        let fixed = Instant::now();
        let wall = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let runtime = Runtime::tokio()
            .with_clock(move || fixed)
            .with_wall_clock(move || wall);
        assert_eq!(runtime.now(), fixed);
        assert_eq!(runtime.system_time(), wall);
    }

    #[tokio::test]
    async fn injected_sleep_is_called_with_the_delay() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let runtime = Runtime::tokio().with_sleep(move |d| {
            log.lock().unwrap().push(d);
            std::future::ready(())
        });
        runtime.sleep(Duration::from_secs(3600)).await;
        assert_eq!(*seen.lock().unwrap(), vec![Duration::from_secs(3600)]);
    }

    #[tokio::test(start_paused = true)]
    async fn tokio_runtime_follows_the_paused_clock() {
        let runtime = Runtime::tokio();
        let before = runtime.now();
        runtime.sleep(Duration::from_secs(5)).await;
        assert_eq!(runtime.now() - before, Duration::from_secs(5));
    }
}
