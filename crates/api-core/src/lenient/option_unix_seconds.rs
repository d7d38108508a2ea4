//! An `Option<OffsetDateTime>` read like [`super::unix_seconds`], on a best-effort basis: `null`,
//! the empty string and any value that is not UNIX seconds (`"later"`, `[1]`) are `None`, because
//! an optional field must not cost the answer that holds it. Serializes `None` as `null`. Pair it with `#[serde(default)]` when the field may be
//! missing (serde does not default a field that has `with = ...`).
//!
//! ```
//! use api_core::OffsetDateTime;
//!
//! #[derive(serde::Deserialize)]
//! struct Login {
//!     #[serde(default, with = "api_core::lenient::option_unix_seconds")]
//!     last_used: Option<OffsetDateTime>,
//! }
//! let l: Login = serde_json::from_str(r#"{"last_used": null}"#)?;
//! assert!(l.last_used.is_none());
//! let l: Login = serde_json::from_str(r#"{"last_used": 1700000000.25}"#)?;
//! assert_eq!(l.last_used.map(|t| t.unix_timestamp()), Some(1_700_000_000));
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserializer, Serializer};
use time::OffsetDateTime;

use super::forgiving;

/// Writes `null` or whole UNIX seconds as an integer.
pub fn serialize<S: Serializer>(
    value: &Option<OffsetDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_i64(v.unix_timestamp()),
        None => serializer.serialize_none(),
    }
}

/// Reads UNIX seconds as an integer, a float or a numeric string; `null`, `""` and anything
/// unreadable are `None`.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    forgiving::option::<D, OffsetDateTime, forgiving::UnixSeconds>(deserializer)
}
