//! An optional integer read like [`super::integer`], on a best-effort basis: `null`, a missing
//! field, `""` and any value that is not an integer (`"n/a"`, `1.5`, an object) are `None`.
//! Serializes `None` as `null`. Pair it with `#[serde(default)]` when the field may be missing.
//!
//! Why best effort: the field is optional, so the caller already copes without it; an odd value in
//! it must not cost the answer that holds it (see the crate's rule "no essential answer lost to a
//! non-essential field").
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Session {
//!     #[serde(default, with = "api_core::lenient::option_integer")]
//!     notification_count: Option<i64>,
//! }
//! let s: Session = serde_json::from_str(r#"{"notification_count": "2"}"#)?;
//! assert_eq!(s.notification_count, Some(2));
//! let s: Session = serde_json::from_str(r#"{"notification_count": "two"}"#)?;
//! assert_eq!(s.notification_count, None);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt::Display;
use std::str::FromStr;

use serde::de::IntoDeserializer;
use serde::de::value::Error as ValueError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `null` or the integer as a JSON number.
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize(serializer)
}

/// Reads a JSON number or a string holding one; anything else is `None`.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de> + FromStr,
    T::Err: Display,
    D: Deserializer<'de>,
{
    super::forgiving::option_unbuffered::<D, Integer<T>>(deserializer)
}

/// A number that fits `T`, or a string `T` parses.
struct Integer<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de> + FromStr> super::forgiving::ReadValue for Integer<T> {
    type Value = T;

    fn from_str(text: &str) -> Option<T> {
        text.parse().ok()
    }

    fn from_i64(v: i64) -> Option<T> {
        T::deserialize(IntoDeserializer::<ValueError>::into_deserializer(v)).ok()
    }

    fn from_u64(v: u64) -> Option<T> {
        T::deserialize(IntoDeserializer::<ValueError>::into_deserializer(v)).ok()
    }
}
