//! Retries against the mock service: 429s without `Retry-After` are backed off and retried, server
//! failures are retried on reads and not on writes that may have acted.
#![cfg(feature = "mock")]

mod common;

use push_security_client::mock::{Fault, MockPushSecurity};
use push_security_client::models::ErrorStatus;

use common::retrying_client_for;

#[tokio::test]
async fn too_many_requests_without_retry_after_is_retried_with_backoff() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    mock.inject(Fault::status(429).times(2));
    let client = retrying_client_for(mock.base_url(), mock.full_access_key());
    let apps = client.apps().list().await.unwrap();
    assert!(!apps.result.is_empty());
    assert_eq!(mock.controls().rate_limited(), 2);
    assert_eq!(mock.request_count(), 3);
}

#[tokio::test]
async fn too_many_requests_on_a_write_is_retried_because_nothing_was_done() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    mock.inject(Fault::status(429));
    let client = retrying_client_for(mock.base_url(), mock.full_access_key());
    let pattern = client
        .blocked_urls()
        .create("*.retry.example")
        .await
        .unwrap();
    assert_eq!(pattern, "*://*.retry.example/*");
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test]
async fn server_errors_on_reads_are_retried() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    mock.inject(Fault::html(502));
    mock.inject(Fault::status(503));
    mock.inject(Fault::status(504));
    let client = retrying_client_for(mock.base_url(), mock.full_access_key());
    client.employees().list().await.unwrap();
    assert_eq!(mock.request_count(), 4);
}

#[tokio::test]
async fn post_is_not_retried_on_500() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    mock.inject(Fault::status(500));
    let client = retrying_client_for(mock.base_url(), mock.full_access_key());
    let err = client
        .blocked_urls()
        .create("*.once.example")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert!(err.may_have_been_processed());
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn idempotent_patch_is_retried_on_503() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    let app_id = mock.app_ids()[0].clone();
    mock.inject(Fault::status(503));
    let client = retrying_client_for(mock.base_url(), mock.full_access_key());
    let app = client
        .apps()
        .update(&app_id)
        .notes("retried")
        .await
        .unwrap();
    assert_eq!(app.notes.as_deref(), Some("retried"));
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test]
async fn seeded_faults_at_twenty_percent_never_lose_an_account() {
    let mock = MockPushSecurity::builder()
        .seed(9)
        .accounts(1_000)
        .no_rate_limit()
        .error_rate(0.2)
        .random_faults(&[
            Fault::status(500),
            Fault::html(502),
            Fault::status(503),
            Fault::status(429),
        ])
        .start()
        .await
        .unwrap();
    let client = retrying_client_for(mock.base_url(), mock.full_access_key());
    use futures::TryStreamExt;
    let ids: Vec<String> = client
        .accounts()
        .list()
        .items()
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "{e}: requests {} faults {}",
                mock.request_count(),
                mock.controls().faults_injected()
            )
        });
    assert_eq!(ids, mock.account_ids());
    assert!(
        mock.controls().faults_injected() > 0,
        "requests {} faults {}",
        mock.request_count(),
        mock.controls().faults_injected()
    );
}

/// A refusal that names its reason is final: asking again with the same body cannot change it, even
/// on an operation marked idempotent (PATCH /v1/employees/{id}). The reasons are documented on that
/// operation (/work/shared/reference/push-security-rest-v1.txt, "Bad Request with status ...").
#[tokio::test]
async fn a_named_400_reason_is_answered_once_even_on_an_idempotent_write() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .chatops_working(false)
        .start()
        .await
        .unwrap();
    let client = retrying_client_for(mock.base_url(), mock.full_access_key());
    let licensed = client
        .employees()
        .list()
        .licensed(true)
        .limit(1)
        .await
        .unwrap();
    let employee = &licensed.result.first().expect("a licensed employee").id;
    let before = mock.request_count();

    let err = client
        .employees()
        .update(employee)
        .chatops_enabled(true)
        .await
        .unwrap_err();

    assert_eq!(
        err.detail().and_then(|d| d.reason()),
        Some(&ErrorStatus::ChatopsNotInWorkingState),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert_eq!(mock.request_count() - before, 1);
}

/// A key the service refuses stays refused: 401 and 403 are answered once, never retried (the
/// key check is not documented by Push; the mock's 401/403 follow the usual meaning).
#[tokio::test]
async fn a_refused_key_is_answered_once_and_never_retried() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    let app_id = mock.app_ids()[0].clone();
    let unknown = retrying_client_for(mock.base_url(), "psk_not_a_key");
    let read_only = retrying_client_for(mock.base_url(), mock.read_only_key());

    let read = unknown.apps().list().await.unwrap_err();
    let write = read_only
        .apps()
        .update(&app_id)
        .notes("refused")
        .await
        .unwrap_err();

    assert_eq!(read.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(write.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(mock.request_count(), 2);
}
