//! An integer (`i32`, `i64`, `u64`, ...) sent as a JSON number or as a numeric string (`"51"`), as
//! servers write counters, offsets and `next` fields. Serializes as a JSON number.
//!
//! Built on `serde_with`'s `PickFirst<(Same, DisplayFromStr)>`: the number first, then the
//! string parsed with `FromStr`. Anything else is a serde error.
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

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::{As, DisplayFromStr, PickFirst, Same};

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
    As::<PickFirst<(Same, DisplayFromStr)>>::deserialize(deserializer)
}
