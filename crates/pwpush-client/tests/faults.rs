//! Faults a real deployment produces: 5xx, throttling with Retry-After, HTML error pages, slow
//! answers, bodies that do not decode.

mod common;

use std::time::Duration;

use api_core::RetryPolicy;
use common::{TestResult, anonymous, builder, server};
use pwpush_client::PwPushError;
use pwpush_client::mock::Fault;

fn retrying(
    server: &pwpush_client::mock::MockPwPush,
) -> Result<pwpush_client::Client, pwpush_client::Error> {
    builder(server)
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(3)
                .backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
}

/// A preview never spends a view (`Api::V1::PushesController#preview` only reads the record), so
/// repeating it is harmless.
#[tokio::test]
async fn server_error_on_a_preview_is_retried() -> TestResult {
    let server = server().await;
    let client = retrying(&server)?;
    let push = client.pushes().create_text("s").await?;
    server.inject(Fault::status(503).on_path_containing("/preview"));
    let preview = client.pushes().preview(push.url_token()).await?;
    assert!(preview.url.expose_secret().contains(push.url_token()));
    Ok(())
}

/// A read claims a view before it answers (`Push#claim_view!` in pglombardo/PasswordPusher
/// `app/models/push.rb`): a read that reached the server and failed may have spent the last view,
/// and repeating it would answer `expired` with the payload gone. So a read is repeated only when
/// it provably never left (connect errors) or was refused (429).
#[tokio::test]
async fn server_error_on_a_read_is_not_retried_because_it_may_have_spent_a_view() -> TestResult {
    let server = server().await;
    let client = retrying(&server)?;
    let push = client.pushes().create_text("s").await?;
    server.inject(Fault::status(503).on_path_containing("/api/v2/pushes/"));
    let Err(error) = client.pushes().retrieve(push.url_token()).await else {
        return Err("the 503 must reach the caller".into());
    };
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let reads = server
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/api/v2/pushes/"))
        .count();
    assert_eq!(reads, 1);
    Ok(())
}

#[tokio::test]
async fn create_is_not_retried_on_500() -> TestResult {
    let server = server().await;
    let client = retrying(&server)?;
    client.api_version().await?;
    server.inject(Fault::status(500).on_path_containing("/api/v2/pushes"));
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("a 500 must fail the create".into());
    };
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1);
    Ok(())
}

#[tokio::test]
async fn throttle_429_is_rate_limited_with_its_retry_after() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    client.api_version().await?;
    server.inject(Fault::throttled(7));
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("a throttled create must fail".into());
    };
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(error.detail(), Some(&PwPushError::Throttled));
    Ok(())
}

#[tokio::test]
async fn throttled_create_is_retried_after_the_wait() -> TestResult {
    let server = server().await;
    let client = retrying(&server)?;
    client.api_version().await?;
    server.inject(Fault::throttled(0));
    client.pushes().create_text("s").await?;
    assert_eq!(server.created_count(), 1);
    Ok(())
}

#[tokio::test]
async fn html_error_page_is_an_api_error_with_the_evidence_kept() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    client.api_version().await?;
    server.inject(Fault::html(502));
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("a 502 must fail".into());
    };
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    let body = error
        .core()
        .and_then(|c| c.api_error())
        .map(|a| a.body.clone())
        .unwrap_or_default();
    assert!(body.contains("Bad Gateway"));
    Ok(())
}

#[tokio::test]
async fn slow_answer_times_out() -> TestResult {
    let server = server().await;
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(200))
        .build()?;
    client.api_version().await?;
    server.inject(Fault::delay(Duration::from_secs(3)));
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("a slow answer must time out".into());
    };
    assert!(error.is_timeout(), "{error:?}");
    Ok(())
}

#[tokio::test]
async fn success_body_that_does_not_decode_is_a_decode_error_without_the_body_in_its_message()
-> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    client.api_version().await?;
    server.inject(Fault::raw_json(
        201,
        r#"{"url_token": "leaky-token", "html_url": "#,
    ));
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("a truncated body must fail".into());
    };
    assert!(
        matches!(error.core(), Some(api_core::Error::Decode { .. })),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("leaky-token"));
    Ok(())
}

#[tokio::test]
async fn failed_version_probe_is_not_reported_as_a_create_that_may_have_happened() -> TestResult {
    let server = server().await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::no_retries())
        .build()?;
    server.inject(Fault::status(500).on_path_containing("version"));
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("a failed probe must fail the create".into());
    };
    assert!(
        matches!(error, pwpush_client::Error::VersionProbe(_)),
        "{error:?}"
    );
    assert!(!error.may_have_been_processed());
    assert_eq!(server.created_count(), 0);
    Ok(())
}

#[tokio::test]
async fn create_timing_out_after_sending_may_have_been_processed() -> TestResult {
    let server = server().await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::no_retries())
        .attempt_timeout(Duration::from_millis(300))
        .build()?;
    client.api_version().await?;
    server.inject(Fault::delay(Duration::from_secs(3)).on_path_containing("/api/v2/pushes"));
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("a create slower than its timeout must fail".into());
    };
    assert!(error.is_timeout());
    assert!(error.may_have_been_processed());
    Ok(())
}
