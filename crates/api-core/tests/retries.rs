//! Retries end to end against a loopback mock server: which outcomes are retried for which
//! method, how long the client waits, and what stops it. The client's clock records every
//! requested sleep and advances a fake clock by it, so the delays are asserted exactly and the
//! tests take milliseconds.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use api_core::{
    ApiInfo, AttemptOutcome, Client, ClientConfigBuilder, Clock, Error, Request, RetryBudget,
    RetryClassifier, RetryDecision, RetryPolicy, StatusCode, TimeoutScope,
};
use httpmock::prelude::*;

const INFO: ApiInfo = ApiInfo {
    api: "example",
    crate_name: "example-client",
    crate_version: "0.0.1",
    default_base_url: "https://api.example.test",
    spans: api_core::client_spans!(),
};

const SEED: u64 = 42;

/// A fake clock (monotonic and wall) that moves only when the client sleeps, and a record of
/// those sleeps.
#[derive(Clone)]
struct FakeTime {
    start: Instant,
    wall_start: SystemTime,
    elapsed: Arc<Mutex<Duration>>,
    sleeps: Arc<Mutex<Vec<Duration>>>,
}

impl FakeTime {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            wall_start: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            elapsed: Arc::default(),
            sleeps: Arc::default(),
        }
    }

    fn clock(&self) -> Clock {
        let (clock, wall, sleeper) = (self.clone(), self.clone(), self.clone());
        Clock::tokio()
            .with_rng_seed(SEED)
            .with_clock(move || clock.start + clock.elapsed())
            .with_wall_clock(move || wall.wall_start + wall.elapsed())
            .with_sleep(move |d| {
                sleeper.sleeps.lock().unwrap().push(d);
                *sleeper.elapsed.lock().unwrap() += d;
                std::future::ready(())
            })
    }

    fn elapsed(&self) -> Duration {
        *self.elapsed.lock().unwrap()
    }

    fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

/// Backoff so short that a `Retry-After` floor shows through exactly.
fn tiny_backoff() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_nanos(1), Duration::from_nanos(1))
}

fn builder(base_url: &str, time: &FakeTime) -> ClientConfigBuilder {
    ClientConfigBuilder::new(INFO)
        .base_url(base_url)
        .clock(time.clock())
}

fn client(server: &MockServer, time: &FakeTime, policy: RetryPolicy) -> Client {
    builder(&server.base_url(), time)
        .retry_policy(policy)
        .build()
        .expect("valid test client")
}

async fn always<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    status: u16,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(status).body("failing on purpose");
        })
        .await
}

#[tokio::test]
async fn get_is_retried_on_500_502_503_504_and_408() {
    let server = MockServer::start_async().await;
    for status in [500u16, 502, 503, 504, 408] {
        let path = format!("/status/{status}");
        let mock = always(&server, GET, &path, status).await;
        let time = FakeTime::new();
        let client = client(&server, &time, RetryPolicy::new());
        let err = client
            .execute(Request::get("get_thing", "/status/{code}").path_param("code", status))
            .await
            .unwrap_err();
        assert_eq!(err.status(), StatusCode::from_u16(status).ok(), "{err:?}");
        assert_eq!(mock.calls_async().await, 3, "status {status}");
        assert_eq!(time.sleeps().len(), 2, "status {status}");
    }
}

#[tokio::test]
async fn get_is_retried_on_attempt_timeout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/slow");
            then.status(200).body("{}").delay(Duration::from_secs(5));
        })
        .await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new());
    let req = Request::get("get_slow", "/slow").attempt_timeout(Duration::from_millis(300));
    let err = client.execute(req).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                scope: TimeoutScope::Attempt,
                ..
            }
        ),
        "{err:?}"
    );
    // Two retries after the first attempt: counted from the backoff sleeps, which do not depend
    // on how fast a loaded machine gets each request to the server.
    assert_eq!(time.sleeps().len(), 2);
    assert!(mock.calls_async().await <= 3);
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let server = MockServer::start_async().await;
    let mock = always(&server, GET, "/down", 503).await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new().max_attempts(5));
    let err = client
        .execute(Request::get("get_down", "/down"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(mock.calls_async().await, 5);
    assert_eq!(time.sleeps().len(), 4);
}

#[tokio::test]
async fn no_retries_policy_makes_one_attempt() {
    let server = MockServer::start_async().await;
    let mock = always(&server, GET, "/down", 503).await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new());
    let req = Request::get("get_down", "/down").retry_policy(RetryPolicy::no_retries());
    client.execute(req).await.unwrap_err();
    // No backoff sleep means no second attempt, however slowly the first one reached the server.
    assert!(time.sleeps().is_empty());
    assert!(mock.calls_async().await <= 1);
}

#[tokio::test]
async fn post_is_not_retried_on_500() {
    let server = MockServer::start_async().await;
    let mock = always(&server, POST, "/things", 500).await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new());
    let err = client
        .execute(Request::post("create_thing", "/things"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    // No backoff sleep means no second attempt, however slowly the first one reached the server.
    assert!(time.sleeps().is_empty());
    assert!(mock.calls_async().await <= 1);
}

#[tokio::test]
async fn post_is_not_retried_on_timeout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/things");
            then.status(201).body("{}").delay(Duration::from_secs(5));
        })
        .await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new());
    let req = Request::post("create_thing", "/things").attempt_timeout(Duration::from_millis(300));
    let err = client.execute(req).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                scope: TimeoutScope::Attempt,
                ..
            }
        ),
        "{err:?}"
    );
    // No backoff sleep means no second attempt, however slowly the first one reached the server.
    assert!(time.sleeps().is_empty());
    assert!(mock.calls_async().await <= 1);
}

#[tokio::test]
async fn post_is_retried_on_429() {
    let server = MockServer::start_async().await;
    let mock = always(&server, POST, "/things", 429).await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new());
    let err = client
        .execute(Request::post("create_thing", "/things"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn post_is_retried_when_connection_refused() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.local_addr().expect("local address").port()
    }; // closed again: nothing listens there now
    let time = FakeTime::new();
    let client = builder(&format!("http://127.0.0.1:{port}"), &time)
        .build()
        .expect("valid test client");
    let err = client
        .execute(Request::post("create_thing", "/things"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { sent: false, .. }),
        "{err:?}"
    );
    // Three attempts: two waits between them.
    assert_eq!(time.sleeps().len(), 2);
}

#[tokio::test]
async fn marked_idempotent_post_is_retried_on_503() {
    let server = MockServer::start_async().await;
    let mock = always(&server, POST, "/things/search", 503).await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new());
    let req = Request::post("search_things", "/things/search").idempotent(true);
    client.execute(req).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn retry_after_seconds_sets_the_delay_floor() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/busy");
            then.status(429)
                .header("retry-after", "7")
                .body("slow down");
        })
        .await;
    let time = FakeTime::new();
    let client = client(&server, &time, tiny_backoff());
    let err = client
        .execute(Request::get("get_busy", "/busy"))
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(time.sleeps(), vec![Duration::from_secs(7); 2]);
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn retry_after_http_date_sets_the_delay_floor() {
    let time = FakeTime::new();
    let date = httpdate::fmt_http_date(time.wall_start + Duration::from_secs(30));
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/busy");
            then.status(503)
                .header("retry-after", date.as_str())
                .body("");
        })
        .await;
    let client = client(&server, &time, tiny_backoff().max_attempts(2));
    client
        .execute(Request::get("get_busy", "/busy"))
        .await
        .unwrap_err();
    assert_eq!(time.sleeps(), vec![Duration::from_secs(30)]);
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn retry_after_above_clamp_fails_with_rate_limited() {
    let server = MockServer::start_async().await;
    for (path, status) in [("/limited", 429u16), ("/maintenance", 503)] {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path(path);
                then.status(status).header("retry-after", "120").body("");
            })
            .await;
        let time = FakeTime::new();
        let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(60));
        let client = client(&server, &time, policy);
        let err = client
            .execute(Request::get("get_it", path))
            .await
            .unwrap_err();
        match &err {
            Error::RateLimited { retry_after, .. } => {
                assert_eq!(*retry_after, Some(Duration::from_secs(120)), "{path}");
            }
            other => panic!("{path}: expected RateLimited, got {other:?}"),
        }
        assert_eq!(err.status(), StatusCode::from_u16(status).ok());
        assert_eq!(mock.calls_async().await, 1, "{path}");
        assert!(time.sleeps().is_empty(), "{path}");
    }
}

#[tokio::test]
async fn budget_exhaustion_stops_retrying() {
    let server = MockServer::start_async().await;
    let mock = always(&server, GET, "/down", 503).await;
    let time = FakeTime::new();
    // Room for two retries at 5 tokens each.
    let client = builder(&server.base_url(), &time)
        .retry_policy(RetryPolicy::new().max_attempts(10))
        .retry_budget(RetryBudget::new().capacity(10))
        .build()
        .expect("valid test client");
    let err = client
        .execute(Request::get("get_down", "/down"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(client.retry_budget().available(), 0);

    // A clone shares the empty budget: one attempt, no retry.
    let clone = client.clone();
    let err = clone
        .execute(Request::get("get_down", "/down"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(mock.calls_async().await, 4);
    assert_eq!(time.sleeps().len(), 2);
}

#[tokio::test]
async fn total_budget_stops_retrying() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/busy");
            then.status(429).header("retry-after", "4").body("");
        })
        .await;
    let time = FakeTime::new();
    let policy = tiny_backoff()
        .max_attempts(10)
        .total_budget(Duration::from_secs(10));
    let client = client(&server, &time, policy);
    client
        .execute(Request::get("get_busy", "/busy"))
        .await
        .unwrap_err();
    // Waits end at 4 s and 8 s; a third would end at 12 s, past the 10 s budget.
    assert_eq!(time.sleeps(), vec![Duration::from_secs(4); 2]);
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn full_jitter_delays_stay_within_cap() {
    let server = MockServer::start_async().await;
    always(&server, GET, "/down", 503).await;
    let time = FakeTime::new();
    let (base, cap) = (Duration::from_millis(100), Duration::from_secs(1));
    let policy = RetryPolicy::new()
        .max_attempts(9)
        .backoff(base, cap)
        .total_budget(Duration::from_secs(3600));
    let client = client(&server, &time, policy);
    client
        .execute(Request::get("get_down", "/down"))
        .await
        .unwrap_err();

    // The same seed drawn the way full jitter is specified: uniform in 0..=min(cap, base * 2^n).
    let mut rng = fastrand::Rng::with_seed(SEED);
    let ceilings: Vec<Duration> = (0..8).map(|n| (base * 2u32.pow(n)).min(cap)).collect();
    let expected: Vec<Duration> = ceilings
        .iter()
        .map(|c| Duration::from_nanos(rng.u64(0..=c.as_nanos() as u64)))
        .collect();
    let sleeps = time.sleeps();
    assert_eq!(sleeps, expected);
    assert!(sleeps.iter().zip(&ceilings).all(|(d, c)| d <= c));
}

/// Retries 409 (a resource still being created) and never retries 503.
#[derive(Debug)]
struct ConflictIsTransient;

impl RetryClassifier for ConflictIsTransient {
    fn classify(&self, outcome: &AttemptOutcome<'_>, _idempotent: bool) -> Option<RetryDecision> {
        let status = match outcome {
            AttemptOutcome::Response { status, .. } => *status,
            AttemptOutcome::Error(error) => error.status()?,
        };
        match status {
            StatusCode::CONFLICT => Some(RetryDecision::Retry),
            StatusCode::SERVICE_UNAVAILABLE => Some(RetryDecision::DoNotRetry),
            _ => None,
        }
    }
}

#[tokio::test]
async fn classifier_hook_overrides_default() {
    let server = MockServer::start_async().await;
    let conflict = always(&server, GET, "/conflict", 409).await;
    let unavailable = always(&server, GET, "/unavailable", 503).await;
    let bad_gateway = always(&server, GET, "/bad-gateway", 502).await;
    let time = FakeTime::new();
    let client = builder(&server.base_url(), &time)
        .retry_classifier(Arc::new(ConflictIsTransient))
        .build()
        .expect("valid test client");
    for path in ["/conflict", "/unavailable", "/bad-gateway"] {
        client
            .execute(Request::get("get_it", path))
            .await
            .unwrap_err();
    }
    assert_eq!(conflict.calls_async().await, 3, "409 retried by the hook");
    assert_eq!(unavailable.calls_async().await, 1, "503 vetoed by the hook");
    assert_eq!(
        bad_gateway.calls_async().await,
        3,
        "502 left to the default"
    );
}

#[tokio::test]
async fn a_retry_that_succeeds_returns_the_response_and_refunds_the_budget() {
    let server = Arc::new(MockServer::start_async().await);
    always(&server, GET, "/flaky", 503).await;
    let time = FakeTime::new();
    // The service recovers while the client waits: the wait swaps the failing mock for a healthy one.
    let recovering = Arc::clone(&server);
    let clock = time.clock().with_sleep(move |_| {
        let server = Arc::clone(&recovering);
        // httpmock's async calls are not Send; its blocking ones run off the runtime instead.
        let recover = tokio::task::spawn_blocking(move || {
            server.reset();
            server.mock(|when, then| {
                when.method(GET).path("/flaky");
                then.status(200).body("{}");
            });
        });
        async move {
            recover.await.expect("mock swap");
        }
    });
    let client = builder(&server.base_url(), &time)
        .clock(clock)
        .build()
        .expect("valid test client");
    let response = client
        .execute(Request::get("get_flaky", "/flaky"))
        .await
        .expect("the retry succeeds");
    assert_eq!(response.status(), StatusCode::OK);
    // The retry's 5 tokens came back with the success.
    assert_eq!(client.retry_budget().available(), 500);
}

#[tokio::test]
async fn first_attempt_success_refills_one_budget_token() {
    let server = MockServer::start_async().await;
    always(&server, GET, "/down", 503).await;
    always(&server, GET, "/up", 200).await;
    let time = FakeTime::new();
    let client = client(&server, &time, RetryPolicy::new());
    client
        .execute(Request::get("get_down", "/down"))
        .await
        .unwrap_err();
    assert_eq!(client.retry_budget().available(), 490);
    client.execute(Request::get("get_up", "/up")).await.unwrap();
    assert_eq!(client.retry_budget().available(), 491);
}
