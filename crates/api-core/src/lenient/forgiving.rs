//! Best-effort reading of optional fields, on `serde_with`'s `DefaultOnError`: a value that cannot
//! be read is `None` rather than an error for the whole answer.
//!
//! Why: an optional field is one the caller must already do without, so losing its value costs
//! little; failing the response that holds it (a session that was approved, a page of records)
//! costs the answer itself.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_with::{As, DefaultOnError, DeserializeAs};
use time::OffsetDateTime;

/// [`super::datetime`] as a `serde_with` adapter.
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

/// What a best-effort optional field makes of each kind of JSON value; anything it does not
/// read (and every other kind of value) is `None`.
pub(super) trait ReadValue {
    type Value;

    fn from_str(text: &str) -> Option<Self::Value>;

    fn from_i64(_: i64) -> Option<Self::Value> {
        None
    }

    fn from_u64(_: u64) -> Option<Self::Value> {
        None
    }
}

/// The same as [`option`] (a value `R` cannot read is `None`), read in one pass: `option` buffers
/// every value before trying it, which costs an allocation and a second walk per field.
pub(super) fn option_unbuffered<'de, D, R>(deserializer: D) -> Result<Option<R::Value>, D::Error>
where
    D: Deserializer<'de>,
    R: ReadValue,
{
    deserializer.deserialize_any(OptionVisitor::<R>(PhantomData))
}

struct OptionVisitor<R>(PhantomData<R>);

impl<'de, R: ReadValue> Visitor<'de> for OptionVisitor<R> {
    type Value = Option<R::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(R::from_i64(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(R::from_u64(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).ok().and_then(R::from_i64))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(u64::try_from(v).ok().and_then(R::from_u64))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(R::from_str(v))
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}
