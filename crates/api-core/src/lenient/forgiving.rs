//! Best-effort reading of optional fields, on `serde_with`'s `DefaultOnError`: a value that cannot
//! be read is `None` rather than an error for the whole answer.
//!
//! Why: an optional field is one the caller must already do without, so losing its value costs
//! little; failing the response that holds it (a session that was approved, a page of records)
//! costs the answer itself.

use serde::Deserializer;
use serde_with::{As, DefaultOnError, DeserializeAs};
use time::OffsetDateTime;

/// [`super::datetime`] as a `serde_with` adapter.
pub(super) struct DateTime;

impl<'de> DeserializeAs<'de, OffsetDateTime> for DateTime {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        super::datetime::deserialize(deserializer)
    }
}

/// [`super::unix_seconds`] as a `serde_with` adapter.
pub(super) struct UnixSeconds;

impl<'de> DeserializeAs<'de, OffsetDateTime> for UnixSeconds {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        super::unix_seconds::deserialize(deserializer)
    }
}

/// Reads `null` as `None`, a value `U` can read as `Some`, and anything else as `None`.
pub(super) fn option<'de, D, T, U>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    U: DeserializeAs<'de, T>,
{
    As::<DefaultOnError<Option<U>>>::deserialize(deserializer)
}

/// [`super::string_or_number`] as a `serde_with` adapter.
pub(super) struct StringOrNumber;

impl<'de> DeserializeAs<'de, String> for StringOrNumber {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        super::string_or_number::deserialize(deserializer)
    }
}
