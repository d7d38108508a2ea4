//! The mock kit as PushAuth's mock speaks it: a ready client, shared handles, every fault kind
//! through the real client, and the recorded requests with the API key redacted.
#![cfg(feature = "mock")]

use std::time::Duration;

use pushauth_client::mock::{Answer, Fault, MockPushAuth};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const _: () = {
    const fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<MockPushAuth>();
};

#[tokio::test]
async fn the_ready_client_talks_to_the_mock_with_its_key() -> TestResult {
    let mock = MockPushAuth::start().await?;
    let session = mock.client().sessions().create("user-42").await?;
    assert_eq!(mock.sessions_created(), 1);
    assert_eq!(mock.latest_session().map(|s| s.id), Some(session.id));
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].path, "/v1/push/sessions");
    assert_eq!(sent[0].header("x-api-key"), Some("[REDACTED]"));
    assert!(sent[0].body_len > 0);
    assert!(!format!("{sent:?}").contains(mock.api_key()));
    Ok(())
}

#[tokio::test]
async fn the_client_builder_keeps_the_mocks_url_and_key() -> TestResult {
    let mock = MockPushAuth::start().await?;
    let client = mock
        .client_builder()
        .attempt_timeout(Duration::from_secs(5))
        .build()?;
    client.sessions().create("user-42").await?;
    assert_eq!(mock.sessions_created(), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clone_moved_into_a_spawned_task_steers_the_same_server() -> TestResult {
    let mock = MockPushAuth::start().await?;
    let session = mock.client().sessions().create("user-42").await?;
    let steering = mock.clone();
    let id = session.id.clone();
    tokio::spawn(async move {
        steering.inject(Fault::status(503).times(1));
        steering.answer(&id, Answer::Accept)
    })
    .await??;
    let faulted = mock
        .client_builder()
        .retry_policy(pushauth_client::RetryPolicy::no_retries())
        .build()?;
    let error = faulted
        .sessions()
        .get(&session.id)
        .await
        .err()
        .ok_or("the fault was not served")?;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let answered = mock.client().sessions().get(&session.id).await?;
    assert!(answered.status.is_accepted());
    Ok(())
}

#[tokio::test]
async fn the_server_stops_only_when_the_last_clone_is_dropped() -> TestResult {
    let mock = MockPushAuth::start().await?;
    let client = mock.client();
    let url = mock.base_url().to_owned();
    let survivor = mock.clone();
    drop(mock);
    client.sessions().create("user-42").await?;
    assert_eq!(survivor.sessions_created(), 1);
    drop(survivor);
    let mut refused = false;
    for _ in 0..50 {
        // A fresh connection each time: a pooled one may outlive the listener briefly.
        let fresh = pushauth_client::Client::builder()
            .api_key("k")
            .base_url(url.as_str())
            .retry_policy(pushauth_client::RetryPolicy::no_retries())
            .build()?;
        if fresh
            .sessions()
            .create("u")
            .await
            .is_err_and(|e| e.status().is_none())
        {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        refused,
        "the server still answers after the last handle was dropped"
    );
    Ok(())
}

#[tokio::test]
async fn a_path_filtered_fault_spares_other_paths() -> TestResult {
    let mock = MockPushAuth::start().await?;
    mock.inject(Fault::status(500).on_path_containing("/v1/push/sessions/"));
    let client = mock
        .client_builder()
        .retry_policy(pushauth_client::RetryPolicy::no_retries())
        .build()?;
    let session = client.sessions().create("user-42").await?;
    let error = client
        .sessions()
        .get(&session.id)
        .await
        .err()
        .ok_or("no fault")?;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    client.sessions().get(&session.id).await?;
    Ok(())
}

#[tokio::test]
async fn a_dropped_connection_and_a_malformed_body_are_errors_without_a_status() -> TestResult {
    let mock = MockPushAuth::start().await?;
    let client = mock
        .client_builder()
        .retry_policy(pushauth_client::RetryPolicy::no_retries())
        .build()?;
    mock.inject(Fault::drop_connection());
    let dropped = client
        .sessions()
        .create("user-42")
        .await
        .err()
        .ok_or("no error")?;
    assert_eq!(dropped.status(), None, "{dropped}");
    mock.inject(Fault::malformed_body(201));
    let malformed = client
        .sessions()
        .create("user-42")
        .await
        .err()
        .ok_or("no error")?;
    assert_eq!(
        malformed.status().map(|s| s.as_u16()),
        Some(201),
        "{malformed}"
    );
    assert_eq!(mock.sessions_created(), 0);
    Ok(())
}
