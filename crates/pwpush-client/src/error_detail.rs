//! The server's error bodies, read into one typed detail.
//!
//! Password Pusher answers errors in several shapes: an empty 401, `{"error": ..}` objects (some
//! with `message` and `status`), 422 maps of field names to messages, and plain text from the
//! per-IP throttle. Its messages are translated into the caller's language
//! (`app/controllers/concerns/set_locale.rb`: `?locale`, the user's preference, `Accept-Language`,
//! the instance default), so the kind is decided from the status, the body's structure and the
//! operation called, never from the words; the message is only carried.
//!
//! [`PwPushErrorParser`] sees only the status and body; the client refines the kind with the
//! operation (see [`crate::Error::detail`]), which separates answers of the same shape: a 401
//! `{"error": ..}` is "not deletable" from an expire and "sign in" from a create, a 429
//! `{"error": ..}` is the passphrase limit on a read and the notification limit on `notify_emails`.

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
    /// 401 on a read, `{"error", "message", "status"}`: the push is protected and the passphrase
    /// was missing or wrong.
    PassphraseIncorrect {
        /// The server's message.
        message: String,
    },
    /// 401 `{"error": ..}` on an expire: only the owner may expire this push (it is not
    /// `deletable_by_viewer`).
    NotDeletable {
        /// The server's message.
        message: String,
    },
    /// 401 `{"error": ..}` on a create: this push needs a signed-in user (a file push).
    SignInRequired {
        /// The server's message.
        message: String,
    },
    /// 403 `{"error": ..}` on an audit or `notify_emails`: the push belongs to someone else. (An
    /// instance that requires two-factor authentication answers the same shape there; the message
    /// says which.)
    Forbidden {
        /// The server's message.
        message: String,
    },
    /// 403 `{"error": ..}` on an operation that has no owner check: the instance requires
    /// two-factor authentication and the token's user has none.
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
    /// 429 `{"error": ..}` on a read: more than 5 passphrase attempts on this push within a minute.
    /// No `Retry-After`; not retried (another attempt only spends the allowance).
    TooManyPassphraseAttempts {
        /// The server's message.
        message: String,
    },
    /// 429 `{"error": ..}` on `notify_emails`: more than 5 e-mail notifications within a minute.
    /// Not retried.
    TooManyNotifications {
        /// The server's message.
        message: String,
    },
    /// 429 that is not a per-action limit (the per-IP throttle answers plain text with
    /// `Retry-After`), or a 403 carrying `Retry-After`.
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

    /// Reads an error response without knowing the operation. `None` when the body has none of
    /// the server's error shapes. Answers whose kind depends on the operation (a 401, 403 or 429
    /// `{"error": ..}`) come out as [`PwPushError::Other`] or the kind the shape allows; the
    /// client's own calls use the operation as well.
    pub fn from_response(status: StatusCode, body: &[u8]) -> Option<Self> {
        classify(Action::Unknown, status, body, false)
    }

    /// Reads an error response of `operation` (an operation id such as `v2RetrievePush`);
    /// `retry_after` says whether the answer carried a `Retry-After` header.
    pub(crate) fn for_operation(
        operation: &str,
        status: StatusCode,
        body: &[u8],
        retry_after: bool,
    ) -> Option<Self> {
        classify(Action::of(operation), status, body, retry_after)
    }
}

/// What an operation does, as far as telling its error answers apart needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Retrieve,
    Expire,
    Audit,
    NotifyEmails,
    Create,
    /// Known, and none of the above (lists, preview, version, accounts).
    Other,
    /// Not known: the structure alone decides.
    Unknown,
}

impl Action {
    /// From the operation ids of `openapi.yaml` (`v1RetrievePush`, `v2ExpirePush`,
    /// `createSecretRequest`, ...).
    fn of(operation: &str) -> Self {
        if operation.ends_with("RetrievePush") {
            Action::Retrieve
        } else if operation.ends_with("ExpirePush") {
            Action::Expire
        } else if operation.ends_with("PushAudit") {
            Action::Audit
        } else if operation.ends_with("NotifyEmails") {
            Action::NotifyEmails
        } else if operation.contains("Create") || operation.starts_with("create") {
            Action::Create
        } else {
            Action::Other
        }
    }
}

/// The body's `{"error": "<text>"}`, when it has one.
fn error_text(json: Option<&Value>) -> Option<String> {
    json.and_then(|v| v.get("error"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn classify(
    action: Action,
    status: StatusCode,
    body: &[u8],
    retry_after: bool,
) -> Option<PwPushError> {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let error = error_text(json.as_ref());
    let has_key = |key: &str| json.as_ref().is_some_and(|v| v.get(key).is_some());
    let blank = body.iter().all(u8::is_ascii_whitespace);
    match status.as_u16() {
        401 if blank => Some(PwPushError::Unauthenticated),
        401 => {
            let message = error?;
            // Only the passphrase answer carries `message` and `status` beside `error`
            // (`Api::V1::PushesController#show`).
            let passphrase_shape = has_key("message") || has_key("status");
            Some(match action {
                _ if passphrase_shape => PwPushError::PassphraseIncorrect { message },
                Action::Retrieve => PwPushError::PassphraseIncorrect { message },
                Action::Expire => PwPushError::NotDeletable { message },
                Action::Create => PwPushError::SignInRequired { message },
                _ => PwPushError::Other { message },
            })
        }
        403 if retry_after => Some(PwPushError::Throttled),
        403 => {
            let message = error?;
            Some(match action {
                // The owner check (`#audit`, `#notify_emails`); two-factor enforcement answers
                // the same shape and cannot be told apart without reading the words.
                Action::Audit | Action::NotifyEmails | Action::Unknown => {
                    PwPushError::Forbidden { message }
                }
                // Elsewhere the only 403 is `EnforceRequiredMfa`.
                _ => PwPushError::MfaRequired { message },
            })
        }
        // `"not-found"` is a literal code in the controllers, never translated.
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
        429 => Some(match (error, action) {
            // The controllers' own `rate_limit ... with: render json: {error: ..}`.
            (Some(message), Action::Retrieve) => PwPushError::TooManyPassphraseAttempts { message },
            (Some(message), Action::NotifyEmails) => PwPushError::TooManyNotifications { message },
            (Some(message), Action::Unknown) => PwPushError::Other { message },
            _ => PwPushError::Throttled,
        }),
        _ => error.map(|message| PwPushError::Other { message }),
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

    /// Password Pusher sends one code, `not-found`, never translated; its other answers carry
    /// only (translated) messages.
    fn code(&self) -> Option<&str> {
        match self {
            PwPushError::NotFound => Some("not-found"),
            _ => None,
        }
    }

    fn message(&self) -> Option<&str> {
        PwPushError::message(self)
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

    fn parse_for(operation: &str, status: u16, body: &str) -> Option<PwPushError> {
        PwPushError::for_operation(
            operation,
            StatusCode::from_u16(status).ok()?,
            body.as_bytes(),
            false,
        )
    }

    /// `app/controllers/concerns/enforce_required_mfa.rb` answers every authenticated call; the
    /// owner check in `Api::V2::PushesController#audit` answers the same shape.
    #[test]
    fn mfa_403_is_told_apart_from_ownership_by_the_operation() {
        let mfa =
            r#"{"error":"Two-factor authentication is required. Please set it up to continue."}"#;
        assert!(matches!(
            parse_for("v2ActivePushes", 403, mfa),
            Some(PwPushError::MfaRequired { .. })
        ));
        let owner = r#"{"error":"That push doesn't belong to you."}"#;
        assert!(matches!(
            parse_for("v2PushAudit", 403, owner),
            Some(PwPushError::Forbidden { .. })
        ));
    }

    #[test]
    fn json_429_is_the_per_action_limit_of_the_operation() {
        let body = r#"{"error":"Zu viele Versuche."}"#;
        assert!(matches!(
            parse_for("v1RetrievePush", 429, body),
            Some(PwPushError::TooManyPassphraseAttempts { .. })
        ));
        assert!(matches!(
            parse_for("v2NotifyEmails", 429, body),
            Some(PwPushError::TooManyNotifications { .. })
        ));
        assert!(matches!(parse(429, body), Some(PwPushError::Other { .. })));
    }

    #[test]
    fn forbidden_with_retry_after_is_a_throttle() {
        let detail = PwPushError::for_operation(
            "v2ActivePushes",
            StatusCode::FORBIDDEN,
            b"Rate limit exceeded",
            true,
        );
        assert_eq!(detail, Some(PwPushError::Throttled));
    }
}
