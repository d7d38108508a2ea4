//! [`RequestOptions`]: the per-call overrides an operation builder collects before it has a
//! [`Request`] to put them on.

use std::time::Duration;

use crate::request::Request;
use crate::retry::RetryPolicy;

/// Per-call overrides of the client's timeouts and retry policy. A field left `None` keeps the
/// client's setting.
///
/// An operation builder keeps one of these while the caller configures it and applies it to the
/// [`Request`] it builds when it is sent.
///
/// ```
/// use std::time::Duration;
/// use api_core::{Request, RequestOptions, RetryPolicy};
///
/// let mut options = RequestOptions::default();
/// options.attempt_timeout = Some(Duration::from_secs(5));
/// options.retry_policy = Some(RetryPolicy::no_retries());
/// let request = options.apply(Request::get("list_items", "/items"));
/// assert_eq!(request.operation(), "list_items");
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// The time allowed for one attempt, instead of the client's.
    pub attempt_timeout: Option<Duration>,
    /// The time allowed for the whole call (every attempt and every wait), instead of the client's.
    pub overall_timeout: Option<Duration>,
    /// How this call is retried, instead of the client's policy.
    pub retry_policy: Option<RetryPolicy>,
}

impl RequestOptions {
    /// `request` with every override that is set; the others are left as the request has them.
    pub fn apply(&self, mut request: Request) -> Request {
        if let Some(timeout) = self.attempt_timeout {
            request = request.attempt_timeout(timeout);
        }
        if let Some(timeout) = self.overall_timeout {
            request = request.overall_timeout(timeout);
        }
        if let Some(policy) = &self.retry_policy {
            request = request.retry_policy(policy.clone());
        }
        request
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a request overrides: attempt timeout, overall timeout, retry policy.
    fn overrides(request: &Request) -> (Option<Duration>, Option<Duration>, Option<&RetryPolicy>) {
        (
            request.attempt_timeout_override(),
            request.overall_timeout_override(),
            request.retry_policy_override(),
        )
    }

    #[test]
    fn default_options_leave_the_request_to_the_client_settings() {
        let request = RequestOptions::default().apply(Request::get("op", "/things"));
        assert_eq!(overrides(&request), (None, None, None));
    }

    #[test]
    fn every_override_that_is_set_reaches_the_request() {
        let policy = RetryPolicy::no_retries();
        let options = RequestOptions {
            attempt_timeout: Some(Duration::from_secs(2)),
            overall_timeout: Some(Duration::from_secs(9)),
            retry_policy: Some(policy.clone()),
        };
        let request = options.apply(Request::get("op", "/things"));
        let expected = (
            Some(Duration::from_secs(2)),
            Some(Duration::from_secs(9)),
            Some(&policy),
        );
        assert_eq!(overrides(&request), expected);
    }

    #[test]
    fn an_unset_override_keeps_what_the_request_already_has() {
        let options = RequestOptions {
            overall_timeout: Some(Duration::from_secs(9)),
            ..RequestOptions::default()
        };
        let request = Request::get("op", "/things").attempt_timeout(Duration::from_secs(4));
        let request = options.apply(request);
        let expected = (
            Some(Duration::from_secs(4)),
            Some(Duration::from_secs(9)),
            None,
        );
        assert_eq!(overrides(&request), expected);
    }
}
