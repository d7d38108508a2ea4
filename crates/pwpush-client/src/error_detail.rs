//! The server's error bodies, read into one typed detail.
//!
//! Password Pusher answers errors in several shapes: an empty 401, `{"error": ..}` objects (some
//! with `message` and `status`), 422 maps of field names to messages, and plain text from the
//! per-IP throttle. [`PwPushErrorParser`] turns each into a [`PwPushError`], reachable from
//! [`crate::Error::detail`].

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;

use api_core::{ErrorDetail, ErrorDetailParser, StatusCode};
use serde_json::Value;

/// What the server said went wrong.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PwPushError {
    /// 401 with an empty body: a token was required, or the one sent is unknown or empty.
    Unauthenticated,
    /// 401: the push is protected and the passphrase was missing or wrong.
    PassphraseIncorrect {
        /// The server's message.
        message: String,
    },
    /// 401: only the owner may expire this push (it is not `deletable_by_viewer`).
    NotDeletable {
        /// The server's message.
        message: String,
    },
    /// 401 with a message: this action needs a signed-in user (for example a file push).
    SignInRequired {
        /// The server's message.
        message: String,
    },
    /// 403: the push belongs to someone else.
    Forbidden {
        /// The server's message.
        message: String,
    },
    /// 403: the instance requires two-factor authentication and the token's user has none.
    MfaRequired {
        /// The server's message.
        message: String,
    },
    /// 404 `not-found`: no such push (it never existed, or it expired and was purged).
    NotFound,
    /// 404 without `not-found`: the server has no such route (a feature turned off, a Pro-only
    /// endpoint on the open-source edition, or an older server).
    RouteNotFound,
    /// 400: the body root is missing, or a page number is invalid.
    BadRequest {
        /// The server's message.
        message: String,
    },
    /// 422: validation failed; messages per field (`base` for the push as a whole).
    Validation {
        /// Field name to messages.
        fields: BTreeMap<String, Vec<String>>,
    },
    /// 429: more than 5 passphrase attempts on this push within a minute.
    TooManyPassphraseAttempts {
        /// The server's message.
        message: String,
    },
    /// 429: more than 5 e-mail notifications within a minute.
    TooManyNotifications {
        /// The server's message.
        message: String,
    },
    /// 429 (or a 403 that says so): the per-client throttle.
    Throttled,
    /// Any other `{"error": ..}` answer.
    Other {
        /// The server's message.
        message: String,
    },
}

impl PwPushError {
    /// The server's message, when it sent one.
    pub fn message(&self) -> Option<&str> {
        match self {
            PwPushError::PassphraseIncorrect { message }
            | PwPushError::NotDeletable { message }
            | PwPushError::SignInRequired { message }
            | PwPushError::Forbidden { message }
            | PwPushError::MfaRequired { message }
            | PwPushError::BadRequest { message }
            | PwPushError::TooManyPassphraseAttempts { message }
            | PwPushError::TooManyNotifications { message }
            | PwPushError::Other { message } => Some(message),
            PwPushError::Unauthenticated
            | PwPushError::NotFound
            | PwPushError::RouteNotFound
            | PwPushError::Validation { .. }
            | PwPushError::Throttled => None,
        }
    }

    /// Reads an error response. `None` when the body has none of the server's error shapes.
    pub fn from_response(status: StatusCode, body: &[u8]) -> Option<Self> {
        let text = String::from_utf8_lossy(body);
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let error = json
            .as_ref()
            .and_then(|v| v.get("error"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mentions = |needle: &str| text.to_ascii_lowercase().contains(needle);
        match status.as_u16() {
            401 if text.trim().is_empty() => Some(PwPushError::Unauthenticated),
            401 => {
                let message = error?;
                Some(if mentions("passphrase") {
                    PwPushError::PassphraseIncorrect { message }
                } else if mentions("deletable") {
                    PwPushError::NotDeletable { message }
                } else {
                    PwPushError::SignInRequired { message }
                })
            }
            403 if mentions("rate limit") => Some(PwPushError::Throttled),
            403 => {
                let message = error?;
                Some(if mentions("two-factor") {
                    PwPushError::MfaRequired { message }
                } else {
                    PwPushError::Forbidden { message }
                })
            }
            404 if error.as_deref() == Some("not-found") => Some(PwPushError::NotFound),
            404 => Some(PwPushError::RouteNotFound),
            400 => error.map(|message| PwPushError::BadRequest { message }),
            422 => match (&error, json) {
                (Some(message), _) => Some(PwPushError::Other {
                    message: message.clone(),
                }),
                (None, Some(Value::Object(map))) => Some(PwPushError::Validation {
                    fields: field_errors(map),
                }),
                (None, _) => None,
            },
            429 => Some(match error {
                Some(message) if mentions("passphrase") => {
                    PwPushError::TooManyPassphraseAttempts { message }
                }
                Some(message) if mentions("notification") => {
                    PwPushError::TooManyNotifications { message }
                }
                _ => PwPushError::Throttled,
            }),
            _ => error.map(|message| PwPushError::Other { message }),
        }
    }
}

/// Each value is a list of messages, or (leniently) a single message.
fn field_errors(map: serde_json::Map<String, Value>) -> BTreeMap<String, Vec<String>> {
    map.into_iter()
        .map(|(field, messages)| {
            let messages = match messages {
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                Value::String(one) => vec![one],
                other => vec![other.to_string()],
            };
            (field, messages)
        })
        .collect()
}

impl fmt::Display for PwPushError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PwPushError::Unauthenticated => {
                f.write_str("authentication required, or the token is not valid")
            }
            PwPushError::NotFound => {
                f.write_str("no such push (never existed, or expired and purged)")
            }
            PwPushError::RouteNotFound => f.write_str("the server has no such endpoint"),
            PwPushError::Throttled => f.write_str("too many requests"),
            PwPushError::Validation { fields } => {
                f.write_str("validation failed:")?;
                for (field, messages) in fields {
                    write!(f, " {field}: {};", messages.join(", "))?;
                }
                Ok(())
            }
            other => f.write_str(other.message().unwrap_or("error")),
        }
    }
}

impl ErrorDetail for PwPushError {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The [`ErrorDetailParser`] the client installs in api-core.
#[derive(Clone, Copy, Debug, Default)]
pub struct PwPushErrorParser;

impl ErrorDetailParser for PwPushErrorParser {
    fn parse(&self, status: StatusCode, body: &[u8]) -> Option<Box<dyn ErrorDetail>> {
        PwPushError::from_response(status, body)
            .map(|detail| Box::new(detail) as Box<dyn ErrorDetail>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Option<PwPushError> {
        PwPushError::from_response(StatusCode::from_u16(status).ok()?, body.as_bytes())
    }

    #[test]
    fn empty_401_is_unauthenticated() {
        assert_eq!(parse(401, ""), Some(PwPushError::Unauthenticated));
    }

    #[test]
    fn passphrase_401_is_passphrase_incorrect() {
        let body = r#"{"error":"That passphrase is incorrect.","message":"This push requires a passphrase.","status":"unauthorized"}"#;
        assert!(matches!(
            parse(401, body),
            Some(PwPushError::PassphraseIncorrect { .. })
        ));
    }

    #[test]
    fn not_found_404_differs_from_a_missing_route() {
        assert_eq!(
            parse(404, r#"{"error":"not-found"}"#),
            Some(PwPushError::NotFound)
        );
        assert_eq!(
            parse(404, r#"{"status":404,"error":"Not Found"}"#),
            Some(PwPushError::RouteNotFound)
        );
    }

    #[test]
    fn field_error_map_becomes_validation() {
        let Some(PwPushError::Validation { fields }) =
            parse(422, r#"{"payload":["Payload is required."]}"#)
        else {
            panic!("expected a validation error");
        };
        assert_eq!(
            fields.get("payload"),
            Some(&vec!["Payload is required.".to_owned()])
        );
    }

    #[test]
    fn plain_text_429_is_throttled() {
        assert_eq!(parse(429, "Retry later\n"), Some(PwPushError::Throttled));
    }

    #[test]
    fn mfa_403_is_told_apart_from_ownership() {
        let mfa =
            r#"{"error":"Two-factor authentication is required. Please set it up to continue."}"#;
        assert!(matches!(
            parse(403, mfa),
            Some(PwPushError::MfaRequired { .. })
        ));
        let owner = r#"{"error":"That push doesn't belong to you."}"#;
        assert!(matches!(
            parse(403, owner),
            Some(PwPushError::Forbidden { .. })
        ));
    }
}
