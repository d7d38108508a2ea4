//! The mock's clock: real time plus whatever a test has skipped ahead.

use std::time::Duration;

use time::OffsetDateTime;
use time::macros::format_description;

#[derive(Debug, Default)]
pub(crate) struct Clock {
    skipped: Duration,
}

impl Clock {
    pub(crate) fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.skipped
    }

    pub(crate) fn advance(&mut self, by: Duration) {
        self.skipped += by;
    }
}

/// Rails renders times with milliseconds and a `Z`: `2026-01-01T01:00:00.000Z`.
pub(crate) fn rails_time(at: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.format(&format).unwrap_or_default()
}
