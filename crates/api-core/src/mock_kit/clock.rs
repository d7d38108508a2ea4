//! The mock's clock: it follows tokio's clock (so a test with a paused clock drives it too) plus
//! whatever a test skipped with `advance_clock`.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use time::OffsetDateTime;
use tokio::time::Instant;

/// Time as a mock service sees it. Cheap to clone; clones share the same skipped time.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use std::time::Duration;
/// let clock = api_core::mock_kit::MockClock::new();
/// let before = clock.now();
/// clock.advance(Duration::from_secs(3_600));
/// assert!(clock.now() - before >= time::Duration::hours(1));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct MockClock {
    wall_at_start: OffsetDateTime,
    tokio_at_start: Instant,
    skipped: Arc<Mutex<Duration>>,
}

impl Default for MockClock {
    fn default() -> Self {
        Self::new()
    }
}

impl MockClock {
    /// A clock that starts at the current wall time.
    pub fn new() -> Self {
        Self {
            wall_at_start: OffsetDateTime::now_utc(),
            tokio_at_start: Instant::now(),
            skipped: Arc::new(Mutex::new(Duration::ZERO)),
        }
    }

    /// Time since the clock started: tokio's elapsed time plus the skipped time. Never goes back.
    pub fn elapsed(&self) -> Duration {
        self.tokio_at_start.elapsed().saturating_add(self.skipped())
    }

    /// The mock's wall time now.
    pub fn now(&self) -> OffsetDateTime {
        // Saturate rather than panic: a test that skips millennia gets the latest representable time.
        time::Duration::try_from(self.elapsed())
            .ok()
            .and_then(|elapsed| self.wall_at_start.checked_add(elapsed))
            .unwrap_or(time::PrimitiveDateTime::MAX.assume_utc())
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut skipped = self.skipped.lock().unwrap_or_else(PoisonError::into_inner);
        *skipped = skipped.saturating_add(by);
    }

    fn skipped(&self) -> Duration {
        *self.skipped.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
