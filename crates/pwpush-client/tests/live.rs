//! Opt-in contract tests against a real Password Pusher instance. Ignored by default and never run
//! in CI; they run only with `--ignored` and `PWPUSH_LIVE_URL` set (see docs/testing.md, "Live
//! tests: Password Pusher"):
//!
//! - `PWPUSH_LIVE_URL`: the instance, e.g. `https://oss.pwpush.com` (public instances accept
//!   anonymous text pushes).
//! - `PWPUSH_LIVE_TOKEN` (optional): an API token; adds the owner's flow (list, audit, expire).
//! - `PWPUSH_LIVE_EMAIL` (optional, with the token): send the legacy `X-User-Email` +
//!   `X-User-Token` pair instead of a Bearer token.
//!
//! Each run creates at most two short-lived pushes (1 day, 2 views) and expires them.

use std::time::Duration;

use futures::TryStreamExt;
use pwpush_client::{AuditKind, Client, ClientBuilder};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const SECRET: &str = "pwpush-client live test: nothing secret here";
const PASSPHRASE: &str = "live-test-passphrase";

fn live_url() -> Option<String> {
    std::env::var("PWPUSH_LIVE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

fn builder(url: &str) -> Result<ClientBuilder, pwpush_client::Error> {
    Ok(Client::builder()
        .base_url(url)
        .user_agent_suffix("pwpush-client-live-test")
        .overall_timeout(Duration::from_secs(60)))
}

/// The recipient's side of the headline flow, on an anonymous client: create with a passphrase,
/// preview, a refused read, a read, an expire by the viewer, a read after expiry.
#[tokio::test]
#[ignore = "reaches a real Password Pusher instance; set PWPUSH_LIVE_URL and run with --ignored"]
async fn live_anonymous_push_is_read_once_with_its_passphrase_and_expired() -> TestResult {
    let Some(url) = live_url() else {
        eprintln!("PWPUSH_LIVE_URL is not set; nothing to test against");
        return Ok(());
    };
    let client = builder(&url)?.build()?;
    let info = client.server_info().await?;
    eprintln!(
        "live server: API {:?}, edition {:?}, release {:?}",
        info.api, info.edition, info.application_version
    );

    let push = client
        .pushes()
        .create_text(SECRET)
        .passphrase(PASSPHRASE)
        .expire_after_days(1)
        .expire_after_views(2)
        .deletable_by_viewer(true)
        .await?;
    let token = push.url_token().to_owned();
    assert!(push.secret_link().contains(&token));
    assert_eq!(push.expire_after_views, Some(2));

    let preview = client.pushes().preview(token.as_str()).await?;
    assert!(preview.url.expose_secret().contains(&token));

    let Err(refused) = client
        .pushes()
        .retrieve(token.as_str())
        .passphrase("not-the-passphrase")
        .await
    else {
        return Err("a wrong passphrase must be refused".into());
    };
    assert!(refused.is_passphrase_incorrect(), "{refused}");

    let read = client
        .pushes()
        .retrieve(token.as_str())
        .passphrase(PASSPHRASE)
        .await?;
    assert_eq!(
        read.payload.as_ref().map(|p| p.expose_secret()),
        Some(SECRET)
    );
    assert_eq!(read.views_remaining, Some(1));

    let expired = client.pushes().expire(token.as_str()).await?;
    assert!(expired.expired);

    let after = client.pushes().retrieve(token.as_str()).await?;
    assert!(after.expired && after.payload.is_none());
    Ok(())
}

/// The owner's side: a push made with a token is listed, audited and expired by its owner.
#[tokio::test]
#[ignore = "reaches a real Password Pusher instance; set PWPUSH_LIVE_URL and PWPUSH_LIVE_TOKEN and run with --ignored"]
async fn live_owner_lists_audits_and_expires_a_push() -> TestResult {
    let (Some(url), Ok(token)) = (live_url(), std::env::var("PWPUSH_LIVE_TOKEN")) else {
        eprintln!(
            "PWPUSH_LIVE_URL and PWPUSH_LIVE_TOKEN are not both set; nothing to test against"
        );
        return Ok(());
    };
    let owner = match std::env::var("PWPUSH_LIVE_EMAIL") {
        Ok(email) => builder(&url)?.legacy_token(email, token).build()?,
        Err(_) => builder(&url)?.bearer_token(token).build()?,
    };
    let push = owner
        .pushes()
        .create_text(SECRET)
        .name("pwpush-client live test")
        .expire_after_days(1)
        .expire_after_views(2)
        .await?;
    let push_token = push.url_token().to_owned();

    let listed: Vec<_> = owner.pushes().active().items().try_collect().await?;
    assert!(
        listed
            .iter()
            .any(|p| p.url_token.expose_secret() == push_token)
    );

    let audit: Vec<_> = owner
        .pushes()
        .audit(push_token.as_str())
        .items()
        .try_collect()
        .await?;
    assert!(audit.iter().any(|e| e.kind == Some(AuditKind::Creation)));

    let expired = owner.pushes().expire(push_token.as_str()).await?;
    assert!(expired.expired && expired.deleted == Some(true));
    Ok(())
}
