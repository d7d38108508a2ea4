//! Exact request shapes against httpmock: methods, paths, body roots, encodings, headers.

use api_core::RetryPolicy;
use httpmock::Method::{DELETE, GET, POST};
use httpmock::MockServer;
use pwpush_client::{ApiVersion, Client, ClientBuilder, Edition, ExpireAfterDuration};
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOKEN: &str = "abcdefghijk12";

fn push_json() -> serde_json::Value {
    json!({
        "url_token": TOKEN, "html_url": format!("https://pwpush.test/p/{TOKEN}/r"),
        "json_url": format!("https://pwpush.test/p/{TOKEN}/r.json"),
        "expire_after_days": 2, "expire_after_views": 10, "expired": false, "expired_on": null,
        "deleted": false, "deletable_by_viewer": true, "retrieval_step": true, "passphrase": "",
        "days_remaining": 2, "views_remaining": 10, "name": "", "note": "",
        "created_at": "2026-01-01T01:00:00.000Z", "updated_at": "2026-01-01T01:00:00.000Z"
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
    builder(server, version)?.bearer_token("tok-123").build()
}

#[tokio::test]
async fn v1_text_push_is_json_under_the_password_root() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/p.json").header("content-type", "application/json").json_body(json!({
                "password": {"payload": "mypassword", "expire_after_days": 2, "expire_after_views": 10, "passphrase": "pp"}
            }));
            then.status(201).json_body(push_json());
        })
        .await;
    let client = builder(&server, ApiVersion::V1)?.build()?;
    client
        .pushes()
        .create_text("mypassword")
        .expire_after_days(2)
        .expire_after_views(10)
        .passphrase("pp")
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v1_url_and_qr_pushes_carry_their_kind_under_the_password_root() -> TestResult {
    let server = MockServer::start_async().await;
    let url = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/p.json")
                .json_body(json!({"password": {"payload": "https://example.com/", "kind": "url"}}));
            then.status(201).json_body(push_json());
        })
        .await;
    let qr = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/p.json")
                .json_body(json!({"password": {"payload": "WIFI:S:x;;", "kind": "qr"}}));
            then.status(201).json_body(push_json());
        })
        .await;
    let client = builder(&server, ApiVersion::V1)?.build()?;
    client.pushes().create_url("https://example.com/").await?;
    client.pushes().create_qr("WIFI:S:x;;").await?;
    url.assert_async().await;
    qr.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v1_url_push_endpoint_uses_the_url_root() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/r.json")
                .json_body(json!({"url": {"payload": "https://example.com/"}}));
            then.status(201).json_body(push_json());
        })
        .await;
    let client = with_token(&server, ApiVersion::V1)?;
    let params = pwpush_client::models::V1UrlPushParams {
        payload: "https://example.com/".into(),
        passphrase: None,
        name: None,
        note: None,
        expire_after_days: None,
        expire_after_views: None,
        retrieval_step: None,
    };
    client.raw().pushes_v1().create_url(params).await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v1_file_push_is_multipart_under_the_file_push_root() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/f.json")
                .header_includes("content-type", "multipart/form-data")
                .header("authorization", "Bearer tok-123")
                .body_includes(r#"name="file_push[files][]"; filename="a.txt""#)
                .body_includes(r#"name="file_push[files][]"; filename="b.txt""#)
                .body_includes(r#"name="file_push[payload]""#)
                .body_includes(r#"name="file_push[expire_after_views]""#)
                .body_includes("alpha-content");
            then.status(201).json_body(push_json());
        })
        .await;
    let client = with_token(&server, ApiVersion::V1)?;
    client
        .pushes()
        .create_file()
        .file("a.txt", b"alpha-content".to_vec())
        .file("b.txt", b"beta".to_vec())
        .payload("note")
        .expire_after_views(10)
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v2_text_push_is_json_under_the_push_root() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/pushes").json_body(json!({
                "push": {"payload": "s3cr3t", "expire_after_days": 2, "deletable_by_viewer": false, "retrieval_step": false, "name": "n", "note": "t"}
            }));
            then.status(201).json_body(push_json());
        })
        .await;
    let client = builder(&server, ApiVersion::V2)?.build()?;
    client
        .pushes()
        .create_text("s3cr3t")
        .expire_after_days(2)
        .deletable_by_viewer(false)
        .retrieval_step(false)
        .name("n")
        .note("t")
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v2_file_push_is_multipart_under_the_push_root() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/pushes.json")
                .header_includes("content-type", "multipart/form-data")
                .body_includes(r#"name="push[files][]"; filename="a.txt""#)
                .body_includes(r#"name="push[passphrase]""#);
            then.status(201).json_body(push_json());
        })
        .await;
    let client = with_token(&server, ApiVersion::V2)?;
    client
        .pushes()
        .create_file()
        .file("a.txt", b"x".to_vec())
        .passphrase("pw")
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn pro_account_id_is_a_sibling_of_push_and_days_travel_as_a_duration_code() -> TestResult {
    let server = MockServer::start_async().await;
    let mut answer = push_json();
    answer["expire_after_duration"] = json!(12);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/pushes").json_body(json!({
                "push": {"payload": "s", "expire_after_duration": 12},
                "account_id": 22923
            }));
            then.status(201).json_body(answer);
        })
        .await;
    let client = builder(&server, ApiVersion::V2)?
        .edition(Edition::Commercial)
        .bearer_token("t")
        .build()?;
    let push = client
        .pushes()
        .create_text("s")
        .expire_after_days(7)
        .account_id(22923)
        .await?;
    assert!(push.adjustments.is_empty());
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn pro_duration_is_sent_as_its_integer_code_on_v1() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/p.json").json_body(json!({
                "password": {"payload": "s", "expire_after_duration": 3}, "account_id": 5
            }));
            then.status(201).json_body(push_json());
        })
        .await;
    let client = builder(&server, ApiVersion::V1)?
        .edition(Edition::Commercial)
        .build()?;
    client
        .pushes()
        .create_text("s")
        .expire_after_duration(ExpireAfterDuration::OneHour)
        .account_id(5)
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn retrieve_sends_the_passphrase_as_a_query_parameter_on_the_token_path() -> TestResult {
    let server = MockServer::start_async().await;
    let v1 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/p/{TOKEN}.json"))
                .query_param("passphrase", "open sesame");
            then.status(200).json_body(push_json());
        })
        .await;
    let v2 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v2/pushes/{TOKEN}"))
                .query_param("passphrase", "open sesame");
            then.status(200).json_body(push_json());
        })
        .await;
    builder(&server, ApiVersion::V1)?
        .build()?
        .pushes()
        .retrieve(TOKEN)
        .passphrase("open sesame")
        .await?;
    builder(&server, ApiVersion::V2)?
        .build()?
        .pushes()
        .retrieve(TOKEN)
        .passphrase("open sesame")
        .await?;
    v1.assert_async().await;
    v2.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn preview_expire_and_audit_use_the_token_paths() -> TestResult {
    let server = MockServer::start_async().await;
    let preview = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/p/{TOKEN}/preview.json"));
            then.status(200)
                .json_body(json!({"url": "https://pwpush.test/p/x"}));
        })
        .await;
    let expire = server
        .mock_async(|when, then| {
            when.method(DELETE).path(format!("/api/v2/pushes/{TOKEN}"));
            then.status(200).json_body(push_json());
        })
        .await;
    let audit = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v2/pushes/{TOKEN}/audit"))
                .query_param("page", "2");
            then.status(200)
                .json_body(json!({"logs": [{"kind": "view", "ip": "127.0.0.1"}]}));
        })
        .await;
    with_token(&server, ApiVersion::V1)?
        .pushes()
        .preview(TOKEN)
        .await?;
    let v2 = with_token(&server, ApiVersion::V2)?;
    v2.pushes().expire(TOKEN).await?;
    let events = v2.pushes().audit(TOKEN).page(2).await?;
    assert_eq!(events.len(), 1);
    preview.assert_async().await;
    expire.assert_async().await;
    audit.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn lists_send_page_numbers_and_stop_on_a_short_page() -> TestResult {
    let server = MockServer::start_async().await;
    let full: Vec<_> = (0..50).map(|_| push_json()).collect();
    let page1 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/p/active.json")
                .query_param("page", "1");
            then.status(200).json_body(json!(full));
        })
        .await;
    let page2 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/p/active.json")
                .query_param("page", "2");
            then.status(200).json_body(json!([push_json()]));
        })
        .await;
    let client = with_token(&server, ApiVersion::V1)?;
    let all: Vec<_> = futures::TryStreamExt::try_collect(client.pushes().active().items()).await?;
    assert_eq!(all.len(), 51);
    page1.assert_async().await;
    page2.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn notify_emails_body_is_top_level() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/api/v2/pushes/{TOKEN}/notify_emails"))
                .json_body(
                    json!({"notify_emails_to": "a@example.com", "notify_emails_to_locale": "es"}),
                );
            then.status(201).json_body(json!({"message": "queued"}));
        })
        .await;
    with_token(&server, ApiVersion::V2)?
        .pushes()
        .notify_emails(TOKEN, "a@example.com")
        .locale("es")
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn secret_request_body_is_under_the_request_root() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/requests").json_body(json!({
                "request": {"request": "send it", "close_after_duration": 6}, "account_id": 9
            }));
            then.status(201)
                .json_body(json!({"url_token": "r1", "html_url": "https://pwpush.test/req/r1"}));
        })
        .await;
    let client = builder(&server, ApiVersion::V2)?
        .edition(Edition::Commercial)
        .bearer_token("t")
        .build()?;
    client
        .requests()
        .create("send it")
        .close_after(ExpireAfterDuration::OneDay)
        .account_id(9)
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn anonymous_calls_carry_no_auth_header() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/pushes")
                .header_missing("authorization")
                .header_missing("x-user-token");
            then.status(201).json_body(push_json());
        })
        .await;
    builder(&server, ApiVersion::V2)?
        .build()?
        .pushes()
        .create_text("s")
        .await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn legacy_pair_is_sent_as_two_headers_and_no_bearer() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/pushes/active")
                .header("x-user-email", "me@example.com")
                .header("x-user-token", "legacy-tok")
                .header_missing("authorization");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = builder(&server, ApiVersion::V2)?
        .legacy_token("me@example.com", "legacy-tok")
        .build()?;
    client.pushes().active().await?;
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn version_probe_sends_no_auth_even_from_an_authenticated_client() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/version")
                .header_missing("authorization");
            then.status(200).json_body(
                json!({"application_version": "2.11.4", "api_version": "2.1", "edition": "oss"}),
            );
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .no_rate_limit()
        .bearer_token("t")
        .build()?;
    assert_eq!(client.api_version().await?, ApiVersion::V2);
    mock.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn v2_version_404_falls_back_to_v1_version() -> TestResult {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v2/version");
            then.status(404)
                .json_body(json!({"status": 404, "error": "Not Found"}));
        })
        .await;
    let v1 = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/version.json");
            then.status(200).json_body(
                json!({"application_version": "1.60.0", "api_version": "1.5", "edition": "oss"}),
            );
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .no_rate_limit()
        .build()?;
    let info = client.server_info().await?;
    assert_eq!((info.api, info.has_v2), (ApiVersion::V1, false));
    assert_eq!(info.application_version.as_deref(), Some("1.60.0"));
    v1.assert_async().await;
    Ok(())
}

#[tokio::test]
async fn accounts_read_a_bare_v1_list() -> TestResult {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/accounts");
            then.status(200).json_body(json!([{"id": 12992, "name": "MyCompany", "account_users": [{"id": 1, "user_id": 4}]}]));
        })
        .await;
    let client = builder(&server, ApiVersion::V1)?
        .edition(Edition::Commercial)
        .bearer_token("t")
        .build()?;
    let accounts = client.accounts().list().await?;
    assert_eq!(accounts[0].id, 12992);
    assert_eq!(accounts[0].account_users[0].user_id, Some(4));
    mock.assert_async().await;
    Ok(())
}
