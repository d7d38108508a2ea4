//! Runs before every handler (after the shared kit recorded the request and served any injected
//! fault): delays, checks the key, enforces the rate limit, and draws the seeded random faults.

use std::time::Duration;

use api_core::mock_kit::{FaultAnswers, serve_fault};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::controls::MockControls;
use super::error::MockError;
use super::state::Shared;

#[derive(PartialEq, Eq)]
enum Access {
    Full,
    ReadOnly,
}

pub(crate) async fn gate(State(state): State<Shared>, request: Request, next: Next) -> Response {
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
        && let Err(wait) = state.buckets.try_take(key, limit, state.clock.elapsed())
    {
        state.controls.count_rate_limited();
        return too_many_requests(&state.controls, wait);
    }
    let reads_only = matches!(*request.method(), Method::GET | Method::HEAD);
    if access == Access::ReadOnly && !reads_only {
        // UNVERIFIED upstream: the status a read-only key gets on a write is not documented.
        return MockError::status(StatusCode::FORBIDDEN, "This API key is read only")
            .into_response();
    }
    if let Some(fault) = state.controls.draw_random_fault() {
        let answers = PushSecurityAnswers(state.controls.clone());
        if let Some(response) = serve_fault(&fault, &answers).await {
            return response;
        }
    }
    next.run(request).await
}

fn too_many_requests(controls: &MockControls, wait: Duration) -> Response {
    let mut response =
        MockError::status(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests").into_response();
    if controls.retry_after_header() {
        let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

/// Push Security's error answers for faults: `{"message": ..}` JSON, an empty 504 (as a gateway
/// sends), and 429 with `Retry-After` when the controls ask for it.
#[derive(Debug)]
pub(crate) struct PushSecurityAnswers(pub(crate) MockControls);

impl FaultAnswers for PushSecurityAnswers {
    fn status(&self, status: StatusCode) -> Response {
        match status {
            StatusCode::TOO_MANY_REQUESTS => too_many_requests(&self.0, Duration::from_secs(1)),
            StatusCode::GATEWAY_TIMEOUT => status.into_response(),
            _ => MockError::status(status, status.canonical_reason().unwrap_or("Error"))
                .into_response(),
        }
    }

    fn fault_served(&self, fault: &api_core::mock_kit::Fault) {
        self.0.count_fault(fault);
    }
}
