//! The text of an open enum's value, read from whatever the server sent: a string as it is, `null`
//! as the empty string, a number or a boolean as its JSON text, a list or an object as the empty
//! string. Generated open enums decode through it, so a field that steers the caller (a session's
//! status) becomes `Unknown(..)`, which no caller acts on, instead of failing the whole answer.
//!
//! ```
//! let text = |json: &str| {
//!     let mut de = serde_json::Deserializer::from_str(json);
//!     api_core::lenient::open_enum_value::deserialize(&mut de)
//! };
//! assert_eq!(text(r#""accepted""#)?, "accepted");
//! assert_eq!(text("null")?, "");
//! assert_eq!(text("3")?, "3");
//! assert_eq!(text(r#"{"state": "accepted"}"#)?, "");
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::Deserializer;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Reads any JSON value as the text an open enum is built from.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(ValueText)
}

struct ValueText;

impl<'de> Visitor<'de> for ValueText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
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

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(String::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(String::new())
    }
}
