//! Which attempt outcomes are worth another attempt, and what `Retry-After` asks for.
//!
//! The default rule is safety first: a request is retried only when a second copy cannot do harm
//! (it never left the machine, the server refused it with 429, or the operation is idempotent).

use std::fmt;
use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, StatusCode};

use crate::error::Error;
use crate::transient::status_is_retryable;

/// What one attempt produced, as seen by the retry classification.
pub enum AttemptOutcome<'a> {
    /// The server answered (any status the transport did not accept as success).
    Response {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
        /// The response body, already size-limited.
        body: &'a [u8],
    },
    /// The attempt failed without a usable response, or its response was turned into an error.
    Error(&'a Error),
}

impl fmt::Debug for AttemptOutcome<'_> {
    // Bodies and headers can carry secrets (tokens in URLs, cookies): show only their size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Response {
                status,
                headers,
                body,
            } => f
                .debug_struct("Response")
                .field("status", status)
                .field("header_count", &headers.len())
                .field("body_len", &body.len())
                .finish(),
            Self::Error(error) => f.debug_tuple("Error").field(error).finish(),
        }
    }
}

/// A retry verdict for one attempt outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Another attempt may be made (the policy and budgets still decide whether it happens).
    Retry,
    /// The outcome is final.
    DoNotRetry,
}

/// An API crate's own retry signals, consulted before the default classification.
///
/// Return `Some(decision)` to override the default for this outcome, `None` to keep it. The
/// override only decides *whether* the outcome is retryable: attempt limits, budgets and
/// `Retry-After` still apply.
///
/// ```
/// use api_core::{AttemptOutcome, RetryClassifier, RetryDecision, StatusCode};
///
/// /// This API answers 409 while a resource is still being created: worth another try.
/// #[derive(Debug)]
/// struct RetryConflicts;
///
/// impl RetryClassifier for RetryConflicts {
///     fn classify(&self, outcome: &AttemptOutcome<'_>, _idempotent: bool) -> Option<RetryDecision> {
///         match outcome {
///             AttemptOutcome::Response { status, .. } if *status == StatusCode::CONFLICT => {
///                 Some(RetryDecision::Retry)
///             }
///             _ => None,
///         }
///     }
/// }
/// ```
pub trait RetryClassifier: Send + Sync + fmt::Debug {
    /// The decision for `outcome`, or `None` to fall back to the default classification.
    fn classify(&self, outcome: &AttemptOutcome<'_>, idempotent: bool) -> Option<RetryDecision>;
}

/// The default classification, applied when no classifier hook decides.
pub(crate) fn default_decision(outcome: &AttemptOutcome<'_>, idempotent: bool) -> RetryDecision {
    let retry = match outcome {
        AttemptOutcome::Response { status, .. } => status_is_retryable(*status, idempotent),
        AttemptOutcome::Error(error) => error.is_retryable_when(idempotent),
    };
    if retry {
        RetryDecision::Retry
    } else {
        RetryDecision::DoNotRetry
    }
}

/// True for an outcome that is a timeout, ours or the connection's (retries after timeouts cost
/// more budget).
pub(crate) fn is_timeout(outcome: &AttemptOutcome<'_>) -> bool {
    matches!(outcome, AttemptOutcome::Error(error) if error.is_timeout())
}

/// The delay a `Retry-After` header asks for, measured from `now` for an HTTP date.
///
/// Accepts delta-seconds (leniently also a fractional number) and HTTP dates; a date in the past
/// means "now" (zero). Returns `None` for a missing or unreadable header.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `Retry-After` delay of an outcome: the header of a response, or the value kept in an error.
pub(crate) fn outcome_retry_after(
    outcome: &AttemptOutcome<'_>,
    now: SystemTime,
) -> Option<Duration> {
    match outcome {
        AttemptOutcome::Response { headers, .. } => retry_after(headers, now),
        AttemptOutcome::Error(error) => error.retry_after(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TimeoutScope;
    use http::HeaderValue;

    fn response(status: u16, headers: &HeaderMap) -> AttemptOutcome<'_> {
        AttemptOutcome::Response {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: b"",
        }
    }

    #[test]
    fn idempotent_requests_retry_on_transient_statuses() {
        let headers = HeaderMap::new();
        for status in [408, 429, 500, 502, 503, 504] {
            assert_eq!(
                default_decision(&response(status, &headers), true),
                RetryDecision::Retry,
                "status {status}"
            );
        }
    }

    #[test]
    fn non_idempotent_requests_retry_only_on_429() {
        let headers = HeaderMap::new();
        for status in [408, 500, 502, 503, 504] {
            assert_eq!(
                default_decision(&response(status, &headers), false),
                RetryDecision::DoNotRetry,
                "status {status}"
            );
        }
        assert_eq!(
            default_decision(&response(429, &headers), false),
            RetryDecision::Retry
        );
    }

    #[test]
    fn client_errors_and_successes_are_never_retried() {
        let headers = HeaderMap::new();
        for status in [200, 201, 204, 400, 401, 403, 404, 409, 422, 501] {
            assert_eq!(
                default_decision(&response(status, &headers), true),
                RetryDecision::DoNotRetry,
                "status {status}"
            );
        }
    }

    #[test]
    fn attempt_timeout_is_retried_only_when_idempotent() {
        let timeout = Error::Timeout {
            operation: "op",
            elapsed: Duration::from_secs(30),
            scope: TimeoutScope::Attempt,
        };
        assert!(timeout.is_retryable_when(true));
        assert!(!timeout.is_retryable_when(false));
        assert!(is_timeout(&AttemptOutcome::Error(&timeout)));
    }

    #[test]
    fn overall_timeout_is_never_retried() {
        let timeout = Error::Timeout {
            operation: "op",
            elapsed: Duration::from_secs(30),
            scope: TimeoutScope::Overall,
        };
        assert!(!timeout.is_retryable_when(true));
    }

    #[test]
    fn invalid_request_is_never_retried() {
        let error = Error::invalid_request("op", "bad input");
        assert!(!error.is_retryable_when(true));
    }

    #[test]
    fn retry_after_reads_delta_seconds() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static(" 7 "));
        assert_eq!(
            retry_after(&headers, SystemTime::now()),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn retry_after_reads_an_http_date_against_the_given_now() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(now + Duration::from_secs(12));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(12)));
    }

    #[test]
    fn retry_after_date_in_the_past_means_no_wait() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(now - Duration::from_secs(12));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
    }

    #[test]
    fn unreadable_retry_after_is_ignored() {
        let mut headers = HeaderMap::new();
        for junk in ["soon", "-3", "NaN", "inf"] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(junk));
            assert_eq!(retry_after(&headers, SystemTime::now()), None, "{junk}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }
}
