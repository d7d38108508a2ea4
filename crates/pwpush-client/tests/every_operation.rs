//! Every operation of openapi.yaml is reachable through the public API and has a request-shape
//! case against httpmock: the shapes `request_shapes.rs` does not check are checked here, and a
//! table maps each operationId to the test that covers it. The table is checked against the spec
//! and against the test sources, so a case cannot be named without existing and without sending
//! the operation's method to the operation's path.

use std::collections::BTreeSet;

use api_core::RetryPolicy;
use httpmock::Method::{DELETE, GET};
use httpmock::MockServer;
use pwpush_client::{ApiVersion, AuditKind, Client, ClientBuilder, Edition};
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOKEN: &str = "abcdefghijk12";
const API_TOKEN: &str = "tok-123";
const SPEC: &str = include_str!("../openapi.yaml");
const THIS_FILE: &str = include_str!("every_operation.rs");
const REQUEST_SHAPES: &str = include_str!("request_shapes.rs");

fn push_json() -> serde_json::Value {
    json!({
        "url_token": TOKEN, "html_url": format!("https://pwpush.test/p/{TOKEN}"),
        "expire_after_days": 2, "expire_after_views": 10, "expired": true,
        "expired_on": "2026-01-02T01:00:00.000Z", "deleted": true, "deletable_by_viewer": false,
        "retrieval_step": false, "days_remaining": 1, "views_remaining": 10,
        "created_at": "2026-01-01T01:00:00.000Z", "updated_at": "2026-01-02T01:00:00.000Z"
    })
}

fn builder(
    server: &MockServer,
    version: ApiVersion,
) -> Result<ClientBuilder, pwpush_client::Error> {
    Ok(Client::builder()
        .base_url(server.base_url())
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .api_version(version)
        .edition(Edition::Oss))
}

fn with_token(server: &MockServer, version: ApiVersion) -> Result<Client, pwpush_client::Error> {
    builder(server, version)?.bearer_token(API_TOKEN).build()
}

#[tokio::test]
async fn v1_expire_deletes_the_token_json_path_with_the_bearer_token() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/p/{TOKEN}.json"))
                .header("authorization", format!("Bearer {API_TOKEN}"))
                .header_missing("content-type");
            then.status(200).json_body(push_json());
        })
        .await;
    let push = with_token(&server, ApiVersion::V1)?
        .pushes()
        .expire(TOKEN)
        .await?;
    assert!(push.expired && push.deleted == Some(true));
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v1_audit_reads_the_views_page_with_the_page_number_in_the_query() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/p/{TOKEN}/audit.json"))
                .query_param("page", "3")
                .header("authorization", format!("Bearer {API_TOKEN}"));
            then.status(200).json_body(json!({"views": [
                {"kind": "view", "ip": "127.0.0.1", "user_agent": "curl", "referrer": ""},
                {"kind": "failed_passphrase", "ip": "127.0.0.2"}
            ]}));
        })
        .await;
    let events = with_token(&server, ApiVersion::V1)?
        .pushes()
        .audit(TOKEN)
        .page(3)
        .await?;
    let kinds: Vec<_> = events.iter().map(|event| event.kind.clone()).collect();
    assert_eq!(
        kinds,
        [Some(AuditKind::View), Some(AuditKind::FailedPassphrase)]
    );
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v1_expired_list_sends_the_page_number_in_the_query() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/p/expired.json")
                .query_param("page", "2")
                .header("authorization", format!("Bearer {API_TOKEN}"));
            then.status(200).json_body(json!([push_json()]));
        })
        .await;
    let pushes = with_token(&server, ApiVersion::V1)?
        .pushes()
        .expired()
        .page(2)
        .await?;
    assert_eq!(pushes.len(), 1);
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v1_version_is_asked_without_auth_when_v2_is_missing() -> TestResult {
    let server = MockServer::start_async().await;
    let v2 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/version")
                .header_missing("authorization");
            then.status(404)
                .json_body(json!({"status": 404, "error": "Not Found"}));
        })
        .await;
    let v1 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/version.json")
                .header_missing("authorization")
                .header_missing("x-user-token");
            then.status(200).json_body(
                json!({"application_version": "1.49.0", "api_version": "1.4", "edition": "oss"}),
            );
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .bearer_token(API_TOKEN)
        .build()?;
    let info = client.server_info().await?;
    assert_eq!(info.api, ApiVersion::V1);
    assert_eq!(info.application_version.as_deref(), Some("1.49.0"));
    v2.assert_async().await;
    v1.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v2_preview_gets_the_preview_path_and_anonymous_callers_send_no_auth() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v2/pushes/{TOKEN}/preview"))
                .header_missing("authorization")
                .header_missing("x-user-token");
            then.status(200)
                .json_body(json!({"url": format!("https://pwpush.test/p/{TOKEN}")}));
        })
        .await;
    let preview = builder(&server, ApiVersion::V2)?
        .build()?
        .pushes()
        .preview(TOKEN)
        .await?;
    assert_eq!(
        preview.url.expose_secret(),
        format!("https://pwpush.test/p/{TOKEN}")
    );
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v2_expired_list_sends_the_page_number_in_the_query() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/pushes/expired")
                .query_param("page", "4")
                .header("authorization", format!("Bearer {API_TOKEN}"));
            then.status(200)
                .json_body(json!([push_json(), push_json()]));
        })
        .await;
    let pushes = with_token(&server, ApiVersion::V2)?
        .pushes()
        .expired()
        .page(4)
        .await?;
    assert_eq!(pushes.len(), 2);
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v2_accounts_read_the_wrapped_list_with_the_bearer_token() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/accounts")
                .header("authorization", format!("Bearer {API_TOKEN}"));
            then.status(200).json_body(
                json!({"accounts": [{"id": 22923, "name": "Law Frim", "role": "owner"}]}),
            );
        })
        .await;
    let client = builder(&server, ApiVersion::V2)?
        .edition(Edition::Commercial)
        .bearer_token(API_TOKEN)
        .build()?;
    let accounts = client.accounts().list().await?;
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        (accounts[0].id, accounts[0].role.as_deref()),
        (22923, Some("owner"))
    );
    mock.assert_async().await;
    Ok(())
}

/// Where an operation's request shape is checked: a test of this file (named by the function
/// itself, so it must compile) or one of `request_shapes.rs` (found in its source).
/// The official CLI creates a request, then reads its link from
/// `/api/v2/requests/<url_token>/preview` and prints `url` (pglombardo/pwpush-cli
/// `pwpush/api/endpoints.py#request_preview_path`, `pwpush/commands/request.py#request_cmd`).
#[tokio::test]
async fn v2_request_preview_gets_the_request_link_with_the_bearer_token() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v2/requests/{TOKEN}/preview"))
                .header("authorization", format!("Bearer {API_TOKEN}"))
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"url": format!("https://pwpush.test/req/{TOKEN}")}));
        })
        .await;
    let client = builder(&server, ApiVersion::V2)?
        .edition(Edition::Commercial)
        .bearer_token(API_TOKEN)
        .build()?;
    let preview = client.requests().preview(TOKEN).await?;
    assert!(
        preview
            .url
            .expose_secret()
            .ends_with(&format!("/req/{TOKEN}"))
    );
    mock.assert_async().await;
    Ok(())
}

enum Case {
    Here(&'static str),
    InRequestShapes(&'static str),
}

macro_rules! here {
    ($operation:literal, $test:ident) => {
        ($operation, {
            // Naming the function makes the table fail to compile when the test is gone.
            let _exists: fn() -> TestResult = $test;
            Case::Here(stringify!($test))
        })
    };
}

fn cases() -> Vec<(&'static str, Case)> {
    use Case::InRequestShapes as shapes;
    vec![
        (
            "v1CreatePush",
            shapes("v1_text_push_is_json_under_the_password_root"),
        ),
        (
            "v1CreateFilePush",
            shapes("v1_file_push_is_multipart_under_the_file_push_root"),
        ),
        (
            "v1CreateUrlPush",
            shapes("v1_url_push_endpoint_uses_the_url_root"),
        ),
        (
            "v1RetrievePush",
            shapes("retrieve_sends_the_passphrase_as_a_query_parameter_on_the_token_path"),
        ),
        here!(
            "v1ExpirePush",
            v1_expire_deletes_the_token_json_path_with_the_bearer_token
        ),
        (
            "v1PreviewPush",
            shapes("preview_expire_and_audit_use_the_token_paths"),
        ),
        here!(
            "v1PushAudit",
            v1_audit_reads_the_views_page_with_the_page_number_in_the_query
        ),
        (
            "v1ActivePushes",
            shapes("lists_send_page_numbers_and_stop_on_a_short_page"),
        ),
        here!(
            "v1ExpiredPushes",
            v1_expired_list_sends_the_page_number_in_the_query
        ),
        here!(
            "v1Version",
            v1_version_is_asked_without_auth_when_v2_is_missing
        ),
        (
            "v2Version",
            shapes("version_probe_sends_no_auth_even_from_an_authenticated_client"),
        ),
        (
            "v2CreatePush",
            shapes("v2_text_push_is_json_under_the_push_root"),
        ),
        (
            "v2CreateFilePush",
            shapes("v2_file_push_is_multipart_under_the_push_root"),
        ),
        (
            "v2RetrievePush",
            shapes("retrieve_sends_the_passphrase_as_a_query_parameter_on_the_token_path"),
        ),
        (
            "v2ExpirePush",
            shapes("preview_expire_and_audit_use_the_token_paths"),
        ),
        here!(
            "v2PreviewPush",
            v2_preview_gets_the_preview_path_and_anonymous_callers_send_no_auth
        ),
        (
            "v2PushAudit",
            shapes("preview_expire_and_audit_use_the_token_paths"),
        ),
        ("v2NotifyEmails", shapes("notify_emails_body_is_top_level")),
        (
            "v2ActivePushes",
            shapes("legacy_pair_is_sent_as_two_headers_and_no_bearer"),
        ),
        here!(
            "v2ExpiredPushes",
            v2_expired_list_sends_the_page_number_in_the_query
        ),
        ("v1ListAccounts", shapes("accounts_read_a_bare_v1_list")),
        here!(
            "v2ListAccounts",
            v2_accounts_read_the_wrapped_list_with_the_bearer_token
        ),
        here!(
            "v2PreviewSecretRequest",
            v2_request_preview_gets_the_request_link_with_the_bearer_token
        ),
    ]
}

/// An operation as openapi.yaml declares it.
#[derive(Debug)]
struct SpecOperation {
    id: String,
    method: String,
    path: String,
}

/// Reads the operations from the spec's layout: paths at two spaces, methods at four, fields at six.
fn spec_operations() -> Vec<SpecOperation> {
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
            operations.push(SpecOperation {
                id: id.trim().to_owned(),
                method: method.clone(),
                path: path.clone(),
            });
        }
    }
    operations
}

/// The source of test `name` in `source`: from its signature to the next attribute.
fn test_body<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    let signature = format!("#[tokio::test]\nasync fn {name}() ");
    let start = source.find(&signature)?;
    let rest = &source[start + signature.len()..];
    Some(rest.find("\n#[").map_or(rest, |end| &rest[..end]))
}

#[test]
fn every_spec_operation_has_a_request_shape_case() {
    let spec = spec_operations();
    assert_eq!(spec.len(), 23, "the spec documents 23 operations");
    let cases = cases();
    let covered: BTreeSet<&str> = cases.iter().map(|(operation, _)| *operation).collect();
    assert_eq!(covered.len(), cases.len(), "an operation is listed twice");
    let declared: BTreeSet<&str> = spec.iter().map(|op| op.id.as_str()).collect();
    let missing: Vec<_> = declared.difference(&covered).collect();
    let unknown: Vec<_> = covered.difference(&declared).collect();
    assert!(missing.is_empty(), "operations without a case: {missing:?}");
    assert!(
        unknown.is_empty(),
        "cases for no spec operation: {unknown:?}"
    );

    for (operation, case) in &cases {
        let Some(op) = spec.iter().find(|op| op.id == *operation) else {
            continue;
        };
        let (name, source) = match case {
            Case::Here(name) => (*name, THIS_FILE),
            Case::InRequestShapes(name) => (*name, REQUEST_SHAPES),
        };
        let body = test_body(source, name)
            .unwrap_or_else(|| panic!("{operation}: no #[tokio::test] named {name}"));
        // Token paths are written `{TOKEN}` in the tests' `format!`s.
        let path = format!("\"{}\"", op.path.replace("{url_token}", "{TOKEN}"));
        let method = format!("method({})", op.method);
        assert!(
            body.contains(&path) && body.contains(&method),
            "{operation}: {name} does not expect {method} on {path}"
        );
    }
}

#[test]
fn x_auth_none_is_only_on_the_version_operations() {
    // The version probe tests above assert `header_missing("authorization")`; this pins which
    // operations the spec exempts from auth, so a new exemption gets a test of its own.
    let mut exempt = Vec::new();
    let mut operation = "";
    for line in SPEC.lines().map(str::trim) {
        if let Some(id) = line.strip_prefix("operationId:") {
            operation = id.trim();
        } else if line == "x-auth: none" {
            exempt.push(operation);
        }
    }
    assert_eq!(exempt, ["v1Version", "v2Version"]);
}
