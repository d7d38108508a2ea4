//! The API key (`x-api-key`) is sent only to the configured origin: a 302 or 307 to a second
//! loopback server on another port ends the call with a typed error, with the default transport
//! and with a transport the user shaped (one that even asks reqwest to follow redirects), and the
//! second server receives nothing. A redirect within the origin is followed.

mod common;

use common::KEY;
use httpmock::prelude::*;
use push_security_client::CoreError;
use push_security_client::{Client, ClientBuilder, RedirectRefusal, RetryPolicy, reqwest};

const PATH: &str = "/v1/accounts/acc-1";

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .api_key(KEY)
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
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
                then.status(200)
                    .json_body(serde_json::json!({ "id": "acc-1" }));
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
            let err = client.accounts().get("acc-1").await.unwrap_err();
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
            then.status(307).header("location", "/v1/moved/acc-1");
        })
        .await;
    let moved = origin
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/moved/acc-1")
                .header("x-api-key", KEY);
            then.status(200)
                .json_body(serde_json::json!({ "id": "acc-1" }));
        })
        .await;
    for (transport, client) in clients(&origin) {
        let account = client.accounts().get("acc-1").await;
        assert!(account.is_ok(), "{transport}: {account:?}");
    }
    moved.assert_calls_async(2).await;
}
