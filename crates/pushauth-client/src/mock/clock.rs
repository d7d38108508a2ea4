//! The mock's clock: wall time that follows tokio's clock (so a test with a paused clock drives expiry too)
//! plus an offset a test can add to jump ahead.

use std::time::Duration;

use time::OffsetDateTime;
use tokio::time::Instant;

/// Wall-clock time as the mock service sees it.
#[derive(Debug)]
pub(crate) struct MockClock {
    wall_at_start: OffsetDateTime,
    tokio_at_start: Instant,
    skipped: Duration,
}

impl MockClock {
    pub(crate) fn new() -> Self {
        Self {
            wall_at_start: OffsetDateTime::now_utc(),
            tokio_at_start: Instant::now(),
            skipped: Duration::ZERO,
        }
    }

    pub(crate) fn now(&self) -> OffsetDateTime {
        let elapsed = self.tokio_at_start.elapsed().saturating_add(self.skipped);
        // Saturate rather than panic: a test that skips millennia gets the latest representable time.
        time::Duration::try_from(elapsed)
            .ok()
            .and_then(|elapsed| self.wall_at_start.checked_add(elapsed))
            .unwrap_or(time::PrimitiveDateTime::MAX.assume_utc())
    }

    pub(crate) fn advance(&mut self, by: Duration) {
        self.skipped = self.skipped.saturating_add(by);
    }
}
