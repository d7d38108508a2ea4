//! An `Option<OffsetDateTime>` read like [`super::datetime`], where `null` and the empty string are
//! `None`. Serializes `None` as `null`. Pair it with `#[serde(default)]` when the field may be
//! missing (serde does not default a field that has `with = ...`).
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
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::OffsetDateTime;

use super::datetime::{DateTimeVisitor, format};

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

/// Reads `null`, `""` or any of the accepted RFC 3339 dialects.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    deserializer.deserialize_option(OptionDateTimeVisitor)
}

struct OptionDateTimeVisitor;

impl<'de> Visitor<'de> for OptionDateTimeVisitor {
    type Value = Option<OffsetDateTime>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null or ")?;
        DateTimeVisitor.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        DateTimeVisitor.visit_str(v).map(Some)
    }
}
