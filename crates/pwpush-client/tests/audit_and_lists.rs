//! §10 "Audit" and "Lists": owner-only logs and lists, their order, content and paging.

mod common;

use std::time::Duration;

use common::{TestResult, VERSIONS, anonymous, owner, owner_on, server, with_token};
use futures::TryStreamExt;
use pwpush_client::{AuditKind, PwPushError};

fn kinds(events: &[pwpush_client::AuditEvent]) -> Vec<AuditKind> {
    events.iter().filter_map(|e| e.kind.clone()).collect()
}

#[tokio::test]
async fn audit_lists_creation_views_and_failed_view_oldest_first() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let owner = owner_on(&server, version);
        let push = owner
            .pushes()
            .create_text("s")
            .expire_after_views(2)
            .await?;
        let viewer = anonymous(&server);
        for _ in 0..3 {
            viewer.pushes().retrieve(push.url_token()).await?;
        }
        let events = owner.pushes().audit(push.url_token()).await?;
        assert_eq!(
            kinds(&events),
            [
                AuditKind::Creation,
                AuditKind::View,
                AuditKind::View,
                AuditKind::FailedView
            ]
        );
        assert!(
            events
                .iter()
                .all(|e| e.ip.as_deref() == Some("127.0.0.1") && e.referrer.as_deref() == Some(""))
        );
        assert!(events.iter().all(|e| e.created_at.is_some()));
    }
    Ok(())
}

#[tokio::test]
async fn audit_records_failed_passphrase_and_expire() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let viewer = anonymous(&server);
    let push = owner
        .pushes()
        .create_text("s")
        .passphrase("pw")
        .expire_after_views(5)
        .await?;
    viewer
        .pushes()
        .retrieve(push.url_token())
        .passphrase("pw")
        .await?;
    viewer
        .pushes()
        .retrieve(push.url_token())
        .passphrase("pw")
        .await?;
    let _ = viewer.pushes().retrieve(push.url_token()).await;
    owner.pushes().expire(push.url_token()).await?;
    viewer.pushes().retrieve(push.url_token()).await?;
    viewer.pushes().retrieve(push.url_token()).await?;
    let events = owner.pushes().audit(push.url_token()).await?;
    assert_eq!(
        kinds(&events),
        [
            AuditKind::Creation,
            AuditKind::View,
            AuditKind::View,
            AuditKind::FailedPassphrase,
            AuditKind::Expire,
            AuditKind::FailedView,
            AuditKind::FailedView,
        ]
    );
    Ok(())
}

#[tokio::test]
async fn audit_needs_a_token_even_for_an_anonymous_push() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client.pushes().create_text("s").await?;
    let Err(error) = client.pushes().audit(push.url_token()).await else {
        return Err("an anonymous audit must fail".into());
    };
    assert!(error.is_unauthenticated());
    Ok(())
}

#[tokio::test]
async fn audit_by_someone_else_is_forbidden() -> TestResult {
    let server = server().await;
    let push = owner(&server).pushes().create_text("s").await?;
    let stranger = with_token(&server, &server.add_user("eve@example.com"));
    let Err(error) = stranger.pushes().audit(push.url_token()).await else {
        return Err("a non-owner audit must fail".into());
    };
    assert!(
        matches!(error.detail(), Some(PwPushError::Forbidden { .. })),
        "{error:?}"
    );
    Ok(())
}

#[tokio::test]
async fn audit_streams_across_pages_of_fifty() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let push = owner
        .pushes()
        .create_text("s")
        .expire_after_views(100)
        .await?;
    let viewer = anonymous(&server);
    for _ in 0..60 {
        viewer.pushes().retrieve(push.url_token()).await?;
    }
    let first = owner.pushes().audit(push.url_token()).await?;
    assert_eq!(first.len(), 50);
    let second = owner.pushes().audit(push.url_token()).page(2).await?;
    assert_eq!(second.len(), 11);
    let all: Vec<_> = owner
        .pushes()
        .audit(push.url_token())
        .items()
        .try_collect()
        .await?;
    assert_eq!(all.len(), 61);
    assert_eq!(
        all.first().and_then(|e| e.kind.clone()),
        Some(AuditKind::Creation)
    );
    Ok(())
}

#[tokio::test]
async fn page_above_200_is_refused_before_sending() -> TestResult {
    let server = server().await;
    let Err(error) = owner(&server).pushes().active().page(201).await else {
        return Err("page 201 must be refused".into());
    };
    assert!(error.is_invalid_request());
    assert!(server.requests().iter().all(|r| !r.path.contains("active")));
    Ok(())
}

/// `validate_page_parameter` in pglombardo/PasswordPusher `app/controllers/api/v1/pushes_controller.rb`
/// reads a page below 1 as 1 (tests: `page=0` and `page=-1` answer 200), so the client does not
/// refuse it either.
#[tokio::test]
async fn page_below_1_is_read_as_the_first_page_as_the_server_does() -> TestResult {
    let server = server().await;
    let client = owner(&server);
    let push = client.pushes().create_text("s").await?;
    for page in [0, -1] {
        let listed = client.pushes().active().page(page).await?;
        assert_eq!(listed.len(), 1, "page {page}");
        let audit = client.pushes().audit(push.url_token()).page(page).await?;
        assert!(!audit.is_empty(), "page {page}");
    }
    Ok(())
}

#[tokio::test]
async fn email_notification_audit_entry_carries_its_delivery_state() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let push = owner
        .pushes()
        .create_text("s")
        .notify_emails_to("ana@example.com")
        .await?;
    let pending = owner.pushes().audit(push.url_token()).await?;
    let entry = pending
        .iter()
        .find(|e| e.kind == Some(AuditKind::CreationEmailSend))
        .ok_or("no e-mail entry")?;
    let notice = entry.notify_by_email.as_ref().ok_or("no notify_by_email")?;
    assert_eq!(notice.status.as_ref().map(|s| s.as_str()), Some("pending"));
    assert_eq!(notice.proceed_at, None);
    server.complete_email_notifications();
    let done = owner.pushes().audit(push.url_token()).await?;
    let entry = done
        .iter()
        .find(|e| e.kind == Some(AuditKind::CreationEmailSend))
        .ok_or("no e-mail entry")?;
    let notice = entry.notify_by_email.as_ref().ok_or("no notify_by_email")?;
    assert_eq!(
        notice.status.as_ref().map(|s| s.as_str()),
        Some("completed")
    );
    assert_eq!(notice.successful_sends.as_deref(), Some("ana@example.com"));
    assert!(notice.proceed_at.is_some());
    Ok(())
}

#[tokio::test]
async fn active_list_shows_name_and_note_but_no_payload() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let owner = owner_on(&server, version);
        let push = owner
            .pushes()
            .create_text("s")
            .name("db")
            .note("for ops")
            .await?;
        let active = owner.pushes().active().await?;
        let listed = active
            .iter()
            .find(|p| p.url_token.expose_secret() == push.url_token())
            .ok_or("the new push is not listed")?;
        assert_eq!(listed.name.as_deref(), Some("db"));
        assert_eq!(listed.note.as_deref(), Some("for ops"));
        assert!(listed.payload.is_none());
        assert!(!listed.expired);
        assert_eq!(
            listed.passphrase.as_ref().map(|p| p.expose_secret()),
            Some("")
        );
    }
    Ok(())
}

#[tokio::test]
async fn expired_list_shows_deleted_pushes_with_name_and_note_kept() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let push = owner.pushes().create_text("s").name("gone").await?;
    owner.pushes().expire(push.url_token()).await?;
    let expired = owner.pushes().expired().await?;
    let listed = expired.first().ok_or("nothing expired")?;
    assert_eq!(listed.url_token.expose_secret(), push.url_token());
    assert!(listed.expired && listed.deleted == Some(true) && listed.passphrase.is_none());
    assert_eq!(listed.name.as_deref(), Some("gone"));
    assert!(owner.pushes().active().await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn sixty_pushes_stream_across_two_pages_without_overlap() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    for index in 0..60 {
        owner
            .pushes()
            .create_text(format!("secret {index}"))
            .await?;
    }
    let first = owner.pushes().active().await?;
    assert_eq!(first.len(), 50);
    let second = owner.pushes().active().page(2).await?;
    assert_eq!(second.len(), 10);
    let all: Vec<_> = owner.pushes().active().items().try_collect().await?;
    let mut tokens: Vec<_> = all
        .iter()
        .map(|p| p.url_token.expose_secret().to_owned())
        .collect();
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 60);
    assert!(all.iter().all(|p| !p.expired));
    Ok(())
}

#[tokio::test]
async fn pushes_whose_days_ran_out_move_to_the_expired_list() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    owner.pushes().create_text("s").expire_after_days(1).await?;
    server.advance_clock(Duration::from_secs(2 * 86_400));
    assert!(owner.pushes().active().await?.is_empty());
    assert_eq!(owner.pushes().expired().await?.len(), 1);
    Ok(())
}
