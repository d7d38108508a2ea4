//! A `bool` that may arrive as a JSON boolean, as the strings `"true"` / `"false"` (any ASCII case)
//! or `"1"` / `"0"`, or as the numbers `1` / `0`. Serializes as a JSON boolean.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Deleted {
//!     #[serde(with = "api_core::lenient::bool_or_string")]
//!     deleted: bool,
//! }
//! let d: Deleted = serde_json::from_str(r#"{"deleted": "true"}"#)?;
//! assert!(d.deleted);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// Writes the canonical JSON boolean.
pub fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bool(*value)
}

/// Reads a boolean, a boolean string or a 0/1 number.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(BoolVisitor)
}

/// Visits the accepted forms; shared with [`super::option_bool_or_string`].
pub(super) struct BoolVisitor;

/// What a bad value is reported as being expected.
const EXPECTED: &str = "a boolean, \"true\", \"false\", \"1\", \"0\", 1 or 0";

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        parse_bool_str(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
}

/// The string forms of a boolean that APIs are seen to send.
fn parse_bool_str(v: &str) -> Option<bool> {
    let v = v.trim();
    if v.eq_ignore_ascii_case("true") || v == "1" {
        Some(true)
    } else if v.eq_ignore_ascii_case("false") || v == "0" {
        Some(false)
    } else {
        None
    }
}
