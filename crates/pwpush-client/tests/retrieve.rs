//! §10 "Retrieve" and "Preview", and §6.1–6.2: view counting, expiry, passphrases, purge.

mod common;

use std::time::Duration;

use api_core::RetryPolicy;
use common::{TestResult, VERSIONS, anonymous, anonymous_on, builder, owner, server};
use pwpush_client::PwPushError;

#[tokio::test]
async fn last_allowed_view_returns_the_payload_and_the_next_read_finds_it_expired() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let client = anonymous_on(&server, version);
        let push = client
            .pushes()
            .create_text("two views")
            .expire_after_views(2)
            .await?;
        let first = client.pushes().retrieve(push.url_token()).await?;
        assert_eq!(
            first.payload.as_ref().map(|p| p.expose_secret()),
            Some("two views")
        );
        assert_eq!((first.views_remaining, first.expired), (Some(1), false));
        let second = client.pushes().retrieve(push.url_token()).await?;
        assert_eq!(
            second.payload.as_ref().map(|p| p.expose_secret()),
            Some("two views")
        );
        assert_eq!((second.views_remaining, second.expired), (Some(0), false));
        let third = client.pushes().retrieve(push.url_token()).await?;
        assert!(third.expired);
        assert!(third.payload.is_none());
        assert!(third.passphrase.is_none());
        assert!(third.expired_on.is_some());
        assert_eq!(third.deleted, Some(false));
        assert_eq!(third.views_remaining, Some(0));
        assert!(third.files.is_empty());
    }
    Ok(())
}

#[tokio::test]
async fn owner_reads_do_not_use_up_views() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let push = owner
        .pushes()
        .create_text("mine")
        .expire_after_views(1)
        .await?;
    for _ in 0..3 {
        let read = owner.pushes().retrieve(push.url_token()).await?;
        assert_eq!(read.views_remaining, Some(1));
        assert!(!read.expired);
    }
    let viewer = anonymous(&server)
        .pushes()
        .retrieve(push.url_token())
        .await?;
    assert_eq!(
        viewer.payload.as_ref().map(|p| p.expose_secret()),
        Some("mine")
    );
    Ok(())
}

#[tokio::test]
async fn missing_or_wrong_passphrase_is_401_and_the_right_one_reads() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let client = anonymous_on(&server, version);
        let push = client
            .pushes()
            .create_text("guarded")
            .passphrase("asdf")
            .await?;
        let Err(missing) = client.pushes().retrieve(push.url_token()).await else {
            return Err("a missing passphrase must fail".into());
        };
        assert!(missing.is_passphrase_incorrect(), "{missing:?}");
        assert_eq!(missing.status().map(|s| s.as_u16()), Some(401));
        let Err(wrong) = client
            .pushes()
            .retrieve(push.url_token())
            .passphrase("nope")
            .await
        else {
            return Err("a wrong passphrase must fail".into());
        };
        assert!(wrong.is_passphrase_incorrect());
        let read = client
            .pushes()
            .retrieve(push.url_token())
            .passphrase("asdf")
            .await?;
        assert_eq!(
            read.payload.as_ref().map(|p| p.expose_secret()),
            Some("guarded")
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_wrong_passphrase_never_appears_in_the_error() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("guarded")
        .passphrase("right-one")
        .await?;
    let Err(error) = client
        .pushes()
        .retrieve(push.url_token())
        .passphrase("my-guess-xyz")
        .await
    else {
        return Err("a wrong passphrase must fail".into());
    };
    for text in [format!("{error}"), format!("{error:?}")] {
        assert!(!text.contains("my-guess-xyz"), "{text}");
        assert!(!text.contains(push.url_token()), "{text}");
    }
    Ok(())
}

#[tokio::test]
async fn sixth_passphrase_attempt_within_a_minute_is_rate_limited() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("guarded")
        .passphrase("asdf")
        .await?;
    for _ in 0..5 {
        let Err(error) = client
            .pushes()
            .retrieve(push.url_token())
            .passphrase("wrong")
            .await
        else {
            return Err("wrong passphrase".into());
        };
        assert!(error.is_passphrase_incorrect());
    }
    let Err(error) = client
        .pushes()
        .retrieve(push.url_token())
        .passphrase("asdf")
        .await
    else {
        return Err("the sixth attempt must be refused".into());
    };
    assert!(error.is_rate_limited());
    assert!(matches!(
        error.detail(),
        Some(PwPushError::TooManyPassphraseAttempts { .. })
    ));
    server.advance_clock(Duration::from_secs(61));
    let read = client
        .pushes()
        .retrieve(push.url_token())
        .passphrase("asdf")
        .await?;
    assert!(read.payload.is_some());
    Ok(())
}

#[tokio::test]
async fn expired_protected_push_reads_without_the_passphrase() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("guarded")
        .passphrase("asdf")
        .await?;
    client.pushes().expire(push.url_token()).await?;
    let read = client.pushes().retrieve(push.url_token()).await?;
    assert!(read.expired && read.payload.is_none());
    Ok(())
}

#[tokio::test]
async fn unknown_token_is_not_found() -> TestResult {
    let server = server().await;
    let Err(error) = anonymous(&server).pushes().retrieve("doesnotexist").await else {
        return Err("an unknown token must fail".into());
    };
    assert!(error.is_not_found(), "{error:?}");
    Ok(())
}

#[tokio::test]
async fn purged_anonymous_push_is_not_found_but_an_owned_one_stays() -> TestResult {
    let server = server().await;
    let anonymous = anonymous(&server);
    let gone = anonymous
        .pushes()
        .create_text("a")
        .expire_after_views(1)
        .await?;
    let kept = owner(&server)
        .pushes()
        .create_text("b")
        .expire_after_views(1)
        .await?;
    anonymous.pushes().retrieve(gone.url_token()).await?;
    anonymous.pushes().retrieve(kept.url_token()).await?;
    assert_eq!(server.purge_expired(), 1);
    let Err(error) = anonymous.pushes().retrieve(gone.url_token()).await else {
        return Err("a purged push must be gone".into());
    };
    assert!(error.is_not_found());
    assert!(anonymous.pushes().retrieve(kept.url_token()).await?.expired);
    Ok(())
}

#[tokio::test]
async fn push_expires_once_its_days_are_up() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("s")
        .expire_after_days(1)
        .await?;
    server.advance_clock(Duration::from_secs(3 * 86_400));
    let read = client.pushes().retrieve(push.url_token()).await?;
    assert!(read.expired && read.payload.is_none());
    assert_eq!(read.days_remaining, Some(0));
    Ok(())
}

#[tokio::test]
async fn read_builds_the_json_path_from_the_token_and_ignores_json_url() -> TestResult {
    let server = server().await;
    let client = common::anonymous_on(&server, pwpush_client::ApiVersion::V1);
    let push = client.pushes().create_text("s").await?;
    let json_url = push
        .json_url
        .as_ref()
        .map(|u| u.expose_secret().to_owned())
        .unwrap_or_default();
    assert!(
        json_url.ends_with("/r.json"),
        "the server's json_url points at a route that does not exist"
    );
    client.pushes().retrieve(push.url_token()).await?;
    let last = server.requests().pop().ok_or("no request")?;
    assert_eq!(last.path, format!("/p/{}.json", push.url_token()));
    Ok(())
}

#[tokio::test]
async fn url_token_with_path_characters_is_refused_before_sending() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    for bad in ["../admin", "", "a b", "x?y=1"] {
        let Err(error) = client.pushes().retrieve(bad).await else {
            return Err(format!("{bad:?} must be refused").into());
        };
        assert!(error.is_invalid_request());
    }
    assert!(server.requests().is_empty());
    Ok(())
}

#[tokio::test]
async fn concurrent_reads_of_a_one_view_push_give_the_payload_once() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("only once")
        .expire_after_views(1)
        .await?;
    let reads = (0..8).map(|_| client.pushes().retrieve(push.url_token()).send());
    let results = futures::future::join_all(reads).await;
    let with_payload = results
        .iter()
        .filter(|r| matches!(r, Ok(p) if p.payload.is_some()))
        .count();
    assert_eq!(with_payload, 1);
    Ok(())
}

#[tokio::test]
async fn preview_returns_the_link_without_using_a_view() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let client = anonymous_on(&server, version);
        let push = client
            .pushes()
            .create_text("s")
            .expire_after_views(1)
            .await?;
        let preview = client.pushes().preview(push.url_token()).await?;
        assert!(preview.url.expose_secret().contains(push.url_token()));
        assert_eq!(preview.url.expose_secret(), push.secret_link());
        let read = client.pushes().retrieve(push.url_token()).await?;
        assert!(
            read.payload.is_some(),
            "preview must not have used the only view"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_passphrase_read_is_not_retried_into_the_attempt_limit() -> TestResult {
    // With retries on, 401 is final: a wrong passphrase costs one attempt, not three.
    let server = server().await;
    let client = builder(&server).retry_policy(RetryPolicy::new()).build()?;
    let push = client.pushes().create_text("g").passphrase("p").await?;
    let _ = client
        .pushes()
        .retrieve(push.url_token())
        .passphrase("bad")
        .await;
    let reads = server
        .requests()
        .iter()
        .filter(|r| r.has_query("passphrase"))
        .count();
    assert_eq!(reads, 1);
    Ok(())
}

#[tokio::test]
async fn a_view_that_cannot_be_audited_fails_closed() -> TestResult {
    let options = pwpush_client::mock::MockOptions {
        max_audit_entries: 3,
        ..Default::default()
    };
    let server = common::server_with(options).await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("s")
        .expire_after_views(10)
        .await?;
    client.pushes().retrieve(push.url_token()).await?;
    client.pushes().retrieve(push.url_token()).await?;
    let third = client.pushes().retrieve(push.url_token()).await?;
    assert!(third.expired && third.payload.is_none());
    Ok(())
}

#[tokio::test]
async fn file_push_stays_readable_on_its_last_view_and_expires_on_the_next_access() -> TestResult {
    let server = server().await;
    let push = owner(&server)
        .pushes()
        .create_file()
        .file("a.txt", b"a".to_vec())
        .expire_after_views(1)
        .await?;
    let viewer = anonymous(&server);
    let last = viewer.pushes().retrieve(push.url_token()).await?;
    assert!(!last.expired && last.files.len() == 1);
    let after = viewer.pushes().retrieve(push.url_token()).await?;
    assert!(after.expired && after.files.is_empty());
    Ok(())
}
