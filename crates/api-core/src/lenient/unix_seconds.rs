//! An [`OffsetDateTime`] carried as UNIX seconds: read from an integer, a float (the fraction
//! kept to the nanosecond, as far as `f64` holds it), or a string holding either; written as
//! an integer (whole seconds, the fraction dropped). The value is read in UTC.
//!
//! ```
//! use api_core::OffsetDateTime;
//!
//! #[derive(serde::Deserialize, serde::Serialize)]
//! struct Login {
//!     #[serde(with = "api_core::lenient::unix_seconds")]
//!     last_used: OffsetDateTime,
//! }
//! let l: Login = serde_json::from_str(r#"{"last_used": "1700000000"}"#)?;
//! assert_eq!(serde_json::to_string(&l)?, r#"{"last_used":1700000000}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::{Duration, OffsetDateTime};

/// Writes whole UNIX seconds as an integer.
pub fn serialize<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(value.unix_timestamp())
}

/// Reads UNIX seconds from an integer, a float or a numeric string.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
    deserializer.deserialize_any(UnixSecondsVisitor)
}

/// Visits the accepted forms; shared with [`super::option_unix_seconds`].
pub(super) struct UnixSecondsVisitor;

impl<'de> Visitor<'de> for UnixSecondsVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UNIX seconds as an integer, a float or a numeric string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<OffsetDateTime, E> {
        OffsetDateTime::from_unix_timestamp(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<OffsetDateTime, E> {
        i64::try_from(v)
            .ok()
            .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<OffsetDateTime, E> {
        from_float_seconds(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<OffsetDateTime, E> {
        let text = v.trim();
        let parsed = match text.parse::<i64>() {
            Ok(secs) => OffsetDateTime::from_unix_timestamp(secs).ok(),
            Err(_) => text.parse::<f64>().ok().and_then(from_float_seconds),
        };
        parsed.ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// Whole seconds and the fraction are converted apart, so the fraction keeps its precision for
/// present-day timestamps (about 1e9 seconds) instead of being lost in one `* 1e9`.
fn from_float_seconds(v: f64) -> Option<OffsetDateTime> {
    // `as i64` saturates, so a huge value is rejected by the range check below, not wrapped.
    if !v.is_finite() || v.abs() >= i64::MAX as f64 {
        return None;
    }
    let whole = v.trunc();
    let nanos = ((v - whole) * 1e9).round() as i64;
    OffsetDateTime::from_unix_timestamp(whole as i64)
        .ok()?
        .checked_add(Duration::nanoseconds(nanos))
}
