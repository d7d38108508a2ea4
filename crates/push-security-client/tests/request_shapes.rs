//! Every operation of the spec sends exactly the request it documents: method, path, query
//! parameters (and no others), JSON body, and the `x-api-key` header.

mod common;

use std::collections::BTreeSet;

use futures::future::BoxFuture;
use httpmock::{Method, MockServer};
use push_security_client::CoreError;
use push_security_client::models::{
    AppBannerMode, ApprovalStatus, BrowserType, ExtensionDeploymentMode, FindingState, FindingType,
    OsType, SensitivityLevel,
};
use push_security_client::{Client, Error, OffsetDateTime};
use serde_json::{Value, json};

use common::{KEY, client_for, empty_page};

type Call = fn(Client) -> BoxFuture<'static, Result<(), Error>>;

/// One operation: what the client is asked to do and what must go over the wire.
struct Shape {
    operation: &'static str,
    method: &'static str,
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    body: Option<Value>,
    answer: Answer,
    call: Call,
}

enum Answer {
    Json(Value),
    Empty,
}

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap()
}

fn shapes() -> Vec<Shape> {
    const GET: &str = "GET";
    const POST: &str = "POST";
    const PATCH: &str = "PATCH";
    const DELETE: &str = "DELETE";
    let one = |id: &str| Answer::Json(json!({ "id": id }));
    vec![
        Shape {
            operation: "listAccounts",
            method: GET,
            path: "/v1/accounts",
            query: &[
                ("email", "john"),
                ("appType", "ATLASSIAN"),
                ("employeeId", "e-1"),
                ("passwordId", "p-1"),
                ("lastUsedTimestampAfter", "1700000000"),
                ("lastUsedTimestampBefore", "1700086400"),
                ("limit", "25"),
                ("offset", "50"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.accounts()
                        .list()
                        .email("john")
                        .app_type("ATLASSIAN")
                        .employee_id("e-1")
                        .password_id("p-1")
                        .last_used_timestamp_after(at(1_700_000_000))
                        .last_used_timestamp_before(at(1_700_086_400))
                        .limit(25)
                        .offset(50)
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getAccount",
            method: GET,
            path: "/v1/accounts/acc-1",
            query: &[],
            body: None,
            answer: one("acc-1"),
            call: |c| Box::pin(async move { c.accounts().get("acc-1").await.map(drop) }),
        },
        Shape {
            operation: "deleteAccount",
            method: DELETE,
            path: "/v1/accounts/acc-1",
            query: &[],
            body: None,
            answer: Answer::Json(json!({"id": "acc-1", "object": "ACCOUNT", "deleted": true})),
            call: |c| Box::pin(async move { c.accounts().delete("acc-1").await.map(drop) }),
        },
        Shape {
            operation: "listAccountUsage",
            method: GET,
            path: "/v1/accounts/acc-1/usedBy",
            query: &[("limit", "10"), ("offset", "20")],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.accounts()
                        .list_used_by("acc-1")
                        .limit(10)
                        .offset(20)
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "listOtherAccounts",
            method: GET,
            path: "/v1/accountsOther",
            query: &[
                ("email", "@example.com"),
                ("otherAppId", "oa-1"),
                ("lastUsedTimestampAfter", "1600000000"),
                ("lastUsedTimestampBefore", "1700000000"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.other_accounts()
                        .list()
                        .email("@example.com")
                        .other_app_id("oa-1")
                        .last_used_timestamp_after(at(1_600_000_000))
                        .last_used_timestamp_before(at(1_700_000_000))
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getOtherAccount",
            method: GET,
            path: "/v1/accountsOther/1009e8cb-497b-49ae-ac87-e083e42078d2",
            query: &[],
            body: None,
            answer: one("1009e8cb-497b-49ae-ac87-e083e42078d2"),
            call: |c| {
                Box::pin(async move {
                    c.other_accounts()
                        .get("1009e8cb-497b-49ae-ac87-e083e42078d2")
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "listApps",
            method: GET,
            path: "/v1/apps",
            query: &[
                ("creationTimestampAfter", "1600000000"),
                ("creationTimestampBefore", "1700000000"),
                ("limit", "50"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.apps()
                        .list()
                        .creation_timestamp_after(at(1_600_000_000))
                        .creation_timestamp_before(at(1_700_000_000))
                        .limit(50)
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getApp",
            method: GET,
            path: "/v1/apps/app-1",
            query: &[],
            body: None,
            answer: one("app-1"),
            call: |c| Box::pin(async move { c.apps().get("app-1").await.map(drop) }),
        },
        Shape {
            operation: "updateApp",
            method: PATCH,
            path: "/v1/apps/app-1",
            query: &[],
            // Set, clear (null) and leave out (sensitivityLevel) in one body.
            body: Some(json!({"approvalStatus": "APPROVED", "notes": "audited", "ownerId": null})),
            answer: one("app-1"),
            call: |c| {
                Box::pin(async move {
                    c.apps()
                        .update("app-1")
                        .approval_status(ApprovalStatus::Approved)
                        .notes("audited")
                        .owner_id(None)
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "listOtherApps",
            method: GET,
            path: "/v1/appsOther",
            query: &[("creationTimestampAfter", "1600000000"), ("offset", "0")],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.other_apps()
                        .list()
                        .creation_timestamp_after(at(1_600_000_000))
                        .offset(0)
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getOtherApp",
            method: GET,
            path: "/v1/appsOther/oa-1",
            query: &[],
            body: None,
            answer: one("oa-1"),
            call: |c| Box::pin(async move { c.other_apps().get("oa-1").await.map(drop) }),
        },
        Shape {
            operation: "listBrowsers",
            method: GET,
            path: "/v1/browsers",
            query: &[
                ("email", "ava"),
                ("employeeId", "e-1"),
                ("browser", "CHROME"),
                ("os", "MACOS"),
                ("lastOnlineTimestampAfter", "1690000000"),
                ("lastOnlineTimestampBefore", "1700000000"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.browsers()
                        .list()
                        .email("ava")
                        .employee_id("e-1")
                        .browser(BrowserType::Chrome)
                        .os(OsType::Macos)
                        .last_online_timestamp_after(at(1_690_000_000))
                        .last_online_timestamp_before(at(1_700_000_000))
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getBrowser",
            method: GET,
            path: "/v1/browsers/br-1",
            query: &[],
            body: None,
            answer: one("br-1"),
            call: |c| Box::pin(async move { c.browsers().get("br-1").await.map(drop) }),
        },
        Shape {
            operation: "listBrowserExtensions",
            method: GET,
            path: "/v1/browserExtensions",
            query: &[
                ("extensionId", "aeblfdkhhhdcdjpifhhbdiojplfjncoa"),
                ("employeeId", "e-1"),
                ("browserId", "br-1"),
                ("deploymentMode", "MANAGED"),
                ("permissions", "storage"),
                ("permissions", "tabs"),
                ("hostPermissions", "<all_urls>"),
                ("enabled", "true"),
                ("nextToken", "tok-1"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.browser_extensions()
                        .list()
                        .extension_id("aeblfdkhhhdcdjpifhhbdiojplfjncoa")
                        .employee_id("e-1")
                        .browser_id("br-1")
                        .deployment_mode(ExtensionDeploymentMode::Managed)
                        .permissions(["storage", "tabs"])
                        .host_permissions(["<all_urls>"])
                        .enabled(true)
                        .next_token("tok-1")
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "listEmployees",
            method: GET,
            path: "/v1/employees",
            query: &[
                ("chatopsEnabled", "false"),
                ("licensed", "true"),
                ("email", "hill"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.employees()
                        .list()
                        .chatops_enabled(false)
                        .licensed(true)
                        .email("hill")
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getEmployee",
            method: GET,
            path: "/v1/employees/e-1",
            query: &[],
            body: None,
            answer: one("e-1"),
            call: |c| Box::pin(async move { c.employees().get("e-1").await.map(drop) }),
        },
        Shape {
            operation: "updateEmployee",
            method: PATCH,
            path: "/v1/employees/e-1",
            query: &[],
            body: Some(json!({"licensed": true, "chatopsEnabled": false})),
            answer: one("e-1"),
            call: |c| {
                Box::pin(async move {
                    c.employees()
                        .update("e-1")
                        .licensed(true)
                        .chatops_enabled(false)
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "listFindings",
            method: GET,
            path: "/v1/findings",
            query: &[
                ("state", "OPEN"),
                ("type", "WEAK_PASSWORD"),
                ("employeeId", "e-1"),
                ("appType", "ZAPIER"),
                ("accountId", "acc-1"),
                ("passwordId", "p-1"),
                ("creationTimestampAfter", "1600000000"),
                ("creationTimestampBefore", "1700000000"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.findings()
                        .list()
                        .state(FindingState::Open)
                        .r#type(FindingType::WeakPassword)
                        .employee_id("e-1")
                        .app_type("ZAPIER")
                        .account_id("acc-1")
                        .password_id("p-1")
                        .creation_timestamp_after(at(1_600_000_000))
                        .creation_timestamp_before(at(1_700_000_000))
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getFinding",
            method: GET,
            path: "/v1/findings/f-1",
            query: &[],
            body: None,
            answer: one("f-1"),
            call: |c| Box::pin(async move { c.findings().get("f-1").await.map(drop) }),
        },
        Shape {
            operation: "listDetections",
            method: GET,
            path: "/v1/detections",
            query: &[
                ("creationTimestampAfter", "1700000000"),
                ("limit", "20"),
                ("nextToken", "tok-9"),
            ],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.detections()
                        .list()
                        .creation_timestamp_after(at(1_700_000_000))
                        .limit(20)
                        .next_token("tok-9")
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getDetection",
            method: GET,
            path: "/v1/detections/d-1",
            query: &[],
            body: None,
            answer: one("d-1"),
            call: |c| Box::pin(async move { c.detections().get("d-1").await.map(drop) }),
        },
        Shape {
            operation: "listAppBanners",
            method: GET,
            path: "/v1/controls/appBanners",
            query: &[("enabled", "false"), ("limit", "5")],
            body: None,
            answer: Answer::Json(empty_page()),
            call: |c| {
                Box::pin(async move {
                    c.app_banners()
                        .list()
                        .enabled(false)
                        .limit(5)
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "getAppBanner",
            method: GET,
            path: "/v1/controls/appBanners/app-1",
            query: &[],
            body: None,
            answer: one("app-1"),
            call: |c| Box::pin(async move { c.app_banners().get("app-1").await.map(drop) }),
        },
        Shape {
            operation: "setAppBanner",
            method: POST,
            path: "/v1/controls/appBanners/app-1",
            query: &[],
            body: Some(json!({
                "enabled": true,
                "title": "Ask IT first",
                "subtext": "See [the policy](https://intranet.example.com).",
                "mode": "ACKNOWLEDGE",
                "buttonText": "I understand"
            })),
            answer: one("app-1"),
            call: |c| {
                Box::pin(async move {
                    c.app_banners()
                        .set("app-1", true)
                        .title("Ask IT first")
                        .subtext("See [the policy](https://intranet.example.com).")
                        .mode(AppBannerMode::Acknowledge)
                        .button_text("I understand")
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "listBlockedUrls",
            method: GET,
            path: "/v1/controls/blockedUrls",
            query: &[],
            body: None,
            answer: Answer::Json(json!({"result": ["*://*.example.com/*"]})),
            call: |c| Box::pin(async move { c.blocked_urls().list().await.map(drop) }),
        },
        Shape {
            operation: "createBlockedUrl",
            method: POST,
            path: "/v1/controls/blockedUrls",
            query: &[],
            body: Some(json!({"host": "other.example.com", "path": "path/to*"})),
            answer: Answer::Json(json!("*://other.example.com/path/to*")),
            call: |c| {
                Box::pin(async move {
                    c.blocked_urls()
                        .create("other.example.com")
                        .path("path/to*")
                        .await
                        .map(drop)
                })
            },
        },
        Shape {
            operation: "deleteAllBlockedUrls",
            method: DELETE,
            path: "/v1/controls/blockedUrls",
            query: &[],
            body: None,
            answer: Answer::Empty,
            call: |c| Box::pin(async move { c.blocked_urls().delete_all().await.map(drop) }),
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_documented_request_shape() {
    for shape in shapes() {
        let server = MockServer::start_async().await;
        let expected_body = shape.body.clone();
        let mock = server
            .mock_async(|when, then| {
                let mut when = when
                    .method(shape.method)
                    .path(shape.path)
                    .header("x-api-key", KEY)
                    // No query parameter beyond the ones listed below.
                    .query_param_count(".*", ".*", shape.query.len());
                for (key, value) in shape.query {
                    when = when.query_param(*key, *value);
                }
                match &expected_body {
                    Some(body) => {
                        when.header("content-type", "application/json")
                            .json_body(body.clone());
                    }
                    None => {
                        when.header_missing("content-type");
                    }
                }
                match &shape.answer {
                    Answer::Json(value) => {
                        then.status(200)
                            .header("content-type", "application/json")
                            .json_body(value.clone());
                    }
                    Answer::Empty => {
                        then.status(200);
                    }
                }
            })
            .await;
        let result = (shape.call)(client_for(&server)).await;
        assert!(result.is_ok(), "{}: {result:?}", shape.operation);
        assert_eq!(
            mock.calls_async().await,
            1,
            "{} was not sent as documented",
            shape.operation
        );
    }
}

/// The operation ids of `openapi.yaml`, read without a YAML parser: every `operationId:` line.
fn spec_operation_ids() -> BTreeSet<String> {
    include_str!("../openapi.yaml")
        .lines()
        .filter_map(|line| line.trim().strip_prefix("operationId:"))
        .map(|id| id.trim().to_owned())
        .collect()
}

#[test]
fn every_spec_operation_has_a_request_shape_case() {
    let covered: BTreeSet<String> = shapes().iter().map(|s| s.operation.to_owned()).collect();
    let spec = spec_operation_ids();
    assert_eq!(spec.len(), 27, "the spec documents 27 operations");
    let missing: Vec<_> = spec.difference(&covered).collect();
    let unknown: Vec<_> = covered.difference(&spec).collect();
    assert!(
        missing.is_empty(),
        "operations without a shape case: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "shape cases for operations not in the spec: {unknown:?}"
    );
}

#[tokio::test]
async fn update_app_with_nothing_set_sends_an_empty_object() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(Method::PATCH)
                .path("/v1/apps/app-1")
                .json_body(json!({}));
            then.status(200).json_body(json!({"id": "app-1"}));
        })
        .await;
    client_for(&server).apps().update("app-1").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn update_app_sends_sensitivity_value_and_clear() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(Method::PATCH).path("/v1/apps/app-1").json_body(
                json!({"sensitivityLevel": "HIGH", "approvalStatus": null, "notes": null}),
            );
            then.status(200).json_body(json!({"id": "app-1"}));
        })
        .await;
    client_for(&server)
        .apps()
        .update("app-1")
        .sensitivity_level(SensitivityLevel::High)
        .approval_status(None)
        .notes(None)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn path_segments_are_percent_encoded() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(Method::GET).path("/v1/accounts/a%2Fb%3Fc%20d");
            then.status(200).json_body(json!({"id": "a/b?c d"}));
        })
        .await;
    let account = client_for(&server).accounts().get("a/b?c d").await.unwrap();
    assert_eq!(account.id, "a/b?c d");
    mock.assert_async().await;
}

#[tokio::test]
async fn limit_outside_1_to_50_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(empty_page());
        })
        .await;
    let client = client_for(&server);
    for limit in [0, 51, -3] {
        let err = client.accounts().list().limit(limit).await.unwrap_err();
        assert!(
            matches!(err.core(), CoreError::InvalidRequest { .. }),
            "limit {limit}: {err:?}"
        );
    }
    let err = client.findings().list().offset(-1).await.unwrap_err();
    assert!(
        matches!(err.core(), CoreError::InvalidRequest { .. }),
        "{err:?}"
    );
    let err = client.accounts().get("").await.unwrap_err();
    assert!(
        matches!(err.core(), CoreError::InvalidRequest { .. }),
        "{err:?}"
    );
    let err = client
        .app_banners()
        .set("app-1", true)
        .title("x".repeat(76))
        .await
        .unwrap_err();
    assert!(
        matches!(err.core(), CoreError::InvalidRequest { .. }),
        "{err:?}"
    );
    assert_eq!(
        any.calls_async().await,
        0,
        "nothing may be sent for bad input"
    );
}

#[tokio::test]
async fn api_key_never_appears_in_debug_output_or_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500).body("boom");
        })
        .await;
    let client = client_for(&server);
    let err = client.apps().get("app-1").await.unwrap_err();
    let shown = format!("{client:?} {err} {err:?}");
    assert!(!shown.contains(KEY), "{shown}");
}
