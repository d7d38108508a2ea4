//! The mock's error answers: a status and a small JSON body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A non-2xx answer. The body shape (`status` + `message`) is the mock's guess: Push does not
/// document its error bodies (UNVERIFIED upstream), and the client reads either field.
#[derive(Debug)]
pub(crate) struct MockError {
    pub(crate) status: StatusCode,
    pub(crate) reason: Option<&'static str>,
    pub(crate) message: String,
}

impl MockError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            reason: None,
            message: message.into(),
        }
    }

    pub(crate) fn reason(reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            reason: Some(reason),
            message: message.into(),
        }
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            reason: None,
            message: format!("{what} Not Found"),
        }
    }

    pub(crate) fn status(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            reason: None,
            message: message.into(),
        }
    }
}

impl IntoResponse for MockError {
    fn into_response(self) -> Response {
        let mut body = serde_json::Map::new();
        if let Some(reason) = self.reason {
            body.insert("status".into(), reason.into());
        }
        body.insert("message".into(), self.message.into());
        (self.status, axum::Json(serde_json::Value::Object(body))).into_response()
    }
}

pub(crate) type MockResult<T> = Result<T, MockError>;
