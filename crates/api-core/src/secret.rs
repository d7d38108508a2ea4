//! A string that never prints: API keys, tokens, passphrases and secret payloads.

use std::fmt;

use secrecy::ExposeSecret;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string: `Debug` and `Display` print `[REDACTED]`, the memory is zeroized on drop.
///
/// Serde reads and writes the plain value, so a secret can sit inside request and response
/// models; only [`expose_secret`](Self::expose_secret) hands the value back to code.
///
/// ```
/// use api_core::SecretString;
///
/// let key = SecretString::new("k-123");
/// assert_eq!(format!("{key:?}"), "[REDACTED]");
/// assert_eq!(key.expose_secret(), "k-123");
/// ```
#[derive(Clone)]
pub struct SecretString(secrecy::SecretString);

impl SecretString {
    /// Wraps a value as a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(secrecy::SecretString::from(value.into()))
    }

    /// The plain value. Call it only where the value must leave the process (a header, a body).
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.expose_secret().is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

// Comparing secrets is needed by model equality in tests; timing attacks are not a concern for
// client-side values.
impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl Eq for SecretString {}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let secret = SecretString::new("hunter2");
        assert_eq!(format!("{secret:?}"), "[REDACTED]");
        assert_eq!(secret.to_string(), "[REDACTED]");
    }

    #[test]
    fn serde_round_trips_the_plain_value() {
        let secret: SecretString = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(secret.expose_secret(), "hunter2");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
    }

    #[test]
    fn empty_secret_is_reported_empty() {
        assert!(SecretString::from("").is_empty());
        assert!(!SecretString::from(String::from("x")).is_empty());
    }
}
