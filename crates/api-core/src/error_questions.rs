//! The questions every client crate's error answers, asked once here of api-core's [`Error`], so
//! the three crates answer them alike (the vocabulary in docs/architecture.md).
//!
//! `status`, `retry_after`, `is_retryable`, `is_timeout` and `may_have_been_processed` live with
//! the type in `error.rs`; the ones below only read what a response left behind.

use http::StatusCode;

use crate::Error;

impl Error {
    /// True when the server answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// True when the server refused the credentials or what they may do: 401 Unauthorized or
    /// 403 Forbidden.
    pub fn is_unauthorized(&self) -> bool {
        matches!(
            self.status(),
            Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
        )
    }

    /// True when the server asked the client to slow down: a 429 answer, or a `Retry-After`
    /// longer than the retry policy allows ([`Error::RateLimited`]).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }

    /// True when the request was refused before it was sent, because of what the caller passed
    /// ([`Error::InvalidRequest`]). Nothing reached the server.
    pub fn is_invalid_request(&self) -> bool {
        matches!(self, Self::InvalidRequest { .. })
    }

    /// The request id the server gave with its error answer, to quote to the API's support.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error()?.request_id.as_deref()
    }

    /// The API's own error code, as its error body sent it, when the API crate's detail knows
    /// one ([`ErrorDetail::code`](crate::ErrorDetail::code)).
    pub fn api_code(&self) -> Option<&str> {
        self.api_error()?.detail.as_deref()?.code()
    }

    /// The API's human-readable message, as its error body sent it, when the API crate's detail
    /// knows one ([`ErrorDetail::message`](crate::ErrorDetail::message)). Servers translate
    /// messages: show them, never branch on them.
    pub fn api_message(&self) -> Option<&str> {
        self.api_error()?.detail.as_deref()?.message()
    }
}

#[cfg(test)]
mod tests {
    use std::any::Any;
    use std::fmt;
    use std::time::Duration;

    use super::*;
    use crate::{ApiError, ErrorDetail};

    #[derive(Debug)]
    struct Body {
        code: &'static str,
        message: &'static str,
    }

    impl fmt::Display for Body {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}: {}", self.code, self.message)
        }
    }

    impl ErrorDetail for Body {
        fn as_any(&self) -> &dyn Any {
            self
        }
        fn code(&self) -> Option<&str> {
            Some(self.code)
        }
        fn message(&self) -> Option<&str> {
            Some(self.message)
        }
    }

    fn api(status: StatusCode) -> Error {
        Error::Api(Box::new(ApiError::new("op", status)))
    }

    #[test]
    fn not_found_is_404_only() {
        assert!(api(StatusCode::NOT_FOUND).is_not_found());
        assert!(!api(StatusCode::GONE).is_not_found());
        assert!(!Error::invalid_request("op", "bad").is_not_found());
    }

    #[test]
    fn unauthorized_covers_401_and_403() {
        assert!(api(StatusCode::UNAUTHORIZED).is_unauthorized());
        assert!(api(StatusCode::FORBIDDEN).is_unauthorized());
        assert!(!api(StatusCode::NOT_FOUND).is_unauthorized());
    }

    #[test]
    fn rate_limited_and_invalid_request_follow_the_kind() {
        let limited = Error::RateLimited {
            error: Box::new(ApiError::new("op", StatusCode::TOO_MANY_REQUESTS)),
            retry_after: Some(Duration::from_secs(3)),
        };
        assert!(limited.is_rate_limited());
        assert!(!limited.is_invalid_request());
        let refused = Error::invalid_request("op", "limit must be at most 100");
        assert!(refused.is_invalid_request());
        assert!(!refused.is_rate_limited());
        assert_eq!(refused.status(), None);
    }

    #[test]
    fn request_id_code_and_message_come_from_the_response() {
        let error = Error::Api(Box::new(
            ApiError::new("op", StatusCode::BAD_REQUEST)
                .with_request_id("req-7")
                .with_detail(Body {
                    code: "badRequest",
                    message: "user is required",
                }),
        ));
        assert_eq!(error.request_id(), Some("req-7"));
        assert_eq!(error.api_code(), Some("badRequest"));
        assert_eq!(error.api_message(), Some("user is required"));
        let bare = api(StatusCode::BAD_REQUEST);
        assert_eq!(
            (bare.request_id(), bare.api_code(), bare.api_message()),
            (None, None, None)
        );
    }
}
