//! The client's behaviour against the mock service: each way a session ends, waiting with a deadline,
//! watching, and what the service may send that the documentation does not promise. Time is tokio's paused
//! clock, so waits of minutes take no real time.
#![cfg(feature = "mock")]

use std::time::Duration;

use futures::TryStreamExt;
use pushauth_client::mock::{Answer, Fault, MockPushAuth, TimestampStyle};
use pushauth_client::{
    CancelOutcome, Client, ErrorCode, Session, SessionStatus, StatusCode, WaitError,
};
use tokio::time::sleep;

const USER: &str = "user-42";

async fn mock_and_client() -> (MockPushAuth, Client) {
    let mock = MockPushAuth::start().await.expect("the mock starts");
    mock.register_device(USER);
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .build()
        .expect("a loopback client builds");
    (mock, client)
}

async fn create(client: &Client) -> Session {
    client.sessions().create(USER).await.expect("created")
}

/// Answers `id` after `delay`, as the user's phone would.
async fn answer_after(
    mock: &MockPushAuth,
    id: &str,
    delay: Duration,
    answer: Answer,
    detail: &str,
) {
    sleep(delay).await;
    mock.answer_with_detail(id, answer, detail)
        .expect("the session is pending");
}

#[tokio::test(start_paused = true)]
async fn wait_returns_the_accepted_session_with_its_detail() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;

    let (done, ()) = tokio::join!(
        client.sessions().wait(&session.id).into_future(),
        answer_after(
            &mock,
            &session.id,
            Duration::from_secs(5),
            Answer::Accept,
            "Face ID"
        ),
    );

    let done = done.expect("answered");
    assert_eq!(done.status, SessionStatus::Accepted);
    assert!(done.status.is_accepted());
    assert_eq!(done.detail.as_deref(), Some("Face ID"));
}

#[tokio::test(start_paused = true)]
async fn wait_returns_a_rejected_session_which_is_terminal_but_not_accepted() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;

    let (done, ()) = tokio::join!(
        client.sessions().wait(&session.id).into_future(),
        answer_after(
            &mock,
            &session.id,
            Duration::from_secs(3),
            Answer::Reject,
            "not me"
        ),
    );

    let done = done.expect("answered");
    assert_eq!(done.status, SessionStatus::Rejected);
    assert!(done.status.is_terminal() && !done.status.is_accepted());
}

#[tokio::test(start_paused = true)]
async fn wait_returns_the_error_status_with_the_app_detail() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;

    let (done, ()) = tokio::join!(
        client.sessions().wait(&session.id).into_future(),
        answer_after(
            &mock,
            &session.id,
            Duration::from_secs(3),
            Answer::Error,
            "no biometrics"
        ),
    );

    let done = done.expect("answered");
    assert_eq!(done.status, SessionStatus::Error);
    assert_eq!(done.detail.as_deref(), Some("no biometrics"));
    assert!(!done.status.is_accepted());
}

#[tokio::test(start_paused = true)]
async fn wait_returns_expired_once_seconds_to_expire_have_passed() {
    let (_mock, client) = mock_and_client().await;
    let session = client
        .sessions()
        .create(USER)
        .seconds_to_expire(30)
        .await
        .expect("created");

    let done = client
        .sessions()
        .wait(&session.id)
        .timeout(Duration::from_secs(300))
        .await
        .expect("expired before the deadline");

    assert_eq!(done.status, SessionStatus::Expired);
}

#[tokio::test(start_paused = true)]
async fn wait_returns_canceled_when_the_session_is_canceled_while_waiting() {
    let (_mock, client) = mock_and_client().await;
    let session = create(&client).await;
    let cancel_later = async {
        sleep(Duration::from_secs(4)).await;
        client
            .sessions()
            .cancel(&session.id)
            .await
            .expect("canceled")
    };

    let (done, canceled) = tokio::join!(
        client.sessions().wait(&session.id).into_future(),
        cancel_later
    );

    assert_eq!(canceled.status, SessionStatus::Canceled);
    assert_eq!(done.expect("decided").status, SessionStatus::Canceled);
}

#[tokio::test(start_paused = true)]
async fn a_user_without_devices_gets_a_session_with_notification_count_zero() {
    let (_mock, client) = mock_and_client().await;
    let session = client
        .sessions()
        .create("nobody-registered")
        .await
        .expect("created");
    assert_eq!(session.notification_count, Some(0));
    assert_eq!(session.status, SessionStatus::Sent);
}

#[tokio::test(start_paused = true)]
async fn wait_deadline_cancels_the_session_and_keeps_the_last_status_seen() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;

    let error = client
        .sessions()
        .wait(&session.id)
        .timeout(Duration::from_secs(20))
        .await
        .expect_err("nobody answers");

    assert!(error.is_timeout());
    assert_eq!(error.last_status(), Some(&SessionStatus::Sent));
    assert!(
        matches!(
            error,
            WaitError::TimedOut {
                cancel: CancelOutcome::Canceled,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(mock.session(&session.id).expect("kept").status, "canceled");
}

#[tokio::test(start_paused = true)]
async fn wait_deadline_without_cancel_leaves_the_session_pending() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;

    let error = client
        .sessions()
        .wait(&session.id)
        .timeout(Duration::from_secs(20))
        .cancel_on_timeout(false)
        .await
        .expect_err("nobody answers");

    assert!(
        matches!(
            error,
            WaitError::TimedOut {
                cancel: CancelOutcome::NotRequested,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.last_status(), Some(&SessionStatus::Sent));
    assert_eq!(mock.session(&session.id).expect("kept").status, "sent");
}

#[tokio::test(start_paused = true)]
async fn wait_polls_no_faster_than_the_interval() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;
    let before = mock.request_count();

    let _ = client
        .sessions()
        .wait(&session.id)
        .interval(Duration::from_secs(5))
        .timeout(Duration::from_secs(60))
        .cancel_on_timeout(false)
        .await;

    // Polls at 0, 5, ..., 55 s: twelve reads in sixty seconds, never more.
    let polls = mock.request_count() - before;
    assert!((11..=13).contains(&polls), "{polls} polls");
}

#[tokio::test(start_paused = true)]
async fn an_unknown_status_is_never_accepted_and_wait_polls_through_it_to_the_deadline() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;
    mock.set_status(&session.id, "dismissed")
        .expect("known session");

    let error = client
        .sessions()
        .wait(&session.id)
        .timeout(Duration::from_secs(10))
        .cancel_on_timeout(false)
        .await
        .expect_err("an unknown status is not final");

    let unknown = SessionStatus::Unknown("dismissed".to_owned());
    assert_eq!(error.last_status(), Some(&unknown));
    assert!(!unknown.is_accepted() && !unknown.is_terminal());
    assert_eq!(unknown.as_str(), "dismissed");
}

#[tokio::test(start_paused = true)]
async fn timestamps_with_an_offset_without_a_colon_are_read() {
    let (mock, client) = mock_and_client().await;
    mock.set_timestamp_style(TimestampStyle::OffsetWithoutColon);
    let session = create(&client).await;

    let held = mock.session(&session.id).expect("kept");
    let expires_at = session.expires_at.expect("sent by the mock");
    // The wire carries milliseconds, so compare at that precision.
    assert_eq!(
        expires_at.unix_timestamp(),
        held.expires_at.unix_timestamp()
    );
    assert_eq!(expires_at.millisecond(), held.expires_at.millisecond());
    assert_eq!(expires_at.offset().whole_hours(), -5);
}

#[tokio::test(start_paused = true)]
async fn wait_keeps_polling_through_service_failures_and_returns_the_answer() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;
    mock.answer(&session.id, Answer::Accept).expect("pending");
    mock.inject(Fault::status(503).retry_after(1).times(4));

    let done = client
        .sessions()
        .wait(&session.id)
        .await
        .expect("answered despite the faults");

    assert_eq!(done.status, SessionStatus::Accepted);
}

#[tokio::test(start_paused = true)]
async fn wait_on_an_unknown_session_fails_at_once_without_waiting_for_the_deadline() {
    let (_mock, client) = mock_and_client().await;
    let started = tokio::time::Instant::now();

    let error = client
        .sessions()
        .wait("no-such-session")
        .await
        .expect_err("unknown id");

    // The mock answers an unknown id with the reference's 400 `badRequest`
    // (/work/shared/reference/pushauth-api.txt, GET /v1/push/sessions/{id}).
    assert!(
        matches!(&error, WaitError::Failed(e)
            if e.status() == Some(StatusCode::BAD_REQUEST)
                && e.detail().and_then(|b| b.code.as_ref()) == Some(&ErrorCode::BadRequest)),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn a_zero_interval_is_refused_before_polling() {
    let (mock, client) = mock_and_client().await;
    let before = mock.request_count();

    let error = client
        .sessions()
        .wait("any")
        .interval(Duration::ZERO)
        .await
        .expect_err("refused");

    assert!(
        matches!(&error, WaitError::Failed(e) if e.is_invalid_request()),
        "{error:?}"
    );
    assert_eq!(mock.request_count(), before);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_wait_future_stops_polling() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;

    let waiting = tokio::spawn(
        client
            .sessions()
            .wait(&session.id)
            .timeout(Duration::from_secs(600))
            .into_future(),
    );
    sleep(Duration::from_secs(7)).await;
    waiting.abort();
    let _ = waiting.await;
    let after_drop = mock.request_count();
    sleep(Duration::from_secs(60)).await;

    assert!(after_drop > 1, "it was polling before the drop");
    assert_eq!(mock.request_count(), after_drop);
}

#[tokio::test(start_paused = true)]
async fn watch_yields_each_distinct_status_once_and_ends_on_a_terminal_one() {
    let (mock, client) = mock_and_client().await;
    let session = create(&client).await;
    let phone = async {
        sleep(Duration::from_secs(5)).await;
        mock.set_status(&session.id, "delivered")
            .expect("known session");
        sleep(Duration::from_secs(6)).await;
        mock.set_status(&session.id, "accepted")
            .expect("known session");
    };

    let (statuses, ()) = tokio::join!(
        client
            .sessions()
            .watch(&session.id)
            .map_ok(|s| s.status)
            .try_collect::<Vec<_>>(),
        phone,
    );

    assert_eq!(
        statuses.expect("no failure"),
        [
            SessionStatus::Sent,
            SessionStatus::Unknown("delivered".to_owned()),
            SessionStatus::Accepted
        ]
    );
}
