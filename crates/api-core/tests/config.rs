//! Client configuration: base URL rules, user agent, default headers, the caller's transport hook,
//! and Debug output that never shows a secret.

mod transport_support;

use std::time::Duration;

use api_core::{Auth, ClientConfigBuilder, Error, HeaderName, HeaderValue, Request, SecretString};
use httpmock::prelude::*;
use transport_support::{INFO, builder, everything_printed};

fn config_error(result: Result<api_core::Client, Error>) -> String {
    match result {
        Err(Error::Config { message }) => message,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn http_non_loopback_base_url_is_refused() {
    let message = config_error(
        ClientConfigBuilder::new(INFO)
            .base_url("http://api.example.test")
            .build(),
    );
    assert!(message.contains("https"), "{message}");
}

#[test]
fn http_loopback_is_allowed() {
    for url in [
        "http://127.0.0.1:8080",
        "http://localhost:3000/api",
        "http://[::1]:9",
    ] {
        let client = ClientConfigBuilder::new(INFO).base_url(url).build();
        assert!(client.is_ok(), "{url}: {client:?}");
    }
}

#[test]
fn insecure_opt_in_allows_http() {
    let client = ClientConfigBuilder::new(INFO)
        .base_url("http://api.internal.example")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert_eq!(client.base_url().scheme(), "http");
}

#[test]
fn default_base_url_is_used_when_none_is_set() {
    let client = ClientConfigBuilder::new(INFO).build().unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.example.test/");
}

#[test]
fn base_url_with_credentials_is_refused_without_echoing_them() {
    let err = ClientConfigBuilder::new(INFO)
        .base_url("https://admin:pa55word@api.example.test")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }));
    assert!(!everything_printed(&err).contains("pa55word"));
}

#[test]
fn zero_timeouts_are_refused() {
    config_error(
        builder("http://127.0.0.1:1")
            .attempt_timeout(Duration::ZERO)
            .build(),
    );
    config_error(
        builder("http://127.0.0.1:1")
            .overall_timeout(Duration::ZERO)
            .build(),
    );
}

#[tokio::test]
async fn user_agent_has_crate_and_suffix() {
    let server = MockServer::start_async().await;
    let with_suffix = server
        .mock_async(|when, then| {
            when.path("/a")
                .header("user-agent", "example-client/1.2.3 my-app/4.5");
            then.status(200).body("{}");
        })
        .await;
    let plain = server
        .mock_async(|when, then| {
            when.path("/b").header("user-agent", "example-client/1.2.3");
            then.status(200).body("{}");
        })
        .await;
    builder(&server.base_url())
        .user_agent_suffix("my-app/4.5")
        .build()
        .unwrap()
        .execute(Request::get("a", "/a"))
        .await
        .unwrap();
    builder(&server.base_url())
        .build()
        .unwrap()
        .execute(Request::get("b", "/b"))
        .await
        .unwrap();
    with_suffix.assert_async().await;
    plain.assert_async().await;
}

#[tokio::test]
async fn default_headers_are_sent_and_a_request_header_overrides_them() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/h")
                .header("x-tenant", "blue")
                .header("x-mode", "request")
                .header_count("x-mode", ".*", 1);
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&server.base_url())
        .default_header(
            HeaderName::from_static("x-tenant"),
            HeaderValue::from_static("blue"),
        )
        .default_header(
            HeaderName::from_static("x-mode"),
            HeaderValue::from_static("default"),
        )
        .build()
        .unwrap();
    client
        .execute(Request::get("h", "/h").header(
            HeaderName::from_static("x-mode"),
            HeaderValue::from_static("request"),
        ))
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn configure_http_hooks_shape_the_transport_in_order() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/c")
                .header("x-from-hook", "second")
                .header("x-only-first", "yes");
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&server.base_url())
        .configure_http(|http| {
            let mut headers = api_core::reqwest::header::HeaderMap::new();
            headers.insert("x-from-hook", HeaderValue::from_static("first"));
            headers.insert("x-only-first", HeaderValue::from_static("yes"));
            http.default_headers(headers)
        })
        .configure_http(|http| {
            // A later hook sees what the earlier one set and may replace it.
            let mut headers = api_core::reqwest::header::HeaderMap::new();
            headers.insert("x-from-hook", HeaderValue::from_static("second"));
            headers.insert("x-only-first", HeaderValue::from_static("yes"));
            http.default_headers(headers)
        })
        .build()
        .unwrap();
    client.execute(Request::get("c", "/c")).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn a_hook_cannot_replace_the_same_origin_redirect_policy() {
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
            then.status(307).header("location", target);
        })
        .await;
    let client = builder(&server.base_url())
        .auth(Auth::api_key("x-example-key", "k-123"))
        .configure_http(|http| http.redirect(api_core::reqwest::redirect::Policy::limited(10)))
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("away", "/away"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Redirect {
                reason: api_core::RedirectRefusal::CrossOrigin { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(leaked.calls_async().await, 0);
}

#[cfg(any(feature = "rustls", feature = "native-tls"))]
#[test]
fn a_transport_the_hook_made_unbuildable_is_a_config_error_from_build() {
    // reqwest refuses a preconfigured TLS value of a type it does not know when building.
    let message = config_error(
        ClientConfigBuilder::new(INFO)
            .base_url("http://127.0.0.1:9")
            .configure_http(|http| http.tls_backend_preconfigured(42_u8))
            .build(),
    );
    assert!(
        message.contains("HTTP client could not be built"),
        "{message}"
    );
}

#[test]
fn debug_of_config_credentials_and_errors_shows_no_secret() {
    const SECRET: &str = "sk-live-7f3a9";
    let builder = ClientConfigBuilder::new(INFO)
        .auth(Auth::header_pair(
            "x-account-email",
            "me@example.test",
            "x-account-token",
            SECRET,
        ))
        .default_header(
            HeaderName::from_static("x-extra-token"),
            HeaderValue::from_static(SECRET),
        );
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let printed = [
        builder_debug,
        format!("{client:?}"),
        format!("{:?}", client.auth()),
        format!("{:?}", Auth::api_key("x-example-key", SECRET)),
        format!("{:?}", Auth::bearer(SECRET)),
        format!("{:?}", SecretString::new(SECRET)),
        SecretString::new(SECRET).to_string(),
        everything_printed(
            &ClientConfigBuilder::new(INFO)
                .auth(Auth::bearer(format!("{SECRET}\n")))
                .build()
                .unwrap_err(),
        ),
    ];
    for text in &printed {
        assert!(!text.contains(SECRET), "secret printed in: {text}");
    }
    // The header names stay visible: they help debugging and are not secret.
    assert!(printed[0].contains("x-account-token") && printed[0].contains("x-extra-token"));
    assert!(printed[1].contains("header_pair"));
}
