//! The mock service's own HTTP contract, checked with raw requests (the client would refuse to send most of
//! these): status codes, error bodies, the API key check, expiry, devices, faults and shutdown.
#![cfg(feature = "mock")]

use std::time::Duration;

use api_core::{ApiInfo, Auth, ClientConfigBuilder, Error, Request, RetryPolicy};
use pushauth_client::StatusCode;
use pushauth_client::mock::{Answer, Fault, MockError, MockPushAuth, TimestampStyle};
use serde_json::{Value, json};

const INFO: ApiInfo = ApiInfo {
    api: "pushauth-raw",
    crate_name: "mock-service-test",
    crate_version: "0",
    default_base_url: "http://127.0.0.1:1",
    spans: api_core::client_spans!(),
};

/// A bare api-core client: no retries, and the given key (or none) in `X-API-Key`.
fn raw_client(mock: &MockPushAuth, key: Option<&str>) -> api_core::Client {
    let mut builder = ClientConfigBuilder::new(INFO)
        .base_url(mock.base_url())
        .retry_policy(RetryPolicy::no_retries());
    if let Some(key) = key {
        builder = builder.auth(Auth::api_key("X-API-Key", key));
    }
    builder.build().expect("a loopback client builds")
}

/// Sends `request` and returns the status with the body as JSON (or as a JSON string when it is not JSON).
async fn call(client: &api_core::Client, request: Request) -> (StatusCode, Value, Option<String>) {
    match client.execute(request).await {
        Ok(response) => {
            let body = serde_json::from_slice(response.bytes()).expect("a 2xx body is JSON");
            let retry_after = header(response.headers(), "retry-after");
            (response.status(), body, retry_after)
        }
        Err(Error::Api(e)) | Err(Error::RateLimited { error: e, .. }) => {
            let body = serde_json::from_str(&e.body).unwrap_or(Value::String(e.body.clone()));
            let retry_after = e.retry_after.map(|d| d.as_secs().to_string());
            (e.status, body, retry_after)
        }
        Err(other) => panic!("no HTTP answer: {other}"),
    }
}

fn header(headers: &api_core::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn create(body: Value) -> Request {
    Request::post("createSession", "/v1/push/sessions")
        .json(&body)
        .expect("a JSON value serializes")
}

fn get(id: &str) -> Request {
    Request::get("getSession", "/v1/push/sessions/{id}").path_param("id", id)
}

fn patch(id: &str, body: Value) -> Request {
    Request::patch("updateSession", "/v1/push/sessions/{id}")
        .path_param("id", id)
        .json(&body)
        .expect("a JSON value serializes")
}

async fn started() -> (MockPushAuth, api_core::Client) {
    let mock = MockPushAuth::start().await.expect("the mock starts");
    let client = raw_client(&mock, Some(mock.api_key()));
    (mock, client)
}

#[tokio::test]
async fn create_answers_201_with_exactly_the_documented_session_fields() {
    let (mock, client) = started().await;
    let (status, body, _) = call(&client, create(json!({"user": "user-42"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    let fields: Vec<&str> = body
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "detail",
            "expiresAt",
            "id",
            "notificationCount",
            "status",
            "updatedAt"
        ]
    );
    assert_eq!(body["status"], "sent");
    assert_eq!(body["detail"], Value::Null);
    assert_eq!(mock.sessions_created(), 1);
}

#[tokio::test]
async fn a_request_without_an_api_key_is_refused_with_401_unauthorized() {
    let (mock, _) = started().await;
    let anonymous = raw_client(&mock, None);
    let (status, body, _) = call(&anonymous, create(json!({"user": "user-42"}))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unauthorized");
    assert_eq!(mock.sessions_created(), 0);
}

#[tokio::test]
async fn a_request_with_a_wrong_api_key_is_refused_with_401_unauthorized() {
    let (mock, _) = started().await;
    let wrong = raw_client(&mock, Some("not-the-key"));
    let (status, body, _) = call(&wrong, get("mock-session-1")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unauthorized");
}

#[tokio::test]
async fn create_refuses_bad_bodies_with_400_bad_request() {
    let (mock, client) = started().await;
    let bad_bodies = [
        json!({"user": ""}),
        json!({"user": "user-42", "secondsToExpire": -1}),
        json!({"user": "user-42", "extra": true}),
        json!({"user": "user-42", "notification": {"icon": "x"}}),
        json!({"notification": {"title": "no user"}}),
        json!("not an object"),
    ];
    for bad in bad_bodies {
        let (status, body, _) = call(&client, create(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "for {bad}");
        assert_eq!(body["code"], "badRequest", "for {bad}");
        assert!(body["message"].is_string(), "for {bad}");
    }
    assert_eq!(mock.sessions_created(), 0);
}

#[tokio::test]
async fn an_unknown_session_is_the_documented_400_bad_request_on_get_and_patch() {
    // /work/shared/reference/pushauth-api.txt: GET and PATCH /v1/push/sessions/{id} document only
    // "400 A badRequest type error ... missing or invalid parameters. Returns an instance of Error"
    // (`{code, message}`), and the error code list has no `notFound`.
    let (_mock, client) = started().await;
    for request in [
        get("no-such-session"),
        patch("no-such-session", json!({"status": "canceled"})),
    ] {
        let (status, body, _) = call(&client, request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "badRequest");
        assert!(body["message"].is_string(), "{body}");
        let fields: Vec<&String> = body.as_object().expect("an object").keys().collect();
        assert_eq!(fields, ["code", "message"]);
    }
}

#[tokio::test]
async fn patch_cancels_a_pending_session_and_refuses_other_values_and_decided_sessions() {
    let (mock, client) = started().await;
    let (_, created, _) = call(&client, create(json!({"user": "user-42"}))).await;
    let id = created["id"].as_str().expect("an id");

    let (status, body, _) = call(&client, patch(id, json!({"status": "cancelled"}))).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("badRequest"))
    );

    let (status, body, _) = call(&client, patch(id, json!({"status": "canceled"}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "canceled");

    let (status, body, _) = call(&client, patch(id, json!({"status": "canceled"}))).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("badRequest"))
    );
    assert_eq!(mock.session(id).expect("kept").status, "canceled");
}

#[tokio::test]
async fn a_session_expires_once_seconds_to_expire_have_passed() {
    let (mock, client) = started().await;
    let (_, created, _) = call(
        &client,
        create(json!({"user": "user-42", "secondsToExpire": 60})),
    )
    .await;
    let id = created["id"].as_str().expect("an id");

    mock.advance_clock(Duration::from_secs(59));
    assert_eq!(call(&client, get(id)).await.1["status"], "sent");
    mock.advance_clock(Duration::from_secs(1));
    assert_eq!(call(&client, get(id)).await.1["status"], "expired");
}

#[tokio::test]
async fn zero_or_missing_seconds_to_expire_means_one_day() {
    let (mock, client) = started().await;
    for body in [
        json!({"user": "a"}),
        json!({"user": "b", "secondsToExpire": 0}),
    ] {
        let (_, created, _) = call(&client, create(body)).await;
        let id = created["id"].as_str().expect("an id");
        assert_eq!(mock.session(id).expect("kept").seconds_to_expire, 86_400);
    }
}

#[tokio::test]
async fn notification_count_is_the_number_of_devices_registered_for_the_user() {
    let (mock, client) = started().await;
    mock.register_device("two-devices");
    mock.register_device("two-devices");
    let (_, two, _) = call(&client, create(json!({"user": "two-devices"}))).await;
    let (_, none, _) = call(&client, create(json!({"user": "no-device"}))).await;
    assert_eq!(two["notificationCount"], 2);
    assert_eq!(none["notificationCount"], 0);
}

#[tokio::test]
async fn answers_set_status_and_detail_and_only_a_pending_session_can_be_answered() {
    let (mock, client) = started().await;
    let (_, created, _) = call(&client, create(json!({"user": "user-42"}))).await;
    let id = created["id"].as_str().expect("an id");

    mock.answer_with_detail(id, Answer::Reject, "not me")
        .expect("pending");
    let (_, body, _) = call(&client, get(id)).await;
    assert_eq!(
        (&body["status"], &body["detail"]),
        (&json!("rejected"), &json!("not me"))
    );

    assert_eq!(
        mock.answer(id, Answer::Accept),
        Err(MockError::NotPending {
            id: id.to_owned(),
            status: "rejected".to_owned()
        })
    );
    assert_eq!(
        mock.expire_now("nope"),
        Err(MockError::UnknownSession("nope".to_owned()))
    );
}

#[tokio::test]
async fn timestamps_follow_the_chosen_style() {
    let (mock, client) = started().await;
    mock.set_timestamp_style(TimestampStyle::OffsetWithoutColon);
    let (_, body, _) = call(&client, create(json!({"user": "user-42"}))).await;
    let expires_at = body["expiresAt"].as_str().expect("a string");
    assert!(expires_at.ends_with("-0500"), "{expires_at}");
}

#[tokio::test]
async fn injected_faults_answer_the_next_requests_then_service_resumes() {
    let (mock, client) = started().await;
    mock.inject(Fault::status(503).retry_after(7).times(2));
    for _ in 0..2 {
        let (status, body, retry_after) = call(&client, create(json!({"user": "u"}))).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["code"], "internalError");
        assert_eq!(retry_after.as_deref(), Some("7"));
    }
    assert_eq!(
        call(&client, create(json!({"user": "u"}))).await.0,
        StatusCode::CREATED
    );
    assert_eq!(mock.request_count(), 3);
    assert_eq!(mock.sessions_created(), 1);
}

#[tokio::test]
async fn an_html_fault_has_a_body_that_is_not_json() {
    let (mock, client) = started().await;
    mock.inject(Fault::html(502));
    let (status, body, _) = call(&client, get("any")).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(
        body.as_str().is_some_and(|page| page.contains("<html>")),
        "{body}"
    );
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let (mock, _) = started().await;
    let client = raw_client(&mock, Some(mock.api_key()));
    drop(mock);
    // Let the server task see the shutdown signal and close its listener.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let error = client
        .execute(get("any"))
        .await
        .expect_err("nothing listens any more");
    assert!(
        matches!(error, Error::Transport { sent: false, .. }),
        "{error:?}"
    );
}
