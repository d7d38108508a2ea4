//! End-to-end flows of the client against the mock service.
#![cfg(feature = "mock")]

use futures::TryStreamExt;
use push_security_client::Client;
use push_security_client::mock::{DatasetSize, MockPushSecurity, UsedByShape};
use push_security_client::models::{ApprovalStatus, ErrorStatus, FindingState};

#[tokio::test]
async fn open_findings_stream_matches_the_mocks_count() {
    let mock = MockPushSecurity::start().await.unwrap();
    let open: Vec<_> = mock
        .client()
        .findings()
        .list()
        .state(FindingState::Open)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(open.len(), mock.counts().open_findings);
    assert!(open.iter().all(|f| f.state == Some(FindingState::Open)));
}

#[tokio::test]
async fn read_only_key_is_refused_writes_with_a_typed_403() {
    let mock = MockPushSecurity::start().await.unwrap();
    let client = Client::builder()
        .base_url(mock.base_url())
        .api_key(mock.read_only_key().to_owned())
        .build()
        .unwrap();
    assert!(client.apps().list().await.is_ok());
    let err = client.blocked_urls().delete_all().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn unknown_key_is_a_typed_401() {
    let mock = MockPushSecurity::start().await.unwrap();
    let client = Client::builder()
        .base_url(mock.base_url())
        .api_key("psk_wrong")
        .build()
        .unwrap();
    let err = client.employees().list().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn app_update_sets_clears_and_leaves_fields() {
    let mock = MockPushSecurity::start().await.unwrap();
    let client = mock.client();
    let id = mock.app_ids()[1].clone();
    let app = client
        .apps()
        .update(&id)
        .approval_status(ApprovalStatus::NotApproved)
        .notes("blocked by policy")
        .await
        .unwrap();
    assert_eq!(app.approval_status, Some(ApprovalStatus::NotApproved));
    let app = client.apps().update(&id).notes(None).await.unwrap();
    assert_eq!(app.notes, None);
    assert_eq!(app.approval_status, Some(ApprovalStatus::NotApproved));
}

#[tokio::test]
async fn employee_refusals_carry_their_named_reason() {
    let mock = MockPushSecurity::builder()
        .chatops_working(false)
        .start()
        .await
        .unwrap();
    let client = mock.client();
    let id = mock.employee_ids()[0].clone();
    client.employees().update(&id).licensed(true).await.unwrap();
    let err = client
        .employees()
        .update(&id)
        .chatops_enabled(true)
        .await
        .unwrap_err();
    assert_eq!(
        err.detail().and_then(|d| d.reason()),
        Some(&ErrorStatus::ChatopsNotInWorkingState)
    );
}

#[tokio::test]
async fn unlicensing_an_employee_without_accounts_gives_none() {
    let mut size = DatasetSize::empty();
    size.employees = 1;
    let mock = MockPushSecurity::builder()
        .dataset(size)
        .start()
        .await
        .unwrap();
    let client = mock.client();
    let id = mock.employee_ids()[0].clone();
    client.employees().update(&id).licensed(true).await.unwrap();
    let answer = client
        .employees()
        .update(&id)
        .licensed(false)
        .await
        .unwrap();
    assert_eq!(answer, None);
}

#[tokio::test]
async fn every_detection_is_listed_once_by_token_paging() {
    let mut size = DatasetSize::default();
    size.detections = 120;
    let mock = MockPushSecurity::builder()
        .dataset(size)
        .start()
        .await
        .unwrap();
    let ids: Vec<String> = mock
        .client()
        .detections()
        .list()
        .limit(25)
        .items()
        .map_ok(|d| d.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, mock.detection_ids());
}

#[tokio::test]
async fn used_by_reads_both_shapes_of_the_mock() {
    for shape in [UsedByShape::Envelope, UsedByShape::BareObject] {
        let mock = MockPushSecurity::builder()
            .used_by_shape(shape)
            .start()
            .await
            .unwrap();
        let account = mock.account_ids()[0].clone();
        let answer = mock
            .client()
            .accounts()
            .list_used_by(&account)
            .await
            .unwrap();
        assert!(!answer.usages().is_empty(), "{shape:?}");
    }
}

#[tokio::test]
async fn blocked_url_round_trip() {
    let mock = MockPushSecurity::start().await.unwrap();
    let client = mock.client();
    let pattern = client
        .blocked_urls()
        .create("*.phish.example")
        .path("login*")
        .await
        .unwrap();
    assert_eq!(pattern, "*://*.phish.example/login*");
    assert!(
        client
            .blocked_urls()
            .list()
            .await
            .unwrap()
            .result
            .contains(&pattern)
    );
    client.blocked_urls().delete_all().await.unwrap();
    assert!(
        client
            .blocked_urls()
            .list()
            .await
            .unwrap()
            .result
            .is_empty()
    );
}
