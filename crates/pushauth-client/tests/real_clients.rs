//! The mock accepts the requests UnifyID's own published clients send, byte for byte: a mock that
//! refused them would be stricter than the service their authors tested against.
#![cfg(feature = "mock")]

use pushauth_client::mock::MockPushAuth;
use serde_json::Value;

const USER: &str = "username";

/// The JSON body of a response (reqwest is built without its `json` feature here).
async fn json_of(response: reqwest::Response) -> Value {
    let bytes = response.bytes().await.expect("a body");
    serde_json::from_slice(&bytes).expect("a JSON body")
}

async fn started() -> MockPushAuth {
    let mock = MockPushAuth::start().await.expect("the mock starts");
    mock.register_device(USER);
    mock
}

#[tokio::test]
async fn the_curl_request_of_unifyids_ios_sample_creates_a_session() {
    // UnifyID/unifyid-ios-sdk, sample/README.md: `curl -H 'accept: application/json'
    // -H "x-api-key: ..." --data '{"notification":{...},"user":"username"}' --request POST`.
    // `--data` without `-H content-type` makes curl send `application/x-www-form-urlencoded`, and a
    // lower-case header name; the body keeps the README's line breaks.
    let mock = started().await;
    let body = "{\n  \"notification\":{\n  \"title\":\"A Test Push Notification\",\n  \
                \"subtitle\":\"Lovingly sent from cURL\",\n  \"body\":\"It even has a body!\"\n},\n\
                \"user\":\"username\"}";

    let response = reqwest::Client::new()
        .post(format!("{}/v1/push/sessions", mock.base_url()))
        .header("accept", "application/json")
        .header("x-api-key", mock.api_key())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("the mock answers");

    assert_eq!(response.status().as_u16(), 201);
    let session = json_of(response).await;
    assert_eq!(session["status"], "sent");
    assert_eq!(session["notificationCount"], 1);
    let sent = mock.latest_session().expect("a session was created");
    assert_eq!(
        sent.notification.subtitle.as_deref(),
        Some("Lovingly sent from cURL")
    );
}

#[tokio::test]
async fn the_requests_of_unifyids_sample_server_create_and_read_a_session() {
    // UnifyID/pushauth-sample-server-reg, app/services/push_auth.rb: HTTParty with
    // `Content-Type: application/json` and `X-API-Key`, a body of `user` and `notification`
    // {title, body}; then `GET /v1/push/sessions/#{id}`, whose `status` sessions_controller.rb reads.
    let mock = started().await;
    let http = reqwest::Client::new();
    let body = r#"{"user":"username","notification":{"title":"Authenticate with Sample?","body":"Login request from 127.0.0.1"}}"#;

    let created = json_of(
        http.post(format!("{}/v1/push/sessions", mock.base_url()))
            .header("Content-Type", "application/json")
            .header("X-API-Key", mock.api_key())
            .body(body)
            .send()
            .await
            .expect("the mock answers"),
    )
    .await;
    let id = created["id"].as_str().expect("an id");
    let read = http
        .get(format!("{}/v1/push/sessions/{id}", mock.base_url()))
        .header("Content-Type", "application/json")
        .header("X-API-Key", mock.api_key())
        .send()
        .await
        .expect("the mock answers");

    assert_eq!(read.status().as_u16(), 200);
    let read = json_of(read).await;
    assert_eq!(read["status"], "sent");
}
