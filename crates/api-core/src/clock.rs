//! Time and randomness behind one handle: every sleep, deadline, timestamp and backoff jitter in
//! api-core (and the client crates) is taken from a [`Clock`], so tests can replace them.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use futures::FutureExt;
use futures::future::{BoxFuture, Either};

type SleepFn = dyn Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync;
type NowFn = dyn Fn() -> Instant + Send + Sync;
type WallClockFn = dyn Fn() -> SystemTime + Send + Sync;

/// The source of time and randomness for a client: the waits it decides on (retry backoff,
/// rate-limit waits, polling intervals), the timers that end attempts and calls that take too
/// long, the monotonic clock that measures them, the wall clock against which a `Retry-After`
/// date is read, and the jitter of backoff delays.
///
/// [`Clock::tokio`] (the default) uses `tokio::time` for the waits, the timers and the monotonic
/// clock (so a paused tokio clock, `#[tokio::test(start_paused = true)]`, drives all of them),
/// [`SystemTime::now`] for the wall clock and a randomly seeded jitter source. On that path no
/// call goes through a boxed closure. Each part can be replaced on its own; only a replaced part
/// costs a dynamic call. Clones share the same parts, including the random sequence.
///
/// The parts, and what a test typically puts there:
///
/// | part | used for | replaced with |
/// |---|---|---|
/// | [`with_sleep`](Self::with_sleep) | waits the client decides on: retry delays, rate-limit waits, polling intervals | a recorder that returns at once (and moves a fake clock) |
/// | [`with_timer`](Self::with_timer) | the attempt timeout and the overall timeout | a future the test completes when it wants the deadline to pass |
/// | [`with_clock`](Self::with_clock) | timestamps: elapsed times, deadlines, limiter state | a fake monotonic clock |
/// | [`with_wall_clock`](Self::with_wall_clock) | `Retry-After` HTTP dates | a fixed date |
/// | [`with_rng_seed`](Self::with_rng_seed) | backoff jitter | a fixed seed |
///
/// Waits and timers are separate parts on purpose: a test that makes retry delays instant still
/// wants a slow server to be given its full attempt timeout.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
/// use api_core::Clock;
///
/// // Record every delay the retry loop asks for instead of waiting it out.
/// let slept = Arc::new(Mutex::new(Vec::<Duration>::new()));
/// let log = Arc::clone(&slept);
/// let clock = Clock::tokio()
///     .with_rng_seed(7)
///     .with_sleep(move |d| {
///         log.lock().unwrap().push(d);
///         std::future::ready(())
///     });
/// # let _ = clock;
/// ```
#[derive(Clone)]
pub struct Clock {
    // `None` is tokio's own timer or clock, called directly.
    sleep: Option<Arc<SleepFn>>,
    timer: Option<Arc<SleepFn>>,
    now: Option<Arc<NowFn>>,
    wall_clock: Option<Arc<WallClockFn>>,
    rng: Arc<Mutex<fastrand::Rng>>,
    seeded: bool,
}

impl Clock {
    /// The production clock: `tokio::time` waits, timers and monotonic clock, the system wall
    /// clock, and a randomly seeded jitter source.
    pub fn tokio() -> Self {
        Self {
            sleep: None,
            timer: None,
            now: None,
            wall_clock: None,
            rng: Arc::new(Mutex::new(fastrand::Rng::new())),
            seeded: false,
        }
    }

    /// Replaces the waits the client decides on (retry delays, rate-limit waits, polling
    /// intervals): `sleep(d)` must complete once `d` has passed (or, in a test, at once).
    pub fn with_sleep<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.sleep = Some(Arc::new(move |d| Box::pin(sleep(d))));
        self
    }

    /// Replaces the timer that ends an attempt or a call that takes too long: the attempt
    /// timeout and the overall timeout give up when `timer(limit)` completes, unless the work
    /// finished first.
    pub fn with_timer<F, Fut>(mut self, timer: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.timer = Some(Arc::new(move |d| Box::pin(timer(d))));
        self
    }

    /// Replaces the monotonic clock that timestamps attempts, measures elapsed time against the
    /// retry policy's budget and the overall timeout, and drives rate limiters.
    pub fn with_clock<F>(mut self, clock: F) -> Self
    where
        F: Fn() -> Instant + Send + Sync + 'static,
    {
        self.now = Some(Arc::new(clock));
        self
    }

    /// Replaces the wall clock against which a `Retry-After` HTTP date is turned into a delay.
    pub fn with_wall_clock<F>(mut self, wall_clock: F) -> Self
    where
        F: Fn() -> SystemTime + Send + Sync + 'static,
    {
        self.wall_clock = Some(Arc::new(wall_clock));
        self
    }

    /// Seeds the jitter source, making the sequence of backoff delays reproducible.
    pub fn with_rng_seed(mut self, seed: u64) -> Self {
        self.rng = Arc::new(Mutex::new(fastrand::Rng::with_seed(seed)));
        self.seeded = true;
        self
    }

    /// Waits for `duration` with this clock's sleep.
    pub fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static {
        let injected = self.sleep.as_ref().map(|sleep| sleep(duration));
        async move {
            match injected {
                Some(injected) => injected.await,
                None => tokio::time::sleep(duration).await,
            }
        }
    }

    /// Runs `work` until it completes or `limit` passes on this clock's timer; `None` when the
    /// limit passed first. The work is polled before the timer, so work that is ready wins.
    ///
    /// Not an `async fn`: that would keep `work` and the timeout holding it side by side in its
    /// state, doubling the size of every future above it (the attempt loop's included), and
    /// copying it once more.
    pub(crate) fn timeout<F: Future>(
        &self,
        limit: Duration,
        work: F,
    ) -> impl Future<Output = Option<F::Output>> {
        match &self.timer {
            None => Either::Left(tokio::time::timeout(limit, work).map(Result::ok)),
            // Boxed so that only an injected timer pays for it.
            Some(timer) => Either::Right(
                futures::future::select(Box::pin(work), timer(limit)).map(|first| match first {
                    Either::Left((output, _)) => Some(output),
                    Either::Right(((), _)) => None,
                }),
            ),
        }
    }

    /// The current instant of this clock's monotonic clock.
    pub fn now(&self) -> Instant {
        match &self.now {
            Some(now) => now(),
            None => tokio::time::Instant::now().into_std(),
        }
    }

    /// The current time of this clock's wall clock.
    pub fn system_time(&self) -> SystemTime {
        match &self.wall_clock {
            Some(wall_clock) => wall_clock(),
            None => SystemTime::now(),
        }
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

impl Default for Clock {
    fn default() -> Self {
        Self::tokio()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clock")
            .field("sleep_injected", &self.sleep.is_some())
            .field("timer_injected", &self.timer.is_some())
            .field("clock_injected", &self.now.is_some())
            .field("wall_clock_injected", &self.wall_clock.is_some())
            .field("rng_seeded", &self.seeded)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_jitter_sequence() {
        let a = Clock::tokio().with_rng_seed(42);
        let b = Clock::tokio().with_rng_seed(42);
        let max = Duration::from_secs(10);
        let seq_a: Vec<_> = (0..8).map(|_| a.random_duration_up_to(max)).collect();
        let seq_b: Vec<_> = (0..8).map(|_| b.random_duration_up_to(max)).collect();
        assert_eq!(seq_a, seq_b);
        assert!(seq_a.iter().all(|d| *d <= max));
        assert!(seq_a.windows(2).any(|w| w[0] != w[1]), "jitter must vary");
    }

    #[test]
    fn clones_share_one_random_sequence() {
        let a = Clock::tokio().with_rng_seed(9);
        let b = a.clone();
        let reference = Clock::tokio().with_rng_seed(9);
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
        let clock = Clock::tokio()
            .with_clock(move || fixed)
            .with_wall_clock(move || wall);
        assert_eq!(clock.now(), fixed);
        assert_eq!(clock.system_time(), wall);
    }

    #[tokio::test]
    async fn injected_sleep_is_called_with_the_delay() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let clock = Clock::tokio().with_sleep(move |d| {
            log.lock().unwrap().push(d);
            std::future::ready(())
        });
        clock.sleep(Duration::from_secs(3600)).await;
        assert_eq!(*seen.lock().unwrap(), vec![Duration::from_secs(3600)]);
    }

    #[tokio::test]
    async fn an_injected_timer_ends_work_that_is_not_ready_and_spares_work_that_is() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&asked);
        let clock = Clock::tokio().with_timer(move |d| {
            log.lock().unwrap().push(d);
            std::future::ready(())
        });
        let limit = Duration::from_secs(30);
        assert_eq!(
            clock.timeout(limit, std::future::pending::<()>()).await,
            None
        );
        assert_eq!(clock.timeout(limit, std::future::ready(7)).await, Some(7));
        assert_eq!(*asked.lock().unwrap(), vec![limit, limit]);
    }

    #[tokio::test]
    async fn an_injected_sleep_does_not_end_timeouts() {
        let clock = Clock::tokio().with_sleep(|_| std::future::ready(()));
        let slow = async {
            tokio::task::yield_now().await;
            "done"
        };
        assert_eq!(
            clock.timeout(Duration::from_secs(1), slow).await,
            Some("done")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_tokio_clock_follows_the_paused_clock() {
        let clock = Clock::tokio();
        let before = clock.now();
        clock.sleep(Duration::from_secs(5)).await;
        assert_eq!(clock.now() - before, Duration::from_secs(5));
        let timed_out = clock
            .timeout(Duration::from_secs(2), std::future::pending::<()>())
            .await;
        assert_eq!(timed_out, None);
        assert_eq!(clock.now() - before, Duration::from_secs(7));
    }
}
