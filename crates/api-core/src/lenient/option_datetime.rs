//! An `Option<OffsetDateTime>` read like [`super::datetime`], on a best-effort basis: `null`, the
//! empty string and any value that is not a date-time in an accepted layout (`"soon"`, `5`) are
//! `None`, because an optional field is one the caller already does without, and an odd value in it
//! must not cost the answer that holds it. Serializes `None` as `null`. Pair it with
//! `#[serde(default)]` when the field may be missing (serde does not default a field that has
//! `with = ...`).
//!
//! ```
//! use api_core::OffsetDateTime;
//!
//! #[derive(serde::Deserialize)]
//! struct Event {
//!     #[serde(default, with = "api_core::lenient::option_datetime")]
//!     ends_at: Option<OffsetDateTime>,
//! }
//! let e: Event = serde_json::from_str(r#"{"ends_at": null}"#)?;
//! assert!(e.ends_at.is_none());
//! let e: Event = serde_json::from_str(r#"{"ends_at": "2024-01-02T03:04:05+01"}"#)?;
//! assert_eq!(e.ends_at.map(|t| t.unix_timestamp()), Some(1_704_161_045));
//! let e: Event = serde_json::from_str(r#"{"ends_at": "next tuesday"}"#)?;
//! assert!(e.ends_at.is_none());
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserializer, Serializer};
use time::OffsetDateTime;

use super::datetime::{format, parse};
use super::forgiving;

/// Writes `null` or an RFC 3339 string.
pub fn serialize<S: Serializer>(
    value: &Option<OffsetDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_str(&format(v).map_err(serde::ser::Error::custom)?),
        None => serializer.serialize_none(),
    }
}

/// Reads any of the accepted layouts; `null`, `""` and anything unreadable are `None`.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    forgiving::option_unbuffered::<D, DateTimeText>(deserializer)
}

/// A date and time is only ever read from a string.
struct DateTimeText;

impl forgiving::ReadValue for DateTimeText {
    type Value = OffsetDateTime;

    fn from_str(text: &str) -> Option<OffsetDateTime> {
        parse(text)
    }
}
