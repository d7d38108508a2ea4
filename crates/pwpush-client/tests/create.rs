//! §10 "Create": defaults, echoes, expiry handling, kinds, files, and checks before sending.

mod common;

use common::{
    TestResult, VERSIONS, anonymous, anonymous_on, builder, owner, owner_on, server, server_with,
};
use pwpush_client::mock::MockOptions;
use pwpush_client::{ExpiryField, Limits, PwPushError};

#[tokio::test]
async fn anonymous_text_push_gets_the_server_defaults() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let push = anonymous_on(&server, version)
            .pushes()
            .create_text("mypassword")
            .await?;
        assert_eq!(push.expire_after_views, Some(5));
        assert_eq!(push.expire_after_days, Some(7));
        assert_eq!(push.views_remaining, Some(5));
        assert_eq!(push.days_remaining, Some(7));
        assert!(!push.expired);
        assert_eq!(push.expired_on, None);
        assert_eq!(push.retrieval_step, Some(true));
        assert_eq!(push.deletable_by_viewer, Some(true));
        assert_eq!(push.deleted, Some(false));
        assert_eq!(
            push.passphrase.as_ref().map(|p| p.expose_secret()),
            Some("")
        );
        assert_eq!(push.name.as_deref(), Some(""));
        assert_eq!(push.note.as_deref(), Some(""));
        assert!(push.payload.is_none(), "a create answer carries no payload");
        assert!(
            push.secret_link()
                .ends_with(&format!("/p/{}/r", push.url_token()))
        );
        assert!(push.expiry_as_requested());
    }
    Ok(())
}

#[tokio::test]
async fn unicode_payload_round_trips() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client.pushes().create_text("£¬").await?;
    let read = client.pushes().retrieve(push.url_token()).await?;
    assert_eq!(read.payload.as_ref().map(|p| p.expose_secret()), Some("£¬"));
    Ok(())
}

#[tokio::test]
async fn deletable_by_viewer_false_is_kept() -> TestResult {
    let server = server().await;
    let push = anonymous(&server)
        .pushes()
        .create_text("s")
        .deletable_by_viewer(false)
        .await?;
    assert_eq!(push.deletable_by_viewer, Some(false));
    Ok(())
}

#[tokio::test]
async fn requested_expiry_is_applied_and_reported_as_such() -> TestResult {
    let server = server().await;
    let push = anonymous(&server)
        .pushes()
        .create_text("s")
        .expire_after_days(1)
        .expire_after_views(5)
        .await?;
    assert_eq!(push.expire_after_days, Some(1));
    assert_eq!(push.days_remaining, Some(1));
    assert_eq!(push.views_remaining, Some(5));
    assert!(push.adjustments.is_empty());
    Ok(())
}

/// The server never refuses an expiry: `Push#set_expire_limits` (pglombardo/PasswordPusher
/// `app/models/push.rb`) replaces an out-of-range value with the instance default. So the client
/// sends it and reports the replacement, rather than refusing what an instance with wider
/// settings would take.
#[tokio::test]
async fn out_of_range_expiry_is_sent_and_the_replacement_reported() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let push = client
        .pushes()
        .create_text("s")
        .expire_after_days(91)
        .expire_after_views(101)
        .await?;
    assert_eq!(push.expire_after_days, Some(7));
    assert_eq!(push.expire_after_views, Some(5));
    assert_eq!(push.adjustments.len(), 2);
    assert_eq!(server.created_count(), 1);
    Ok(())
}

#[tokio::test]
async fn expiry_range_stated_by_the_caller_is_refused_before_sending() -> TestResult {
    let server = server().await;
    let client = builder(&server)
        .limits(
            Limits::default()
                .expire_after_days(1..=90)
                .expire_after_views(1..=100),
        )
        .build()?;
    for result in [
        client.pushes().create_text("s").expire_after_days(91).await,
        client.pushes().create_text("s").expire_after_days(0).await,
        client
            .pushes()
            .create_text("s")
            .expire_after_views(101)
            .await,
    ] {
        let Err(error) = result else {
            return Err("a stated range must be enforced".into());
        };
        assert!(error.is_invalid_request(), "{error}");
    }
    assert_eq!(server.created_count(), 0);
    Ok(())
}

/// A self-hosted server with a narrower range silently uses its default; the client says so.
#[tokio::test]
async fn expiry_replaced_by_the_server_default_is_reported() -> TestResult {
    let options = MockOptions {
        expire_after_days: (7, 1..=30),
        ..MockOptions::default()
    };
    let server = server_with(options).await;
    let push = anonymous(&server)
        .pushes()
        .create_text("s")
        .expire_after_days(60)
        .await?;
    assert_eq!(push.expire_after_days, Some(7));
    assert_eq!(push.adjustments.len(), 1);
    assert_eq!(push.adjustments[0].field, ExpiryField::Days);
    assert_eq!(
        (push.adjustments[0].requested, push.adjustments[0].granted),
        (60, 7)
    );
    Ok(())
}

#[tokio::test]
async fn strict_mode_turns_a_replaced_expiry_into_an_error() -> TestResult {
    let options = MockOptions {
        expire_after_views: (5, 1..=10),
        ..MockOptions::default()
    };
    let server = server_with(options).await;
    let client = builder(&server).strict_expiry(true).build()?;
    let Err(error) = client
        .pushes()
        .create_text("s")
        .expire_after_views(50)
        .await
    else {
        return Err("strict mode must fail".into());
    };
    let pwpush_client::Error::ExpiryAdjusted {
        adjustments, push, ..
    } = &error
    else {
        return Err(format!("unexpected error {error:?}").into());
    };
    assert_eq!(adjustments[0].field, ExpiryField::Views);
    assert_eq!(push.expire_after_views, Some(5));
    Ok(())
}

#[tokio::test]
async fn limits_can_be_widened_for_a_self_hosted_server() -> TestResult {
    let options = MockOptions {
        expire_after_days: (7, 1..=365),
        ..MockOptions::default()
    };
    let server = server_with(options).await;
    let client = builder(&server)
        .limits(Limits::default().expire_after_days(1..=365))
        .build()?;
    let push = client
        .pushes()
        .create_text("s")
        .expire_after_days(200)
        .await?;
    assert_eq!(push.expire_after_days, Some(200));
    Ok(())
}

#[tokio::test]
async fn create_answer_echoes_the_passphrase_in_plain_text() -> TestResult {
    let server = server().await;
    let push = anonymous(&server)
        .pushes()
        .create_text("s")
        .passphrase("asdf")
        .await?;
    assert_eq!(
        push.passphrase.as_ref().map(|p| p.expose_secret()),
        Some("asdf")
    );
    assert!(!format!("{push:?}").contains("asdf"));
    Ok(())
}

#[tokio::test]
async fn url_push_has_no_deletable_by_viewer() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let push = owner_on(&server, version)
            .pushes()
            .create_url("https://example.com/x")
            .await?;
        assert_eq!(push.deletable_by_viewer, None);
    }
    Ok(())
}

#[tokio::test]
async fn url_push_refuses_other_schemes_before_sending() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    for bad in [
        "javascript:alert(1)",
        "data:text/plain,hi",
        "ftp://example.com/f",
        "not a url",
    ] {
        let Err(error) = client.pushes().create_url(bad).await else {
            return Err(format!("{bad} must be refused").into());
        };
        assert!(error.is_invalid_request());
    }
    assert_eq!(server.created_count(), 0);
    Ok(())
}

#[tokio::test]
async fn qr_push_over_1024_characters_is_refused_before_sending() -> TestResult {
    let server = server().await;
    let client = anonymous(&server);
    let Err(error) = client.pushes().create_qr("q".repeat(1025)).await else {
        return Err("an oversized QR payload must be refused".into());
    };
    assert!(error.is_invalid_request());
    client.pushes().create_qr("q".repeat(1024)).await?;
    assert_eq!(server.created_count(), 1);
    Ok(())
}

#[tokio::test]
async fn payload_over_one_mebibyte_of_characters_is_refused_before_sending() -> TestResult {
    let server = server().await;
    let Err(error) = anonymous(&server)
        .pushes()
        .create_text("x".repeat(1_048_577))
        .await
    else {
        return Err("an oversized payload must be refused".into());
    };
    assert!(error.is_invalid_request());
    let Err(error) = anonymous(&server).pushes().create_text("").await else {
        return Err("an empty payload must be refused".into());
    };
    assert!(error.is_invalid_request());
    assert_eq!(server.created_count(), 0);
    Ok(())
}

#[tokio::test]
async fn file_push_needs_a_token_and_is_refused_before_sending_without_one() -> TestResult {
    let server = server().await;
    let Err(error) = anonymous(&server)
        .pushes()
        .create_file()
        .file("a.txt", b"a".to_vec())
        .await
    else {
        return Err("an anonymous file push must be refused".into());
    };
    assert!(error.is_invalid_request());
    assert!(server.requests().is_empty());
    Ok(())
}

#[tokio::test]
async fn file_push_with_a_token_is_created_and_its_files_are_listed_on_read() -> TestResult {
    let server = server().await;
    for version in VERSIONS {
        let client = owner_on(&server, version);
        let push = client
            .pushes()
            .create_file()
            .file("a.txt", b"alpha".to_vec())
            .file_with_type("b.bin", "application/octet-stream", vec![0_u8, 1, 2])
            .payload("see the files")
            .await?;
        let read = client.pushes().retrieve(push.url_token()).await?;
        let names: Vec<_> = read
            .files
            .iter()
            .filter_map(|f| f.filename.as_deref())
            .collect();
        assert_eq!(names, ["a.txt", "b.bin"]);
        assert_eq!(
            read.payload.as_ref().map(|p| p.expose_secret()),
            Some("see the files")
        );
    }
    Ok(())
}

#[tokio::test]
async fn more_than_ten_files_are_refused_before_sending() -> TestResult {
    let server = server().await;
    let mut builder = owner(&server).pushes().create_file();
    for index in 0..11 {
        builder = builder.file(format!("{index}.txt"), b"x".to_vec());
    }
    let Err(error) = builder.await else {
        return Err("11 files must be refused".into());
    };
    assert!(error.is_invalid_request());
    assert_eq!(server.created_count(), 0);
    Ok(())
}

#[tokio::test]
async fn notify_emails_to_on_create_is_echoed() -> TestResult {
    let server = server().await;
    let push = owner(&server)
        .pushes()
        .create_text("s")
        .notify_emails_to("ana@example.com")
        .notify_emails_to_locale("en")
        .await?;
    assert_eq!(push.notify_emails_to.as_deref(), Some("ana@example.com"));
    assert_eq!(push.notify_emails_to_locale.as_deref(), Some("en"));
    Ok(())
}

#[tokio::test]
async fn notify_emails_to_from_an_anonymous_caller_is_a_validation_error() -> TestResult {
    let server = server().await;
    let Err(error) = anonymous(&server)
        .pushes()
        .create_text("s")
        .notify_emails_to("ana@example.com")
        .await
    else {
        return Err("anonymous notify must fail".into());
    };
    let Some(PwPushError::Validation { fields }) = error.detail() else {
        return Err(format!("expected a validation error, got {error:?}").into());
    };
    assert_eq!(
        fields.get("notify_emails_to"),
        Some(&vec!["are not allowed for unknown users".to_owned()])
    );
    Ok(())
}

#[tokio::test]
async fn disabled_url_pushes_answer_a_kind_validation_error() -> TestResult {
    let server = server_with(MockOptions {
        enable_url_pushes: false,
        ..MockOptions::default()
    })
    .await;
    let Err(error) = owner(&server)
        .pushes()
        .create_url("https://example.com")
        .await
    else {
        return Err("URL pushes are off".into());
    };
    let Some(PwPushError::Validation { fields }) = error.detail() else {
        return Err(format!("expected a validation error, got {error:?}").into());
    };
    assert!(fields.contains_key("kind"));
    Ok(())
}
