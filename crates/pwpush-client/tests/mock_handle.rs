//! The mock kit as Password Pusher's mock speaks it: a ready client, shared handles, the fault
//! kinds every mock has, and the recorded requests with credentials redacted.

use std::time::Duration;

use pwpush_client::RetryPolicy;
use pwpush_client::mock::{Fault, MockPwPush};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const _: () = {
    const fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<MockPwPush>();
};

#[tokio::test]
async fn the_ready_client_is_signed_in_as_the_default_user() -> TestResult {
    let server = MockPwPush::start().await?;
    let push = server.client().pushes().create_text("s3cr3t").await?;
    assert_eq!(server.created_count(), 1);
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .ok_or("no create was recorded")?;
    assert_eq!(create.header("authorization"), Some("[REDACTED]"));
    assert!(create.body_len > 0);
    let recorded = format!("{:?}", server.requests());
    assert!(
        !recorded.contains(server.token()),
        "the token leaked into the recording"
    );
    assert!(!recorded.contains("s3cr3t"));
    // The owner's read is free and sees the payload: the client really is the owner.
    let read = server.client().pushes().retrieve(push.url_token()).await?;
    assert!(read.payload.is_some());
    Ok(())
}

#[tokio::test]
async fn the_client_builder_keeps_the_mocks_url_and_token() -> TestResult {
    let server = MockPwPush::start().await?;
    let anonymous = server.client_builder().anonymous().build()?;
    anonymous.pushes().create_text("s3cr3t").await?;
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .ok_or("no create was recorded")?;
    assert!(!create.has_header("authorization"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clone_moved_into_a_spawned_task_steers_the_same_server() -> TestResult {
    let server = MockPwPush::start().await?;
    let steering = server.clone();
    tokio::spawn(async move {
        steering.inject(Fault::status(503).on_path_containing("/api/v2/version"));
    })
    .await?;
    let client = server
        .client_builder()
        .retry_policy(RetryPolicy::no_retries())
        .build()?;
    let error = client
        .api_version()
        .await
        .err()
        .ok_or("the fault injected from the task was not served")?;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
    let counted = tokio::spawn({
        let server = server.clone();
        async move { server.request_count() }
    })
    .await?;
    assert_eq!(counted, server.request_count());
    assert!(counted >= 1);
    Ok(())
}

#[tokio::test]
async fn the_server_stops_only_when_the_last_clone_is_dropped() -> TestResult {
    let server = MockPwPush::start().await?;
    let url = server.base_url().to_owned();
    let survivor = server.clone();
    drop(server);
    survivor.client().pushes().create_text("s").await?;
    assert_eq!(survivor.created_count(), 1);
    drop(survivor);
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(url.trim_start_matches("http://"))
            .await
            .is_err()
        {
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
async fn a_dropped_connection_and_a_malformed_body_reach_the_caller_as_errors() -> TestResult {
    let server = MockPwPush::start().await?;
    let client = server
        .client_builder()
        .retry_policy(RetryPolicy::no_retries())
        .build()?;
    client.api_version().await?;
    server.inject(Fault::drop_connection().on_path_containing("/api/v2/pushes"));
    let dropped = client
        .pushes()
        .create_text("s")
        .await
        .err()
        .ok_or("no error")?;
    assert_eq!(dropped.status(), None, "{dropped}");
    server.inject(Fault::malformed_body(201).on_path_containing("/api/v2/pushes"));
    let malformed = client
        .pushes()
        .create_text("s")
        .await
        .err()
        .ok_or("no error")?;
    assert_eq!(
        malformed.status().map(|s| s.as_u16()),
        Some(201),
        "{malformed}"
    );
    assert_eq!(server.created_count(), 0);
    Ok(())
}
