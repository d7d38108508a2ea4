//! Times as the server writes them.

use time::OffsetDateTime;
use time::macros::format_description;

/// Rails renders times with milliseconds and a `Z`: `2026-01-01T01:00:00.000Z`.
pub(crate) fn rails_time(at: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.format(&format).unwrap_or_default()
}
