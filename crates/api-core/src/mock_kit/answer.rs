//! How each kind of fault is answered.

use std::io;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::fault::{Fault, FaultKind};

/// The half of a JSON document a [`Fault::malformed_body`] answers with.
const CUT_OFF_JSON: &str = r#"{"result":[{"id":"d6a32ba5-0532"#;

/// How one service writes the answers a fault asks for. Only the status answers are the
/// service's own; HTML pages, cut-off bodies and dropped connections look the same everywhere.
pub trait FaultAnswers: Send + Sync + 'static {
    /// The service's error answer for `status` (its body and content type).
    fn status(&self, status: StatusCode) -> Response;

    /// The service's answer when it throttles a caller (429). Defaults to [`status`](Self::status).
    fn throttled(&self) -> Response {
        self.status(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Called for every fault served, for the service's own counters.
    fn fault_served(&self, fault: &Fault) {
        let _ = fault;
    }
}

/// Serves `fault`: waits its delay, then answers with it, or returns `None` when the request
/// should be served normally (a pure delay). Mocks with their own fault sources (a seeded error
/// rate, say) answer through this too, so every fault looks the same.
pub async fn serve_fault(fault: &Fault, answers: &dyn FaultAnswers) -> Option<Response> {
    if let Some(delay) = fault.delay {
        tokio::time::sleep(delay).await;
    }
    answers.fault_served(fault);
    let mut response = match &fault.kind {
        FaultKind::Pass => return None,
        FaultKind::Status(status) => answers.status(status_code(*status)),
        FaultKind::Throttled => answers.throttled(),
        FaultKind::Html(status) => html_page(status_code(*status)),
        FaultKind::RawJson(status, body) => {
            json_text(status_code(*status), Body::from(body.clone()))
        }
        FaultKind::MalformedBody(status) => {
            json_text(status_code(*status), Body::from(CUT_OFF_JSON))
        }
        FaultKind::DropConnection => dropped_connection(),
    };
    if let Some(seconds) = fault.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    Some(response)
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn html_page(status: StatusCode) -> Response {
    let page = format!(
        "<html><head><title>{status}</title></head><body><h1>{status}</h1>\
         <p>The upstream server did not answer.</p></body></html>"
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

fn json_text(status: StatusCode, body: Body) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A body that fails before its first byte: the server closes the connection instead of
/// finishing the answer, which a client sees as a reset or an incomplete message.
fn dropped_connection() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "connection dropped by an injected fault",
        ))
    });
    Response::new(Body::from_stream(failing))
}
