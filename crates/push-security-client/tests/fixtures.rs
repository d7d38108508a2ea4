//! The example payloads of the vendor reference (tests/fixtures/<operationId>.json) decode into
//! the operation's model, and nothing in them is lost or changed on the way.

use std::collections::BTreeSet;
use std::path::Path;

use push_security_client::models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn load(operation: &str) -> Value {
    let path = Path::new(FIXTURES).join(format!("{operation}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Drops null members and empty lists: a null and a missing field both decode to `None` (which
/// serializes as `null`), and a list read leniently (null or missing is empty) serializes as `[]`.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// The wire's UNIX-seconds timestamps (`*Timestamp` members) as RFC 3339, which is how answered models
/// serialize them (they are written for export, not sent back).
fn timestamps_as_rfc3339(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match v.as_i64() {
                    Some(seconds) if k.ends_with("Timestamp") => {
                        let at = time::OffsetDateTime::from_unix_timestamp(seconds)
                            .unwrap_or_else(|e| panic!("{k}: {seconds}: {e}"));
                        let text = at
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_else(|e| panic!("{k}: {e}"));
                        (k, Value::String(text))
                    }
                    _ => (k, timestamps_as_rfc3339(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(timestamps_as_rfc3339).collect()),
        other => other,
    }
}

/// Decodes the fixture as `T` and checks that encoding it again gives the same JSON, timestamps
/// written as RFC 3339.
fn round_trips<T: DeserializeOwned + Serialize>(operation: &str) -> T {
    let raw = load(operation);
    let decoded: T = serde_json::from_value(raw.clone())
        .unwrap_or_else(|e| panic!("{operation} does not decode: {e}"));
    let again = serde_json::to_value(&decoded).unwrap();
    assert_eq!(
        without_nulls(again),
        without_nulls(timestamps_as_rfc3339(raw)),
        "{operation} changed on the way"
    );
    decoded
}

/// Every fixture this test knows, by operation id.
const COVERED: &[&str] = &[
    "createBlockedUrl",
    "deleteAccount",
    "getAccount",
    "getApp",
    "getAppBanner",
    "getBrowser",
    "getEmployee",
    "getFinding",
    "getOtherAccount",
    "getOtherApp",
    "listAccountUsage",
    "listAccounts",
    "listAppBanners",
    "listApps",
    "listBlockedUrls",
    "listBrowsers",
    "listEmployees",
    "listFindings",
    "listOtherAccounts",
    "listOtherApps",
    "setAppBanner",
    "updateEmployee",
];

#[test]
fn every_fixture_file_is_checked() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            entry
                .file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect();
    let covered: BTreeSet<String> = COVERED.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(on_disk, covered);
}

#[test]
fn account_fixtures_decode_unchanged() {
    let account: Account = round_trips("getAccount");
    assert!(account.login_methods.is_some());
    assert!(account.creation_timestamp.is_some());
    let list: AccountList = round_trips("listAccounts");
    assert!(!list.result.is_empty());
    assert!(list.paging.is_some());
    let usage: AccountUsageList = round_trips("listAccountUsage");
    assert_eq!(usage.usages().len(), 1);
    let other: OtherAccount = round_trips("getOtherAccount");
    assert!(!other.id.is_empty());
    let others: OtherAccountList = round_trips("listOtherAccounts");
    assert!(!others.result.is_empty());
}

#[test]
fn delete_account_fixture_decodes_its_string_boolean() {
    let raw = load("deleteAccount");
    let deleted: DeletedObject = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(
        deleted.deleted,
        Some(raw["deleted"] == "true" || raw["deleted"] == true)
    );
    assert_eq!(deleted.object.as_deref(), raw["object"].as_str());
}

#[test]
fn app_fixtures_decode_unchanged() {
    let app: App = round_trips("getApp");
    assert!(!app.id.is_empty());
    let apps: AppList = round_trips("listApps");
    assert!(!apps.result.is_empty());
    let other: OtherApp = round_trips("getOtherApp");
    assert!(!other.id.is_empty());
    let others: OtherAppList = round_trips("listOtherApps");
    assert!(!others.result.is_empty());
}

#[test]
fn browser_employee_and_finding_fixtures_decode_unchanged() {
    let browser: Browser = round_trips("getBrowser");
    assert!(browser.browser.is_some());
    let browsers: BrowserList = round_trips("listBrowsers");
    assert!(!browsers.result.is_empty());
    let employee: Employee = round_trips("getEmployee");
    assert!(employee.email.is_some());
    let employees: EmployeeList = round_trips("listEmployees");
    assert!(!employees.result.is_empty());
    let updated: Option<Employee> = round_trips("updateEmployee");
    assert!(updated.is_some());
    let finding: Finding = round_trips("getFinding");
    assert!(finding.r#type.is_some());
    let findings: FindingList = round_trips("listFindings");
    assert!(!findings.result.is_empty());
}

#[test]
fn control_fixtures_decode_unchanged() {
    let banner: AppBanner = round_trips("getAppBanner");
    assert!(banner.mode.is_some());
    let set: AppBanner = round_trips("setAppBanner");
    assert!(!set.id.is_empty());
    let banners: AppBannerList = round_trips("listAppBanners");
    assert!(!banners.result.is_empty());
    let blocked: BlockedUrlList = round_trips("listBlockedUrls");
    assert!(blocked.result.iter().all(|p| p.contains("://")));
    let created: String = round_trips("createBlockedUrl");
    assert!(created.starts_with("*://"));
}
