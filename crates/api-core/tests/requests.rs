//! Request shapes on the wire: path parameters, query parameters, bodies, idempotency defaults.

mod transport_support;

use api_core::{Bytes, Error, MultipartPart, Request, RetryPolicy};
use httpmock::prelude::*;
use serde_json::json;
use transport_support::builder;

#[tokio::test]
async fn path_param_is_encoded_as_one_segment() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).is_true(|req| {
                req.uri().path() == "/api/s/a%2Fb%3Fc%23d.json" && req.uri().query().is_none()
            });
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&format!("{}/api/", server.base_url()))
        .build()
        .unwrap();
    client
        .execute(Request::get("get_secret", "/s/{token}.json").path_param("token", "a/b?c#d"))
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bad_path_parameters_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    for req in [
        Request::get("get_user", "/users/{id}"),
        Request::get("get_user", "/users/{id}").path_param("id", ".."),
        Request::get("get_user", "/users/{id}").path_param("id", ""),
    ] {
        let err = client.execute(req).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidRequest {
                    operation: "get_user",
                    ..
                }
            ),
            "{err:?}"
        );
    }
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn absent_query_options_are_skipped() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/list")
                .is_true(|req| req.uri().query() == Some("limit=10"));
            then.status(200).body("[]");
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    client
        .execute(
            Request::get("list", "/list")
                .query_opt("limit", Some(10))
                .query_opt("cursor", None::<String>)
                .query_all("tag", Vec::<String>::new()),
        )
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn array_query_uses_repeated_keys() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/list")
                .is_true(|req| req.uri().query() == Some("state=open&state=resolved&q=a+b%26c"));
            then.status(200).body("[]");
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    client
        .execute(
            Request::get("list", "/list")
                .query_all("state", ["open", "resolved"])
                .query("q", "a b&c"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn json_body_is_sent_again_on_every_attempt() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/apps/1")
                .header("content-type", "application/json")
                .json_body(json!({"notes": "audited"}));
            then.status(503);
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    let req = Request::put("update_app", "/apps/{id}")
        .path_param("id", 1)
        .json(&json!({"notes": "audited"}))
        .unwrap()
        .retry_policy(RetryPolicy::new().max_attempts(3));
    let err = client.execute(req).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    // Every attempt matched the body: a body consumed by the first attempt would miss the mock.
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn multipart_body_is_rebuilt_for_every_attempt() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/f.json")
                .header_includes("content-type", "multipart/form-data")
                .body_includes("name=\"upload[content]\"")
                .body_includes("filename=\"notes.txt\"")
                .body_includes("file contents")
                .body_includes("name=\"upload[copies]\"");
            then.status(503);
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    let req = Request::post("create_file", "/f.json")
        .multipart(vec![
            MultipartPart::file(
                "upload[content]",
                "notes.txt",
                Some("text/plain".into()),
                Bytes::from_static(b"file contents"),
            ),
            MultipartPart::text("upload[copies]", "5"),
        ])
        .idempotent(true)
        .retry_policy(RetryPolicy::new().max_attempts(2));
    client.execute(req).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn form_body_is_url_encoded() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("user", "ada")
                .form_urlencoded_tuple("note", "a&b c");
            then.status(201).body("{}");
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    client
        .execute(Request::post("create", "/items").form(vec![
            ("user".into(), "ada".into()),
            ("note".into(), "a&b c".into()),
        ]))
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn post_is_not_retried_on_500_but_marked_idempotent_is() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/items");
            then.status(500);
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    client
        .execute(Request::post("create", "/items"))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1);
    client
        .execute(Request::post("create", "/items").idempotent(true))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1 + 3);
}
