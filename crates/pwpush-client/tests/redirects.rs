//! Credentials are sent only to the configured origin, in both of Password Pusher's auth styles
//! (`Authorization: Bearer` and the legacy `X-User-Email` + `X-User-Token` pair, which reqwest
//! would not strip on its own): a 302 or 307 to a second loopback server on another port ends the
//! call with a typed error, with the default transport and with a transport the user shaped (one
//! that even asks reqwest to follow redirects), and the second server receives nothing. A
//! redirect within the origin is followed.

use httpmock::prelude::*;
use pwpush_client::{
    ApiVersion, Client, ClientBuilder, Edition, Error, RedirectRefusal, RetryPolicy, reqwest,
};
use serde_json::json;

const URL_TOKEN: &str = "abcdefghijk12";
const BEARER: &str = "tok-s3cr3t-123";
const EMAIL: &str = "owner@example.test";
const LEGACY_TOKEN: &str = "legacy-s3cr3t-456";

/// One way of authenticating: how to configure it and the headers it must put on the wire.
struct Style {
    name: &'static str,
    configure: fn(ClientBuilder) -> ClientBuilder,
    headers: &'static [(&'static str, &'static str)],
    secrets: &'static [&'static str],
}

const STYLES: [Style; 2] = [
    Style {
        name: "bearer",
        configure: |b| b.bearer_token(BEARER),
        headers: &[("authorization", "Bearer tok-s3cr3t-123")],
        secrets: &[BEARER],
    },
    Style {
        name: "legacy",
        configure: |b| b.legacy_token(EMAIL, LEGACY_TOKEN),
        headers: &[("x-user-email", EMAIL), ("x-user-token", LEGACY_TOKEN)],
        secrets: &[EMAIL, LEGACY_TOKEN],
    },
];

fn audit_path() -> String {
    format!("/api/v2/pushes/{URL_TOKEN}/audit")
}

fn builder(server: &MockServer, style: &Style) -> ClientBuilder {
    let builder = Client::builder()
        .base_url(server.base_url())
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .api_version(ApiVersion::V2)
        .edition(Edition::Oss);
    (style.configure)(builder)
}

/// The two transports every case runs with.
fn clients(server: &MockServer, style: &Style) -> [(&'static str, Client); 2] {
    let user_shaped = builder(server, style)
        .configure_http(|http| {
            http.redirect(reqwest::redirect::Policy::limited(10))
                .pool_max_idle_per_host(1)
        })
        .build()
        .expect("a user-shaped client builds");
    [
        ("default", builder(server, style).build().expect("client")),
        ("user-shaped", user_shaped),
    ]
}

#[tokio::test]
async fn credentials_never_follow_a_302_or_307_to_another_origin_in_either_auth_style() {
    for style in &STYLES {
        for status in [302_u16, 307] {
            let elsewhere = MockServer::start_async().await;
            let received = elsewhere
                .mock_async(|when, then| {
                    when.any_request();
                    then.status(200).json_body(json!({ "logs": [] }));
                })
                .await;
            let origin = MockServer::start_async().await;
            let target = elsewhere.url(audit_path());
            origin
                .mock_async(|when, then| {
                    let mut when = when.method(GET).path(audit_path());
                    for (name, value) in style.headers {
                        when = when.header(*name, *value);
                    }
                    then.status(status).header("location", target);
                })
                .await;

            for (transport, client) in clients(&origin, style) {
                let err = client.pushes().audit(URL_TOKEN).await.unwrap_err();
                let case = format!("{} {status} {transport}", style.name);
                assert!(
                    matches!(
                        &err,
                        Error::Core(api_core::Error::Redirect {
                            reason: RedirectRefusal::CrossOrigin { target_origin },
                            ..
                        }) if *target_origin == elsewhere.base_url()
                    ),
                    "{case}: {err:?}"
                );
                let printed = format!("{err} {err:?}");
                for secret in style.secrets {
                    assert!(!printed.contains(secret), "{case}: {printed}");
                }
            }
            assert_eq!(
                received.calls_async().await,
                0,
                "{} {status}: the second origin was reached",
                style.name
            );
        }
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_credentials() {
    for style in &STYLES {
        let origin = MockServer::start_async().await;
        origin
            .mock_async(|when, then| {
                when.method(GET).path(audit_path());
                then.status(307)
                    .header("location", format!("/api/v2/moved/{URL_TOKEN}/audit"));
            })
            .await;
        let moved = origin
            .mock_async(|when, then| {
                let mut when = when
                    .method(GET)
                    .path(format!("/api/v2/moved/{URL_TOKEN}/audit"));
                for (name, value) in style.headers {
                    when = when.header(*name, *value);
                }
                then.status(200).json_body(json!({ "logs": [] }));
            })
            .await;
        for (transport, client) in clients(&origin, style) {
            let events = client.pushes().audit(URL_TOKEN).await;
            assert!(events.is_ok(), "{} {transport}: {events:?}", style.name);
        }
        moved.assert_calls_async(2).await;
    }
}
