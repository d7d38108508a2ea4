//! §10 "Delete" and §6.4: who may expire a push, and what it looks like afterwards.

mod common;

use common::{TestResult, VERSIONS, anonymous, anonymous_on, owner, owner_on, server, with_token};
use pwpush_client::PwPushError;

#[tokio::test]
async fn anonymous_delete_of_a_deletable_push_expires_it() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let client = anonymous_on(&server, version);
        let push = client.pushes().create_text("s").await?;
        let deleted = client.pushes().expire(push.url_token()).await?;
        assert!(deleted.expired);
        assert_eq!(deleted.deleted, Some(true));
        assert!(deleted.expired_on.is_some());
        assert!(deleted.passphrase.is_none());
        assert!(deleted.payload.is_none());
        let read = client.pushes().retrieve(push.url_token()).await?;
        assert!(read.expired && read.payload.is_none());
        assert_eq!(read.deleted, Some(true));
        assert_eq!(
            read.views_remaining,
            Some(4),
            "a read after expiry still counts"
        );
    }
    Ok(())
}

#[tokio::test]
async fn viewer_cannot_delete_a_push_that_is_not_deletable() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("keep")
        .deletable_by_viewer(false)
        .passphrase("pw")
        .await?;
    let Err(error) = client.pushes().expire(push.url_token()).await else {
        return Err("a viewer must not delete".into());
    };
    assert!(
        matches!(error.detail(), Some(PwPushError::NotDeletable { .. })),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let read = client
        .pushes()
        .retrieve(push.url_token())
        .passphrase("pw")
        .await?;
    assert_eq!(
        read.payload.as_ref().map(|p| p.expose_secret()),
        Some("keep")
    );
    Ok(())
}

#[tokio::test]
async fn owner_deletes_a_push_viewers_may_not() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let owner = owner_on(&server, version);
        let push = owner
            .pushes()
            .create_text("s")
            .deletable_by_viewer(false)
            .await?;
        assert!(owner.pushes().expire(push.url_token()).await?.expired);
    }
    Ok(())
}

#[tokio::test]
async fn authenticated_non_owner_cannot_delete_a_push_that_is_not_deletable() -> TestResult {
    let server = server().await;
    let push = owner(&server)
        .pushes()
        .create_text("s")
        .deletable_by_viewer(false)
        .await?;
    let stranger = with_token(&server, &server.add_user("eve@example.com"));
    let Err(error) = stranger.pushes().expire(push.url_token()).await else {
        return Err("a non-owner must not delete".into());
    };
    assert!(matches!(
        error.detail(),
        Some(PwPushError::NotDeletable { .. })
    ));
    Ok(())
}

#[tokio::test]
async fn owner_deletes_a_url_push() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let push = owner
        .pushes()
        .create_url("https://example.com/secret")
        .await?;
    let deleted = owner.pushes().expire(push.url_token()).await?;
    assert!(deleted.expired);
    assert_eq!(deleted.deletable_by_viewer, None);
    Ok(())
}

#[tokio::test]
async fn nobody_but_the_owner_deletes_a_url_push() -> TestResult {
    let server = server().await;
    let push = owner(&server)
        .pushes()
        .create_url("https://example.com/secret")
        .await?;
    let Err(error) = anonymous(&server).pushes().expire(push.url_token()).await else {
        return Err("URL pushes are never deletable by viewers".into());
    };
    assert!(matches!(
        error.detail(),
        Some(PwPushError::NotDeletable { .. })
    ));
    Ok(())
}
