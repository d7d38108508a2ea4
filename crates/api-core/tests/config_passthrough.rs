//! `config_passthrough!`: the setters it generates on an API crate's builder reach the
//! `ClientConfigBuilder` and so the wire, exactly as calling the core builder would.

mod transport_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_core::{
    ClientConfigBuilder, Clock, Error, HeaderName, HeaderValue, Request, RetryPolicy, StatusCode,
};
use httpmock::prelude::*;
use transport_support::INFO;

/// Stands in for an API crate's client builder.
struct ExampleBuilder {
    config: ClientConfigBuilder,
}

api_core::config_passthrough! {
    impl ExampleBuilder via config {
        base_url,
        allow_insecure_http,
        user_agent_suffix,
        default_header,
        connect_timeout,
        attempt_timeout,
        /// A line of the crate's own, appended to the generated doc comment.
        overall_timeout,
        retry_policy,
        configure_http,
        interceptor,
        max_response_bytes,
        clock,
    }
}

/// An interceptor that changes nothing: the setter's effect shows in Debug.
struct NoOp;
impl api_core::Interceptor for NoOp {}

fn example() -> ExampleBuilder {
    ExampleBuilder {
        config: ClientConfigBuilder::new(INFO),
    }
}

#[test]
fn every_setter_reaches_the_core_builder() {
    let builder = example()
        .base_url("https://eu.api.example.test")
        .allow_insecure_http(true)
        .user_agent_suffix("sync-job/2.1")
        .default_header(
            HeaderName::from_static("x-trace"),
            HeaderValue::from_static("on"),
        )
        .connect_timeout(Duration::from_secs(3))
        .attempt_timeout(Duration::from_secs(7))
        .overall_timeout(Duration::from_secs(41))
        .retry_policy(RetryPolicy::new().max_attempts(9))
        .configure_http(|http| http.pool_max_idle_per_host(2))
        .interceptor(Arc::new(NoOp))
        .max_response_bytes(4096);
    let printed = format!("{:?}", builder.config);
    for expected in [
        "eu.api.example.test",
        "allow_insecure_http: true",
        "sync-job/2.1",
        "x-trace",
        "connect_timeout: 3s",
        "attempt_timeout: 7s",
        "overall_timeout: Some(41s)",
        "max_attempts: 9",
        "http_hooks: 1",
        "interceptors: 1",
        "max_response_bytes: 4096",
    ] {
        assert!(
            printed.contains(expected),
            "{expected} missing from {printed}"
        );
    }
}

#[test]
fn allow_insecure_http_lets_a_plain_http_remote_host_build() {
    let refused = example().base_url("http://api.example.test").config.build();
    assert!(matches!(refused, Err(Error::Config { .. })), "{refused:?}");
    let allowed = example()
        .base_url("http://api.example.test")
        .allow_insecure_http(true)
        .config
        .build();
    assert!(allowed.is_ok(), "{allowed:?}");
}

#[tokio::test]
async fn user_agent_default_header_retry_policy_and_clock_shape_the_calls() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/things")
                .header("user-agent", "example-client/1.2.3 sync-job/2.1")
                .header("x-trace", "on");
            then.status(503);
        })
        .await;
    let sleeps = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&sleeps);
    let clock = Clock::tokio()
        .with_rng_seed(3)
        .with_sleep(move |delay: Duration| {
            if let Ok(mut sleeps) = recorded.lock() {
                sleeps.push(delay);
            }
            std::future::ready(())
        });
    let client = example()
        .base_url(server.base_url())
        .user_agent_suffix("sync-job/2.1")
        .default_header(
            HeaderName::from_static("x-trace"),
            HeaderValue::from_static("on"),
        )
        .retry_policy(RetryPolicy::new().max_attempts(2))
        .clock(clock)
        .config
        .build()
        .unwrap();
    let result = client.execute(Request::get("get_things", "/things")).await;
    assert_eq!(
        result.err().and_then(|e| e.status()),
        Some(StatusCode::SERVICE_UNAVAILABLE)
    );
    failing.assert_calls_async(2).await;
    let slept = sleeps.lock().map(|s| s.len()).unwrap_or_default();
    assert_eq!(slept, 1, "the one retry waited on the injected sleep");
}

#[tokio::test]
async fn max_response_bytes_limits_the_body_read() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/big");
            then.status(200).body("x".repeat(64));
        })
        .await;
    let client = example()
        .base_url(server.base_url())
        .max_response_bytes(16)
        .config
        .build()
        .unwrap();
    let result = client.execute(Request::get("get_big", "/big")).await;
    assert!(
        matches!(result, Err(Error::ResponseTooLarge { limit: 16, .. })),
        "{result:?}"
    );
}
