//! How the PushAuth mock writes the error answers an injected [`Fault`](super::Fault) asks for.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use api_core::mock_kit::FaultAnswers;

use super::wire::ErrorJson;

/// PushAuth's error shape: a JSON body `{code, message}`.
#[derive(Debug)]
pub(crate) struct PushAuthAnswers;

impl FaultAnswers for PushAuthAnswers {
    /// The code follows the status: 400 `badRequest`, 401 `unauthorized`, 403 `forbidden`, 5xx
    /// `internalError`, anything else `invalidRequest` (the service's mapping beyond 400 is
    /// UNVERIFIED).
    fn status(&self, status: StatusCode) -> Response {
        let body = ErrorJson {
            code: code_for(status),
            message: format!("injected fault: {status}"),
        };
        (status, axum::Json(body)).into_response()
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
