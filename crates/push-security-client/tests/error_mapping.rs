//! Each kind of failure answer becomes the right typed error, keeping the evidence.

mod common;

use std::time::Duration;

use api_core::StatusCode;
use httpmock::MockServer;
use push_security_client::CoreError;
use push_security_client::models::ErrorStatus;

use common::client_for;

async fn answering(status: u16, headers: &[(&str, &str)], body: &str) -> MockServer {
    let server = MockServer::start_async().await;
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let body = body.to_owned();
    server
        .mock_async(move |when, then| {
            when.any_request();
            let mut then = then.status(status).body(body);
            for (name, value) in headers {
                then = then.header(name, value);
            }
        })
        .await;
    server
}

#[tokio::test]
async fn bad_request_with_a_named_reason_is_an_api_error_with_that_reason() {
    let server = answering(
        400,
        &[("content-type", "application/json")],
        r#"{"status":"EXCEEDED_MAX_LICENSED_EMPLOYEES","message":"no free seat"}"#,
    )
    .await;
    let err = client_for(&server)
        .employees()
        .update("e-1")
        .licensed(true)
        .await
        .unwrap_err();
    assert!(matches!(err.core(), CoreError::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(
        err.detail().and_then(|d| d.reason()),
        Some(&ErrorStatus::ExceededMaxLicensedEmployees)
    );
    assert_eq!(err.api_message(), Some("no free seat"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn bad_request_without_a_named_reason_keeps_message_and_body() {
    let body = r#"{"message":"limit must be between 1 and 50"}"#;
    let server = answering(400, &[("content-type", "application/json")], body).await;
    let err = client_for(&server).apps().list().await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(err.detail().and_then(|d| d.reason()), None);
    assert_eq!(err.api_message(), Some("limit must be between 1 and 50"));
    assert_eq!(err.api_error().map(|a| a.body.as_str()), Some(body));
}

#[tokio::test]
async fn bad_request_with_an_empty_body_is_still_a_typed_api_error() {
    let server = answering(400, &[], "").await;
    let err = client_for(&server).apps().list().await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    assert!(err.detail().is_none());
}

#[tokio::test]
async fn not_found_is_an_api_error_with_status_404() {
    let server = answering(404, &[], "Account Not Found").await;
    let err = client_for(&server)
        .accounts()
        .get("missing")
        .await
        .unwrap_err();
    assert!(matches!(err.core(), CoreError::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        err.api_error().map(|a| a.body.as_str()),
        Some("Account Not Found")
    );
}

#[tokio::test]
async fn too_many_requests_with_retry_after_is_rate_limited_carrying_it() {
    let server = answering(429, &[("retry-after", "7")], "").await;
    let err = client_for(&server).findings().list().await.unwrap_err();
    assert!(
        matches!(err.core(), CoreError::RateLimited { .. }),
        "{err:?}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
}

#[tokio::test]
async fn too_many_requests_without_retry_after_is_rate_limited_without_a_delay() {
    let server = answering(429, &[], r#"{"message":"Too Many Requests"}"#).await;
    let err = client_for(&server).findings().list().await.unwrap_err();
    assert!(
        matches!(
            err.core(),
            CoreError::RateLimited {
                retry_after: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn internal_server_error_is_a_retryable_api_error() {
    let server = answering(
        500,
        &[("content-type", "application/json")],
        r#"{"message":"oops"}"#,
    )
    .await;
    let err = client_for(&server)
        .browsers()
        .get("br-1")
        .await
        .unwrap_err();
    assert!(matches!(err.core(), CoreError::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn non_json_bad_gateway_is_an_api_error_keeping_the_html() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = answering(502, &[("content-type", "text/html")], html).await;
    let err = client_for(&server).apps().get("app-1").await.unwrap_err();
    assert!(matches!(err.core(), CoreError::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(err.api_error().map(|a| a.body.as_str()), Some(html));
    assert!(err.detail().is_none());
}

#[tokio::test]
async fn malformed_success_body_is_a_decode_error_with_a_snippet() {
    let server = answering(
        200,
        &[("content-type", "application/json")],
        r#"{"result":[{"id":"#,
    )
    .await;
    let err = client_for(&server).accounts().list().await.unwrap_err();
    match err.core() {
        CoreError::Decode { snippet, .. } => assert!(snippet.contains("result"), "{snippet}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_key_and_read_only_writes_are_typed_errors() {
    let server = answering(401, &[], r#"{"message":"Unauthorized"}"#).await;
    let err = client_for(&server).apps().list().await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    let server = answering(403, &[], r#"{"message":"This API key is read only"}"#).await;
    let err = client_for(&server)
        .blocked_urls()
        .delete_all()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(err.api_message(), Some("This API key is read only"));
}
