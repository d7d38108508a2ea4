//! An [`OffsetDateTime`] read from the date-time layouts APIs send:
//!
//! - `2024-01-02T03:04:05Z` (`z`, a space instead of `T` also accepted),
//! - `2024-01-02T03:04:05+01:00`, and without the colon `+0100`, or the hour alone `+01`,
//! - no offset at all (`2024-01-02T03:04:05`), read as UTC, the convention of APIs that leave
//!   it out,
//! - Go's default `time.Time` layout, `2006-01-02 15:04:05.999999999 -0700 MST` (the zone name is
//!   ignored, the numeric offset counts; a trailing monotonic reading `m=+0.5` is ignored too),
//! - any of these with any number of fraction digits (`2024-01-02T03:04:05.123456789123Z`).
//!
//! Serializes as RFC 3339 (`Z` for UTC, fractional seconds only when there are any), keeping the
//! offset the value was read with.
//!
//! ```
//! use api_core::OffsetDateTime;
//!
//! #[derive(serde::Deserialize, serde::Serialize)]
//! struct Event {
//!     #[serde(with = "api_core::lenient::datetime")]
//!     created_at: OffsetDateTime,
//! }
//! let e: Event = serde_json::from_str(r#"{"created_at": "2024-01-02T03:04:05.5+0000"}"#)?;
//! assert_eq!(serde_json::to_string(&e)?, r#"{"created_at":"2024-01-02T03:04:05.5Z"}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Writes the value as an RFC 3339 string.
pub fn serialize<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    let text = format(value).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&text)
}

/// Reads any of the accepted RFC 3339 dialects.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
    deserializer.deserialize_str(DateTimeVisitor)
}

/// Formats as RFC 3339; fails only for values RFC 3339 cannot hold (years beyond 9999, offsets
/// with seconds).
pub(super) fn format(value: &OffsetDateTime) -> Result<String, time::error::Format> {
    value.format(&Rfc3339)
}

/// Visits a string holding a date-time; shared with [`super::option_datetime`].
pub(super) struct DateTimeVisitor;

impl<'de> Visitor<'de> for DateTimeVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date-time such as \"2024-01-02T03:04:05Z\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<OffsetDateTime, E> {
        parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// Parses RFC 3339, after rewriting a `+HHMM` or `+HH` offset into the `+HH:MM` RFC 3339 requires
/// and a missing offset into `Z`; failing that, Go's default layout. (time's RFC 3339 parser
/// already accepts `z`, any date/time separator and any fraction length.)
pub(super) fn parse(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    OffsetDateTime::parse(&normalize_offset(text), &Rfc3339)
        .ok()
        .or_else(|| parse_go_layout(text))
}

/// Go's `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`, possibly followed by a
/// monotonic clock reading (`m=+0.000000001`). Rewritten into RFC 3339 from its date, its time and
/// its numeric offset.
fn parse_go_layout(text: &str) -> Option<OffsetDateTime> {
    let mut parts = text.split_ascii_whitespace();
    let (date, time, offset) = (parts.next()?, parts.next()?, parts.next()?);
    // What may follow: the zone's name (letters, or Go's "+07" style), then the monotonic reading.
    for rest in parts {
        let zone_like = rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-');
        if !(zone_like || rest.starts_with("m=")) {
            return None;
        }
    }
    if !offset.starts_with(['+', '-']) {
        return None;
    }
    let joined = format!("{date}T{time}{offset}");
    OffsetDateTime::parse(&normalize_offset(&joined), &Rfc3339).ok()
}

/// `YYYY-MM-DDTHH:MM:SS` is 19 bytes; what follows is an optional fraction, then the offset.
const SECONDS_END: usize = 19;

fn normalize_offset(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !text.is_ascii() || bytes.len() < SECONDS_END {
        return Cow::Borrowed(text);
    }
    let mut offset_start = SECONDS_END;
    if bytes.get(offset_start) == Some(&b'.') {
        offset_start += 1;
        while offset_start < bytes.len() && bytes[offset_start].is_ascii_digit() {
            offset_start += 1;
        }
    }
    let (head, offset) = text.split_at(offset_start);
    if offset.is_empty() {
        // No offset: UTC.
        return Cow::Owned(format!("{head}Z"));
    }
    let Some(digits) = offset.strip_prefix(['+', '-']) else {
        return Cow::Borrowed(text);
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(text);
    }
    let sign = &offset[..1];
    match digits.len() {
        2 => Cow::Owned(format!("{head}{sign}{digits}:00")),
        4 => Cow::Owned(format!("{head}{sign}{}:{}", &digits[..2], &digits[2..])),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_offset;

    #[test]
    fn offset_without_colon_gains_one() {
        assert_eq!(
            normalize_offset("2024-01-02T03:04:05+0130"),
            "2024-01-02T03:04:05+01:30"
        );
        assert_eq!(
            normalize_offset("2024-01-02T03:04:05.25-0800"),
            "2024-01-02T03:04:05.25-08:00"
        );
    }

    #[test]
    fn hour_only_offset_gains_minutes() {
        assert_eq!(
            normalize_offset("2024-01-02T03:04:05-05"),
            "2024-01-02T03:04:05-05:00"
        );
    }

    #[test]
    fn a_missing_offset_becomes_utc() {
        assert_eq!(
            normalize_offset("2024-01-02T03:04:05"),
            "2024-01-02T03:04:05Z"
        );
        assert_eq!(
            normalize_offset("2024-01-02 03:04:05.5"),
            "2024-01-02 03:04:05.5Z"
        );
    }

    #[test]
    fn rfc3339_offsets_and_garbage_are_left_alone() {
        for text in [
            "2024-01-02T03:04:05+01:00",
            "2024-01-02T03:04:05Z",
            "2024",
            "2024-01-02T03:04:05+1x",
        ] {
            assert_eq!(normalize_offset(text), text);
        }
    }
}
