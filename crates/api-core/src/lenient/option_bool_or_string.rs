//! An `Option<bool>` read like [`super::bool_or_string`], where `null` and the empty string are
//! `None`. Serializes `None` as `null` and a value as a JSON boolean.
//!
//! serde does not treat a missing field as `None` for a field with `with = ...`, so pair it with
//! `#[serde(default)]` when the field may be absent:
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Settings {
//!     #[serde(default, with = "api_core::lenient::option_bool_or_string")]
//!     notify: Option<bool>,
//! }
//! let s: Settings = serde_json::from_str(r#"{"notify": "false"}"#)?;
//! assert_eq!(s.notify, Some(false));
//! let s: Settings = serde_json::from_str("{}")?;
//! assert_eq!(s.notify, None);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

use super::bool_or_string::BoolVisitor;

/// Writes `null` or the canonical JSON boolean.
pub fn serialize<S: Serializer>(value: &Option<bool>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_bool(*v),
        None => serializer.serialize_none(),
    }
}

/// Reads `null`, `""`, a boolean, a boolean string or a 0/1 number.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_option(OptionBoolVisitor)
}

struct OptionBoolVisitor;

impl<'de> Visitor<'de> for OptionBoolVisitor {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null or ")?;
        BoolVisitor.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<bool>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<bool>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<bool>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<bool>, E> {
        Ok(Some(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<bool>, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        BoolVisitor.visit_str(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<bool>, E> {
        BoolVisitor.visit_u64(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<bool>, E> {
        BoolVisitor.visit_i64(v).map(Some)
    }
}
