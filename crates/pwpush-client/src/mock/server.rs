//! The HTTP side: one fallback handler (behind the shared kit, which records the request and
//! serves injected faults) that checks authentication the way the server does, and hands over to the action.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Response, header};
use serde_json::Value;

use super::auth::{self, Caller};
use super::body;
use super::call::Call;
use super::create::{self, Endpoint};
use super::info;
use super::locale::{Locale, Message};
use super::owner;
use super::read;
use super::reply::Reply;
use super::routes::{Api, Family, Route};
use super::state::MockState;

pub(crate) type Shared = Arc<Mutex<MockState>>;

pub(crate) fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, MockState> {
    // A test that panicked while holding the lock must not hide the state from the next one.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) async fn dispatch(State(shared): State<Shared>, request: Request) -> Response<Body> {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query: Vec<(String, String)> = request
        .uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let headers = request.headers().clone();

    let route = Route::parse(&method, &path);
    let needs_body = matches!(
        route,
        Route::CreateV1(_)
            | Route::CreateV2
            | Route::CreateSecretRequest
            | Route::NotifyEmails(_)
            | Route::Family(_, _)
    );
    let body = if needs_body {
        match body::read(request).await {
            Ok(body) => body,
            Err(body::BodyError::Malformed) => {
                return Reply::error(400, "Invalid request parameters").into_response();
            }
        }
    } else {
        Value::Null
    };

    let mut state = lock(&shared);
    let caller = auth::resolve(&headers, &state.users);
    let locale = Locale::choose(
        query
            .iter()
            .find(|(k, _)| k == "locale")
            .map(|(_, v)| v.as_str()),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let call = Call {
        caller,
        locale,
        query,
        user_agent: header_text(&headers, header::USER_AGENT),
        referrer: header_text(&headers, header::REFERER),
    };
    handle(&mut state, route, &call, &body).into_response()
}

fn handle(state: &mut MockState, route: Route, call: &Call, body: &Value) -> Reply {
    let route = match route {
        Route::Family(Family::F, _) if !state.options.enable_file_pushes => {
            return Reply::no_route();
        }
        Route::Family(Family::R, _) if !state.options.enable_url_pushes => {
            return Reply::no_route();
        }
        Route::Family(_, inner) => *inner,
        other => other,
    };
    let v2_route = matches!(
        route,
        Route::Version(Api::V2)
            | Route::Accounts(Api::V2)
            | Route::CreateV2
            | Route::CreateSecretRequest
            | Route::PreviewSecretRequest(_)
            | Route::Show(Api::V2, _)
            | Route::Expire(Api::V2, _)
            | Route::Preview(Api::V2, _)
            | Route::Audit(Api::V2, _)
            | Route::List { api: Api::V2, .. }
            | Route::NotifyEmails(_)
    );
    if route == Route::Unrouted || (v2_route && !state.options.api_v2) {
        return Reply::no_route();
    }
    if !route.is_version() {
        // Any token that matches nobody is refused everywhere but version, public actions included.
        match call.caller {
            Caller::Invalid => return Reply::unauthorized_empty(),
            Caller::Anonymous if !state.options.allow_anonymous => {
                return Reply::unauthorized_empty();
            }
            Caller::User(_) if state.options.require_mfa => {
                return Reply::error(403, call.say(Message::MfaRequired));
            }
            _ => {}
        }
    }
    match route {
        Route::Version(api) => info::version(&state.options, api),
        Route::Accounts(api) if state.options.is_pro() => info::accounts(state, api, call),
        Route::CreateSecretRequest if state.options.is_pro() => {
            create::create_secret_request(state, call, body)
        }
        Route::PreviewSecretRequest(token) if state.options.is_pro() => {
            create::preview_secret_request(state, &token, call)
        }
        Route::Accounts(_) | Route::CreateSecretRequest | Route::PreviewSecretRequest(_) => {
            Reply::no_route()
        }
        Route::CreateV1(root) => create::create_push(state, Endpoint::V1(root), call, body),
        Route::CreateV2 => create::create_push(state, Endpoint::V2, call, body),
        Route::Show(_, token) => read::retrieve(state, &token, call),
        Route::Preview(_, token) => read::preview(state, &token),
        Route::Expire(_, token) => read::expire(state, &token, call),
        Route::Audit(api, token) => owner::audit(state, api, &token, call),
        Route::List { expired, .. } => owner::list(state, expired, call),
        Route::NotifyEmails(token) => owner::notify_emails(state, &token, call, body),
        Route::Family(_, _) | Route::Unrouted => Reply::no_route(),
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}
