//! Answers in the server's formats: JSON objects, empty 401s, Rails' default 404, throttling.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde_json::{Value, json};

use api_core::mock_kit::FaultAnswers;

#[derive(Debug)]
pub(crate) struct Reply {
    status: u16,
    body: Option<Value>,
}

impl Reply {
    pub(crate) fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            body: Some(body),
        }
    }

    pub(crate) fn error(status: u16, message: &str) -> Self {
        Self::json(status, json!({ "error": message }))
    }

    /// `head :unauthorized`: what a missing, unknown or empty token gets.
    pub(crate) fn unauthorized_empty() -> Self {
        Self {
            status: 401,
            body: None,
        }
    }

    pub(crate) fn not_found() -> Self {
        Self::error(404, "not-found")
    }

    /// Rails' answer for a route that does not exist.
    pub(crate) fn no_route() -> Self {
        Self::json(404, json!({"status": 404, "error": "Not Found"}))
    }

    pub(crate) fn field_errors(errors: BTreeMap<String, Vec<String>>) -> Self {
        Self::json(422, json!(errors))
    }

    pub(crate) fn into_response(self) -> Response<Body> {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = match self.body {
            Some(body) => Response::new(Body::from(body.to_string())),
            None => Response::new(Body::empty()),
        };
        *response.status_mut() = status;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    }
}

/// How the server answers the faults a test injects: a status alone gets an empty JSON answer
/// (what `head :status` sends), and throttling is Rack::Attack's plain-text "Retry later".
#[derive(Debug)]
pub(crate) struct PwPushAnswers;

impl FaultAnswers for PwPushAnswers {
    fn status(&self, status: StatusCode) -> Response<Body> {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = status;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    }

    fn throttled(&self) -> Response<Body> {
        let mut response = Response::new(Body::from("Retry later\n"));
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        response
    }
}
