//! PushAuth's error body `{code, message}`: the parser api-core calls on every error response, and typed
//! accessors on [`Error`].

use std::any::Any;
use std::fmt;

use api_core::{Error, ErrorDetail, ErrorDetailParser, StatusCode};

use crate::generated::models::{ErrorBody, ErrorCode};

/// Reads a PushAuth error body. Anything else (an HTML page from a gateway, an empty body) gives no detail;
/// the raw body stays in [`api_core::ApiError::body`].
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

/// PushAuth's error body on an [`Error`], for matching on the service's error code.
///
/// ```no_run
/// # async fn example(client: pushauth_client::Client) {
/// use pushauth_client::{ErrorCode, PushAuthErrorExt};
///
/// if let Err(e) = client.sessions().get("no-such-session").await {
///     match e.error_code() {
///         Some(ErrorCode::Unauthorized) => println!("check the API key"),
///         Some(code) => println!("PushAuth said {code}: {:?}", e.error_message()),
///         None => println!("no PushAuth error body: {e}"),
///     }
/// }
/// # }
/// ```
pub trait PushAuthErrorExt {
    /// The parsed `{code, message}` body, when the service sent one.
    fn error_body(&self) -> Option<&ErrorBody>;

    /// The error `code` (`badRequest`, `unauthorized`, ...), when the service sent one.
    fn error_code(&self) -> Option<&ErrorCode> {
        self.error_body()?.code.as_ref()
    }

    /// The service's human-readable `message`, when it sent one.
    fn error_message(&self) -> Option<&str> {
        self.error_body()?.message.as_deref()
    }
}

impl PushAuthErrorExt for Error {
    fn error_body(&self) -> Option<&ErrorBody> {
        self.detail::<ErrorBody>()
    }
}
