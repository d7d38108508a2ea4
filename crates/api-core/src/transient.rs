//! Which HTTP statuses signal a fault that may pass: one table for the attempt loop, the default
//! retry classification and [`Error::is_retryable`](crate::Error::is_retryable).

use http::StatusCode;

/// 429 is retryable for any method (the server refused the work); the transient server and
/// gateway statuses only when repeating the request is harmless.
pub(crate) fn status_is_retryable(status: StatusCode, idempotent: bool) -> bool {
    match status {
        StatusCode::TOO_MANY_REQUESTS => true,
        StatusCode::REQUEST_TIMEOUT
        | StatusCode::INTERNAL_SERVER_ERROR
        | StatusCode::BAD_GATEWAY
        | StatusCode::SERVICE_UNAVAILABLE
        | StatusCode::GATEWAY_TIMEOUT => idempotent,
        _ => false,
    }
}
