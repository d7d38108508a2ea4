//! [`Patch`]: the three states of a field in a partial update, and [`IntoPatch`], what a setter of
//! such a field accepts.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a PATCH body where `null` means "clear": absent (leave untouched), null (clear) or a
/// value (set).
///
/// `Option<T>` cannot tell "leave it" from "clear it"; `Patch<T>` can. Declare the field as
///
/// ```
/// use api_core::Patch;
///
/// #[derive(Default, serde::Serialize, serde::Deserialize)]
/// struct UpdateContact {
///     #[serde(default, skip_serializing_if = "Patch::is_absent")]
///     nickname: Patch<String>,
///     #[serde(default, skip_serializing_if = "Patch::is_absent")]
///     notes: Patch<String>,
/// }
///
/// let body = UpdateContact { nickname: Patch::Null, notes: Patch::Value("call after 5pm".into()) };
/// assert_eq!(serde_json::to_string(&body)?, r#"{"nickname":null,"notes":"call after 5pm"}"#);
/// assert_eq!(serde_json::to_string(&UpdateContact::default())?, "{}");
///
/// let read: UpdateContact = serde_json::from_str(r#"{"nickname":null}"#)?;
/// assert!(read.nickname.is_null() && read.notes.is_absent());
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// so that an absent field is skipped, [`Patch::Null`] writes `null` and [`Patch::Value`] writes
/// the value; reading maps a missing field to `Absent` (that is what `default` does), `null` to
/// `Null` and anything else to `Value`.
///
/// Absent is the default. `From<Option<T>>` maps `None` to [`Patch::Null`] (not to `Absent`):
/// a caller who passes an option has said something about the field, and `None` says "no value".
///
/// Serializing an `Absent` field that is not skipped writes `null`; always pair the field with
/// `skip_serializing_if = "Patch::is_absent"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Leave the field as it is: the field is not sent.
    #[default]
    Absent,
    /// Clear the field: `null` is sent.
    Null,
    /// Set the field to this value.
    Value(T),
}

impl<T> Patch<T> {
    /// True for [`Patch::Absent`]; the `skip_serializing_if` predicate.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// True for [`Patch::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }

    /// The value, if one is set.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            Patch::Absent | Patch::Null => None,
        }
    }

    /// The update as nested options: `None` = absent, `Some(None)` = null, `Some(Some(v))` = value.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Patch::Absent => None,
            Patch::Null => Some(None),
            Patch::Value(v) => Some(Some(v)),
        }
    }

    /// Converts the value, keeping absent and null as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(v) => Patch::Value(f(v)),
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets the value; `None` clears the field (it does not leave it absent).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Patch::Value(v),
            None => Patch::Null,
        }
    }
}

/// What a setter of a tri-state field accepts: a value sets the field, `None` clears it, and a
/// [`Patch`] is taken as it is. (A setter that is not called leaves the field absent.)
///
/// A setter declared as `fn notes(self, notes: impl IntoPatch<String>)` can be called with
/// `"text"`, `String::from("text")`, `Some("text".to_owned())`, `None` or `Patch::Null`.
///
/// ```
/// use api_core::{IntoPatch, Patch};
///
/// fn notes(value: impl IntoPatch<String>) -> Patch<String> {
///     value.into_patch()
/// }
///
/// assert_eq!(notes("audited"), Patch::Value("audited".to_owned()));
/// assert_eq!(notes(None::<String>), Patch::Null);
/// assert_eq!(notes(Patch::Absent), Patch::Absent);
/// ```
pub trait IntoPatch<T> {
    /// The field's new state.
    fn into_patch(self) -> Patch<T>;
}

impl<T> IntoPatch<T> for T {
    fn into_patch(self) -> Patch<T> {
        Patch::Value(self)
    }
}

impl<T> IntoPatch<T> for Option<T> {
    fn into_patch(self) -> Patch<T> {
        Patch::from(self)
    }
}

impl<T> IntoPatch<T> for Patch<T> {
    fn into_patch(self) -> Patch<T> {
        self
    }
}

impl IntoPatch<String> for &str {
    fn into_patch(self) -> Patch<String> {
        Patch::Value(self.to_owned())
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(v) => serializer.serialize_some(v),
            Patch::Absent | Patch::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Patch::from)
    }
}
