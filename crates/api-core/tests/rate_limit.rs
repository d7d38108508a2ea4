//! The token bucket rate limiter, timed on a paused tokio clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use api_core::{
    ApiInfo, BoxFuture, Client, ClientConfigBuilder, Clock, RateLimiter, Request, TokenBucket,
};
use httpmock::prelude::*;
use tokio::time::Instant;

/// Acquires `n` times in a row and returns when each acquire completed, relative to `start`.
async fn acquire_times(limiter: &dyn RateLimiter, start: Instant, n: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        limiter.acquire().await;
        times.push(start.elapsed());
    }
    times
}

fn millis(values: &[u64]) -> Vec<Duration> {
    values.iter().map(|ms| Duration::from_millis(*ms)).collect()
}

#[tokio::test(start_paused = true)]
async fn rate_limiter_spaces_requests_at_rate_under_paused_clock() {
    let start = Instant::now();
    let bucket = TokenBucket::new(10.0, 1);
    let times = acquire_times(&bucket, start, 6).await;
    assert_eq!(times, millis(&[0, 100, 200, 300, 400, 500]));
}

#[tokio::test(start_paused = true)]
async fn rate_limiter_allows_initial_burst() {
    let start = Instant::now();
    let bucket = TokenBucket::new(2.0, 3);
    let times = acquire_times(&bucket, start, 5).await;
    assert_eq!(times, millis(&[0, 0, 0, 500, 1_000]));
}

#[tokio::test(start_paused = true)]
async fn rate_limiter_is_shared_by_clones() {
    let start = Instant::now();
    let bucket = TokenBucket::new(1.0, 2);
    let clone = bucket.clone();
    bucket.acquire().await;
    clone.acquire().await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    // Both tokens are gone, whichever handle asks next.
    clone.acquire().await;
    assert_eq!(start.elapsed(), Duration::from_secs(1));
    bucket.acquire().await;
    assert_eq!(start.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn concurrent_waiters_get_one_slot_each() {
    let start = Instant::now();
    let bucket = TokenBucket::new(10.0, 2);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let bucket = bucket.clone();
            tokio::spawn(async move {
                bucket.acquire().await;
                start.elapsed()
            })
        })
        .collect();
    let mut times = Vec::new();
    for task in tasks {
        times.push(task.await.expect("task panicked"));
    }
    times.sort();
    assert_eq!(times, millis(&[0, 0, 100, 200, 300, 400, 500, 600]));
}

#[tokio::test(start_paused = true)]
async fn idle_bucket_refills_only_up_to_burst() {
    let bucket = TokenBucket::new(1.0, 2);
    bucket.acquire().await;
    bucket.acquire().await;
    tokio::time::sleep(Duration::from_secs(60)).await;
    let start = Instant::now();
    let times = acquire_times(&bucket, start, 3).await;
    assert_eq!(times, millis(&[0, 0, 1_000]));
}

#[tokio::test(start_paused = true)]
async fn partial_refill_is_credited() {
    let bucket = TokenBucket::new(4.0, 4);
    let start = Instant::now();
    acquire_times(&bucket, start, 4).await;
    // Half a second at 4 per second earns two tokens back.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let times = acquire_times(&bucket, start, 3).await;
    assert_eq!(times, millis(&[500, 500, 750]));
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_wait_does_not_hold_up_the_next_caller() {
    let bucket = TokenBucket::new(1.0, 1);
    bucket.acquire().await;
    let start = Instant::now();
    // Gives up half-way through waiting for the next token.
    let gave_up = tokio::time::timeout(Duration::from_millis(500), bucket.acquire()).await;
    assert!(gave_up.is_err());
    bucket.acquire().await;
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}

/// Counts the permits handed out; never waits.
#[derive(Debug, Default)]
struct CountingLimiter {
    acquired: AtomicUsize,
}

impl RateLimiter for CountingLimiter {
    fn acquire(&self) -> BoxFuture<'_, ()> {
        self.acquired.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::ready(()))
    }
}

fn client_with_limiter(base_url: &str, limiter: Arc<dyn RateLimiter>) -> Client {
    let info = ApiInfo {
        api: "example",
        crate_name: "example-client",
        crate_version: "0.0.1",
        default_base_url: "https://api.example.test",
        spans: api_core::client_spans!(),
    };
    ClientConfigBuilder::new(info)
        .base_url(base_url)
        .clock(Clock::tokio().with_sleep(|_| std::future::ready(())))
        .rate_limiter(limiter)
        .build()
        .expect("valid test client")
}

#[tokio::test]
async fn rate_limiter_applies_to_retries() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/down");
            then.status(503).body("");
        })
        .await;
    let limiter = Arc::new(CountingLimiter::default());
    let client = client_with_limiter(&server.base_url(), limiter.clone());
    client
        .execute(Request::get("get_down", "/down"))
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(limiter.acquired.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn client_clones_share_the_rate_limiter() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/ok");
            then.status(200).body("{}");
        })
        .await;
    let limiter = Arc::new(CountingLimiter::default());
    let client = client_with_limiter(&server.base_url(), limiter.clone());
    let clone = client.clone();
    client.execute(Request::get("get_ok", "/ok")).await.unwrap();
    clone.execute(Request::get("get_ok", "/ok")).await.unwrap();
    assert_eq!(limiter.acquired.load(Ordering::SeqCst), 2);
}

/// Records what the client tells it about each response.
#[derive(Debug, Default)]
struct RecordingLimiter {
    seen: std::sync::Mutex<Vec<(u16, Option<Duration>)>>,
}

impl RateLimiter for RecordingLimiter {
    fn acquire(&self) -> BoxFuture<'_, ()> {
        Box::pin(std::future::ready(()))
    }

    fn on_response(&self, status: api_core::StatusCode, retry_after: Option<Duration>) {
        self.seen
            .lock()
            .unwrap()
            .push((status.as_u16(), retry_after));
    }
}

#[tokio::test]
async fn the_limiter_hears_every_response_with_its_retry_after() {
    let server = MockServer::start_async().await;
    let throttled = server
        .mock_async(|when, then| {
            when.method(GET).path("/busy");
            then.status(429).header("retry-after", "2").body("");
        })
        .await;
    let limiter = Arc::new(RecordingLimiter::default());
    let client = client_with_limiter(&server.base_url(), limiter.clone());
    client
        .execute(Request::get("get_busy", "/busy"))
        .await
        .unwrap_err();
    throttled.delete_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/busy");
            then.status(200).body("{}");
        })
        .await;
    client
        .execute(Request::get("get_busy", "/busy"))
        .await
        .unwrap();
    let seen = limiter.seen.lock().unwrap().clone();
    let two_seconds = Some(Duration::from_secs(2));
    assert_eq!(
        seen,
        vec![
            (429, two_seconds),
            (429, two_seconds),
            (429, two_seconds),
            (200, None)
        ]
    );
}
