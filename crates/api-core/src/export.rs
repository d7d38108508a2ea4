//! Serializers for response models written out by the application (a CSV row, a JSON log, a cache):
//! a secret is written as `[REDACTED]`, never as its value. Generated response models name these in
//! `#[serde(serialize_with = "...")]`; request bodies keep the plain value, since the server needs it.
//!
//! A caller who means to write a secret out calls [`SecretString::expose_secret`] on the field itself.
//!
//! ```
//! use api_core::SecretString;
//!
//! #[derive(serde::Serialize)]
//! struct Row {
//!     #[serde(serialize_with = "api_core::export::redacted")]
//!     token: SecretString,
//!     #[serde(serialize_with = "api_core::export::option_redacted")]
//!     passphrase: Option<SecretString>,
//! }
//! let row = Row { token: SecretString::new("t-123"), passphrase: None };
//! assert_eq!(serde_json::to_string(&row)?, r#"{"token":"[REDACTED]","passphrase":null}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::Serializer;

use crate::SecretString;

/// What a secret is written as.
pub const REDACTED: &str = "[REDACTED]";

/// Writes `[REDACTED]` in place of the secret.
pub fn redacted<S: Serializer>(_secret: &SecretString, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(REDACTED)
}

/// Writes `[REDACTED]` for a secret and `null` for none, so a reader still sees whether one was set.
pub fn option_redacted<S: Serializer>(
    secret: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match secret {
        Some(_) => serializer.serialize_str(REDACTED),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Row {
        #[serde(serialize_with = "redacted")]
        token: SecretString,
        #[serde(serialize_with = "option_redacted")]
        set: Option<SecretString>,
        #[serde(serialize_with = "option_redacted")]
        unset: Option<SecretString>,
    }

    #[test]
    fn secrets_are_written_redacted_and_absent_ones_as_null() {
        let row = Row {
            token: SecretString::new("t-123"),
            set: Some(SecretString::new("p-456")),
            unset: None,
        };
        let json = serde_json::to_string(&row).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"token":"[REDACTED]","set":"[REDACTED]","unset":null}"#
        );
    }
}
