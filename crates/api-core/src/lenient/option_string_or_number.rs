//! An `Option<String>` read like [`super::string_or_number`], on a best-effort basis: `null` and any
//! value that is neither a string nor a number are `None`. Serializes `None` as `null`. Pair it with
//! `#[serde(default)]` when the field may be missing.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Paging {
//!     #[serde(default, with = "api_core::lenient::option_string_or_number")]
//!     next: Option<String>,
//! }
//! let p: Paging = serde_json::from_str(r#"{"next": 51}"#)?;
//! assert_eq!(p.next.as_deref(), Some("51"));
//! let p: Paging = serde_json::from_str(r#"{"next": null}"#)?;
//! assert_eq!(p.next, None);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserializer, Serialize, Serializer};

use super::forgiving;

/// Writes `null` or the string.
pub fn serialize<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize(serializer)
}

/// Reads a string, or a number as its decimal text; anything else is `None`.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    forgiving::option::<D, String, forgiving::StringOrNumber>(deserializer)
}
