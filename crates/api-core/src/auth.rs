//! How a client proves who it is: an API key header, a Bearer token, a pair of headers, or nothing.

use std::fmt;

use http::header::AUTHORIZATION;
use http::{HeaderName, HeaderValue};

use crate::error::Error;
use crate::secret::SecretString;

/// The credentials a client sends on every call that is not anonymous.
///
/// `Debug` shows the scheme and the header names, never a value.
///
/// ```
/// use api_core::Auth;
///
/// let auth = Auth::api_key("x-example-key", "k-123");
/// assert!(!format!("{auth:?}").contains("k-123"));
/// ```
#[non_exhaustive]
#[derive(Clone)]
pub enum Auth {
    /// No credentials: calls carry no auth header.
    None,
    /// A key sent as the value of a named header.
    ApiKeyHeader {
        /// The header carrying the key.
        header: HeaderName,
        /// The key.
        key: SecretString,
    },
    /// `Authorization: Bearer <token>`.
    Bearer(SecretString),
    /// Two headers sent together (for example an account name and a token).
    HeaderPair {
        /// The first header and its value.
        first: (HeaderName, SecretString),
        /// The second header and its value.
        second: (HeaderName, SecretString),
    },
}

impl Auth {
    /// A key sent in the header `header`.
    ///
    /// # Panics
    ///
    /// Panics when `header` is not a valid header name. Header names are constants of the
    /// calling crate, so this is a programming error; use [`Auth::try_api_key`] for names
    /// known only at run time.
    pub fn api_key(header: &'static str, key: impl Into<SecretString>) -> Self {
        Self::ApiKeyHeader {
            header: static_header_name(header),
            key: key.into(),
        }
    }

    /// Like [`Auth::api_key`] for a header name known only at run time.
    pub fn try_api_key(header: &str, key: impl Into<SecretString>) -> Result<Self, Error> {
        let header = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| Error::config("the API key header name is not a valid header name"))?;
        Ok(Self::ApiKeyHeader {
            header,
            key: key.into(),
        })
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<SecretString>) -> Self {
        Self::Bearer(token.into())
    }

    /// Two headers sent together on every call.
    ///
    /// # Panics
    ///
    /// Panics when a header name is not valid (a programming error, as in [`Auth::api_key`]).
    pub fn header_pair(
        first_header: &'static str,
        first_value: impl Into<SecretString>,
        second_header: &'static str,
        second_value: impl Into<SecretString>,
    ) -> Self {
        Self::HeaderPair {
            first: (static_header_name(first_header), first_value.into()),
            second: (static_header_name(second_header), second_value.into()),
        }
    }

    /// A short name of the scheme, safe to log: `none`, `api_key`, `bearer` or `header_pair`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ApiKeyHeader { .. } => "api_key",
            Self::Bearer(_) => "bearer",
            Self::HeaderPair { .. } => "header_pair",
        }
    }

    /// The headers to send, each marked sensitive so that HTTP tooling does not print them.
    ///
    /// Fails with [`Error::Config`] on an empty credential or one that cannot be a header value.
    pub(crate) fn header_values(&self) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
        match self {
            Self::None => Ok(Vec::new()),
            Self::ApiKeyHeader { header, key } => Ok(vec![(
                header.clone(),
                sensitive_value(key.expose_secret(), "API key")?,
            )]),
            Self::Bearer(token) => {
                if token.is_empty() {
                    return Err(Error::config("the bearer token is empty"));
                }
                let value = format!("Bearer {}", token.expose_secret());
                Ok(vec![(
                    AUTHORIZATION,
                    sensitive_value(&value, "bearer token")?,
                )])
            }
            Self::HeaderPair { first, second } => Ok(vec![
                (
                    first.0.clone(),
                    sensitive_value(first.1.expose_secret(), "credential")?,
                ),
                (
                    second.0.clone(),
                    sensitive_value(second.1.expose_secret(), "credential")?,
                ),
            ]),
        }
    }
}

fn static_header_name(name: &'static str) -> HeaderName {
    match HeaderName::from_bytes(name.as_bytes()) {
        Ok(header) => header,
        Err(_) => panic!("`{name}` is not a valid HTTP header name"),
    }
}

fn sensitive_value(value: &str, what: &str) -> Result<HeaderValue, Error> {
    if value.is_empty() {
        return Err(Error::config(format!("the {what} is empty")));
    }
    // The error names only what was wrong, never the value itself.
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        Error::config(format!(
            "the {what} holds characters not allowed in an HTTP header"
        ))
    })?;
    header.set_sensitive(true);
    Ok(header)
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("Auth::None"),
            Self::ApiKeyHeader { header, .. } => f
                .debug_struct("Auth::ApiKeyHeader")
                .field("header", header)
                .field("key", &"[REDACTED]")
                .finish(),
            Self::Bearer(_) => f.write_str("Auth::Bearer([REDACTED])"),
            Self::HeaderPair { first, second } => f
                .debug_struct("Auth::HeaderPair")
                .field("first", &(&first.0, "[REDACTED]"))
                .field("second", &(&second.0, "[REDACTED]"))
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_normalised_to_lowercase() {
        let Auth::ApiKeyHeader { header, .. } = Auth::api_key("X-Example-Key", "k") else {
            panic!("api_key builds an ApiKeyHeader");
        };
        assert_eq!(header.as_str(), "x-example-key");
    }

    #[test]
    fn auth_header_values_are_marked_sensitive() {
        let values = Auth::bearer("t-1").header_values().unwrap();
        assert_eq!(values.len(), 1);
        assert_eq!(values[0].0, AUTHORIZATION);
        assert!(values[0].1.is_sensitive());
        assert_eq!(values[0].1.to_str().unwrap(), "Bearer t-1");
    }

    #[test]
    fn empty_credentials_are_a_config_error() {
        for auth in [
            Auth::api_key("x-example-key", ""),
            Auth::bearer(""),
            Auth::header_pair("x-account-email", "a@b.c", "x-account-token", ""),
        ] {
            let err = auth.header_values().unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{err:?}");
        }
    }

    #[test]
    fn a_newline_in_a_credential_is_refused_without_echoing_it() {
        let err = Auth::bearer("abc\ndef").header_values().unwrap_err();
        assert!(matches!(err, Error::Config { .. }));
        assert!(!err.to_string().contains("abc"));
    }

    #[test]
    fn invalid_runtime_header_name_is_a_config_error() {
        assert!(matches!(
            Auth::try_api_key("bad header", "k"),
            Err(Error::Config { .. })
        ));
    }
}
