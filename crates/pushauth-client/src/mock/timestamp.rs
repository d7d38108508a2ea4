//! How the mock writes `expiresAt` and `updatedAt`. The real service's style is UNVERIFIED: its documentation
//! says only `date-time`, and UnifyID's sibling HumanDetect API was seen writing `-0500` without a colon, which
//! strict RFC 3339 parsers refuse. The mock can write each style so clients prove they read all of them.

use time::format_description::well_known::Rfc3339;
use time::macros::{format_description, offset};
use time::{OffsetDateTime, UtcOffset};

/// The offset used by the styles that write one: the offset seen in UnifyID's HumanDetect examples.
const SAMPLE_OFFSET: UtcOffset = offset!(-5);

/// The format of the timestamps the mock writes.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimestampStyle {
    /// RFC 3339 in UTC with `Z`: `2026-03-01T17:04:05.123Z`.
    #[default]
    Rfc3339Utc,
    /// RFC 3339 with a colon in the offset: `2026-03-01T12:04:05.123-05:00`.
    Rfc3339Offset,
    /// Milliseconds and an offset without a colon: `2026-03-01T12:04:05.123-0500` (not RFC 3339).
    OffsetWithoutColon,
}

impl TimestampStyle {
    pub(crate) fn format(self, at: OffsetDateTime) -> String {
        let millis = at
            .replace_nanosecond(at.millisecond() as u32 * 1_000_000)
            .unwrap_or(at);
        let written = match self {
            Self::Rfc3339Utc => millis.to_offset(UtcOffset::UTC).format(&Rfc3339),
            Self::Rfc3339Offset => millis.to_offset(SAMPLE_OFFSET).format(&Rfc3339),
            Self::OffsetWithoutColon => millis.to_offset(SAMPLE_OFFSET).format(format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory][offset_minute]"
            )),
        };
        // Formatting a valid date with a fixed description only fails for years RFC 3339 cannot express.
        written.unwrap_or_else(|_| "9999-12-31T23:59:59Z".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const AT: OffsetDateTime = datetime!(2026-03-01 17:04:05.123456 UTC);

    #[test]
    fn rfc3339_utc_ends_with_z_and_keeps_milliseconds() {
        assert_eq!(
            TimestampStyle::Rfc3339Utc.format(AT),
            "2026-03-01T17:04:05.123Z"
        );
    }

    #[test]
    fn rfc3339_offset_writes_a_colon_in_the_offset() {
        assert_eq!(
            TimestampStyle::Rfc3339Offset.format(AT),
            "2026-03-01T12:04:05.123-05:00"
        );
    }

    #[test]
    fn offset_without_colon_matches_the_humandetect_style() {
        assert_eq!(
            TimestampStyle::OffsetWithoutColon.format(AT),
            "2026-03-01T12:04:05.123-0500"
        );
    }
}
