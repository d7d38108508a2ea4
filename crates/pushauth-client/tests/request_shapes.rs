//! The exact requests the client sends, checked against httpmock: method, path, headers and the whole JSON
//! body (no extra fields), plus the checks made before anything is sent.

use httpmock::prelude::*;
use pushauth_client::CoreError;
use pushauth_client::{Client, Notification, SessionStatus};
use serde_json::{Value, json};

const KEY: &str = "test-server-api-key";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .build()
        .expect("a loopback client builds")
}

fn session_json(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "status": status,
        "notificationCount": 1,
        "detail": null,
        "expiresAt": "2026-03-01T17:04:05Z",
        "updatedAt": "2026-03-01T17:02:05Z"
    })
}

#[tokio::test]
async fn create_posts_only_the_user_when_nothing_else_is_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/push/sessions")
                .header("x-api-key", KEY)
                .header("content-type", "application/json")
                .json_body(json!({"user": "user-42"}));
            then.status(201).json_body(session_json("s-1", "sent"));
        })
        .await;

    let session = client(&server)
        .sessions()
        .create("user-42")
        .await
        .expect("created");

    mock.assert_async().await;
    assert_eq!(session.id, "s-1");
    assert_eq!(session.status, SessionStatus::Sent);
}

#[tokio::test]
async fn create_posts_the_notification_and_expiry_with_their_documented_names() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/push/sessions")
                .header("x-api-key", KEY)
                .header("content-type", "application/json")
                .json_body(json!({
                    "user": "user-42",
                    "notification": {
                        "title": "Sign in?",
                        "subtitle": "Acme",
                        "body": "From Firefox",
                        "payload": "{\"nonce\":1}"
                    },
                    "secondsToExpire": 90
                }));
            then.status(201).json_body(session_json("s-1", "sent"));
        })
        .await;

    client(&server)
        .sessions()
        .create("user-42")
        .notification(Notification {
            title: Some("Sign in?".to_owned()),
            subtitle: Some("Acme".to_owned()),
            body: Some("From Firefox".to_owned()),
            payload: Some("{\"nonce\":1}".to_owned().into()),
        })
        .seconds_to_expire(90)
        .await
        .expect("created");

    mock.assert_async().await;
}

#[tokio::test]
async fn get_requests_the_session_path_with_the_id_percent_encoded_and_sends_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/push/sessions/a%2Fb%20c")
                .header("x-api-key", KEY)
                .header_missing("content-type")
                .header_missing("content-length");
            then.status(200)
                .json_body(session_json("a/b c", "accepted"));
        })
        .await;

    let session = client(&server).sessions().get("a/b c").await.expect("read");

    mock.assert_async().await;
    assert!(session.status.is_accepted());
}

#[tokio::test]
async fn cancel_patches_the_status_canceled_and_nothing_else() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/push/sessions/s-1")
                .header("x-api-key", KEY)
                .header("content-type", "application/json")
                .json_body(json!({"status": "canceled"}));
            then.status(200).json_body(session_json("s-1", "canceled"));
        })
        .await;

    let session = client(&server)
        .sessions()
        .cancel("s-1")
        .await
        .expect("canceled");

    mock.assert_async().await;
    assert_eq!(session.status, SessionStatus::Canceled);
}

#[tokio::test]
async fn cancel_with_sends_the_value_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/push/sessions/s-1")
                .json_body(json!({"status": "cancelled"}));
            then.status(200).json_body(session_json("s-1", "cancelled"));
        })
        .await;

    let session = client(&server)
        .sessions()
        .cancel_with("s-1", "cancelled")
        .await
        .expect("canceled");

    mock.assert_async().await;
    assert_eq!(
        session.status,
        SessionStatus::Unknown("cancelled".to_owned())
    );
}

#[tokio::test]
async fn an_empty_user_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(201);
        })
        .await;

    let error = client(&server)
        .sessions()
        .create("")
        .await
        .expect_err("refused");

    assert!(
        matches!(error.core(), CoreError::InvalidRequest { .. }),
        "{error:?}"
    );
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn a_negative_seconds_to_expire_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(201);
        })
        .await;

    let error = client(&server)
        .sessions()
        .create("user-42")
        .seconds_to_expire(-1)
        .await
        .expect_err("refused");

    assert!(
        matches!(error.core(), CoreError::InvalidRequest { .. }),
        "{error:?}"
    );
    assert_eq!(any.calls_async().await, 0);
}

#[test]
fn building_without_an_api_key_is_a_configuration_error() {
    let missing = Client::builder().build().expect_err("no key");
    let empty = Client::builder()
        .api_key("")
        .build()
        .expect_err("empty key");
    assert!(
        matches!(missing.core(), CoreError::Config { .. }),
        "{missing:?}"
    );
    assert!(
        matches!(empty.core(), CoreError::Config { .. }),
        "{empty:?}"
    );
}

#[test]
fn the_api_key_never_appears_in_debug_output() {
    let client = Client::builder().api_key(KEY).build().expect("builds");
    let builder = Client::builder().api_key(KEY);
    assert!(!format!("{client:?}").contains(KEY));
    assert!(!format!("{builder:?}").contains(KEY));
}

/// The request-shape case of each operation of openapi.yaml. Named by the test function itself, so
/// a case must compile; the spec check below also finds the test's source and requires it to
/// expect the operation's method on the operation's path.
macro_rules! case {
    ($operation:literal, $test:ident) => {
        ($operation, stringify!($test), $test as fn())
    };
}

const SPEC: &str = include_str!("../openapi.yaml");
const THIS_FILE: &str = include_str!("request_shapes.rs");

fn shape_cases() -> [(&'static str, &'static str, fn()); 3] {
    [
        case!(
            "createSession",
            create_posts_only_the_user_when_nothing_else_is_set
        ),
        case!(
            "getSession",
            get_requests_the_session_path_with_the_id_percent_encoded_and_sends_no_body
        ),
        case!(
            "updateSession",
            cancel_patches_the_status_canceled_and_nothing_else
        ),
    ]
}

/// (operationId, METHOD, path template) from the spec's layout: paths at two spaces, methods at four.
fn spec_operations() -> Vec<(String, String, String)> {
    let mut operations = Vec::new();
    let mut in_paths = false;
    let (mut path, mut method) = (String::new(), String::new());
    for line in SPEC.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_paths = line == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(key) = line.strip_prefix("  /").and_then(|l| l.strip_suffix(':')) {
            path = format!("/{key}");
        } else if let Some(key) = line.strip_prefix("    ").and_then(|l| l.strip_suffix(':'))
            && !key.starts_with(' ')
        {
            method = key.to_uppercase();
        } else if let Some(id) = line.trim().strip_prefix("operationId:") {
            operations.push((id.trim().to_owned(), method.clone(), path.clone()));
        }
    }
    operations
}

/// Whether a concrete path fills the template's `{param}` segments with one non-empty segment each.
fn path_fits(template: &str, path: &str) -> bool {
    let (template, path): (Vec<_>, Vec<_>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}') && !p.is_empty()))
}

#[test]
fn every_spec_operation_has_a_request_shape_case() {
    let spec = spec_operations();
    assert_eq!(spec.len(), 3, "the spec documents 3 operations");
    let cases = shape_cases();
    let mut covered: Vec<_> = cases.iter().map(|(operation, _, _)| *operation).collect();
    let mut declared: Vec<_> = spec.iter().map(|(id, _, _)| id.as_str()).collect();
    covered.sort_unstable();
    declared.sort_unstable();
    assert_eq!(covered, declared, "cases and spec operations differ");

    for (operation, name, _) in cases {
        let Some((_, method, template)) = spec.iter().find(|(id, _, _)| id == operation) else {
            continue;
        };
        let signature = format!("#[tokio::test]\nasync fn {name}() {{");
        let start = THIS_FILE
            .find(&signature)
            .unwrap_or_else(|| panic!("{operation}: no #[tokio::test] named {name}"));
        let rest = &THIS_FILE[start + signature.len()..];
        let body = rest.find("\n#[").map_or(rest, |end| &rest[..end]);
        let expects_path = body
            .split(".path(\"")
            .skip(1)
            .filter_map(|after| after.split('"').next())
            .any(|path| path_fits(template, path));
        assert!(
            body.contains(&format!("method({method})")) && expects_path,
            "{operation}: {name} does not expect {method} on {template}"
        );
    }
}
