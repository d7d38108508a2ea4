//! The crate's [`Error`], and PushAuth's error body `{code, message}`: the parser api-core calls
//! on every error response.

use std::any::Any;
use std::fmt;

use api_core::{ErrorDetail, ErrorDetailParser, StatusCode};

use crate::generated::models::{ErrorBody, ErrorCode};

api_core::error_newtype! {
    /// Everything a call can fail with: configuration (from `build()`), a request refused before
    /// sending, transport, timeouts, PushAuth's error answers (with its `{code, message}` body
    /// from [`detail`](Error::detail)), rate limiting and bodies that do not decode.
    ///
    /// Ask it questions rather than matching on its kind; [`core`](Error::core) gives the kind
    /// ([`CoreError`](crate::CoreError)) when a question is missing. Messages and Debug output
    /// never hold the API key or a body that may carry a secret.
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client) {
    /// use pushauth_client::ErrorCode;
    ///
    /// if let Err(e) = client.sessions().get("no-such-session").await {
    ///     if e.is_not_found() {
    ///         println!("no such session");
    ///     } else if e.is_unauthorized() {
    ///         println!("check the API key");
    ///     } else if let Some(ErrorCode::BadRequest) = e.detail().and_then(|body| body.code.as_ref()) {
    ///         println!("PushAuth refused it: {:?}", e.api_message());
    ///     } else {
    ///         println!("failed: {e} (request id {:?})", e.request_id());
    ///     }
    /// }
    /// # }
    /// ```
    pub struct Error;
    detail = ErrorBody;
}

impl Error {
    /// A request refused before sending.
    pub(crate) fn invalid_request(operation: &'static str, message: impl Into<String>) -> Self {
        api_core::Error::invalid_request(operation, message).into()
    }
}

/// Reads a PushAuth error body. Anything else (an HTML page from a gateway, an empty body) gives no detail;
/// the raw body stays in [`ApiError::body`](crate::ApiError::body).
#[derive(Debug)]
pub(crate) struct PushAuthErrorParser;

impl ErrorDetailParser for PushAuthErrorParser {
    fn parse(&self, _status: StatusCode, body: &[u8]) -> Option<Box<dyn ErrorDetail>> {
        let parsed: ErrorBody = serde_json::from_slice(body).ok()?;
        // Any JSON object decodes into the all-optional body; only one with PushAuth's fields is one.
        if parsed.code.is_none() && parsed.message.is_none() {
            return None;
        }
        Some(Box::new(parsed))
    }
}

impl ErrorDetail for ErrorBody {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn code(&self) -> Option<&str> {
        self.code.as_ref().map(ErrorCode::as_str)
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code.as_ref().map_or("(no code)", ErrorCode::as_str);
        match &self.message {
            Some(message) => write!(f, "{code}: {message}"),
            None => f.write_str(code),
        }
    }
}
