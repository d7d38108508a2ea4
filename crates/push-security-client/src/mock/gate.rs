//! Runs before every handler: counts, delays, checks the key, enforces the rate limit, and
//! injects faults.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::controls::FaultKind;
use super::error::MockError;
use super::state::Shared;

#[derive(PartialEq, Eq)]
enum Access {
    Full,
    ReadOnly,
}

pub(crate) async fn gate(State(state): State<Shared>, request: Request, next: Next) -> Response {
    state.controls.count_request();
    let latency = state.controls.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let key = request
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let access = if key == state.full_access_key {
        Access::Full
    } else if key == state.read_only_key {
        Access::ReadOnly
    } else {
        // Push documents neither the status nor the body for a bad key (UNVERIFIED); 401 is the guess.
        return MockError::status(StatusCode::UNAUTHORIZED, "Unauthorized").into_response();
    };
    if let Some(limit) = state.controls.rate_limit()
        && let Err(wait) = state.buckets.try_take(key, limit)
    {
        state.controls.count_rate_limited();
        return too_many_requests(&state, wait);
    }
    let reads_only = matches!(*request.method(), Method::GET | Method::HEAD);
    if access == Access::ReadOnly && !reads_only {
        // UNVERIFIED upstream: the status a read-only key gets on a write is not documented.
        return MockError::status(StatusCode::FORBIDDEN, "This API key is read only")
            .into_response();
    }
    if let Some(fault) = state.controls.draw_fault() {
        return fault_response(&state, fault);
    }
    next.run(request).await
}

fn too_many_requests(state: &Shared, wait: Duration) -> Response {
    let mut response =
        MockError::status(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests").into_response();
    if state.controls.retry_after_header() {
        let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

fn fault_response(state: &Shared, fault: FaultKind) -> Response {
    match fault {
        FaultKind::InternalServerError => {
            MockError::status(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
                .into_response()
        }
        FaultKind::BadGateway => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        )
            .into_response(),
        FaultKind::ServiceUnavailable => {
            MockError::status(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable")
                .into_response()
        }
        FaultKind::GatewayTimeout => StatusCode::GATEWAY_TIMEOUT.into_response(),
        FaultKind::TooManyRequests => too_many_requests(state, Duration::from_secs(1)),
        FaultKind::MalformedJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"result":[{"id":"d6a32ba5-0532"#,
        )
            .into_response(),
    }
}
