//! A `Vec<T>` where JSON `null` means an empty list (some APIs answer `{"items": null}` when there
//! is nothing to list). Serializes as a JSON array, `[]` when empty.
//!
//! A field with `with = ...` is not optional to serde, so pair this helper with `#[serde(default)]`
//! to also read a missing field as empty:
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct ListEnvelope {
//!     #[serde(default, with = "api_core::lenient::null_as_empty")]
//!     items: Vec<u32>,
//! }
//! let null: ListEnvelope = serde_json::from_str(r#"{"items": null}"#)?;
//! let missing: ListEnvelope = serde_json::from_str("{}")?;
//! assert!(null.items.is_empty() && missing.items.is_empty());
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes the list as a JSON array.
pub fn serialize<S, T>(value: &[T], serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize,
{
    serializer.collect_seq(value)
}

/// Reads a JSON array, or `null` as an empty list.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}
