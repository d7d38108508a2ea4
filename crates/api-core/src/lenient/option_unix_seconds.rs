//! An `Option<OffsetDateTime>` read like [`super::unix_seconds`], where `null` and the empty string
//! are `None`. Serializes `None` as `null`. Pair it with `#[serde(default)]` when the field may be
//! missing (serde does not default a field that has `with = ...`).
//!
//! ```
//! use api_core::OffsetDateTime;
//!
//! #[derive(serde::Deserialize)]
//! struct Login {
//!     #[serde(default, with = "api_core::lenient::option_unix_seconds")]
//!     last_used: Option<OffsetDateTime>,
//! }
//! let l: Login = serde_json::from_str(r#"{"last_used": null}"#)?;
//! assert!(l.last_used.is_none());
//! let l: Login = serde_json::from_str(r#"{"last_used": 1700000000.25}"#)?;
//! assert_eq!(l.last_used.map(|t| t.unix_timestamp()), Some(1_700_000_000));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::OffsetDateTime;

use super::unix_seconds::UnixSecondsVisitor;

/// Writes `null` or whole UNIX seconds as an integer.
pub fn serialize<S: Serializer>(
    value: &Option<OffsetDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_i64(v.unix_timestamp()),
        None => serializer.serialize_none(),
    }
}

/// Reads `null`, `""`, or UNIX seconds as an integer, a float or a numeric string.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    deserializer.deserialize_option(OptionUnixSecondsVisitor)
}

struct OptionUnixSecondsVisitor;

impl<'de> Visitor<'de> for OptionUnixSecondsVisitor {
    type Value = Option<OffsetDateTime>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null or ")?;
        UnixSecondsVisitor.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        UnixSecondsVisitor.visit_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        UnixSecondsVisitor.visit_u64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        UnixSecondsVisitor.visit_f64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        UnixSecondsVisitor.visit_str(v).map(Some)
    }
}
