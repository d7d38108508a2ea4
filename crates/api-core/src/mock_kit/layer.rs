//! The fault-injection step every mock's router runs: record the request, then answer the first
//! matching queued fault or hand over to the service.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::answer::{FaultAnswers, serve_fault};
use super::kit::MockKit;
use super::record::RecordedRequest;

impl MockKit {
    /// Wraps a mock's router: every request is recorded, then answered by the first matching
    /// queued fault (rendered by `answers` where the service has its own format), or passed on.
    pub fn layer(&self, router: Router, answers: Arc<dyn FaultAnswers>) -> Router {
        router.layer(axum::middleware::from_fn_with_state(
            (self.clone(), answers),
            step,
        ))
    }
}

/// Records the request, then answers the first matching queued fault or hands over to the service.
async fn step(
    State((kit, answers)): State<(MockKit, Arc<dyn FaultAnswers>)>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let (body, body_len) = match body.size_hint().exact() {
        Some(len) => (body, usize::try_from(len).unwrap_or(usize::MAX)),
        // A chunked body has no length until it is read; the mock reads it to count it.
        None => match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => {
                let len = bytes.len();
                (Body::from(bytes), len)
            }
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        },
    };
    kit.record(RecordedRequest::new(
        &parts.method,
        &parts.uri,
        &parts.headers,
        body_len,
    ));
    if let Some(fault) = kit.take_fault(parts.uri.path())
        && let Some(response) = serve_fault(&fault, answers.as_ref()).await
    {
        return response;
    }
    next.run(Request::from_parts(parts, body)).await
}
