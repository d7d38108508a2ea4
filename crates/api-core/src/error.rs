//! The one error type of every client: classified, with the evidence kept and no secret printed.

use std::any::Any;
use std::fmt;
use std::time::Duration;

use http::StatusCode;

use crate::DecodeError;
use crate::evidence::lossy_prefix;
use crate::redirect_refusal::RedirectRefusal;
use crate::transient::status_is_retryable;

/// The API's typed error body, produced by the API crate's [`ErrorDetailParser`].
///
/// Downcast it with [`Error::detail`].
pub trait ErrorDetail: fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// `self` as [`Any`], for downcasting.
    fn as_any(&self) -> &dyn Any;

    /// The API's own error code, as the body sent it (`EMPLOYEE_NOT_LICENSED`, `badRequest`), when
    /// the API has codes and this body carried one. [`Error::api_code`] answers with it.
    fn code(&self) -> Option<&str> {
        None
    }

    /// The API's human-readable message, as the body sent it. [`Error::api_message`] answers with
    /// it.
    fn message(&self) -> Option<&str> {
        None
    }
}

/// Turns an error response body into the API's typed error, when it has that shape.
pub trait ErrorDetailParser: Send + Sync + fmt::Debug {
    /// The typed error for this status and body, or `None` when the body is not one.
    fn parse(&self, status: StatusCode, body: &[u8]) -> Option<Box<dyn ErrorDetail>>;
}

/// Which deadline ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutScope {
    /// One attempt (sending and reading the response) took longer than the attempt timeout.
    Attempt,
    /// The whole call, retries included, took longer than the overall timeout.
    Overall,
}

impl fmt::Display for TimeoutScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Attempt => "attempt",
            Self::Overall => "overall",
        })
    }
}

/// Everything that can go wrong in a call.
///
/// Messages name the operation and never hold a secret, a query string or a concrete path.
#[non_exhaustive]
#[derive(thiserror::Error)]
pub enum Error {
    /// The client configuration is invalid (caught by `build()`).
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
    /// The request is invalid and was not sent.
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The operation called.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The connection failed. `sent` tells whether the request may have reached the server.
    #[error("{operation}: {}", transport_message(*.sent))]
    Transport {
        /// The operation called.
        operation: &'static str,
        /// The cause, with its URL removed.
        #[source]
        source: reqwest::Error,
        /// False when the request never left the machine (connect, DNS or TLS failure).
        sent: bool,
    },
    /// A deadline ran out.
    #[error("{operation}: {scope} timeout after {elapsed:?}")]
    Timeout {
        /// The operation called.
        operation: &'static str,
        /// How long the attempt or the call had run.
        elapsed: Duration,
        /// Which deadline ran out.
        scope: TimeoutScope,
    },
    /// The server answered with a status other than 2xx (and other than 429).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered 429 Too Many Requests, or asked to wait longer than the policy allows.
    #[error("{error}: rate limited{}", retry_after_message(*.retry_after))]
    RateLimited {
        /// The response.
        error: Box<ApiError>,
        /// How long the server asked to wait, when it said so.
        retry_after: Option<Duration>,
    },
    /// The server answered with a redirect that was not followed; [`RedirectRefusal`] says why.
    /// No credential was sent to the redirect's target.
    #[error("{operation}: HTTP {status} redirect not followed: {reason}")]
    Redirect {
        /// The operation called.
        operation: &'static str,
        /// The redirect status (301, 302, 303, 307 or 308).
        status: StatusCode,
        /// Why it was not followed.
        reason: RedirectRefusal,
    },
    /// A successful response body could not be decoded.
    #[error("{operation}: could not decode the {status} response body (line {}, column {})", .source.line(), .source.column())]
    Decode {
        /// The operation called.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The start of the body (lossy UTF-8, bounded). Debug output shows only its length,
        /// because a successful body may carry secrets.
        snippet: String,
        /// Where and why decoding stopped.
        #[source]
        source: DecodeError,
    },
    /// The response body was larger than the configured limit; reading stopped at the limit.
    #[error("{operation}: response body exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The operation called.
        operation: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// A paginated listing went wrong (a repeated cursor, a cursor that does not advance, ...).
    #[error("{operation}: pagination error: {message}")]
    Pagination {
        /// The operation called.
        operation: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A page of a listing says more records follow, but gives no continuation the SDK can read
    /// (no next token, no offset past the one just fetched). The listing is incomplete, so the
    /// stream ends with this error rather than a short `Ok`; the page's evidence is kept.
    #[error("{0}")]
    ListingIncomplete(Box<IncompleteListing>),
}

/// The evidence of [`Error::ListingIncomplete`]: which page claimed more records and what it said.
pub struct IncompleteListing {
    /// The operation called.
    pub operation: &'static str,
    /// The page's position in this listing, counted from 0 (pages without items included).
    pub page_index: u64,
    /// The cursor the page was fetched with.
    pub cursor: crate::Cursor,
    /// The continuation the page lacked (for example "next-page token").
    pub missing: &'static str,
    /// How many records the page held.
    pub items: usize,
    /// The page's body (lossy UTF-8): its start and its end, where an envelope's paging fields
    /// usually are, at most [`IncompleteListing::MAX_SNIPPET_BYTES`] in all; empty when the
    /// fetcher kept no body. `Debug` shows only its length, because a body may carry secrets.
    pub snippet: String,
}

impl IncompleteListing {
    /// The most body bytes [`IncompleteListing::snippet`] keeps.
    pub const MAX_SNIPPET_BYTES: usize = 1024;
}

impl fmt::Display for IncompleteListing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = match &self.cursor {
            crate::Cursor::Offset(offset) => format!("offset {offset}"),
            crate::Cursor::Token(token) if token.is_empty() => "the first token page".to_owned(),
            crate::Cursor::Token(_) => "a page token".to_owned(),
            crate::Cursor::Page(page) => format!("page number {page}"),
        };
        write!(
            f,
            "{}: listing incomplete: page {} (at {at}, {} items) says more results follow, but \
             holds no {} to continue from",
            self.operation, self.page_index, self.items, self.missing
        )
    }
}

// Written by hand: the snippet shows only its length, and the page token not at all.
impl fmt::Debug for IncompleteListing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cursor = match &self.cursor {
            crate::Cursor::Token(token) => format!("Token(<{} bytes>)", token.len()),
            other => format!("{other:?}"),
        };
        f.debug_struct("IncompleteListing")
            .field("operation", &self.operation)
            .field("page_index", &self.page_index)
            .field("cursor", &format_args!("{cursor}"))
            .field("missing", &self.missing)
            .field("items", &self.items)
            .field("snippet", &format_args!("<{} bytes>", self.snippet.len()))
            .finish()
    }
}

fn transport_message(sent: bool) -> &'static str {
    if sent {
        "transport error after the request was sent"
    } else {
        "could not connect (the request was not sent)"
    }
}

fn retry_after_message(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(" (retry after {}s)", d.as_secs()),
        None => String::new(),
    }
}

/// A non-2xx response, with the evidence: status, the API's typed error, the raw body
/// (lossy UTF-8, at most [`ApiError::MAX_BODY_BYTES`]), `Retry-After` and the request id.
///
/// `#[non_exhaustive]`: fields may be added without a breaking release. To build one in a test (for
/// code that handles [`Error::Api`]), start from [`ApiError::new`] and add what the test needs:
///
/// ```
/// use std::time::Duration;
/// use api_core::{ApiError, Error, StatusCode};
///
/// let error = ApiError::new("getThing", StatusCode::SERVICE_UNAVAILABLE)
///     .with_body(r#"{"message":"down for maintenance"}"#)
///     .with_retry_after(Duration::from_secs(30))
///     .with_request_id("req-1");
/// let error = Error::Api(Box::new(error));
/// assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
/// assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
/// ```
#[non_exhaustive]
#[derive(Debug)]
pub struct ApiError {
    /// The operation called.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The API's typed error body, when its crate could parse one.
    pub detail: Option<Box<dyn ErrorDetail>>,
    /// The raw body, lossy UTF-8, cut at [`ApiError::MAX_BODY_BYTES`].
    pub body: String,
    /// The server's `Retry-After`, as a duration from when the response arrived.
    pub retry_after: Option<Duration>,
    /// The request id the server gave (`x-request-id`, `x-amzn-requestid` or `request-id`).
    pub request_id: Option<String>,
}

impl ApiError {
    /// How much of an error body is kept.
    pub const MAX_BODY_BYTES: usize = 4 * 1024;

    /// An error response to `operation` with `status` and nothing else: no detail, an empty body, no
    /// `Retry-After`, no request id.
    pub fn new(operation: &'static str, status: StatusCode) -> Self {
        Self {
            operation,
            status,
            detail: None,
            body: String::new(),
            retry_after: None,
            request_id: None,
        }
    }

    /// Sets the API's typed error body.
    pub fn with_detail(mut self, detail: impl ErrorDetail) -> Self {
        self.detail = Some(Box::new(detail));
        self
    }

    /// Sets the raw body, cut at [`ApiError::MAX_BODY_BYTES`] as a received body would be.
    pub fn with_body(mut self, body: impl AsRef<[u8]>) -> Self {
        self.body = lossy_prefix(body.as_ref(), Self::MAX_BODY_BYTES);
        self
    }

    /// Sets the server's `Retry-After`.
    pub fn with_retry_after(mut self, retry_after: Duration) -> Self {
        self.retry_after = Some(retry_after);
        self
    }

    /// Sets the request id the server gave.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl Error {
    /// An invalid-request error, for checks an API crate makes before sending.
    pub fn invalid_request(operation: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidRequest {
            operation,
            message: message.into(),
        }
    }

    /// A configuration error, for the checks an API crate's builder makes in `build()`.
    pub fn config(message: impl Into<String>) -> Self {
        Self::Config {
            message: message.into(),
        }
    }

    /// Wraps a reqwest error: strips its URL (it may hold a query string or a secret path) and
    /// records whether the request may have left the machine.
    pub(crate) fn transport(operation: &'static str, source: reqwest::Error) -> Self {
        // Connect errors cover DNS resolution, TCP connect and the TLS handshake: nothing was
        // written to the server yet. Builder errors happen before any I/O.
        let sent = !(source.is_connect() || source.is_builder());
        Self::Transport {
            operation,
            source: source.without_url(),
            sent,
        }
    }

    /// True when trying again may succeed for an idempotent request: connection failures,
    /// attempt timeouts, 408, 429 and the 5xx statuses that signal a transient fault (500, 502,
    /// 503, 504). The overall deadline is final.
    ///
    /// Whether a retry is *safe* also depends on idempotency: see
    /// [`may_have_been_processed`](Self::may_have_been_processed).
    pub fn is_retryable(&self) -> bool {
        // One table decides retries everywhere: the attempt loop asks the same question.
        self.is_retryable_when(true)
    }

    /// Whether a failed attempt may be repeated; `idempotent` says whether a repeat is harmless.
    pub(crate) fn is_retryable_when(&self, idempotent: bool) -> bool {
        match self {
            // Never sent (connect, DNS, TLS): the server cannot have acted on it.
            Self::Transport { sent: false, .. } => true,
            // Sent, then lost: the server may have acted on it.
            Self::Transport { sent: true, .. } => idempotent,
            Self::Timeout {
                scope: TimeoutScope::Attempt,
                ..
            } => idempotent,
            Self::RateLimited { .. } => true,
            Self::Api(api) => status_is_retryable(api.status, idempotent),
            // The overall deadline, bad input, undecodable or oversized bodies: repeating cannot help.
            _ => false,
        }
    }

    /// True for a deadline that ran out, ours or the connection's.
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Timeout { .. } => true,
            Self::Transport { source, .. } => source.is_timeout(),
            _ => false,
        }
    }

    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) | Self::RateLimited { error: e, .. } => Some(e.status),
            Self::Decode { status, .. } | Self::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited {
                retry_after, error, ..
            } => retry_after.or(error.retry_after),
            Self::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// The API's typed error body, if it is a `T`.
    pub fn detail<T: ErrorDetail>(&self) -> Option<&T> {
        self.api_error()?
            .detail
            .as_ref()?
            .as_any()
            .downcast_ref::<T>()
    }

    /// The error response, for [`Error::Api`] and [`Error::RateLimited`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) | Self::RateLimited { error: e, .. } => Some(e),
            _ => None,
        }
    }

    /// True when the server may have acted on the request: it left the machine and no response
    /// says it was refused. A caller deciding whether to repeat a non-idempotent call by hand
    /// should check this first.
    pub fn may_have_been_processed(&self) -> bool {
        match self {
            Self::Transport { sent, .. } => *sent,
            // An attempt cut off by a deadline may have reached the server.
            Self::Timeout { .. } => true,
            // A gateway error or an internal error can come after the server acted.
            Self::Api(e) => matches!(
                e.status,
                StatusCode::INTERNAL_SERVER_ERROR
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::GATEWAY_TIMEOUT
            ),
            // A 2xx answer (undecodable or too large) means it was processed.
            Self::Decode { .. } | Self::ResponseTooLarge { .. } => true,
            _ => false,
        }
    }
}

// Written by hand so that a decode error (the start of a successful body, which may carry a
// secret, and serde_json's message, which can quote it) shows only lengths and positions.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config { message } => f.debug_struct("Config").field("message", message).finish(),
            Self::InvalidRequest { operation, message } => f
                .debug_struct("InvalidRequest")
                .field("operation", operation)
                .field("message", message)
                .finish(),
            Self::Transport {
                operation,
                source,
                sent,
            } => f
                .debug_struct("Transport")
                .field("operation", operation)
                .field("source", source)
                .field("sent", sent)
                .finish(),
            Self::Timeout {
                operation,
                elapsed,
                scope,
            } => f
                .debug_struct("Timeout")
                .field("operation", operation)
                .field("elapsed", elapsed)
                .field("scope", scope)
                .finish(),
            Self::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Self::RateLimited { error, retry_after } => f
                .debug_struct("RateLimited")
                .field("error", error)
                .field("retry_after", retry_after)
                .finish(),
            Self::Decode {
                operation,
                status,
                snippet,
                source,
            } => f
                .debug_struct("Decode")
                .field("operation", operation)
                .field("status", status)
                .field("snippet", &format_args!("<{} bytes>", snippet.len()))
                // `DecodeError`'s Debug leaves out the decoder's message, which can quote the body.
                .field("source", source)
                .finish(),
            Self::ResponseTooLarge { operation, limit } => f
                .debug_struct("ResponseTooLarge")
                .field("operation", operation)
                .field("limit", limit)
                .finish(),
            Self::Redirect {
                operation,
                status,
                reason,
            } => f
                .debug_struct("Redirect")
                .field("operation", operation)
                .field("status", status)
                .field("reason", reason)
                .finish(),
            Self::Pagination { operation, message } => f
                .debug_struct("Pagination")
                .field("operation", operation)
                .field("message", message)
                .finish(),
            Self::ListingIncomplete(evidence) => {
                f.debug_tuple("ListingIncomplete").field(evidence).finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(status: StatusCode) -> Box<ApiError> {
        Box::new(ApiError::new("op", status))
    }

    #[derive(Debug)]
    struct Detail(&'static str);
    impl fmt::Display for Detail {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl ErrorDetail for Detail {
        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    #[test]
    fn detail_downcasts_to_the_parsers_type() {
        let e = ApiError::new("op", StatusCode::UNPROCESSABLE_ENTITY)
            .with_detail(Detail("name is taken"));
        let err = Error::Api(Box::new(e));
        assert_eq!(err.detail::<Detail>().map(|d| d.0), Some("name is taken"));
        assert!(err.to_string().contains("name is taken"));
    }

    #[test]
    fn transient_statuses_are_retryable_and_client_errors_are_not() {
        assert!(Error::Api(api_error(StatusCode::SERVICE_UNAVAILABLE)).is_retryable());
        assert!(!Error::Api(api_error(StatusCode::NOT_FOUND)).is_retryable());
        assert!(!Error::invalid_request("op", "bad").is_retryable());
    }

    #[test]
    fn a_refused_request_was_not_processed() {
        assert!(!Error::Api(api_error(StatusCode::BAD_REQUEST)).may_have_been_processed());
        assert!(Error::Api(api_error(StatusCode::BAD_GATEWAY)).may_have_been_processed());
        let rate_limited = Error::RateLimited {
            error: api_error(StatusCode::TOO_MANY_REQUESTS),
            retry_after: Some(Duration::from_secs(7)),
        };
        assert!(!rate_limited.may_have_been_processed());
        assert_eq!(rate_limited.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(rate_limited.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    }

    #[test]
    fn decode_debug_shows_the_snippet_length_only() {
        let source = serde_json::from_str::<u8>("\"s3cr3t\"").unwrap_err();
        let err = Error::Decode {
            operation: "op",
            status: StatusCode::OK,
            snippet: "{\"payload\":\"s3cr3t\"}".into(),
            source: DecodeError::from_json(source),
        };
        let debug = format!("{err:?}");
        assert!(debug.contains("<20 bytes>"), "{debug}");
        assert!(!debug.contains("s3cr3t"), "{debug}");
        assert!(!err.to_string().contains("s3cr3t"));
    }
}
