//! Injected failures: what the mock answers instead of serving the next requests.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::wire::ErrorJson;

/// A failure the mock answers with, set up by [`MockPushAuth::fail_next`](super::MockPushAuth::fail_next).
///
/// ```
/// use pushauth_client::mock::Fault;
/// use pushauth_client::StatusCode;
///
/// let overloaded = Fault::status(StatusCode::TOO_MANY_REQUESTS).retry_after(2);
/// let gateway = Fault::html(StatusCode::BAD_GATEWAY);
/// # let _ = (overloaded, gateway);
/// ```
#[derive(Clone, Debug)]
pub struct Fault {
    status: StatusCode,
    retry_after_seconds: Option<u64>,
    html: bool,
}

impl Fault {
    /// Answer `status` with a JSON error body `{code, message}`. The code follows the status: 400
    /// `badRequest`, 401 `unauthorized`, 403 `forbidden`, 5xx `internalError`, anything else
    /// `invalidRequest` (the service's mapping beyond 400 is UNVERIFIED).
    pub fn status(status: StatusCode) -> Self {
        Self {
            status,
            retry_after_seconds: None,
            html: false,
        }
    }

    /// Answer `status` with an HTML page, as a gateway or load balancer in front of the service would.
    pub fn html(status: StatusCode) -> Self {
        Self {
            html: true,
            ..Self::status(status)
        }
    }

    /// Add a `Retry-After` header, in seconds.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds);
        self
    }

    pub(crate) fn response(&self) -> Response {
        let mut response = if self.html {
            let page = format!(
                "<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>",
                status = self.status
            );
            (self.status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
        } else {
            let body = ErrorJson {
                code: code_for(self.status),
                message: format!("injected fault: {}", self.status),
            };
            (self.status, axum::Json(body)).into_response()
        };
        if let Some(seconds) = self.retry_after_seconds {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        500..=599 => "internalError",
        _ => "invalidRequest",
    }
}
