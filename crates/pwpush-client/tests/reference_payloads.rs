//! The example answers of the vendor's JSON API page (tests/fixtures/<operationId>.json, copied as
//! shown minus the page's annotations) decode into the operation's model with nothing lost, and
//! the models read values and fields this crate does not know without failing.

use std::collections::BTreeSet;
use std::path::Path;

use pwpush_client::models::{Account, AuditEvent, AuditKind, Edition, Push, V2Version};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// Every fixture this file checks, by operation id.
const CHECKED: &[&str] = &["v1CreatePush", "v1ListAccounts"];

fn load(operation: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let path = Path::new(FIXTURES).join(format!("{operation}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?)
}

/// Members the spec marks `x-secret` in answers: serialized as `[REDACTED]`, never as the value.
const SECRET_MEMBERS: &[&str] = &["url_token", "html_url", "json_url", "payload", "passphrase"];

/// Drops nulls and empty lists (a null and a missing member both decode to `None`, which serializes
/// as `null`; a list read leniently serializes as `[]`) and puts `[REDACTED]` where a secret was.
fn as_exported(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, v)| {
                    if SECRET_MEMBERS.contains(&k.as_str()) {
                        (k, json!("[REDACTED]"))
                    } else {
                        (k, as_exported(v))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(as_exported).collect()),
        other => other,
    }
}

/// Decodes `raw` as `T` and checks that encoding it again gives the same JSON, with secrets
/// redacted (answered models serialize for export).
fn round_trips<T: DeserializeOwned + Serialize>(
    raw: Value,
) -> Result<T, Box<dyn std::error::Error>> {
    let decoded: T = serde_json::from_value(raw.clone())?;
    let again = serde_json::to_value(&decoded)?;
    assert_eq!(as_exported(again), as_exported(raw));
    Ok(decoded)
}

#[test]
fn every_fixture_file_is_checked() -> TestResult {
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(FIXTURES)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(operation) = name.strip_suffix(".json") {
            on_disk.insert(operation.to_owned());
        }
    }
    let checked: BTreeSet<String> = CHECKED.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(on_disk, checked);
    Ok(())
}

#[test]
fn pro_create_answer_example_decodes_once_its_snipped_expired_flag_is_back() -> TestResult {
    // The page cuts the middle of this answer ("..snipped..."); every push answer carries
    // `expired`, so the example as shown is refused and names the missing field.
    let shown = load("v1CreatePush")?;
    let Err(refused) = serde_json::from_value::<Push>(shown.clone()) else {
        return Err("a push without `expired` must not decode".into());
    };
    assert!(refused.to_string().contains("expired"), "{refused}");

    let mut complete = shown;
    complete["expired"] = json!(false);
    let push: Push = round_trips(complete)?;
    assert_eq!(push.url_token.expose_secret(), "wbjm73kig9kv4gbe_q");
    assert_eq!(
        push.html_url.expose_secret(),
        "https://pwp.mycompany.com/p/wbjm73kig9kv4gbe_q/r"
    );
    assert_eq!(
        (
            push.account_id,
            push.expire_after_duration,
            push.expire_after_views
        ),
        (Some(1), Some(8), Some(5))
    );
    assert_eq!(push.note.as_deref(), Some("For New Employee ID 12345"));
    Ok(())
}

#[test]
fn accounts_example_decodes_with_every_member() -> TestResult {
    let accounts: Vec<Account> = round_trips(load("v1ListAccounts")?)?;
    let ids: Vec<_> = accounts
        .iter()
        .map(|a| (a.id, a.account_users.len()))
        .collect();
    assert_eq!(ids, [(12992, 2), (22923, 1)]);
    assert_eq!(accounts[1].name.as_deref(), Some("Law Frim"));
    assert_eq!(accounts[0].account_users[1].user_id, Some(23712));
    Ok(())
}

#[test]
fn unknown_audit_kind_and_edition_decode_to_unknown_and_serialize_back_unchanged() -> TestResult {
    let event_json = json!({"kind": "teleported", "ip": "127.0.0.1"});
    let event: AuditEvent = round_trips(event_json)?;
    assert_eq!(
        event.kind,
        Some(AuditKind::Unknown("teleported".to_owned()))
    );

    let version_json =
        json!({"application_version": "9.0.0", "api_version": "3.0", "edition": "enterprise"});
    let version: V2Version = round_trips(version_json)?;
    assert_eq!(
        version.edition,
        Some(Edition::Unknown("enterprise".to_owned()))
    );
    Ok(())
}

#[test]
fn missing_optional_push_fields_decode_to_none() -> TestResult {
    let push: Push = serde_json::from_value(json!({
        "url_token": "wbjm73kig9kv4gbe_q",
        "html_url": "https://pwpush.test/p/wbjm73kig9kv4gbe_q",
        "expired": false
    }))?;
    assert!(!push.expired);
    assert_eq!(push.payload, None);
    assert_eq!(push.passphrase, None);
    assert_eq!(push.expire_after_views, None);
    assert_eq!(push.deletable_by_viewer, None);
    assert_eq!(push.deleted, None);
    assert_eq!(push.expired_on, None);
    assert_eq!(push.account_id, None);
    assert!(push.files.is_empty());
    Ok(())
}
