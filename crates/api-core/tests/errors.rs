//! Failures without a usable response: timeouts, connection errors, and what their messages
//! may not contain.

mod transport_support;

use std::time::{Duration, Instant};

use api_core::{Auth, Error, Request, RetryPolicy, TimeoutScope};
use httpmock::prelude::*;
use transport_support::{builder, closed_port, everything_printed};

#[tokio::test]
async fn per_attempt_timeout_fires() {
    let server = MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}").delay(Duration::from_secs(3));
        })
        .await;
    let client = builder(&server.base_url())
        .attempt_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let started = Instant::now();
    // The request's own timeout overrides the client's.
    let err = client
        .execute(
            Request::get("slow", "/")
                .attempt_timeout(Duration::from_millis(200))
                .retry_policy(RetryPolicy::no_retries()),
        )
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let Error::Timeout {
        operation,
        elapsed,
        scope,
    } = err
    else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!((operation, scope), ("slow", TimeoutScope::Attempt));
    assert!(elapsed >= Duration::from_millis(200));
    assert_eq!(slow.calls_async().await, 1);
}

#[tokio::test]
async fn attempt_timeouts_of_a_get_are_retried() {
    let server = MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}").delay(Duration::from_secs(3));
        })
        .await;
    let client = builder(&server.base_url())
        // Long enough that a loaded machine still gets each attempt to the server in time.
        .attempt_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let err = client.execute(Request::get("slow", "/")).await.unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(slow.calls_async().await, 3);
}

#[tokio::test]
async fn overall_deadline_bounds_the_call() {
    let server = MockServer::start_async().await;
    let flaky = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(503).delay(Duration::from_millis(100));
        })
        .await;
    let client = builder(&server.base_url())
        .overall_timeout(Duration::from_millis(500))
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(50)
                .backoff(Duration::ZERO, Duration::ZERO),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .execute(Request::get("flaky", "/"))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(1500), "{took:?}");
    assert!(
        matches!(
            err,
            Error::Timeout {
                scope: TimeoutScope::Overall,
                ..
            }
        ),
        "{err:?}"
    );
    // Several attempts fitted in the deadline, far fewer than the 50 the policy allowed.
    let calls = flaky.calls_async().await;
    assert!((2..=6).contains(&calls), "{calls} calls");
}

#[tokio::test]
async fn per_request_overall_timeout_overrides_the_clients() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}").delay(Duration::from_secs(3));
        })
        .await;
    let client = builder(&server.base_url())
        .overall_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .execute(Request::get("slow", "/").overall_timeout(Duration::from_millis(200)))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(
            err,
            Error::Timeout {
                scope: TimeoutScope::Overall,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_that_was_not_sent() {
    let port = closed_port();
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = client
        .execute(Request::post("create", "/items"))
        .await
        .unwrap_err();
    let Error::Transport {
        operation, sent, ..
    } = &err
    else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!((*operation, *sent), ("create", false));
    assert!(!err.may_have_been_processed());
    assert!(err.is_retryable());
}

#[tokio::test]
async fn error_messages_hold_no_query_string() {
    const SECRET: &str = "s3cr3t-t0ken";
    let port = closed_port();
    let refused = builder(&format!("http://127.0.0.1:{port}"))
        .auth(Auth::bearer(SECRET))
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap()
        .execute(
            Request::get("get_secret", "/s/{token}.json")
                .path_param("token", SECRET)
                .query("passphrase", SECRET),
        )
        .await
        .unwrap_err();

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(404).body("not found");
        })
        .await;
    let not_found = builder(&server.base_url())
        .auth(Auth::bearer(SECRET))
        .build()
        .unwrap()
        .execute(
            Request::get("get_secret", "/s/{token}.json")
                .path_param("token", SECRET)
                .query("passphrase", SECRET),
        )
        .await
        .unwrap_err();

    for err in [&refused, &not_found] {
        let printed = everything_printed(err);
        assert!(!printed.contains(SECRET), "{printed}");
        assert!(!printed.contains("passphrase="), "{printed}");
        assert!(!printed.contains("/s/"), "{printed}");
        assert!(printed.contains("get_secret"), "{printed}");
    }
}
