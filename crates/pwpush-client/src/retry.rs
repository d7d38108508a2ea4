//! Password Pusher's own retry signals, consulted by api-core before its default table.
//!
//! The server has two limits of its own that answer 429 (`rate_limit` in
//! `app/controllers/api/v1/pushes_controller.rb` and `api/v2/pushes_controller.rb`): 5 passphrase
//! attempts per push and 5 e-mail notifications per user, each per minute, with a JSON
//! `{"error": ..}` body and no `Retry-After`. Retrying within the minute cannot succeed and every
//! attempt counts against the limit again, so those answers are final. The per-IP throttle
//! (Rack::Attack, `config/initializers/rack_attack.rb`) answers plain text with `Retry-After` and
//! keeps the default: retried, honouring the header.

use api_core::{AttemptOutcome, HeaderMap, RetryClassifier, RetryDecision, StatusCode};
use serde_json::Value;

/// The classifier the client installs in api-core.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PwPushRetryClassifier;

impl RetryClassifier for PwPushRetryClassifier {
    fn classify(&self, outcome: &AttemptOutcome<'_>, _idempotent: bool) -> Option<RetryDecision> {
        let AttemptOutcome::Response {
            status,
            headers,
            body,
        } = outcome
        else {
            return None;
        };
        decide(*status, headers, body)
    }
}

fn decide(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Option<RetryDecision> {
    let retry_after = headers.contains_key("retry-after");
    match status {
        StatusCode::TOO_MANY_REQUESTS if !retry_after && is_error_object(body) => {
            Some(RetryDecision::DoNotRetry)
        }
        // The official CLI (`pwpush/api/client.py#is_rate_limit_error`) treats a 403 that asks to
        // wait as a throttle; only the header counts here, never the wording.
        StatusCode::FORBIDDEN if retry_after => Some(RetryDecision::Retry),
        _ => None,
    }
}

/// `{"error": "<text>"}`: the shape of the controllers' own limit answers, in any language.
fn is_error_object(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body)
        .is_ok_and(|json| json.get("error").is_some_and(Value::is_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_core::HeaderValue;

    fn with_retry_after() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("30"));
        headers
    }

    #[test]
    fn per_action_limit_in_any_language_is_final() {
        for body in [
            r#"{"error":"Too many passphrase attempts. Please try again in a minute."}"#,
            r#"{"error":"パスフレーズの入力回数が多すぎます。1分ほどお待ちください。"}"#,
        ] {
            assert_eq!(
                decide(
                    StatusCode::TOO_MANY_REQUESTS,
                    &HeaderMap::new(),
                    body.as_bytes()
                ),
                Some(RetryDecision::DoNotRetry)
            );
        }
    }

    #[test]
    fn per_ip_throttle_keeps_the_default() {
        assert_eq!(
            decide(
                StatusCode::TOO_MANY_REQUESTS,
                &with_retry_after(),
                b"Retry later\n"
            ),
            None
        );
        assert_eq!(
            decide(
                StatusCode::TOO_MANY_REQUESTS,
                &HeaderMap::new(),
                b"Retry later\n"
            ),
            None
        );
    }

    #[test]
    fn forbidden_is_retried_only_when_it_asks_to_wait() {
        assert_eq!(
            decide(StatusCode::FORBIDDEN, &with_retry_after(), b""),
            Some(RetryDecision::Retry)
        );
        assert_eq!(
            decide(
                StatusCode::FORBIDDEN,
                &HeaderMap::new(),
                br#"{"error":"rate limit"}"#
            ),
            None
        );
    }
}
