//! Every question of the shared error vocabulary (docs/architecture.md), asked of errors made from
//! real HTTP answers: the same methods, with the same meaning, as in the other two clients.
//! The answers are the server's shapes as src/error_detail.rs records them from its controllers:
//! `{"error": "not-found"}`, an empty 401, `{"error": ..}` otherwise.

use std::time::Duration;

use httpmock::prelude::*;
use pwpush_client::{ApiVersion, Client, Error, PwPushError, RetryPolicy, StatusCode};

const TOKEN: &str = "pw-token-never-printed";
const URL_TOKEN: &str = "url-token-never-printed";

/// A v2 client (no version probe) that neither retries nor paces.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .bearer_token(TOKEN)
        .api_version(ApiVersion::V2)
        .retry_policy(RetryPolicy::no_retries())
        .no_rate_limit()
        .build()
        .expect("a loopback client builds")
}

/// Retrieves a push from a server that answers `status` with `body` and `headers`.
async fn answered(status: u16, body: &str, headers: &[(&str, &str)]) -> Error {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/api/v2/pushes/{URL_TOKEN}"));
            let mut then = then.status(status).body(body);
            for (name, value) in headers {
                then = then.header(*name, *value);
            }
        })
        .await;
    let error = client(&server)
        .pushes()
        .retrieve(URL_TOKEN)
        .await
        .expect_err("an error status");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains(URL_TOKEN), "{shown}");
    error
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn a_404_is_not_found_and_nothing_else() {
    let error = answered(404, r#"{"error":"not-found"}"#, &[JSON]).await;
    assert!(error.is_not_found());
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.api_code(), Some("not-found"));
    assert_eq!(error.detail(), Some(&PwPushError::NotFound));
    assert!(!error.is_unauthorized());
    assert!(!error.is_rate_limited());
    assert!(!error.is_retryable());
    assert!(!error.may_have_been_processed());
    assert!(!error.is_invalid_request());
    assert!(!error.is_timeout());
}

#[tokio::test]
async fn a_401_and_a_403_are_unauthorized() {
    let unauthenticated = answered(401, "", &[]).await;
    assert!(unauthenticated.is_unauthorized());
    assert_eq!(
        unauthenticated.detail(),
        Some(&PwPushError::Unauthenticated)
    );
    let forbidden = answered(403, r#"{"error":"Two-factor required"}"#, &[JSON]).await;
    assert!(forbidden.is_unauthorized());
    assert!(!forbidden.is_not_found());
    assert!(!forbidden.is_retryable());
}

#[tokio::test]
async fn a_429_is_rate_limited_with_its_retry_after() {
    let error = answered(429, "Retry later\n", &[("retry-after", "7")]).await;
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.detail(), Some(&PwPushError::Throttled));
    assert!(error.is_retryable());
    assert!(!error.may_have_been_processed());
}

#[tokio::test]
async fn a_500_keeps_the_request_id_and_may_have_been_processed() {
    let error = answered(500, "<html>oops</html>", &[("x-request-id", "req-500-a")]).await;
    assert_eq!(error.request_id(), Some("req-500-a"));
    assert!(error.is_retryable());
    assert!(error.may_have_been_processed());
    assert_eq!(error.api_code(), None);
}

#[tokio::test]
async fn the_servers_message_is_answered_as_sent_and_typed_in_detail() {
    let error = answered(400, r#"{"error":"param is missing"}"#, &[JSON]).await;
    assert_eq!(error.api_message(), Some("param is missing"));
    // Password Pusher's only code is `not-found`.
    assert_eq!(error.api_code(), None);
    assert_eq!(
        error.detail(),
        Some(&PwPushError::BadRequest {
            message: "param is missing".to_owned()
        })
    );
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
        .pushes()
        .retrieve("../admin")
        .await
        .expect_err("a URL token with a path in it is refused");
    assert!(error.is_invalid_request(), "{error:?}");
    assert!(!error.may_have_been_processed());
    assert_eq!(error.status(), None);
    assert_eq!(any.calls_async().await, 0);
}
