//! How error responses become typed errors: the status, PushAuth's `{code, message}` body when there is one,
//! and the raw body when there is not.

use std::time::Duration;

use httpmock::prelude::*;
use pushauth_client::CoreError;
use pushauth_client::{Client, Error, ErrorCode, RetryPolicy, StatusCode};
use serde_json::json;

/// A client that does not retry, so each test sees the first answer.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .expect("a loopback client builds")
}

/// GETs a session from a server that answers `status` with `body` (and `headers`).
async fn get_answered_with(status: u16, body: &str, headers: &[(&str, &str)]) -> Error {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/push/sessions/s-1");
            let mut then = then.status(status).body(body);
            for (name, value) in headers {
                then = then.header(*name, *value);
            }
        })
        .await;
    client(&server)
        .sessions()
        .get("s-1")
        .await
        .expect_err("an error status")
}

fn error_body(code: &str) -> String {
    json!({"code": code, "message": format!("{code} happened")}).to_string()
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn status_400_is_an_api_error_with_the_bad_request_code() {
    let error = get_answered_with(400, &error_body("badRequest"), &[JSON]).await;
    assert!(matches!(error.core(), CoreError::Api(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(
        error.detail().and_then(|b| b.code.as_ref()),
        Some(&ErrorCode::BadRequest)
    );
    assert_eq!(error.api_message(), Some("badRequest happened"));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn status_401_is_an_api_error_with_the_unauthorized_code() {
    let error = get_answered_with(401, &error_body("unauthorized"), &[JSON]).await;
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(
        error.detail().and_then(|b| b.code.as_ref()),
        Some(&ErrorCode::Unauthorized)
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn status_403_is_an_api_error_with_the_forbidden_code() {
    let error = get_answered_with(403, &error_body("forbidden"), &[JSON]).await;
    assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(
        error.detail().and_then(|b| b.code.as_ref()),
        Some(&ErrorCode::Forbidden)
    );
}

#[tokio::test]
async fn status_404_is_an_api_error_that_is_not_retryable() {
    let error = get_answered_with(404, &error_body("badRequest"), &[JSON]).await;
    assert!(matches!(error.core(), CoreError::Api(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn status_429_is_rate_limited_with_the_retry_after() {
    let error = get_answered_with(
        429,
        &error_body("tooManyRequests"),
        &[JSON, ("retry-after", "3")],
    )
    .await;
    assert!(
        matches!(error.core(), CoreError::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
    assert_eq!(
        error.detail().and_then(|b| b.code.as_ref()),
        Some(&ErrorCode::Unknown("tooManyRequests".to_owned()))
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn status_500_is_a_retryable_api_error_with_the_internal_error_code() {
    let error = get_answered_with(500, &error_body("internalError"), &[JSON]).await;
    assert!(matches!(error.core(), CoreError::Api(_)), "{error:?}");
    assert_eq!(
        error.detail().and_then(|b| b.code.as_ref()),
        Some(&ErrorCode::InternalError)
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_non_json_502_keeps_the_raw_body_and_has_no_error_code() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let error = get_answered_with(502, page, &[("content-type", "text/html")]).await;
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api.body, page);
    assert!(error.detail().and_then(|b| b.code.as_ref()).is_none());
    assert!(error.is_retryable());
}

#[tokio::test]
async fn an_error_code_this_crate_does_not_know_is_kept_as_unknown() {
    let error = get_answered_with(400, &error_body("sessionLocked"), &[JSON]).await;
    assert_eq!(
        error.detail().and_then(|b| b.code.as_ref()),
        Some(&ErrorCode::Unknown("sessionLocked".to_owned()))
    );
    assert_eq!(
        error
            .detail()
            .and_then(|b| b.code.as_ref())
            .map(ErrorCode::as_str),
        Some("sessionLocked")
    );
}
