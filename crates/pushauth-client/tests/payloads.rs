//! How session answers decode. The vendor's reference page describes the PushAuthenticationSession
//! object field by field but shows no example answer, so there is no fixture to copy; these cases
//! pin what the page leaves open: statuses it does not list, and fields an answer may omit.

use pushauth_client::{Session, SessionStatus};
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn an_unknown_session_status_decodes_to_unknown_and_serializes_back_unchanged() -> TestResult {
    let answer = json!({"id": "s-1", "status": "dismissed", "notificationCount": 2});
    let session: Session = serde_json::from_value(answer.clone())?;
    assert_eq!(
        session.status,
        SessionStatus::Unknown("dismissed".to_owned())
    );
    // Written for export: the status as received, and every field the answer left out as null.
    let written = serde_json::to_value(&session)?;
    assert_eq!(written["status"], answer["status"]);
    assert_eq!(written["notificationCount"], answer["notificationCount"]);
    assert_eq!(written["detail"], serde_json::Value::Null);
    assert_eq!(written["expiresAt"], serde_json::Value::Null);
    Ok(())
}

#[test]
fn a_session_with_only_id_and_status_decodes_the_rest_to_none() -> TestResult {
    let session: Session = serde_json::from_value(json!({"id": "s-1", "status": "sent"}))?;
    assert_eq!(session.status, SessionStatus::Sent);
    assert_eq!(session.notification_count, None);
    assert_eq!(session.detail, None);
    assert_eq!(session.expires_at, None);
    assert_eq!(session.updated_at, None);
    Ok(())
}

#[test]
fn a_null_detail_and_present_timestamps_decode() -> TestResult {
    let session: Session = serde_json::from_value(json!({
        "id": "s-1", "status": "accepted", "notificationCount": 1, "detail": null,
        "expiresAt": "2026-03-01T17:04:05Z", "updatedAt": "2026-03-01T17:02:05Z"
    }))?;
    assert_eq!(session.detail, None);
    let expires = session.expires_at.ok_or("expiresAt is set")?;
    let updated = session.updated_at.ok_or("updatedAt is set")?;
    assert_eq!((expires - updated).whole_seconds(), 120);
    Ok(())
}
