//! Which PushAuth failures are retried, and that no retry is sent that cannot succeed or that only
//! spends the service's allowance (docs/retries.md, "PushAuth").
//!
//! Evidence: the reference (`/work/shared/reference/pushauth-api.txt`) documents 400 `badRequest`
//! for "missing or invalid parameters" on GET and PATCH; UnifyID's own sample server polls a session
//! every 2 s and nothing more (UnifyID/pushauth-sample-server, `app/javascript/packs/init_mfa.js`
//! and `app/controllers/sessions_controller.rb`).
#![cfg(feature = "mock")]

use std::time::Duration;

use pushauth_client::mock::{Fault, MockPushAuth};
use pushauth_client::{Client, ErrorCode, RetryPolicy, StatusCode, WaitError};

const USER: &str = "user-42";

async fn mock_and_client() -> (MockPushAuth, Client) {
    let mock = MockPushAuth::start().await.expect("the mock starts");
    mock.register_device(USER);
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(3)
                .backoff(Duration::from_millis(10), Duration::from_millis(40)),
        )
        .build()
        .expect("a loopback client builds");
    (mock, client)
}

#[tokio::test(start_paused = true)]
async fn while_the_service_answers_429_wait_sends_one_read_per_poll_not_a_burst_of_retries() {
    let (mock, client) = mock_and_client().await;
    let session = client.sessions().create(USER).await.expect("created");
    let before = mock.request_count();
    mock.inject(Fault::status(429).times(1_000));

    let error = client
        .sessions()
        .wait(&session.id)
        .interval(Duration::from_secs(2))
        .timeout(Duration::from_secs(30))
        .cancel_on_timeout(false)
        .await
        .expect_err("the service never answers");

    assert!(error.is_timeout(), "{error:?}");
    // The poller is the only retry loop: reads at 0 s, then after pauses of 4, 8 and 16 s (the
    // interval doubled per failure), i.e. at 0, 4, 12 and 28 s; the next would be after the 30 s
    // deadline. Retrying inside each read as well would have sent three requests per poll.
    assert_eq!(mock.request_count() - before, 4);
}

#[tokio::test]
async fn creating_a_session_is_not_repeated_after_a_500_so_the_phone_gets_one_push() {
    let (mock, client) = mock_and_client().await;
    mock.inject(Fault::status(500));

    let error = client.sessions().create(USER).await.expect_err("the 500");

    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(error.may_have_been_processed());
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn creating_a_session_is_repeated_after_a_429_because_nothing_was_sent_to_the_phone() {
    let (mock, client) = mock_and_client().await;
    mock.inject(Fault::status(429));

    client.sessions().create(USER).await.expect("created");

    assert_eq!(mock.request_count(), 2);
    assert_eq!(mock.sessions_created(), 1);
}

#[tokio::test]
async fn an_unknown_session_is_answered_once_and_never_retried() {
    // pushauth-api.txt: an invalid id is a 400 `badRequest`; asking again cannot change that.
    let (mock, client) = mock_and_client().await;

    let read = client.sessions().get("no-such-session").await.unwrap_err();
    let cancel = client
        .sessions()
        .cancel("no-such-session")
        .await
        .unwrap_err();

    for error in [&read, &cancel] {
        assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(
            error.detail().and_then(|b| b.code.as_ref()),
            Some(&ErrorCode::BadRequest)
        );
        assert!(!error.is_retryable());
    }
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_rejected_key_ends_wait_at_once_instead_of_polling_to_the_deadline() {
    let (mock, client) = mock_and_client().await;
    let session = client.sessions().create(USER).await.expect("created");
    let before = mock.request_count();
    mock.inject(Fault::status(401));
    let started = tokio::time::Instant::now();

    let error = client
        .sessions()
        .wait(&session.id)
        .await
        .expect_err("unauthorized");

    assert!(
        matches!(&error, WaitError::Failed(e) if e.status() == Some(StatusCode::UNAUTHORIZED)),
        "{error:?}"
    );
    assert_eq!(mock.request_count() - before, 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}
