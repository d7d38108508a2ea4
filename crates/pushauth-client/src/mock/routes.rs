//! The HTTP side of the mock: the three documented endpoints behind an API key check.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;

use super::session::SentNotification;
use super::state::{DEFAULT_SECONDS_TO_EXPIRE, PENDING, Shared, lock};
use super::wire::{CreateSessionBody, ErrorJson, UpdateSessionBody};

/// The only value PATCH accepts; the real service's value is UNVERIFIED (`canceled` is the spelling its
/// own sample server reads back).
const CANCELED: &str = "canceled";

pub(crate) fn router(shared: Shared) -> Router {
    Router::new()
        .route("/v1/push/sessions", post(create_session))
        .route(
            "/v1/push/sessions/{id}",
            get(get_session).patch(update_session),
        )
        .layer(middleware::from_fn_with_state(shared.clone(), gatekeeper))
        .with_state(shared)
}

/// Checks `X-API-Key` (the shared kit has recorded the request and served any fault before).
async fn gatekeeper(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    {
        let state = lock(&shared);
        let key_matches = request
            .headers()
            .get("x-api-key")
            .is_some_and(|value| value.as_bytes() == state.api_key.as_bytes());
        if !key_matches {
            return error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "missing or unknown API key",
            );
        }
    }
    next.run(request).await
}

async fn create_session(State(shared): State<Shared>, body: Bytes) -> Response {
    let body: CreateSessionBody = match json_body(&body) {
        Ok(body) => body,
        Err(problem) => return bad_request(&problem),
    };
    if body.user.is_empty() {
        return bad_request("user must not be empty");
    }
    let seconds_to_expire = match body.seconds_to_expire {
        Some(seconds) if seconds < 0 => return bad_request("secondsToExpire must be at least 0"),
        None | Some(0) => DEFAULT_SECONDS_TO_EXPIRE,
        Some(seconds) => seconds,
    };
    let notification = body.notification.unwrap_or_default();
    let notification = SentNotification {
        title: notification.title,
        subtitle: notification.subtitle,
        body: notification.body,
        payload: notification.payload,
    };
    let mut state = lock(&shared);
    let Some(id) = state.create(body.user, notification, seconds_to_expire) else {
        return bad_request("secondsToExpire is too large");
    };
    let Some(session) = state.sessions.get(&id) else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internalError",
            "lost the new session",
        );
    };
    (StatusCode::CREATED, Json(state.to_json(session))).into_response()
}

async fn get_session(State(shared): State<Shared>, Path(id): Path<String>) -> Response {
    let mut state = lock(&shared);
    let Some(session) = state.snapshot(&id) else {
        return unknown_session();
    };
    Json(state.to_json(&session)).into_response()
}

async fn update_session(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let body: UpdateSessionBody = match json_body(&body) {
        Ok(body) => body,
        Err(problem) => return bad_request(&problem),
    };
    let mut state = lock(&shared);
    let Some(current) = state.session_mut(&id).map(|s| s.status.clone()) else {
        return unknown_session();
    };
    if body.status != CANCELED {
        return bad_request("status can only be set to canceled");
    }
    // What the service does with a session that is already decided is UNVERIFIED; the mock refuses.
    if current != PENDING {
        return bad_request(&format!("the session is already {current}"));
    }
    state.set_status(&id, CANCELED, None);
    let Some(session) = state.sessions.get(&id) else {
        return unknown_session();
    };
    Json(state.to_json(session)).into_response()
}

/// A request body of the documented shape, or the `400` message naming what is wrong with it.
fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid request body: {e}"))
}

/// An id the service does not know is an invalid parameter: the reference documents only `400` with a
/// `badRequest` error for GET and PATCH ("missing or invalid parameters") and lists no `notFound` code,
/// so the mock answers that, the way a client written from the reference expects.
fn unknown_session() -> Response {
    bad_request("no session with this id")
}

fn bad_request(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "badRequest", message)
}

fn error(status: StatusCode, code: &'static str, message: &str) -> Response {
    let body = ErrorJson {
        code,
        message: message.to_owned(),
    };
    (status, Json(body)).into_response()
}
