//! The mock kit as Push Security's mock speaks it: a ready client, shared handles, the mock clock
//! driving the rate limit, the fault kinds every mock has, and the recorded requests with the key
//! redacted.
#![cfg(feature = "mock")]

use std::time::Duration;

use futures::TryStreamExt;
use push_security_client::RetryPolicy;
use push_security_client::mock::{Fault, MockPushSecurity, MockRateLimit};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const _: () = {
    const fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<MockPushSecurity>();
};

#[tokio::test]
async fn the_ready_client_uses_the_full_access_key_and_the_key_is_redacted() -> TestResult {
    let mock = MockPushSecurity::start().await?;
    let apps: Vec<_> = mock.client().apps().list().items().try_collect().await?;
    assert_eq!(apps.len(), mock.app_ids().len());
    let sent = mock.requests();
    assert!(!sent.is_empty());
    assert!(
        sent.iter()
            .all(|r| r.header("x-api-key") == Some("[REDACTED]"))
    );
    assert!(!format!("{sent:?}").contains(mock.full_access_key()));
    assert_eq!(mock.request_count(), sent.len());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clone_moved_into_a_spawned_task_steers_the_same_server() -> TestResult {
    let mock = MockPushSecurity::builder().no_rate_limit().start().await?;
    let steering = mock.clone();
    tokio::spawn(async move { steering.inject(Fault::status(503).on_path_containing("/v1/apps")) })
        .await?;
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::no_retries())
        .build()?;
    let error = client
        .apps()
        .list()
        .items()
        .try_collect::<Vec<_>>()
        .await
        .err()
        .ok_or("the fault injected from the task was not served")?;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(mock.controls().faults_injected(), 1);
    Ok(())
}

#[tokio::test]
async fn the_server_stops_only_when_the_last_clone_is_dropped() -> TestResult {
    let mock = MockPushSecurity::start().await?;
    let address = mock.address();
    let survivor = mock.clone();
    drop(mock);
    survivor
        .client()
        .apps()
        .list()
        .items()
        .try_collect::<Vec<_>>()
        .await?;
    drop(survivor);
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(address).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        refused,
        "the server still accepts connections after the last handle was dropped"
    );
    Ok(())
}

#[tokio::test]
async fn advancing_the_clock_refills_the_rate_limit() -> TestResult {
    let mock = MockPushSecurity::builder()
        .rate_limit(MockRateLimit {
            per_second: 0.001,
            capacity: 1,
        })
        .start()
        .await?;
    let client = mock
        .client_builder()
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .build()?;
    let id = mock.app_ids().first().cloned().ok_or("no apps")?;
    client.apps().get(&id).await?;
    let limited = client
        .apps()
        .get(&id)
        .await
        .err()
        .ok_or("the bucket was not empty")?;
    assert_eq!(limited.status().map(|s| s.as_u16()), Some(429));
    // One token comes back every 1000 s of mock time.
    mock.advance_clock(Duration::from_secs(1_000));
    client.apps().get(&id).await?;
    assert_eq!(mock.controls().rate_limited(), 1);
    Ok(())
}

#[tokio::test]
async fn a_dropped_connection_and_a_delay_reach_the_client() -> TestResult {
    let mock = MockPushSecurity::builder().no_rate_limit().start().await?;
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::no_retries())
        .attempt_timeout(Duration::from_millis(300))
        .build()?;
    let id = mock.app_ids().first().cloned().ok_or("no apps")?;
    mock.inject(Fault::drop_connection());
    let dropped = client.apps().get(&id).await.err().ok_or("no error")?;
    assert_eq!(dropped.status(), None, "{dropped}");
    mock.inject(Fault::delay(Duration::from_secs(30)));
    let slow = client.apps().get(&id).await.err().ok_or("no error")?;
    assert!(slow.is_timeout(), "{slow:?}");
    client.apps().get(&id).await?;
    assert_eq!(
        mock.controls().faults_injected(),
        1,
        "a delay is not an answer"
    );
    Ok(())
}
