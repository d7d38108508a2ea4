//! The 21 traps of the Push Security API (push-security.md §9), one test (or more) named after
//! each, plus the model conventions: unknown enum values, missing fields, open app types.

mod common;

use futures::TryStreamExt;
use httpmock::MockServer;
use push_security_client::CoreError;
use push_security_client::models::{
    Account, AccountUsageList, App, AppBannerMode, Browser, BrowserType, DeletedObject, Detection,
    DetectionSeverity, DetectionType, Employee, ErrorStatus, Finding, FindingList, FindingType,
    OsType, WeakPasswordReason,
};
use push_security_client::{Error, OffsetDateTime};
use serde_json::{Value, json};

use common::client_for;

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("decodes")
}

async fn serve_json(body: Value) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(move |when, then| {
            when.any_request();
            then.status(200)
                .header("content-type", "application/json")
                .json_body(body);
        })
        .await;
    server
}

async fn serve_text(body: &'static str) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(move |when, then| {
            when.any_request();
            then.status(200).body(body);
        })
        .await;
    server
}

// 1. creationTimestampAfter is typed string, creationTimestampBefore integer: both go as integer seconds.
#[tokio::test]
async fn findings_creation_timestamps_are_both_sent_as_integer_seconds() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/findings")
                .query_param("creationTimestampAfter", "1698064423")
                .query_param("creationTimestampBefore", "1698669168");
            then.status(200).json_body(common::empty_page());
        })
        .await;
    client_for(&server)
        .findings()
        .list()
        .creation_timestamp_after(OffsetDateTime::from_unix_timestamp(1_698_064_423).unwrap())
        .creation_timestamp_before(OffsetDateTime::from_unix_timestamp(1_698_669_168).unwrap())
        .await
        .unwrap();
    mock.assert_async().await;
}

// 2. The DELETE sample sends "deleted": "true".
#[tokio::test]
async fn deleted_true_as_string_decodes() {
    let server = serve_json(json!({"id": "acc-1", "object": "ACCOUNT", "deleted": "true"})).await;
    let deleted = client_for(&server)
        .accounts()
        .delete("acc-1")
        .await
        .unwrap();
    assert_eq!(deleted.deleted, Some(true));
    let as_bool: DeletedObject = decode(json!({"deleted": false}));
    assert_eq!(as_bool.deleted, Some(false));
    let as_false_string: DeletedObject = decode(json!({"deleted": "false"}));
    assert_eq!(as_false_string.deleted, Some(false));
}

// 3. loginMethods keys are "required" yet their values may be null, and new keys appear.
#[test]
fn login_methods_null_values_and_new_keys_decode() {
    let account: Account = decode(json!({
        "id": "acc-1",
        "loginMethods": {
            "passwordLogin": true, "oidcLogin": null, "samlLogin": null,
            "oktaSwaLogin": false, "vendorSsoLogin": null,
            "fedCmLogin": "GOOGLE_WORKSPACE", "passkeyLogin": "brand new"
        }
    }));
    let methods = account.login_methods.unwrap();
    assert_eq!(methods.password_login, Some(true));
    assert_eq!(methods.oidc_login, None);
    assert_eq!(methods.fed_cm_login.as_deref(), Some("GOOGLE_WORKSPACE"));
}

// 4. passwordManuallyTyped is typed bool but null without a password.
#[test]
fn password_manually_typed_null_decodes_as_none() {
    let usage: AccountUsageList = decode(
        json!({"result": [{"employeeId": "e-1", "lastUsedTimestamp": null, "passwordManuallyTyped": null}]}),
    );
    assert_eq!(usage.result[0].password_manually_typed, None);
    assert_eq!(usage.result[0].last_used_timestamp, None);
}

// 5. Lists come in the {result, paging} envelope, and browsers may send result: null.
#[tokio::test]
async fn null_result_is_an_empty_page() {
    let server = serve_json(json!({"result": null, "paging": {"moreResults": false}})).await;
    let browsers: Vec<Browser> = client_for(&server)
        .browsers()
        .list()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(browsers.is_empty());
}

#[tokio::test]
async fn list_items_are_read_from_the_result_envelope() {
    let server = serve_json(
        json!({"result": [{"id": "f-1"}, {"id": "f-2"}], "paging": {"moreResults": false}}),
    )
    .await;
    let list: FindingList = client_for(&server).findings().list().await.unwrap();
    let ids: Vec<_> = list.result.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["f-1", "f-2"]);
}

// 6. usedBy is documented as one bare object despite its paging parameters.
#[tokio::test]
async fn used_by_bare_object_and_envelope_both_decode() {
    let bare = serve_json(json!({"employeeId": "e-1", "lastUsedTimestamp": 1698669223, "passwordManuallyTyped": true})).await;
    let answer = client_for(&bare)
        .accounts()
        .list_used_by("acc-1")
        .await
        .unwrap();
    let usages = answer.usages();
    assert_eq!(usages.len(), 1);
    assert_eq!(usages[0].employee_id.as_deref(), Some("e-1"));
    assert_eq!(usages[0].password_manually_typed, Some(true));

    let envelope = serve_json(json!({"result": [{"employeeId": "e-1"}, {"employeeId": "e-2"}], "paging": {"moreResults": false}})).await;
    let items: Vec<_> = client_for(&envelope)
        .accounts()
        .list_used_by("acc-1")
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
}

#[tokio::test]
async fn used_by_bare_array_is_a_decode_error_not_a_panic() {
    let server = serve_json(json!([{"employeeId": "e-1"}])).await;
    let err = client_for(&server)
        .accounts()
        .list_used_by("acc-1")
        .await
        .unwrap_err();
    assert!(matches!(err.core(), CoreError::Decode { .. }), "{err:?}");
}

// 7. blockedUrls: no paging, POST answers a bare string, DELETE has no documented body.
#[tokio::test]
async fn blocked_url_create_answers_a_bare_string() {
    let server = serve_json(json!("*://*.example.com/*")).await;
    let pattern = client_for(&server)
        .blocked_urls()
        .create("*.example.com")
        .await
        .unwrap();
    assert_eq!(pattern, "*://*.example.com/*");
    let plain = serve_text("*://plain.example.com/*").await;
    let pattern = client_for(&plain)
        .blocked_urls()
        .create("plain.example.com")
        .await
        .unwrap();
    assert_eq!(pattern, "*://plain.example.com/*");
}

#[tokio::test]
async fn blocked_urls_delete_all_accepts_empty_null_or_json_bodies() {
    for body in ["", "null", r#"{"deleted":true}"#, "OK"] {
        let server = serve_text(body).await;
        let result = client_for(&server).blocked_urls().delete_all().await;
        assert!(result.is_ok(), "body {body:?}: {result:?}");
    }
}

#[tokio::test]
async fn blocked_urls_list_has_no_paging() {
    let server =
        serve_json(json!({"result": ["*://*.example.com/*", "*://other.example.com/path/to*"]}))
            .await;
    let list = client_for(&server).blocked_urls().list().await.unwrap();
    assert_eq!(list.result.len(), 2);
}

// 8. PATCH employee may answer 200 with the body null.
#[tokio::test]
async fn null_patch_employee_response_is_none() {
    let server = serve_text("null").await;
    let employee = client_for(&server)
        .employees()
        .update("e-1")
        .licensed(false)
        .await
        .unwrap();
    assert_eq!(employee, None);
    let empty = serve_text("").await;
    let employee = client_for(&empty)
        .employees()
        .update("e-1")
        .licensed(false)
        .await
        .unwrap();
    assert_eq!(employee, None);
    let full = serve_json(json!({"id": "e-1", "licensed": true})).await;
    let employee = client_for(&full)
        .employees()
        .update("e-1")
        .licensed(true)
        .await
        .unwrap();
    assert_eq!(employee.map(|e| e.id).as_deref(), Some("e-1"));
}

// 9. The named 400 reasons of PATCH employee are an error kind, with a catch-all.
#[tokio::test]
async fn named_400_reasons_are_an_error_kind() {
    let cases = [
        (
            r#"{"status":"EMPLOYEE_NOT_LICENSED"}"#,
            ErrorStatus::EmployeeNotLicensed,
        ),
        (
            r#"{"message":"Bad Request with status EXCEEDED_MAX_LICENSED_EMPLOYEES"}"#,
            ErrorStatus::ExceededMaxLicensedEmployees,
        ),
        (
            "CHATOPS_NOT_IN_WORKING_STATE",
            ErrorStatus::ChatopsNotInWorkingState,
        ),
        (
            r#"{"status":"SEAT_POOL_LOCKED"}"#,
            ErrorStatus::Unknown("SEAT_POOL_LOCKED".into()),
        ),
    ];
    for (body, expected) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(move |when, then| {
                when.any_request();
                then.status(400).body(body);
            })
            .await;
        let err = client_for(&server)
            .employees()
            .update("e-1")
            .chatops_enabled(true)
            .await
            .unwrap_err();
        assert_eq!(
            err.detail().and_then(|d| d.reason()),
            Some(&expected),
            "{body}"
        );
    }
}

// 10. No 404 documented for some GETs, no 401/403 anywhere: they still come as typed errors.
#[tokio::test]
async fn undocumented_404_is_a_typed_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(404).body("Not Found");
        })
        .await;
    let client = client_for(&server);
    for err in [
        client.apps().get("x").await.unwrap_err(),
        client.browsers().get("x").await.map(drop).unwrap_err(),
        client.findings().get("x").await.map(drop).unwrap_err(),
    ] {
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    }
}

// 11. weakPasswordReasons is labelled FindingType in the reference but has values of its own.
#[test]
fn weak_password_reasons_are_their_own_enum() {
    let finding: Finding = decode(json!({
        "id": "f-1", "type": "WEAK_PASSWORD",
        "weakPasswordReasons": ["COMPROMISED_HIBP", "COMMON_BASE_WORD", "BANNED_BASE_WORD"]
    }));
    assert_eq!(finding.r#type, Some(FindingType::WeakPassword));
    assert_eq!(
        finding.weak_password_reasons,
        Some(vec![
            WeakPasswordReason::CompromisedHibp,
            WeakPasswordReason::CommonBaseWord,
            WeakPasswordReason::BannedBaseWord,
        ])
    );
}

// 12. browser, os and the detection enums are typed `any`.
#[test]
fn any_typed_browser_os_and_detection_values_decode_as_open_enums() {
    let browser: Browser = decode(json!({"id": "b", "browser": "ARC", "os": "WINDOWS"}));
    assert_eq!(browser.browser, Some(BrowserType::Unknown("ARC".into())));
    assert_eq!(browser.os, Some(OsType::Windows));
    let detection: Detection =
        decode(json!({"id": "d", "severity": "CRITICAL", "detectionType": "QR_PHISHING"}));
    assert_eq!(detection.severity, Some(DetectionSeverity::Critical));
    assert_eq!(
        detection.detection_type,
        Some(DetectionType::Unknown("QR_PHISHING".into()))
    );
}

// 13. Enums grow: an unknown value is kept and sent back unchanged.
#[test]
fn unknown_enum_value_decodes_to_unknown_and_reserializes_unchanged() {
    let finding: Finding =
        decode(json!({"id": "f-1", "type": "STOLEN_SESSION_COOKIE", "state": "OPEN"}));
    assert_eq!(
        finding.r#type,
        Some(FindingType::Unknown("STOLEN_SESSION_COOKIE".into()))
    );
    let again = serde_json::to_value(&finding).unwrap();
    assert_eq!(again["type"], "STOLEN_SESSION_COOKIE");
    let mode: AppBannerMode = decode(json!("BLOCK"));
    assert_eq!(mode, AppBannerMode::Block);
    let newer: AppBannerMode = decode(json!("REDIRECT"));
    assert_eq!(newer.as_str(), "REDIRECT");
    assert_eq!(serde_json::to_value(&newer).unwrap(), json!("REDIRECT"));
}

#[tokio::test]
async fn findings_with_an_unknown_type_stream_without_error() {
    let server = serve_json(json!({"result": [{"id": "f-1", "type": "BRAND_NEW_FINDING"}], "paging": {"moreResults": false}})).await;
    let findings: Vec<Finding> = client_for(&server)
        .findings()
        .list()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        findings[0].r#type.as_ref().map(|t| t.as_str()),
        Some("BRAND_NEW_FINDING")
    );
}

// 14. "string" fields may be null or missing.
#[test]
fn null_or_missing_fields_decode_as_none() {
    let employee: Employee = decode(json!({"id": "e-1", "department": null}));
    assert_eq!(employee.department, None);
    assert_eq!(employee.location, None);
    assert_eq!(employee.email, None);
    let app: App = decode(json!({"id": "a-1", "notes": null}));
    assert_eq!(app.notes, None);
    assert!(app.labels.is_empty());
    let finding: Finding = decode(json!({"id": "f-1", "type": "REUSED_PASSWORD"}));
    assert_eq!(finding.weak_password_reasons, None);
    assert_eq!(finding.creation_timestamp, None);
}

// 15. appBanners filters enabled=true when the parameter is left out.
#[tokio::test]
async fn app_banners_list_sends_enabled_only_when_asked() {
    let server = MockServer::start_async().await;
    let default = server
        .mock_async(|when, then| {
            when.path("/v1/controls/appBanners")
                .query_param_missing("enabled");
            then.status(200).json_body(common::empty_page());
        })
        .await;
    let disabled = server
        .mock_async(|when, then| {
            when.path("/v1/controls/appBanners")
                .query_param("enabled", "false");
            then.status(200).json_body(common::empty_page());
        })
        .await;
    let client = client_for(&server);
    client.app_banners().list().await.unwrap();
    client.app_banners().list().enabled(false).await.unwrap();
    default.assert_async().await;
    disabled.assert_async().await;
}

// 16. An app banner's id is the app's id; POST to it creates or replaces.
#[tokio::test]
async fn app_banner_is_set_on_the_app_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v1/controls/appBanners/2a2197de-ad2c-47e4-8dcb-fb0f04cf83e0")
                .json_body(json!({"enabled": false}));
            then.status(200)
                .json_body(json!({"id": "2a2197de-ad2c-47e4-8dcb-fb0f04cf83e0", "enabled": false}));
        })
        .await;
    let banner = client_for(&server)
        .app_banners()
        .set("2a2197de-ad2c-47e4-8dcb-fb0f04cf83e0", false)
        .await
        .unwrap();
    assert_eq!(banner.enabled, Some(false));
    mock.assert_async().await;
}

// 17. paging.next is a numeric string; it is followed as the next offset.
#[tokio::test]
async fn paging_next_numeric_string_is_followed_as_the_offset() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/v1/apps").query_param("offset", "0").query_param("limit", "2");
            then.status(200).json_body(json!({"result": [{"id": "a"}, {"id": "b"}], "paging": {"moreResults": true, "next": "2"}}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.path("/v1/apps")
                .query_param("offset", "2")
                .query_param("limit", "2");
            then.status(200)
                .json_body(json!({"result": [{"id": "c"}], "paging": {"moreResults": false}}));
        })
        .await;
    let ids: Vec<String> = client_for(&server)
        .apps()
        .list()
        .limit(2)
        .items()
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c"]);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn paging_next_that_does_not_advance_ends_with_an_error() {
    let server =
        serve_json(json!({"result": [{"id": "a"}], "paging": {"moreResults": true, "next": "0"}}))
            .await;
    let result: Result<Vec<_>, Error> = client_for(&server)
        .apps()
        .list()
        .items()
        .try_collect()
        .await;
    assert!(
        matches!(
            result.as_ref().map_err(|e| e.core()),
            Err(CoreError::Pagination { .. })
        ),
        "{result:?}"
    );
}

// 18. chatopsEnabled is deprecated and will disappear.
#[test]
fn missing_chatops_enabled_decodes_as_none() {
    let employee: Employee = decode(json!({"id": "e-1", "licensed": true}));
    assert_eq!(employee.chatops_enabled, None);
    assert_eq!(employee.licensed, Some(true));
}

// 19. Reference samples hold placeholder ids ("accountId": "string"); nothing checks id shapes.
#[test]
fn placeholder_ids_from_reference_samples_decode() {
    let finding: Finding = decode(
        json!({"id": "f-1", "accountId": "string", "employeeId": "2a2197de-ad2c-47e4-8dcb-fb0f04cf83e0"}),
    );
    assert_eq!(finding.account_id.as_deref(), Some("string"));
}

// 20. nextToken and offset are never sent together.
#[tokio::test]
async fn next_token_and_offset_are_never_sent_together() {
    let server = MockServer::start_async().await;
    let both = server
        .mock_async(|when, then| {
            when.path("/v1/accounts")
                .query_param_exists("nextToken")
                .query_param_exists("offset");
            then.status(400)
                .json_body(json!({"message": "nextToken cannot be set when offset is also set"}));
        })
        .await;
    let first = server
        .mock_async(|when, then| {
            when.path("/v1/accounts")
                .query_param("nextToken", "tok-1")
                .query_param_missing("offset");
            then.status(200).json_body(json!({"result": [{"id": "a"}], "paging": {"moreResults": true, "next": "51", "nextToken": "tok-2"}}));
        })
        .await;
    // The second page may be asked for by the token or by the offset, but by one of them only.
    let second_by_token = server
        .mock_async(|when, then| {
            when.path("/v1/accounts")
                .query_param("nextToken", "tok-2")
                .query_param_missing("offset");
            then.status(200)
                .json_body(json!({"result": [{"id": "b"}], "paging": {"moreResults": false}}));
        })
        .await;
    let second_by_offset = server
        .mock_async(|when, then| {
            when.path("/v1/accounts")
                .query_param("offset", "51")
                .query_param_missing("nextToken");
            then.status(200)
                .json_body(json!({"result": [{"id": "b"}], "paging": {"moreResults": false}}));
        })
        .await;
    let ids: Vec<String> = client_for(&server)
        .accounts()
        .list()
        .next_token("tok-1")
        .items()
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b"]);
    first.assert_async().await;
    assert_eq!(
        second_by_token.calls_async().await + second_by_offset.calls_async().await,
        1
    );
    assert_eq!(both.calls_async().await, 0);
}

#[tokio::test]
async fn detections_follow_next_tokens_without_offsets() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/v1/detections")
                .query_param_missing("nextToken")
                .query_param_missing("offset");
            then.status(200).json_body(json!({"result": [{"id": "d1"}], "paging": {"moreResults": true, "nextToken": "t2"}}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.path("/v1/detections")
                .query_param("nextToken", "t2")
                .query_param_missing("offset");
            then.status(200)
                .json_body(json!({"result": [{"id": "d2"}], "paging": {"moreResults": false}}));
        })
        .await;
    let ids: Vec<String> = client_for(&server)
        .detections()
        .list()
        .items()
        .map_ok(|d| d.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["d1", "d2"]);
    first.assert_async().await;
    second.assert_async().await;
}

// 21. email filters are partial matches: the client sends the fragment as given.
#[tokio::test]
async fn email_filter_fragment_is_sent_as_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/employees").query_param("email", "hill@");
            then.status(200).json_body(common::empty_page());
        })
        .await;
    client_for(&server)
        .employees()
        .list()
        .email("hill@")
        .await
        .unwrap();
    mock.assert_async().await;
}

// appType is an open string of thousands of values, never an enum.
#[tokio::test]
async fn app_type_is_an_open_string() {
    let account: Account = decode(json!({"id": "acc-1", "appType": "SOME_APP_LAUNCHED_YESTERDAY"}));
    assert_eq!(
        account.app_type.as_deref(),
        Some("SOME_APP_LAUNCHED_YESTERDAY")
    );
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/accounts")
                .query_param("appType", "ANY_APP_AT_ALL");
            then.status(200).json_body(common::empty_page());
        })
        .await;
    client_for(&server)
        .accounts()
        .list()
        .app_type("ANY_APP_AT_ALL")
        .await
        .unwrap();
    mock.assert_async().await;
}
