//! The crate's [`Error`], and Push Security's error bodies: the parser api-core calls on every
//! error answer, read into [`ErrorDetails`].
//!
//! Push does not document its error bodies (UNVERIFIED). The only hint is the text of
//! `PATCH /v1/employees/{id}`: "Bad Request with status EMPLOYEE_NOT_LICENSED". So the parser
//! looks for a named reason in every string of the body (`status`, `code`, `error`, `message`,
//! any other top-level string, or the whole text when the body is not JSON) and keeps the rest.

use std::any::Any;
use std::fmt;

use api_core::{ErrorDetail, ErrorDetailParser, StatusCode};
use serde_json::Value;

use crate::generated::models::ErrorStatus;

/// Fields checked first, in this order, when several strings could hold the reason.
const PREFERRED_FIELDS: [&str; 4] = ["status", "code", "error", "message"];

api_core::error_newtype! {
    /// Everything a call can fail with: configuration (from `build()`), a request refused before
    /// sending, transport, timeouts, the service's error answers (with [`ErrorDetails`] from
    /// [`detail`](Error::detail)), rate limiting and bodies that do not decode.
    ///
    /// Ask it questions rather than matching on its kind; [`core`](Error::core) gives the kind
    /// ([`CoreError`](crate::CoreError)) when a question is missing. Messages and Debug output
    /// never hold the API key, a query string or a body that may carry a secret.
    ///
    /// ```no_run
    /// # async fn example(client: push_security_client::Client) {
    /// use push_security_client::models::ErrorStatus;
    ///
    /// match client.employees().update("employee-id").chatops_enabled(true).await {
    ///     Ok(_) => println!("ChatOps on"),
    ///     Err(e) if e.is_not_found() => println!("no such employee"),
    ///     Err(e) => match e.detail().and_then(|d| d.reason()) {
    ///         Some(ErrorStatus::EmployeeNotLicensed) => println!("license the employee first"),
    ///         Some(ErrorStatus::ChatopsNotInWorkingState) => println!("fix the chat integration"),
    ///         Some(other) => println!("refused: {other}"),
    ///         None => println!("failed: {e} (request id {:?})", e.request_id()),
    ///     },
    /// }
    /// # }
    /// ```
    pub struct Error;
    detail = ErrorDetails;
}

/// What the parser understood of an error body: [`Error::detail`].
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDetails {
    reason: Option<ErrorStatus>,
    status: Option<String>,
    message: Option<String>,
}

impl ErrorDetails {
    /// The named reason: one of the documented ones, or [`ErrorStatus::Unknown`] with the
    /// `status`/`code` string when that looks like a reason Push added later.
    pub fn reason(&self) -> Option<&ErrorStatus> {
        self.reason.as_ref()
    }

    /// The body's `status` string, as sent.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// The body's human-readable text (`message`, or else `error`), as sent.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Reads a body. `None` when it holds nothing useful (an HTML page from a gateway, an empty
    /// body, JSON without any string).
    pub(crate) fn parse(body: &[u8]) -> Option<Self> {
        let details = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => {
                let text_of = |key: &str| match map.get(key) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Object(inner)) => inner
                        .get("message")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    _ => None,
                };
                let status = text_of("status");
                let message = text_of("message").or_else(|| text_of("error"));
                let mut candidates: Vec<String> = PREFERRED_FIELDS
                    .iter()
                    .filter_map(|key| text_of(key))
                    .collect();
                candidates.extend(
                    map.iter()
                        .filter(|(key, _)| !PREFERRED_FIELDS.contains(&key.as_str()))
                        .filter_map(|(_, value)| value.as_str().map(str::to_owned)),
                );
                let reason = candidates
                    .iter()
                    .find_map(|text| known_reason_in(text))
                    .or_else(|| {
                        [status.as_deref(), text_of("code").as_deref()]
                            .into_iter()
                            .flatten()
                            .find(|text| looks_like_reason(text))
                            .map(ErrorStatus::from)
                    });
                Self {
                    reason,
                    status,
                    message,
                }
            }
            Ok(Value::String(text)) => Self {
                reason: known_reason_in(&text),
                status: None,
                message: Some(text),
            },
            _ => Self {
                reason: known_reason_in(&String::from_utf8_lossy(body)),
                status: None,
                message: None,
            },
        };
        let useful =
            details.reason.is_some() || details.status.is_some() || details.message.is_some();
        useful.then_some(details)
    }
}

/// A documented reason written anywhere in `text` as a whole word.
fn known_reason_in(text: &str) -> Option<ErrorStatus> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(ErrorStatus::from)
        .find(|reason| !matches!(reason, ErrorStatus::Unknown(_)))
}

/// `SOME_REASON`-style text: upper-case letters, digits and underscores, with at least one letter.
fn looks_like_reason(text: &str) -> bool {
    (3..=64).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && text.chars().any(|c| c.is_ascii_uppercase())
}

impl fmt::Display for ErrorDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.reason, &self.message) {
            (Some(reason), Some(message)) => write!(f, "{reason}: {message}"),
            (Some(reason), None) => write!(f, "{reason}"),
            (None, Some(message)) => f.write_str(message),
            (None, None) => f.write_str(self.status.as_deref().unwrap_or("no details")),
        }
    }
}

impl ErrorDetail for ErrorDetails {
    fn as_any(&self) -> &dyn Any {
        self
    }

    /// The named reason as the body wrote it (`EMPLOYEE_NOT_LICENSED`).
    fn code(&self) -> Option<&str> {
        self.reason.as_ref().map(ErrorStatus::as_str)
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

/// The parser the client installs in api-core.
#[derive(Debug)]
pub(crate) struct PushSecurityErrorParser;

impl ErrorDetailParser for PushSecurityErrorParser {
    fn parse(&self, _status: StatusCode, body: &[u8]) -> Option<Box<dyn ErrorDetail>> {
        ErrorDetails::parse(body).map(|d| Box::new(d) as Box<dyn ErrorDetail>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(body: &str) -> Option<ErrorStatus> {
        ErrorDetails::parse(body.as_bytes()).and_then(|d| d.reason)
    }

    #[test]
    fn reason_is_found_in_the_status_field() {
        assert_eq!(
            reason(r#"{"status":"EMPLOYEE_NOT_LICENSED"}"#),
            Some(ErrorStatus::EmployeeNotLicensed)
        );
    }

    #[test]
    fn reason_is_found_inside_a_message_sentence() {
        assert_eq!(
            reason(
                r#"{"message":"Bad Request with status EXCEEDED_MAX_LICENSED_EMPLOYEES, sorry"}"#
            ),
            Some(ErrorStatus::ExceededMaxLicensedEmployees)
        );
    }

    #[test]
    fn reason_is_found_in_code_error_and_other_fields() {
        for body in [
            r#"{"code":"CHATOPS_NOT_IN_WORKING_STATE"}"#,
            r#"{"error":"CHATOPS_NOT_IN_WORKING_STATE"}"#,
            r#"{"error":{"message":"CHATOPS_NOT_IN_WORKING_STATE"}}"#,
            r#"{"detail":"CHATOPS_NOT_IN_WORKING_STATE"}"#,
            r#""CHATOPS_NOT_IN_WORKING_STATE""#,
            "Bad Request with status CHATOPS_NOT_IN_WORKING_STATE",
        ] {
            assert_eq!(
                reason(body),
                Some(ErrorStatus::ChatopsNotInWorkingState),
                "{body}"
            );
        }
    }

    #[test]
    fn a_longer_word_containing_a_reason_is_not_that_reason() {
        assert_eq!(
            reason(r#"{"message":"EMPLOYEE_NOT_LICENSED_YET is new"}"#),
            None
        );
    }

    #[test]
    fn an_unfamiliar_status_code_is_an_unknown_reason() {
        assert_eq!(
            reason(r#"{"status":"TOO_MANY_SEATS","message":"nope"}"#),
            Some(ErrorStatus::Unknown("TOO_MANY_SEATS".into()))
        );
    }

    #[test]
    fn a_prose_status_is_kept_but_is_no_reason() {
        let details = ErrorDetails::parse(br#"{"status":"Bad Request","message":"limit too big"}"#);
        let details = details.expect("details");
        assert_eq!(details.reason(), None);
        assert_eq!(details.status(), Some("Bad Request"));
        assert_eq!(details.message(), Some("limit too big"));
    }

    #[test]
    fn bodies_without_anything_useful_give_no_details() {
        for body in [
            "",
            "{}",
            "null",
            "[1,2]",
            "<html><body>502 Bad Gateway</body></html>",
        ] {
            assert_eq!(ErrorDetails::parse(body.as_bytes()), None, "{body:?}");
        }
    }
}
