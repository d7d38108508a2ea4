//! The mock service's behaviour, checked over HTTP with the bare api-core client (no retries, no
//! client-side rate limit), so what the mock answers is seen exactly as sent.
#![cfg(feature = "mock")]

use std::collections::HashSet;
use std::time::{Duration, Instant};

use api_core::{ApiInfo, Auth, ClientConfigBuilder, Request, RetryPolicy, StatusCode};
use push_security_client::mock::{
    DatasetSize, Fault, MockPushSecurity, MockRateLimit, UsedByShape,
};
use serde_json::{Value, json};

const INFO: ApiInfo = ApiInfo {
    api: "push-security-mock-test",
    crate_name: "mock-test",
    crate_version: "0",
    default_base_url: "https://api.pushsecurity.com",
    spans: api_core::client_spans!(),
};

fn raw_client(mock: &MockPushSecurity, key: &str) -> api_core::Client {
    ClientConfigBuilder::new(INFO)
        .base_url(mock.base_url())
        .auth(Auth::api_key("x-api-key", key.to_owned()))
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap()
}

async fn send(client: &api_core::Client, request: Request) -> Result<Value, api_core::Error> {
    let response = client.execute(request).await?;
    if response.bytes().is_empty() {
        return Ok(Value::Null);
    }
    response.json()
}

fn status_of(result: Result<Value, api_core::Error>) -> StatusCode {
    match result {
        Ok(_) => StatusCode::OK,
        Err(error) => error.status().expect("an HTTP status"),
    }
}

async fn unlimited() -> MockPushSecurity {
    MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn unknown_or_missing_key_is_refused_with_401() {
    let mock = unlimited().await;
    let wrong = raw_client(&mock, "psk_not_a_key");
    let result = send(&wrong, Request::get("listAccounts", "/v1/accounts")).await;
    assert_eq!(status_of(result), StatusCode::UNAUTHORIZED);
    let anonymous = ClientConfigBuilder::new(INFO)
        .base_url(mock.base_url())
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap();
    let result = send(&anonymous, Request::get("listAccounts", "/v1/accounts")).await;
    assert_eq!(status_of(result), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn read_only_key_reads_but_is_refused_writes_with_403() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.read_only_key());
    let listed = send(&client, Request::get("listApps", "/v1/apps"))
        .await
        .unwrap();
    assert!(listed["result"].as_array().is_some_and(|r| !r.is_empty()));
    let write = Request::post("createBlockedUrl", "/v1/controls/blockedUrls")
        .json(&json!({"host": "example.org"}))
        .unwrap();
    assert_eq!(status_of(send(&client, write).await), StatusCode::FORBIDDEN);
    assert_eq!(
        mock.counts().blocked_urls,
        DatasetSize::default().blocked_urls
    );
}

#[tokio::test]
async fn offset_paging_next_is_offset_plus_limit_as_a_string() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let total = mock.counts().accounts;
    let first = send(
        &client,
        Request::get("listAccounts", "/v1/accounts").query("limit", 50),
    )
    .await
    .unwrap();
    assert_eq!(first["result"].as_array().map(Vec::len), Some(50));
    assert_eq!(first["paging"]["moreResults"], true);
    assert_eq!(first["paging"]["next"], "50");
    let last_offset = total - 10;
    let last = send(
        &client,
        Request::get("listAccounts", "/v1/accounts")
            .query("offset", last_offset)
            .query("limit", 50),
    )
    .await
    .unwrap();
    assert_eq!(last["result"].as_array().map(Vec::len), Some(10));
    assert_eq!(last["paging"]["moreResults"], false);
    assert!(last["paging"].get("next").is_none());
}

#[tokio::test]
async fn token_paging_visits_every_account_exactly_once() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = Request::get("listAccounts", "/v1/accounts")
            .query("limit", 37)
            .query_opt("nextToken", token.as_deref());
        let page = send(&client, request).await.unwrap();
        for account in page["result"].as_array().unwrap() {
            seen.push(account["id"].as_str().unwrap().to_owned());
        }
        match page["paging"]["nextToken"].as_str() {
            Some(next) => {
                assert!(next.starts_with("nt_"), "opaque token expected, got {next}");
                token = Some(next.to_owned());
            }
            None => break,
        }
    }
    assert_eq!(seen, mock.account_ids());
}

#[tokio::test]
async fn detections_page_by_token_only() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let page = send(
        &client,
        Request::get("listDetections", "/v1/detections").query("limit", 10),
    )
    .await
    .unwrap();
    assert!(page["paging"]["nextToken"].is_string());
    assert!(page["paging"].get("next").is_none());
    let with_offset = Request::get("listDetections", "/v1/detections").query("offset", 10);
    assert_eq!(
        status_of(send(&client, with_offset).await),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn offset_and_next_token_together_are_refused_with_400() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let first = send(
        &client,
        Request::get("listAccounts", "/v1/accounts").query("limit", 5),
    )
    .await
    .unwrap();
    let token = first["paging"]["nextToken"].as_str().unwrap().to_owned();
    let both = Request::get("listAccounts", "/v1/accounts")
        .query("offset", 5)
        .query("nextToken", token);
    assert_eq!(
        status_of(send(&client, both).await),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn forged_next_token_is_refused_with_400() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let forged = Request::get("listAccounts", "/v1/accounts").query("nextToken", "50");
    assert_eq!(
        status_of(send(&client, forged).await),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn limit_outside_1_to_50_is_refused_with_400() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    for limit in [0, 51, -1] {
        let request = Request::get("listApps", "/v1/apps").query("limit", limit);
        assert_eq!(
            status_of(send(&client, request).await),
            StatusCode::BAD_REQUEST,
            "limit {limit}"
        );
    }
    let request = Request::get("listApps", "/v1/apps").query("limit", 1);
    assert_eq!(status_of(send(&client, request).await), StatusCode::OK);
}

#[tokio::test]
async fn undocumented_query_parameter_is_refused_with_400() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    // `creationTimestampAfter` is a filter of apps, not of employees.
    let request = Request::get("listEmployees", "/v1/employees").query("creationTimestampAfter", 1);
    assert_eq!(
        status_of(send(&client, request).await),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn burst_beyond_capacity_is_answered_429_and_counted() {
    let mock = MockPushSecurity::builder()
        .rate_limit(MockRateLimit {
            per_second: 1.0,
            capacity: 20,
        })
        .start()
        .await
        .unwrap();
    let client = raw_client(&mock, mock.full_access_key());
    let mut statuses = Vec::new();
    for _ in 0..25 {
        let result = send(
            &client,
            Request::get("listApps", "/v1/apps").query("limit", 1),
        )
        .await;
        if let Err(error) = &result {
            assert_eq!(error.retry_after(), None, "no Retry-After by default");
        }
        statuses.push(status_of(result));
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert!((20..=21).contains(&ok), "{statuses:?}");
    assert_eq!(statuses[24], StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mock.controls().rate_limited(), 25 - ok as u64);
    assert_eq!(mock.request_count(), 25);
}

#[tokio::test]
async fn retry_after_is_sent_when_switched_on() {
    let mock = MockPushSecurity::builder()
        .rate_limit(MockRateLimit {
            per_second: 0.5,
            capacity: 1,
        })
        .retry_after_header(true)
        .start()
        .await
        .unwrap();
    let client = raw_client(&mock, mock.full_access_key());
    send(&client, Request::get("listApps", "/v1/apps"))
        .await
        .unwrap();
    let error = send(&client, Request::get("listApps", "/v1/apps"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
}

#[tokio::test]
async fn each_key_has_its_own_rate_limit_bucket() {
    let mock = MockPushSecurity::builder()
        .rate_limit(MockRateLimit {
            per_second: 0.1,
            capacity: 1,
        })
        .start()
        .await
        .unwrap();
    let full = raw_client(&mock, mock.full_access_key());
    let read = raw_client(&mock, mock.read_only_key());
    assert!(
        send(&full, Request::get("listApps", "/v1/apps"))
            .await
            .is_ok()
    );
    assert!(
        send(&read, Request::get("listApps", "/v1/apps"))
            .await
            .is_ok()
    );
    assert!(
        send(&full, Request::get("listApps", "/v1/apps"))
            .await
            .is_err()
    );
    mock.refill_rate_limit();
    assert!(
        send(&full, Request::get("listApps", "/v1/apps"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn latency_control_delays_every_answer() {
    let mock = MockPushSecurity::builder()
        .latency(Duration::from_millis(120))
        .start()
        .await
        .unwrap();
    let client = raw_client(&mock, mock.full_access_key());
    let started = Instant::now();
    send(&client, Request::get("listApps", "/v1/apps"))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(120));
    mock.controls().set_latency(Duration::ZERO);
    assert_eq!(mock.controls().latency(), Duration::ZERO);
}

async fn fault_sequence(seed: u64) -> Vec<StatusCode> {
    let mock = MockPushSecurity::builder()
        .seed(seed)
        .no_rate_limit()
        .error_rate(0.5)
        .random_faults(&[Fault::status(500), Fault::status(503)])
        .start()
        .await
        .unwrap();
    let client = raw_client(&mock, mock.full_access_key());
    let mut statuses = Vec::new();
    for _ in 0..30 {
        statuses.push(status_of(
            send(&client, Request::get("listApps", "/v1/apps")).await,
        ));
    }
    assert_eq!(
        mock.controls().faults_injected(),
        statuses.iter().filter(|s| **s != StatusCode::OK).count() as u64
    );
    statuses
}

#[tokio::test]
async fn seeded_error_rate_injects_the_same_faults_every_run() {
    let first = fault_sequence(11).await;
    let again = fault_sequence(11).await;
    assert_eq!(first, again);
    let failures = first.iter().filter(|s| **s != StatusCode::OK).count();
    assert!(
        (5..=25).contains(&failures),
        "{failures} of 30 failed at rate 0.5"
    );
    assert!(first.contains(&StatusCode::INTERNAL_SERVER_ERROR));
    assert!(first.contains(&StatusCode::SERVICE_UNAVAILABLE));
}

#[tokio::test]
async fn queued_faults_are_answered_in_order() {
    let mock = unlimited().await;
    mock.inject(Fault::html(502));
    mock.inject(Fault::status(504));
    mock.inject(Fault::malformed_body(200));
    mock.inject(Fault::status(429));
    let client = raw_client(&mock, mock.full_access_key());
    let bad_gateway = client
        .execute(Request::get("listApps", "/v1/apps"))
        .await
        .unwrap_err();
    let api = bad_gateway.api_error().unwrap();
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert!(api.body.contains("<html>"), "{}", api.body);
    let timeout = send(&client, Request::get("listApps", "/v1/apps")).await;
    assert_eq!(status_of(timeout), StatusCode::GATEWAY_TIMEOUT);
    let malformed = send(&client, Request::get("listApps", "/v1/apps"))
        .await
        .unwrap_err();
    assert!(
        matches!(malformed, api_core::Error::Decode { .. }),
        "{malformed:?}"
    );
    let limited = send(&client, Request::get("listApps", "/v1/apps")).await;
    assert_eq!(status_of(limited), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mock.controls().rate_limited(), 1);
    assert!(
        send(&client, Request::get("listApps", "/v1/apps"))
            .await
            .is_ok()
    );
    assert_eq!(mock.controls().faults_injected(), 4);
}

#[tokio::test]
async fn same_seed_gives_the_same_organisation_and_keys() {
    let a = MockPushSecurity::builder().seed(5).start().await.unwrap();
    let b = MockPushSecurity::builder().seed(5).start().await.unwrap();
    let c = MockPushSecurity::builder().seed(6).start().await.unwrap();
    assert_eq!(a.account_ids(), b.account_ids());
    assert_eq!(a.full_access_key(), b.full_access_key());
    assert_ne!(a.account_ids(), c.account_ids());
    assert_ne!(a.base_url(), b.base_url());
}

#[tokio::test]
async fn dataset_size_is_configurable() {
    let mock = MockPushSecurity::builder()
        .accounts(5_000)
        .start()
        .await
        .unwrap();
    assert_eq!(mock.counts().accounts, 5_000);
    let mut size = DatasetSize::empty();
    size.employees = 3;
    let tiny = MockPushSecurity::builder()
        .dataset(size)
        .start()
        .await
        .unwrap();
    assert_eq!(tiny.counts().employees, 3);
    assert_eq!(tiny.counts().accounts, 0);
}

#[tokio::test]
async fn email_filter_is_a_case_insensitive_partial_match() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let page = send(
        &client,
        Request::get("listEmployees", "/v1/employees").query("email", "EXAMPLE.COM"),
    )
    .await
    .unwrap();
    assert_eq!(
        page["result"].as_array().map(Vec::len),
        Some(DatasetSize::default().employees)
    );
    let none = send(
        &client,
        Request::get("listEmployees", "/v1/employees").query("email", "nobody@elsewhere"),
    )
    .await
    .unwrap();
    assert_eq!(none["result"], json!([]));
}

#[tokio::test]
async fn findings_filter_by_state() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let mut open = 0;
    let mut offset = 0;
    loop {
        let page = send(
            &client,
            Request::get("listFindings", "/v1/findings")
                .query("state", "OPEN")
                .query("offset", offset),
        )
        .await
        .unwrap();
        let items = page["result"].as_array().unwrap();
        assert!(items.iter().all(|f| f["state"] == "OPEN"));
        open += items.len();
        match page["paging"]["next"].as_str() {
            Some(next) => offset = next.parse().unwrap(),
            None => break,
        }
    }
    assert_eq!(open, mock.counts().open_findings);
}

#[tokio::test]
async fn app_banners_list_only_enabled_ones_unless_asked() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let default = send(
        &client,
        Request::get("listAppBanners", "/v1/controls/appBanners"),
    )
    .await
    .unwrap();
    let counts = mock.counts();
    assert_eq!(
        default["result"].as_array().map(Vec::len),
        Some(counts.enabled_app_banners)
    );
    let disabled = send(
        &client,
        Request::get("listAppBanners", "/v1/controls/appBanners").query("enabled", false),
    )
    .await
    .unwrap();
    assert_eq!(
        disabled["result"].as_array().map(Vec::len),
        Some(counts.app_banners - counts.enabled_app_banners)
    );
}

#[tokio::test]
async fn empty_browser_page_is_answered_with_null_result() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let page = send(
        &client,
        Request::get("listBrowsers", "/v1/browsers").query("employeeId", "no-such-employee"),
    )
    .await
    .unwrap();
    assert_eq!(page["result"], Value::Null);
}

#[tokio::test]
async fn used_by_answers_the_configured_shape() {
    let envelope = unlimited().await;
    let client = raw_client(&envelope, envelope.full_access_key());
    let id = envelope.account_ids()[0].clone();
    let page = send(
        &client,
        Request::get("listAccountUsage", "/v1/accounts/{id}/usedBy").path_param("id", &id),
    )
    .await
    .unwrap();
    assert!(page["result"].is_array());
    let bare = MockPushSecurity::builder()
        .used_by_shape(UsedByShape::BareObject)
        .start()
        .await
        .unwrap();
    let client = raw_client(&bare, bare.full_access_key());
    let id = bare.account_ids()[0].clone();
    let object = send(
        &client,
        Request::get("listAccountUsage", "/v1/accounts/{id}/usedBy").path_param("id", &id),
    )
    .await
    .unwrap();
    assert!(object["employeeId"].is_string(), "{object}");
}

#[tokio::test]
async fn deleting_an_account_answers_deleted_as_a_string_and_forgets_it() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let id = mock.account_ids()[3].clone();
    let answer = send(
        &client,
        Request::delete("deleteAccount", "/v1/accounts/{id}").path_param("id", &id),
    )
    .await
    .unwrap();
    assert_eq!(
        answer,
        json!({"id": id, "object": "ACCOUNT", "deleted": "true"})
    );
    let again = send(
        &client,
        Request::get("getAccount", "/v1/accounts/{id}").path_param("id", &id),
    )
    .await;
    assert_eq!(status_of(again), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn app_patch_distinguishes_absent_null_and_value() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let id = mock.app_ids()[0].clone();
    let set = Request::patch("updateApp", "/v1/apps/{id}")
        .path_param("id", &id)
        .json(&json!({"notes": "audited", "approvalStatus": "APPROVED"}))
        .unwrap();
    let app = send(&client, set).await.unwrap();
    assert_eq!(app["notes"], "audited");
    let clear = Request::patch("updateApp", "/v1/apps/{id}")
        .path_param("id", &id)
        .json(&json!({"notes": null}))
        .unwrap();
    let app = send(&client, clear).await.unwrap();
    assert_eq!(app["notes"], Value::Null);
    assert_eq!(
        app["approvalStatus"], "APPROVED",
        "an absent field is untouched"
    );
    let bad = Request::patch("updateApp", "/v1/apps/{id}")
        .path_param("id", &id)
        .json(&json!({"approvalStatus": "MAYBE"}))
        .unwrap();
    assert_eq!(status_of(send(&client, bad).await), StatusCode::BAD_REQUEST);
}

async fn patch_employee(
    client: &api_core::Client,
    id: &str,
    body: Value,
) -> Result<Value, api_core::Error> {
    let request = Request::patch("updateEmployee", "/v1/employees/{id}")
        .path_param("id", id)
        .json(&body)
        .unwrap();
    send(client, request).await
}

fn reason_of(error: &api_core::Error) -> Option<String> {
    let body: Value = serde_json::from_str(&error.api_error()?.body).ok()?;
    body["status"].as_str().map(str::to_owned)
}

#[tokio::test]
async fn employee_patch_answers_the_named_reasons() {
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .chatops_working(false)
        .start()
        .await
        .unwrap();
    let client = raw_client(&mock, mock.full_access_key());
    let ids = mock.employee_ids();
    let unlicensed = &ids[0];
    patch_employee(&client, unlicensed, json!({"licensed": false}))
        .await
        .ok();
    let err = patch_employee(&client, unlicensed, json!({"chatopsEnabled": true}))
        .await
        .unwrap_err();
    assert_eq!(reason_of(&err).as_deref(), Some("EMPLOYEE_NOT_LICENSED"));
    let err = patch_employee(
        &client,
        unlicensed,
        json!({"licensed": true, "chatopsEnabled": true}),
    )
    .await
    .unwrap_err();
    assert_eq!(
        reason_of(&err).as_deref(),
        Some("CHATOPS_NOT_IN_WORKING_STATE")
    );
    let mut exceeded = None;
    for id in &ids {
        if let Err(error) = patch_employee(&client, id, json!({"licensed": true})).await {
            exceeded = reason_of(&error);
            break;
        }
    }
    assert_eq!(exceeded.as_deref(), Some("EXCEEDED_MAX_LICENSED_EMPLOYEES"));
}

#[tokio::test]
async fn unlicensing_an_employee_without_accounts_answers_null() {
    let mut size = DatasetSize::empty();
    size.employees = 2;
    let mock = MockPushSecurity::builder()
        .dataset(size)
        .start()
        .await
        .unwrap();
    let client = raw_client(&mock, mock.full_access_key());
    let id = mock.employee_ids()[0].clone();
    patch_employee(&client, &id, json!({"licensed": true}))
        .await
        .unwrap();
    let answer = patch_employee(&client, &id, json!({"licensed": false}))
        .await
        .unwrap();
    assert_eq!(answer, Value::Null);
}

#[tokio::test]
async fn blocked_urls_are_created_as_bare_strings_and_deleted_all_at_once() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let create = Request::post("createBlockedUrl", "/v1/controls/blockedUrls")
        .json(&json!({"host": "*.example.org"}))
        .unwrap();
    assert_eq!(
        send(&client, create).await.unwrap(),
        json!("*://*.example.org/*")
    );
    let create = Request::post("createBlockedUrl", "/v1/controls/blockedUrls")
        .json(&json!({"host": "other.example.org", "path": "/path/to*"}))
        .unwrap();
    assert_eq!(
        send(&client, create).await.unwrap(),
        json!("*://other.example.org/path/to*")
    );
    let list = send(
        &client,
        Request::get("listBlockedUrls", "/v1/controls/blockedUrls"),
    )
    .await
    .unwrap();
    assert!(list.get("paging").is_none());
    let patterns: HashSet<&str> = list["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(patterns.contains("*://*.example.org/*"));
    let delete = client
        .execute(Request::delete(
            "deleteAllBlockedUrls",
            "/v1/controls/blockedUrls",
        ))
        .await
        .unwrap();
    assert!(delete.bytes().is_empty());
    assert_eq!(mock.counts().blocked_urls, 0);
}

#[tokio::test]
async fn app_banner_is_set_on_an_app_id_and_validated() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let app_id = mock.app_ids().last().unwrap().clone();
    let set = Request::post("setAppBanner", "/v1/controls/appBanners/{id}")
        .path_param("id", &app_id)
        .json(&json!({"enabled": true, "title": "Careful", "mode": "ACKNOWLEDGE", "buttonText": "OK"}))
        .unwrap();
    let banner = send(&client, set).await.unwrap();
    assert_eq!(banner["id"], app_id.as_str());
    assert_eq!(banner["mode"], "ACKNOWLEDGE");
    let too_long = Request::post("setAppBanner", "/v1/controls/appBanners/{id}")
        .path_param("id", &app_id)
        .json(&json!({"enabled": true, "title": "x".repeat(76)}))
        .unwrap();
    assert_eq!(
        status_of(send(&client, too_long).await),
        StatusCode::BAD_REQUEST
    );
    let unknown_app = Request::post("setAppBanner", "/v1/controls/appBanners/{id}")
        .path_param("id", "no-such-app")
        .json(&json!({"enabled": true}))
        .unwrap();
    assert_eq!(
        status_of(send(&client, unknown_app).await),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn detection_detail_carries_events_the_list_leaves_out() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    let list = send(&client, Request::get("listDetections", "/v1/detections"))
        .await
        .unwrap();
    let first = &list["result"][0];
    assert!(first.get("events").is_none());
    let id = first["id"].as_str().unwrap();
    let detail = send(
        &client,
        Request::get("getDetection", "/v1/detections/{id}").path_param("id", id),
    )
    .await
    .unwrap();
    assert!(detail["events"].as_array().is_some_and(|e| !e.is_empty()));
    assert_eq!(detail["employee"]["id"], first["employeeId"]);
}

#[tokio::test]
async fn debug_output_shows_no_keys() {
    let mock = unlimited().await;
    let shown = format!("{mock:?}");
    assert!(!shown.contains(mock.full_access_key()), "{shown}");
    assert!(!shown.contains(mock.read_only_key()), "{shown}");
    assert!(shown.contains(mock.base_url()), "{shown}");
}

#[tokio::test]
async fn mock_stops_serving_when_dropped() {
    let mock = unlimited().await;
    let client = raw_client(&mock, mock.full_access_key());
    send(&client, Request::get("listApps", "/v1/apps"))
        .await
        .unwrap();
    let address = mock.address();
    drop(mock);
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(address).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the mock still accepts connections after drop");
}
