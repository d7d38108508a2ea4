//! A string that may arrive as a JSON number (an offset written `"51"` by one server and `51` by the
//! next): a number is kept as its decimal text. Serializes as a JSON string.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Paging {
//!     #[serde(with = "api_core::lenient::string_or_number")]
//!     next: String,
//! }
//! let a: Paging = serde_json::from_str(r#"{"next": "51"}"#)?;
//! let b: Paging = serde_json::from_str(r#"{"next": 51}"#)?;
//! assert_eq!((a.next.as_str(), b.next.as_str()), ("51", "51"));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// Writes the string.
pub fn serialize<S: Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value)
}

/// Reads a string, or a number as its decimal text.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(StringOrNumberVisitor)
}

/// Visits a string or a number; shared with [`super::forgiving`].
pub(super) struct StringOrNumberVisitor;

impl Visitor<'_> for StringOrNumberVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}
