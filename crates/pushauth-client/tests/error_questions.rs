//! Every question of the shared error vocabulary (docs/architecture.md), asked of errors made from
//! real HTTP answers: the same methods, with the same meaning, as in the other two clients.

use std::time::Duration;

use httpmock::prelude::*;
use pushauth_client::{Client, Error, ErrorCode, RetryPolicy, StatusCode};

const KEY: &str = "server-key-never-printed";

/// A client that does not retry, so each test sees the first answer.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .expect("a loopback client builds")
}

/// GETs a session from a server that answers `status` with `body` and `headers`.
async fn answered(status: u16, body: &str, headers: &[(&str, &str)]) -> Error {
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
    let error = client(&server)
        .sessions()
        .get("s-1")
        .await
        .expect_err("an error status");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(KEY), "{shown}");
    error
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn a_404_is_not_found_and_nothing_else() {
    let error = answered(
        404,
        r#"{"code":"notFound","message":"no such session"}"#,
        &[JSON],
    )
    .await;
    assert!(error.is_not_found());
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert!(!error.is_unauthorized());
    assert!(!error.is_rate_limited());
    assert!(!error.is_retryable());
    assert!(!error.may_have_been_processed());
    assert!(!error.is_invalid_request());
    assert!(!error.is_timeout());
}

#[tokio::test]
async fn a_401_and_a_403_are_unauthorized() {
    for status in [401, 403] {
        let error = answered(status, "", &[]).await;
        assert!(error.is_unauthorized(), "{status}");
        assert!(!error.is_not_found(), "{status}");
        assert!(!error.is_retryable(), "{status}");
    }
}

#[tokio::test]
async fn a_429_is_rate_limited_with_its_retry_after() {
    let error = answered(429, "", &[("retry-after", "7")]).await;
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert!(error.is_retryable());
    assert!(!error.may_have_been_processed());
}

#[tokio::test]
async fn a_500_keeps_the_request_id_and_may_have_been_processed() {
    let error = answered(500, "oops", &[("x-request-id", "req-500-a")]).await;
    assert_eq!(error.request_id(), Some("req-500-a"));
    assert!(error.is_retryable());
    assert!(error.may_have_been_processed());
    assert_eq!(error.api_code(), None);
    assert!(error.detail().is_none());
}

#[tokio::test]
async fn the_services_code_and_message_are_answered_as_sent_and_typed_in_detail() {
    let body = r#"{"code":"badRequest","message":"user is required"}"#;
    let error = answered(400, body, &[JSON]).await;
    assert_eq!(error.api_code(), Some("badRequest"));
    assert_eq!(error.api_message(), Some("user is required"));
    let detail = error.detail().expect("a typed body");
    assert_eq!(detail.code, Some(ErrorCode::BadRequest));
    assert_eq!(detail.message.as_deref(), Some("user is required"));
}

#[tokio::test]
async fn a_request_refused_before_sending_is_invalid_and_never_reached_the_server() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let error = client(&server)
        .sessions()
        .create("")
        .await
        .expect_err("an empty user is refused");
    assert!(error.is_invalid_request(), "{error:?}");
    assert!(!error.may_have_been_processed());
    assert_eq!(error.status(), None);
    assert_eq!(any.calls_async().await, 0);
}
