//! Auth headers on the wire: what each scheme sends, and nothing on an anonymous call.

mod transport_support;

use api_core::{Auth, Request};
use httpmock::prelude::*;
use transport_support::builder;

#[tokio::test]
async fn api_key_header_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/me")
                .header("x-example-key", "k-123");
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&server.base_url())
        .auth(Auth::api_key("X-Example-Key", "k-123"))
        .build()
        .unwrap();
    client.execute(Request::get("me", "/me")).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bearer_and_header_pair_sent() {
    let server = MockServer::start_async().await;
    let bearer = server
        .mock_async(|when, then| {
            when.path("/bearer").header("authorization", "Bearer t-456");
            then.status(200).body("{}");
        })
        .await;
    let pair = server
        .mock_async(|when, then| {
            when.path("/pair")
                .header("x-account-email", "a@example.test")
                .header("x-account-token", "t-789")
                .header_missing("authorization");
            then.status(200).body("{}");
        })
        .await;

    let client = builder(&server.base_url())
        .auth(Auth::bearer("t-456"))
        .build()
        .unwrap();
    client.execute(Request::get("b", "/bearer")).await.unwrap();
    let client = builder(&server.base_url())
        .auth(Auth::header_pair(
            "X-Account-Email",
            "a@example.test",
            "X-Account-Token",
            "t-789",
        ))
        .build()
        .unwrap();
    client.execute(Request::get("p", "/pair")).await.unwrap();

    bearer.assert_async().await;
    pair.assert_async().await;
}

#[tokio::test]
async fn no_auth_header_on_anonymous_call() {
    let server = MockServer::start_async().await;
    let anonymous = server
        .mock_async(|when, then| {
            when.path("/public")
                .header_missing("authorization")
                .header_missing("x-account-email")
                .header_missing("x-account-token");
            then.status(200).body("{}");
        })
        .await;
    let authenticated = server
        .mock_async(|when, then| {
            when.path("/private").header("x-account-token", "t-1");
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&server.base_url())
        .auth(Auth::header_pair(
            "x-account-email",
            "a@b.test",
            "x-account-token",
            "t-1",
        ))
        .build()
        .unwrap();

    client
        .execute(Request::get("public", "/public").anonymous())
        .await
        .unwrap();
    // The same client still authenticates calls that are not anonymous.
    client
        .execute(Request::get("private", "/private"))
        .await
        .unwrap();

    anonymous.assert_async().await;
    authenticated.assert_async().await;
}

#[tokio::test]
async fn client_without_auth_sends_no_auth_header() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/x").header_missing("authorization");
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    client.execute(Request::get("x", "/x")).await.unwrap();
    mock.assert_async().await;
}

#[test]
fn empty_credential_is_refused_at_build() {
    let err = builder("http://127.0.0.1:1")
        .auth(Auth::bearer(""))
        .build()
        .unwrap_err();
    assert!(matches!(err, api_core::Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_origin() {
    let elsewhere = MockServer::start_async().await;
    let leaked = elsewhere
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let server = MockServer::start_async().await;
    let target = elsewhere.url("/collect");
    server
        .mock_async(move |when, then| {
            when.path("/away");
            then.status(302).header("location", target);
        })
        .await;
    let same_origin = server
        .mock_async(|when, then| {
            when.path("/moved").header("x-example-key", "k-123");
            then.status(200).body("{}");
        })
        .await;
    let here = server.url("/moved");
    server
        .mock_async(move |when, then| {
            when.path("/old");
            then.status(301).header("location", here);
        })
        .await;
    let client = builder(&server.base_url())
        .auth(Auth::api_key("x-example-key", "k-123"))
        .build()
        .unwrap();

    let err = client
        .execute(Request::get("away", "/away"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    assert!(
        matches!(
            &err,
            api_core::Error::Redirect {
                reason: api_core::RedirectRefusal::CrossOrigin { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(leaked.calls_async().await, 0);

    // A redirect within the configured origin is followed, credentials included.
    client.execute(Request::get("old", "/old")).await.unwrap();
    same_origin.assert_async().await;
}
