//! §10 "Version" and "Authentication": what a client sees of versions, editions, features and tokens.

mod common;

use common::{TestResult, anonymous, builder, owner, server, server_with, with_token};
use pwpush_client::mock::MockOptions;
use pwpush_client::{ApiVersion, Edition, PwPushError};

#[tokio::test]
async fn v1_version_reports_api_1_5_and_the_oss_edition() -> TestResult {
    let server = server().await;
    let version = anonymous(&server).raw().version().v1().await?;
    assert_eq!(version.api_version.as_deref(), Some("1.5"));
    assert_eq!(version.edition, Some(Edition::Oss));
    assert_eq!(version.application_version.as_deref(), Some("2.11.4"));
    Ok(())
}

#[tokio::test]
async fn v2_version_exposes_edition_and_features() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let info = client.server_info().await?;
    assert_eq!(info.api, ApiVersion::V2);
    assert_eq!(info.api_version.as_deref(), Some("2.1"));
    assert!(info.is_oss());
    assert_eq!(info.file_pushes_enabled(), Some(true));
    assert_eq!(info.anonymous_access(), Some(true));
    let raw = info.features_raw.as_ref().ok_or("no raw features")?;
    assert_eq!(raw["api_token_authentication"], serde_json::json!(true));
    assert_eq!(raw["accounts"]["enabled"], serde_json::json!(false));
    Ok(())
}

#[tokio::test]
async fn version_answers_even_with_an_invalid_token() -> TestResult {
    let server = server().await;
    let client = with_token(&server, "not-a-real-token");
    assert_eq!(client.server_info().await?.api, ApiVersion::V2);
    assert_eq!(
        client.raw().version().v1().await?.api_version.as_deref(),
        Some("1.5")
    );
    Ok(())
}

#[tokio::test]
async fn server_without_v2_is_detected_as_v1_and_still_works() -> TestResult {
    let server = server_with(MockOptions::v1_only()).await;
    let client = anonymous(&server);
    assert_eq!(client.api_version().await?, ApiVersion::V1);
    let push = client.pushes().create_text("old server").await?;
    let read = client.pushes().retrieve(push.url_token()).await?;
    assert_eq!(
        read.payload.as_ref().map(|p| p.expose_secret()),
        Some("old server")
    );
    assert!(server.requests().iter().any(|r| r.path == "/p.json"));
    Ok(())
}

#[tokio::test]
async fn api_version_is_probed_once_per_client() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    for _ in 0..3 {
        client.pushes().create_text("x").await?;
    }
    let probes = server
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v2/version")
        .count();
    assert_eq!(probes, 1);
    Ok(())
}

/// How many times each version endpoint was asked.
fn version_probes(server: &pwpush_client::mock::MockPwPush) -> (usize, usize) {
    let requests = server.requests();
    let v2 = requests
        .iter()
        .filter(|r| r.path == "/api/v2/version")
        .count();
    let v1 = requests
        .iter()
        .filter(|r| r.path == "/api/v1/version.json")
        .count();
    (v2, v1)
}

#[tokio::test]
async fn api_version_is_learned_once_across_every_operation_group_even_when_first_calls_race()
-> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let client = owner(&server);
    // Four groups' first calls start together, before anything is known about the server.
    let (created, active, accounts, request) = tokio::join!(
        client.pushes().create_text("first").expire_after_views(5),
        client.pushes().active(),
        client.accounts().list(),
        client.requests().create("send me the key"),
    );
    let created = created?;
    active?;
    accounts?;
    request?;
    let token = created.url_token();
    client.pushes().retrieve(token).await?;
    client.pushes().preview(token).await?;
    client.pushes().audit(token).await?;
    client.pushes().expired().await?;
    client
        .pushes()
        .create_file()
        .file("notes.txt", b"hello".to_vec())
        .await?;
    client.pushes().expire(token).await?;
    assert_eq!(version_probes(&server), (1, 0));
    Ok(())
}

#[tokio::test]
async fn server_without_v2_is_probed_once_on_each_version_endpoint_across_operations() -> TestResult
{
    let server = server_with(MockOptions::v1_only()).await;
    let client = owner(&server);
    let push = client.pushes().create_text("old server").await?;
    client.pushes().retrieve(push.url_token()).await?;
    client.pushes().preview(push.url_token()).await?;
    client.pushes().active().await?;
    client.pushes().audit(push.url_token()).await?;
    client.pushes().expire(push.url_token()).await?;
    assert_eq!(version_probes(&server), (1, 1));
    // Every call took a v1 route: none of them reached an /api/v2 path.
    let v2_calls = server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/api/v2/") && r.path != "/api/v2/version")
        .count();
    assert_eq!(v2_calls, 0);
    Ok(())
}

#[tokio::test]
async fn explicit_api_version_skips_the_probe() -> TestResult {
    let server = server().await;
    let client = builder(&server).api_version(ApiVersion::V1).build()?;
    client.pushes().create_text("x").await?;
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !r.path.contains("version"))
    );
    Ok(())
}

#[tokio::test]
async fn email_auto_dispatch_feature_follows_the_server_setting() -> TestResult {
    let off = server_with(MockOptions {
        email_notifications: false,
        ..MockOptions::default()
    })
    .await;
    assert_eq!(
        anonymous(&off).server_info().await?.email_notifications(),
        Some(false)
    );
    let on = server().await;
    assert_eq!(
        anonymous(&on).server_info().await?.email_notifications(),
        Some(true)
    );
    Ok(())
}

#[tokio::test]
async fn bearer_token_authenticates() -> TestResult {
    let server = server().await;
    owner(&server).pushes().active().await?;
    Ok(())
}

#[tokio::test]
async fn legacy_email_and_token_pair_authenticates() -> TestResult {
    let server = server().await;
    let client = builder(&server)
        .legacy_token(server.user_email(), server.token())
        .build()?;
    client.pushes().active().await?;
    let listed = server
        .requests()
        .into_iter()
        .rfind(|r| r.path.ends_with("/active"))
        .ok_or("no list call")?;
    assert!(listed.has_header("x-user-email") && listed.has_header("x-user-token"));
    assert!(!listed.has_header("authorization"));
    Ok(())
}

#[tokio::test]
async fn unknown_token_is_refused_with_an_empty_401_even_on_public_reads() -> TestResult {
    let server = server().await;
    let push = anonymous(&server).pushes().create_text("s").await?;
    let stranger = with_token(&server, "stale-token");
    let Err(error) = stranger.pushes().retrieve(push.url_token()).await else {
        return Err("a read with an unknown token must fail".into());
    };
    assert!(error.is_unauthenticated(), "{error}");
    assert_eq!(error.detail(), Some(&PwPushError::Unauthenticated));
    let Err(error) = stranger.pushes().preview(push.url_token()).await else {
        return Err("a preview with an unknown token must fail".into());
    };
    assert!(error.is_unauthenticated());
    Ok(())
}

#[tokio::test]
async fn anonymous_client_sends_no_auth_header_at_all() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client.pushes().create_text("s").await?;
    client.pushes().retrieve(push.url_token()).await?;
    client.pushes().expire(push.url_token()).await?;
    let requests = server.requests();
    assert!(requests.len() >= 4);
    assert!(requests.iter().all(|r| !r.has_header("authorization")
        && !r.has_header("x-user-token")
        && !r.has_header("x-user-email")));
    Ok(())
}

#[tokio::test]
async fn empty_token_is_refused_by_the_builder() {
    let bearer = pwpush_client::Client::builder().bearer_token("  ").build();
    assert!(bearer.is_err());
    let legacy = pwpush_client::Client::builder()
        .legacy_token("a@b.c", "")
        .build();
    assert!(legacy.is_err());
}

#[tokio::test]
async fn lists_without_a_token_are_unauthenticated() -> TestResult {
    let server = server().await;
    let Err(error) = anonymous(&server).pushes().active().await else {
        return Err("an anonymous list must fail".into());
    };
    assert!(error.is_unauthenticated());
    Ok(())
}

#[tokio::test]
async fn required_mfa_is_reported_as_mfa_required() -> TestResult {
    let server = server_with(MockOptions {
        require_mfa: true,
        ..MockOptions::default()
    })
    .await;
    let Err(error) = owner(&server).pushes().active().await else {
        return Err("MFA is required".into());
    };
    assert!(
        matches!(error.detail(), Some(PwPushError::MfaRequired { .. })),
        "{error:?}"
    );
    Ok(())
}

#[tokio::test]
async fn instance_without_anonymous_access_refuses_anonymous_create_but_not_a_token() -> TestResult
{
    let server = server_with(MockOptions {
        allow_anonymous: false,
        ..MockOptions::default()
    })
    .await;
    let Err(error) = anonymous(&server).pushes().create_text("s").await else {
        return Err("anonymous create must fail".into());
    };
    assert!(error.is_unauthenticated());
    owner(&server).pushes().create_text("s").await?;
    assert_eq!(server.created_count(), 1);
    Ok(())
}
