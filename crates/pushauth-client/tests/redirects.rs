//! The API key (`X-API-Key`) is sent only to the configured origin: a 302 or 307 to a second
//! loopback server on another port ends the call with a typed error, with the default transport
//! and with a transport the user shaped (one that even asks reqwest to follow redirects), and the
//! second server receives nothing. A redirect within the origin is followed.

use httpmock::prelude::*;
use pushauth_client::CoreError;
use pushauth_client::{Client, ClientBuilder, RedirectRefusal, RetryPolicy, reqwest};
use serde_json::{Value, json};

const KEY: &str = "test-server-api-key";
const PATH: &str = "/v1/push/sessions/s-1";

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::no_retries())
}

fn session() -> Value {
    json!({
        "id": "s-1",
        "status": "sent",
        "notificationCount": 1,
        "detail": null,
        "expiresAt": "2026-03-01T17:04:05Z",
        "updatedAt": "2026-03-01T17:02:05Z"
    })
}

/// The two transports every case runs with.
fn clients(server: &MockServer) -> [(&'static str, Client); 2] {
    let user_shaped = builder(server)
        .configure_http(|http| {
            http.redirect(reqwest::redirect::Policy::limited(10))
                .pool_max_idle_per_host(1)
        })
        .build()
        .expect("a user-shaped client builds");
    [
        ("default", builder(server).build().expect("client")),
        ("user-shaped", user_shaped),
    ]
}

#[tokio::test]
async fn the_api_key_never_follows_a_302_or_307_to_another_origin() {
    for status in [302_u16, 307] {
        let elsewhere = MockServer::start_async().await;
        let received = elsewhere
            .mock_async(|when, then| {
                when.any_request();
                then.status(200).json_body(session());
            })
            .await;
        let origin = MockServer::start_async().await;
        let target = elsewhere.url(PATH);
        origin
            .mock_async(move |when, then| {
                when.method(GET).path(PATH).header("x-api-key", KEY);
                then.status(status).header("location", target);
            })
            .await;

        for (transport, client) in clients(&origin) {
            let err = client.sessions().get("s-1").await.unwrap_err();
            assert!(
                matches!(err.core(), CoreError::Redirect { reason: RedirectRefusal::CrossOrigin { target_origin }, .. }
                        if *target_origin == elsewhere.base_url()
                ),
                "{status} {transport}: {err:?}"
            );
            assert!(!format!("{err} {err:?}").contains(KEY), "{err:?}");
        }
        assert_eq!(received.calls_async().await, 0, "{status}");
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_api_key() {
    let origin = MockServer::start_async().await;
    origin
        .mock_async(|when, then| {
            when.method(GET).path(PATH);
            then.status(307).header("location", "/v1/push/moved/s-1");
        })
        .await;
    let moved = origin
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/push/moved/s-1")
                .header("x-api-key", KEY);
            then.status(200).json_body(session());
        })
        .await;
    for (transport, client) in clients(&origin) {
        let session = client.sessions().get("s-1").await;
        assert!(session.is_ok(), "{transport}: {session:?}");
    }
    moved.assert_calls_async(2).await;
}
