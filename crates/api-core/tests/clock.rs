//! Every wait, deadline and timestamp of a call comes from the client's `Clock`: an attempt
//! timeout, the overall deadline and a rate limiter's wait are driven here by an injected clock
//! (or tokio's paused clock) and asserted on it, never on the wall clock.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api_core::{
    ApiInfo, Client, ClientConfigBuilder, Clock, Error, Request, RetryPolicy, TimeoutScope,
    TokenBucket,
};
use futures::future::{BoxFuture, FutureExt};
use httpmock::prelude::*;

const INFO: ApiInfo = ApiInfo {
    api: "example",
    crate_name: "example-client",
    crate_version: "0.0.1",
    default_base_url: "https://api.example.test",
    spans: api_core::client_spans!(),
};

/// A fake monotonic clock that moves only when a wait or a timer says time passed, and a record
/// of the waits and timers the client asked for.
#[derive(Clone)]
struct FakeTime {
    start: Instant,
    elapsed: Arc<Mutex<Duration>>,
    sleeps: Arc<Mutex<Vec<Duration>>>,
    timers: Arc<Mutex<Vec<Duration>>>,
}

impl FakeTime {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            elapsed: Arc::default(),
            sleeps: Arc::default(),
            timers: Arc::default(),
        }
    }

    /// Waits pass at once and move the fake clock; a timer of a length `expires` accepts passes
    /// at once (moving the fake clock by its length), any other timer never does.
    fn clock(&self, expires: impl Fn(Duration) -> bool + Send + Sync + 'static) -> Clock {
        let (now, sleeper, timer) = (self.clone(), self.clone(), self.clone());
        Clock::tokio()
            .with_clock(move || now.start + now.elapsed())
            .with_sleep(move |d| {
                sleeper.sleeps.lock().unwrap().push(d);
                *sleeper.elapsed.lock().unwrap() += d;
                std::future::ready(())
            })
            .with_timer(move |d| -> BoxFuture<'static, ()> {
                timer.timers.lock().unwrap().push(d);
                if expires(d) {
                    *timer.elapsed.lock().unwrap() += d;
                    std::future::ready(()).boxed()
                } else {
                    std::future::pending().boxed()
                }
            })
    }

    fn elapsed(&self) -> Duration {
        *self.elapsed.lock().unwrap()
    }

    fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }

    fn timers(&self) -> Vec<Duration> {
        self.timers.lock().unwrap().clone()
    }
}

/// A loopback port that accepts connections (the kernel's backlog does) and never answers.
fn silent_server() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    (listener, url)
}

#[tokio::test]
async fn an_attempt_timeout_passes_on_the_injected_timer_and_is_measured_on_the_injected_clock() {
    let (_listener, url) = silent_server();
    let time = FakeTime::new();
    let client = ClientConfigBuilder::new(INFO)
        .base_url(url)
        .attempt_timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::no_retries())
        .clock(time.clock(|_| true))
        .build()
        .unwrap();

    let error = client
        .execute(Request::get("get_thing", "/thing"))
        .await
        .unwrap_err();

    match error {
        Error::Timeout { scope, elapsed, .. } => {
            assert_eq!(scope, TimeoutScope::Attempt);
            assert_eq!(elapsed, Duration::from_secs(5));
        }
        other => panic!("expected an attempt timeout, got {other:?}"),
    }
    assert_eq!(time.timers(), vec![Duration::from_secs(5)]);
    assert_eq!(time.elapsed(), Duration::from_secs(5));
}

#[tokio::test]
async fn the_overall_deadline_passes_on_the_injected_timer_and_is_measured_on_the_injected_clock() {
    let (_listener, url) = silent_server();
    let time = FakeTime::new();
    let overall = Duration::from_secs(12);
    let client = ClientConfigBuilder::new(INFO)
        .base_url(url)
        .attempt_timeout(Duration::from_secs(30))
        .overall_timeout(overall)
        .clock(time.clock(move |d| d == overall))
        .build()
        .unwrap();

    let error = client
        .execute(Request::get("get_thing", "/thing"))
        .await
        .unwrap_err();

    match error {
        Error::Timeout { scope, elapsed, .. } => {
            assert_eq!(scope, TimeoutScope::Overall);
            assert_eq!(elapsed, overall);
        }
        other => panic!("expected the overall timeout, got {other:?}"),
    }
    // The call's deadline is set first, then the first attempt's, which never passed.
    assert_eq!(time.timers(), vec![overall, Duration::from_secs(30)]);
    assert!(time.sleeps().is_empty(), "{:?}", time.sleeps());
}

#[tokio::test(start_paused = true)]
async fn on_a_paused_tokio_clock_attempt_timeouts_and_retry_delays_add_up_exactly() {
    let (_listener, url) = silent_server();
    let backoff = Duration::from_secs(2);
    let client = ClientConfigBuilder::new(INFO)
        .base_url(url)
        .attempt_timeout(Duration::from_secs(5))
        // base = cap: every retry waits a random share of 2 s; the seed fixes the shares.
        .retry_policy(RetryPolicy::new().max_attempts(3).backoff(backoff, backoff))
        .clock(Clock::tokio().with_rng_seed(11))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();

    let error = client
        .execute(Request::get("get_thing", "/thing"))
        .await
        .unwrap_err();

    let took = started.elapsed();
    assert!(
        matches!(
            error,
            Error::Timeout {
                scope: TimeoutScope::Attempt,
                elapsed,
                ..
            } if elapsed == Duration::from_secs(5)
        ),
        "{error:?}"
    );
    // Three attempts of exactly 5 s on the paused clock, and two waits of at most 2 s between.
    assert!(took >= Duration::from_secs(15), "{took:?}");
    assert!(took <= Duration::from_secs(19), "{took:?}");
}

#[tokio::test(start_paused = true)]
async fn on_a_paused_tokio_clock_the_overall_deadline_cuts_an_attempt_short() {
    let (_listener, url) = silent_server();
    let client = ClientConfigBuilder::new(INFO)
        .base_url(url)
        .attempt_timeout(Duration::from_secs(30))
        .overall_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();

    let error = client
        .execute(Request::get("get_thing", "/thing"))
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            Error::Timeout {
                scope: TimeoutScope::Overall,
                elapsed,
                ..
            } if elapsed == Duration::from_secs(3)
        ),
        "{error:?}"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(3));
}

fn limited_client(base_url: &str, time: &FakeTime, bucket: TokenBucket) -> Client {
    ClientConfigBuilder::new(INFO)
        .base_url(base_url)
        .rate_limiter(Arc::new(bucket))
        .clock(time.clock(|_| false))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_rate_limiter_waits_on_the_clock_of_the_client_it_is_given_to() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/thing");
            then.status(200).body("{}");
        })
        .await;
    let time = FakeTime::new();
    // One request a second, none banked beyond the first.
    let client = limited_client(&server.base_url(), &time, TokenBucket::new(1.0, 1));

    for _ in 0..3 {
        client
            .execute(Request::get("get_thing", "/thing"))
            .await
            .unwrap();
    }

    assert_eq!(time.sleeps(), vec![Duration::from_secs(1); 2]);
    assert_eq!(time.elapsed(), Duration::from_secs(2));
}

#[tokio::test]
async fn a_rate_limiter_given_its_own_clock_keeps_it() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/thing");
            then.status(200).body("{}");
        })
        .await;
    let own = FakeTime::new();
    let client_time = FakeTime::new();
    let bucket = TokenBucket::new(1.0, 1).with_clock(own.clock(|_| false));
    let client = limited_client(&server.base_url(), &client_time, bucket);

    for _ in 0..2 {
        client
            .execute(Request::get("get_thing", "/thing"))
            .await
            .unwrap();
    }

    assert_eq!(own.sleeps(), vec![Duration::from_secs(1)]);
    assert!(client_time.sleeps().is_empty());
}
