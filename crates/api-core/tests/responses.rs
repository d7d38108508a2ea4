//! Reading responses: the size limit, decoding per expectation, and error responses that keep
//! their evidence.

mod transport_support;

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use api_core::{
    ApiError, BodyExpectation, Error, ErrorDetail, ErrorDetailParser, Request, RetryPolicy,
    StatusCode,
};
use httpmock::prelude::*;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use transport_support::builder;

async fn serve(status: u16, content_type: &str, body: &[u8]) -> MockServer {
    let server = MockServer::start_async().await;
    let body = body.to_vec();
    let content_type = content_type.to_owned();
    server
        .mock_async(move |when, then| {
            when.any_request();
            then.status(status)
                .header("content-type", content_type)
                .header("x-request-id", "req-42")
                .body(body);
        })
        .await;
    server
}

#[tokio::test]
async fn oversized_body_is_cut_off_at_the_limit() {
    let server = serve(200, "application/json", &vec![b' '; 64 * 1024]).await;
    let client = builder(&server.base_url())
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let err = client.execute(Request::get("big", "/")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                operation: "big",
                limit: 1024
            }
        ),
        "{err:?}"
    );

    // A body exactly at the limit is fine.
    let server = serve(200, "application/json", &vec![b' '; 1024]).await;
    let client = builder(&server.base_url())
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let response = client.execute(Request::get("big", "/")).await.unwrap();
    assert_eq!(response.bytes().len(), 1024);
}

/// Serves one response whose chunked body never ends; returns the port.
async fn endless_body_server() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("{:x}\r\n{}\r\n", 8192, " ".repeat(8192));
        // Stops when the client hangs up, which is what the test waits for.
        while socket.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    port
}

#[tokio::test]
async fn endless_body_is_cut_off_without_reading_it_all() {
    let port = endless_body_server().await;
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .max_response_bytes(100 * 1024)
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap();
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        client.execute(Request::get("stream", "/")),
    )
    .await
    .expect("the size limit ends the read of an endless body");
    assert!(
        matches!(result, Err(Error::ResponseTooLarge { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn malformed_json_gives_decode_error_with_snippet() {
    let server = serve(200, "application/json", b"{\"id\": 1, \"name\": ").await;
    let client = builder(&server.base_url()).build().unwrap();
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        id: u64,
        name: String,
    }
    let err = client
        .send_json::<Thing>(Request::get("get_thing", "/"))
        .await
        .unwrap_err();
    let Error::Decode {
        operation,
        status,
        snippet,
        ..
    } = &err
    else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(*operation, "get_thing");
    assert_eq!(*status, StatusCode::OK);
    assert_eq!(snippet, "{\"id\": 1, \"name\": ");
    assert!(err.to_string().contains("get_thing"));
}

#[tokio::test]
async fn decode_snippet_is_bounded() {
    let mut body = b"[".to_vec();
    body.extend(std::iter::repeat_n(b'x', 100_000));
    let server = serve(200, "application/json", &body).await;
    let client = builder(&server.base_url()).build().unwrap();
    let err = client
        .send_json::<Vec<u8>>(Request::get("list", "/"))
        .await
        .unwrap_err();
    let Error::Decode { snippet, .. } = err else {
        panic!("expected a decode error");
    };
    assert!(
        snippet.starts_with("[xxx") && snippet.len() <= 1024,
        "{}",
        snippet.len()
    );
}

#[tokio::test]
async fn html_502_gives_api_error_with_body() {
    let page = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = serve(502, "text/html", page).await;
    let client = builder(&server.base_url()).build().unwrap();
    let err = client
        .send_json::<serde_json::Value>(Request::get("get_thing", "/"))
        .await
        .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api.body.as_bytes(), page);
    assert_eq!(api.request_id.as_deref(), Some("req-42"));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn error_body_is_kept_up_to_four_kib() {
    let server = serve(400, "text/plain", &vec![b'e'; 20_000]).await;
    let client = builder(&server.base_url()).build().unwrap();
    let err = client.execute(Request::get("op", "/")).await.unwrap_err();
    assert_eq!(
        err.api_error().unwrap().body.len(),
        ApiError::MAX_BODY_BYTES
    );
}

#[tokio::test]
async fn empty_body_decodes_as_null_when_expected() {
    let server = serve(204, "application/json", b"").await;
    let client = builder(&server.base_url()).build().unwrap();
    let value: Option<serde_json::Value> = client
        .send_json(Request::delete("delete", "/").expect(BodyExpectation::JsonOrEmpty))
        .await
        .unwrap();
    assert_eq!(value, None);
    let unit: () = client
        .send_json(Request::delete("delete", "/").expect(BodyExpectation::JsonOrEmpty))
        .await
        .unwrap();
    assert_eq!(unit, ());
    // Without the expectation an empty body is a decode error, not a silent default.
    let err = client
        .send_json::<Option<serde_json::Value>>(Request::delete("delete", "/"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn bare_string_body_decodes() {
    let quoted = serve(200, "application/json", b"\"https://example.test/s/abc\"").await;
    let plain = serve(200, "text/plain", b"https://example.test/s/abc").await;
    for server in [&quoted, &plain] {
        let client = builder(&server.base_url()).build().unwrap();
        let url: String = client
            .send_json(Request::get("preview", "/").expect(BodyExpectation::StringOrText))
            .await
            .unwrap();
        assert_eq!(url, "https://example.test/s/abc");
    }
}

#[tokio::test]
async fn json_is_decoded_whatever_the_content_type() {
    let server = serve(200, "text/html; charset=utf-8", b"{\"ok\":true}").await;
    let client = builder(&server.base_url()).build().unwrap();
    let value: serde_json::Value = client.send_json(Request::get("op", "/")).await.unwrap();
    assert_eq!(value["ok"], true);
}

#[tokio::test]
async fn status_429_gives_rate_limited_with_retry_after() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(429)
                .header("retry-after", "7")
                .body("slow down");
        })
        .await;
    let client = builder(&server.base_url())
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap();
    let err = client
        .execute(Request::post("create", "/"))
        .await
        .unwrap_err();
    let Error::RateLimited { error, retry_after } = &err else {
        panic!("expected RateLimited, got {err:?}");
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(7)));
    assert_eq!(error.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error.body, "slow down");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(!err.may_have_been_processed());
}

#[derive(Debug, Deserialize)]
struct ExampleProblem {
    code: String,
}

impl fmt::Display for ExampleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "code {}", self.code)
    }
}

impl ErrorDetail for ExampleProblem {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Debug)]
struct ExampleParser;

impl ErrorDetailParser for ExampleParser {
    fn parse(&self, _status: StatusCode, body: &[u8]) -> Option<Box<dyn ErrorDetail>> {
        let problem: ExampleProblem = serde_json::from_slice(body).ok()?;
        Some(Box::new(problem))
    }
}

#[tokio::test]
async fn error_detail_parser_gives_the_typed_error() {
    let server = serve(422, "application/json", b"{\"code\":\"name_taken\"}").await;
    let client = builder(&server.base_url())
        .error_detail_parser(Arc::new(ExampleParser))
        .build()
        .unwrap();
    let err = client
        .execute(Request::post("create", "/"))
        .await
        .unwrap_err();
    assert_eq!(
        err.detail::<ExampleProblem>().map(|p| p.code.as_str()),
        Some("name_taken")
    );
    assert!(err.to_string().contains("code name_taken"), "{err}");
    assert_eq!(err.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));

    // A body of another shape gives no detail but keeps the raw body.
    let server = serve(422, "text/plain", b"nope").await;
    let client = builder(&server.base_url())
        .error_detail_parser(Arc::new(ExampleParser))
        .build()
        .unwrap();
    let err = client
        .execute(Request::post("create", "/"))
        .await
        .unwrap_err();
    assert!(err.detail::<ExampleProblem>().is_none());
    assert_eq!(err.api_error().unwrap().body, "nope");
}
