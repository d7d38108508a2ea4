//! Lenient decoding helpers for `#[serde(with = "...")]`, for APIs whose JSON is looser than their
//! documentation: booleans and integers sent as strings, strings sent as numbers, `null` where an
//! empty list is meant, timestamps in several RFC 3339 dialects, without an offset, in Go's default
//! layout, or as UNIX seconds in more than one JSON type, and open enums whose value may be `null`
//! or not a string.
//!
//! Every helper is strict when writing: it serializes the one canonical form (a JSON boolean, an
//! array, an RFC 3339 string, an integer), so a value read leniently goes back out exactly.
//! For a required value, bad input is a serde error naming what was expected, never a panic. The
//! `option_*` helpers for dates and integers are best effort: a value they cannot read is `None`,
//! since an optional field must not cost the answer that holds it.
//!
//! The integer and best-effort helpers are built on `serde_with` (`PickFirst`, `DisplayFromStr`,
//! `DefaultOnError`), used without its macros.
//!
//! ```
//! use api_core::{lenient, OffsetDateTime};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Deserialize, Serialize)]
//! struct Record {
//!     #[serde(with = "lenient::bool_or_string")]
//!     resolved: bool,
//!     #[serde(default, with = "lenient::null_as_empty")]
//!     tags: Vec<String>,
//!     #[serde(with = "lenient::unix_seconds")]
//!     created: OffsetDateTime,
//!     #[serde(default, with = "lenient::option_datetime")]
//!     closed_at: Option<OffsetDateTime>,
//! }
//!
//! let record: Record = serde_json::from_str(
//!     r#"{"resolved": "true", "tags": null, "created": "1700000000", "closed_at": "2024-01-02T03:04:05+0100"}"#,
//! )?;
//! assert!(record.resolved);
//! assert!(record.tags.is_empty());
//! assert_eq!(record.created.unix_timestamp(), 1_700_000_000);
//! assert_eq!(
//!     serde_json::to_string(&record)?,
//!     r#"{"resolved":true,"tags":[],"created":1700000000,"closed_at":"2024-01-02T03:04:05+01:00"}"#,
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

pub mod bool_or_string;
pub mod datetime;
mod forgiving;
pub mod integer;
pub mod null_as_empty;
pub mod open_enum_value;
pub mod option_bool_or_string;
pub mod option_datetime;
pub mod option_integer;
pub mod option_string_or_number;
pub mod option_unix_seconds;
pub mod string_or_number;
pub mod unix_seconds;
