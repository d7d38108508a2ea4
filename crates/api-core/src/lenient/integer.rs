//! An integer (`i32`, `i64`, `u64`, ...) sent as a JSON number or as a numeric string (`"51"`), as
//! servers write counters, offsets and `next` fields. Serializes as a JSON number.
//!
//! The number as `T` reads it (so it must fit), or the string parsed with `FromStr`, in one pass
//! with nothing buffered. Anything else is a serde error.
//!
//! ```
//! #[derive(serde::Deserialize, serde::Serialize)]
//! struct Page {
//!     #[serde(with = "api_core::lenient::integer")]
//!     total: i64,
//! }
//! let page: Page = serde_json::from_str(r#"{"total": "51"}"#)?;
//! assert_eq!(page.total, 51);
//! assert_eq!(serde_json::to_string(&page)?, r#"{"total":51}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt::Display;
use std::str::FromStr;

use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes the integer as a JSON number.
pub fn serialize<T: Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize(serializer)
}

/// Reads a JSON number or a string holding one.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Deserialize<'de> + FromStr,
    T::Err: Display,
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(IntegerVisitor(std::marker::PhantomData))
}

struct IntegerVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T> Visitor<'de> for IntegerVisitor<T>
where
    T: Deserialize<'de> + FromStr,
    T::Err: Display,
{
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an integer, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::deserialize(v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::deserialize(v.into_deserializer())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}
