//! `wait()` takes every pause and deadline from the client's clock: a ten-minute wait runs on tokio's paused
//! clock in milliseconds, and its polls and pauses are asserted on that clock. Each read is one attempt; the
//! wait's own backoff is the only retry loop.
//!
//! The 2 s interval follows UnifyID's own sample server, which polls a session every 2 s
//! (UnifyID/pushauth-sample-server, `app/javascript/packs/init_mfa.js`).
#![cfg(feature = "mock")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pushauth_client::mock::{Fault, MockPushAuth};
use pushauth_client::{Client, Clock, SessionStatus};

const USER: &str = "user-42";
const INTERVAL: Duration = Duration::from_secs(2);

/// A client whose waits are recorded, then spent on tokio's (paused) clock, which the mock follows too.
async fn mock_and_recording_client() -> (MockPushAuth, Client, Arc<Mutex<Vec<Duration>>>) {
    let mock = MockPushAuth::start().await.expect("the mock starts");
    mock.register_device(USER);
    let pauses = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&pauses);
    let clock = Clock::tokio().with_sleep(move |d| {
        log.lock().unwrap().push(d);
        tokio::time::sleep(d)
    });
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .clock(clock)
        .build()
        .expect("a loopback client builds");
    (mock, client, pauses)
}

#[tokio::test(start_paused = true)]
async fn a_ten_minute_wait_polls_every_interval_on_the_paused_clock_until_the_session_expires() {
    let (mock, client, pauses) = mock_and_recording_client().await;
    let session = client
        .sessions()
        .create(USER)
        .seconds_to_expire(600)
        .await
        .expect("created");
    let before = mock.request_count();
    let started = tokio::time::Instant::now();

    let done = client
        .sessions()
        .wait(&session.id)
        .interval(INTERVAL)
        .timeout(Duration::from_secs(900))
        .await
        .expect("the session ends by expiring");

    assert_eq!(done.status, SessionStatus::Expired);
    // Reads at 0, 2, 4, ... 600 s: the one at 600 s sees the session expired.
    assert_eq!(mock.request_count() - before, 301);
    assert_eq!(*pauses.lock().unwrap(), vec![INTERVAL; 300]);
    assert_eq!(started.elapsed(), Duration::from_secs(600));
}

#[tokio::test(start_paused = true)]
async fn failed_reads_are_single_attempts_followed_by_the_backoff_pauses() {
    let (mock, client, pauses) = mock_and_recording_client().await;
    let session = client
        .sessions()
        .create(USER)
        .seconds_to_expire(60)
        .await
        .expect("created");
    let before = mock.request_count();
    mock.inject(Fault::status(503).times(3));
    let started = tokio::time::Instant::now();

    let done = client
        .sessions()
        .wait(&session.id)
        .interval(INTERVAL)
        .timeout(Duration::from_secs(120))
        .await
        .expect("the session ends by expiring");

    assert_eq!(done.status, SessionStatus::Expired);
    // Three failed reads (one request each: the client's retries are off inside a wait) at 0, 4 and 12 s,
    // pausing 4, 8 and 16 s (the interval doubled per failure); then reads every 2 s from 28 s to 60 s.
    let mut expected = vec![
        Duration::from_secs(4),
        Duration::from_secs(8),
        Duration::from_secs(16),
    ];
    expected.extend([INTERVAL; 16]);
    assert_eq!(*pauses.lock().unwrap(), expected);
    assert_eq!(mock.request_count() - before, 3 + 17);
    assert_eq!(started.elapsed(), Duration::from_secs(60));
}

#[tokio::test(start_paused = true)]
async fn a_wait_that_times_out_stops_at_its_deadline_on_the_clock() {
    let (mock, client, pauses) = mock_and_recording_client().await;
    let session = client.sessions().create(USER).await.expect("created");
    let before = mock.request_count();
    let started = tokio::time::Instant::now();

    let error = client
        .sessions()
        .wait(&session.id)
        .interval(Duration::from_secs(7))
        .timeout(Duration::from_secs(30))
        .cancel_on_timeout(false)
        .await
        .expect_err("nobody answers");

    assert!(error.is_timeout(), "{error:?}");
    // Reads at 0, 7, 14, 21 and 28 s; the last pause is cut to the 2 s left before the deadline.
    assert_eq!(mock.request_count() - before, 5);
    let mut expected = vec![Duration::from_secs(7); 4];
    expected.push(Duration::from_secs(2));
    assert_eq!(*pauses.lock().unwrap(), expected);
    assert_eq!(started.elapsed(), Duration::from_secs(30));
}
