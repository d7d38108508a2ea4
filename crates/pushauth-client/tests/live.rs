//! Contract tests against the real PushAuth service. Opt-in: `#[ignore]`d, and each one skips (with
//! a notice) unless its environment variables are set.
//!
//! ```text
//! PUSHAUTH_API_KEY=...               # the server API key (not the SDK key)
//! PUSHAUTH_LIVE_USER=...             # a user id with the PushAuth app registered on a phone
//! PUSHAUTH_BASE_URL=https://...      # optional; default https://api.unify.id
//! PUSHAUTH_LIVE_ANSWER_SECS=60       # optional; also run the test that waits for a human answer
//! cargo test -p pushauth-client --test live -- --ignored --test-threads=1
//! ```
//!
//! The headline flow sends a real push to the user's phone and cancels it at once. What the tests
//! settle is what the notes mark UNVERIFIED (`/work/shared/api/pushauth.md`): that `canceled` is the
//! value that cancels and is read back, the answer to an unknown session id (the reference documents
//! 400 `badRequest`, `/work/shared/reference/pushauth-api.txt`, which the mock answers), and the
//! timestamp format. Output is statuses and counts only: no key, no user id, no notification text.

use std::time::Duration;

use pushauth_client::{Client, ErrorCode, Notification, SessionStatus, StatusCode};

const KEY_VAR: &str = "PUSHAUTH_API_KEY";
const USER_VAR: &str = "PUSHAUTH_LIVE_USER";
const BASE_URL_VAR: &str = "PUSHAUTH_BASE_URL";
const ANSWER_VAR: &str = "PUSHAUTH_LIVE_ANSWER_SECS";

/// The live client, or `None` (after saying why) when the key is not set.
fn live_client() -> Option<Client> {
    let Ok(key) = std::env::var(KEY_VAR) else {
        eprintln!("skipped: set {KEY_VAR} to run the live PushAuth tests");
        return None;
    };
    let mut builder = Client::builder().api_key(key);
    if let Ok(base_url) = std::env::var(BASE_URL_VAR) {
        builder = builder.base_url(base_url);
    }
    Some(builder.build().expect("the live client builds"))
}

fn live_user() -> Option<String> {
    let user = std::env::var(USER_VAR).ok();
    if user.is_none() {
        eprintln!("skipped: set {USER_VAR} to a user with a registered device");
    }
    user
}

fn notification() -> Notification {
    Notification {
        title: Some("pushauth-client live test".into()),
        body: Some("Sent by a contract test; it is cancelled at once.".into()),
        ..Default::default()
    }
}

#[tokio::test]
#[ignore = "live: needs PUSHAUTH_API_KEY, PUSHAUTH_LIVE_USER and network access"]
async fn live_create_read_and_cancel_a_session() {
    let Some(client) = live_client() else { return };
    let Some(user) = live_user() else { return };

    let created = client
        .sessions()
        .create(user)
        .notification(notification())
        .seconds_to_expire(120)
        .await
        .expect("the session is created");
    eprintln!(
        "created: status {}, notificationCount {:?}, expiresAt read: {}",
        created.status,
        created.notification_count,
        created.expires_at.is_some()
    );
    assert_eq!(created.status, SessionStatus::Sent);

    let read = client.sessions().get(&created.id).await.expect("read back");
    assert_eq!(read.id, created.id);

    let canceled = client
        .sessions()
        .cancel(&created.id)
        .await
        .expect("the service accepts `canceled`");
    eprintln!("after cancel: status {}", canceled.status);
    assert_eq!(canceled.status, SessionStatus::Canceled);
    let reread = client
        .sessions()
        .get(&created.id)
        .await
        .expect("read again");
    assert_eq!(reread.status, SessionStatus::Canceled);
}

#[tokio::test]
#[ignore = "live: needs PUSHAUTH_API_KEY and network access"]
async fn live_unknown_session_is_the_documented_400_bad_request() {
    let Some(client) = live_client() else { return };

    let error = client
        .sessions()
        .get("pushauth-client-live-test-no-such-session")
        .await
        .expect_err("no session has this id");
    eprintln!(
        "unknown session: status {:?}, code {:?}",
        error.status().map(|s| s.as_u16()),
        error.detail().and_then(|b| b.code.as_ref())
    );
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(
        error.detail().and_then(|b| b.code.as_ref()),
        Some(&ErrorCode::BadRequest)
    );
}

#[tokio::test]
#[ignore = "live: needs a human to answer on the phone within PUSHAUTH_LIVE_ANSWER_SECS"]
async fn live_wait_returns_the_answer_given_on_the_phone() {
    let Some(client) = live_client() else { return };
    let Some(user) = live_user() else { return };
    let Some(seconds) = std::env::var(ANSWER_VAR)
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    else {
        eprintln!("skipped: set {ANSWER_VAR} to the seconds you need to answer on the phone");
        return;
    };

    let created = client
        .sessions()
        .create(user)
        .notification(Notification {
            title: Some("pushauth-client live test: answer me".into()),
            ..Default::default()
        })
        .await
        .expect("the session is created");
    eprintln!("answer the push on the phone within {seconds} s");
    let done = client
        .sessions()
        .wait(&created.id)
        .timeout(Duration::from_secs(seconds))
        .await
        .expect("answered in time");
    eprintln!("answered: status {}", done.status);
    assert!(done.status.is_terminal());
}
