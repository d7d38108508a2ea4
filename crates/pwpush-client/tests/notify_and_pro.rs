//! §10 "notify_emails (v2)" and §8, the Pro edition: accounts, account_id, durations, requests.

mod common;

use std::time::Duration;

use common::{TestResult, anonymous, builder, owner, owner_on, server, server_with, with_token};
use pwpush_client::mock::MockOptions;
use pwpush_client::{ApiVersion, Edition, ExpireAfterDuration, PwPushError};

#[tokio::test]
async fn notify_emails_queues_the_link_for_the_owner() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let push = owner.pushes().create_text("s").await?;
    let queued = owner
        .pushes()
        .notify_emails(push.url_token(), "ana@example.com, bo@example.com")
        .locale("en")
        .await?;
    assert_eq!(
        queued.message.as_deref(),
        Some("Recipient(s) are added to the queue to be sent.")
    );
    Ok(())
}

#[tokio::test]
async fn notify_emails_by_someone_else_is_forbidden_and_anonymous_is_unauthenticated() -> TestResult
{
    let server = server().await;
    let push = owner(&server).pushes().create_text("s").await?;
    let stranger = with_token(&server, &server.add_user("eve@example.com"));
    let Err(error) = stranger
        .pushes()
        .notify_emails(push.url_token(), "a@example.com")
        .await
    else {
        return Err("a non-owner must not notify".into());
    };
    assert!(matches!(
        error.detail(),
        Some(PwPushError::Forbidden { .. })
    ));
    let Err(error) = anonymous(&server)
        .pushes()
        .notify_emails(push.url_token(), "a@example.com")
        .await
    else {
        return Err("anonymous must not notify".into());
    };
    assert!(error.is_unauthenticated());
    Ok(())
}

#[tokio::test]
async fn notify_emails_on_a_server_without_email_is_route_not_found() -> TestResult {
    let server = server_with(MockOptions {
        email_notifications: false,
        ..MockOptions::default()
    })
    .await;
    let owner = owner(&server);
    let push = owner.pushes().create_text("s").await?;
    let Err(error) = owner
        .pushes()
        .notify_emails(push.url_token(), "a@example.com")
        .await
    else {
        return Err("the route is off".into());
    };
    assert_eq!(error.detail(), Some(&PwPushError::RouteNotFound));
    Ok(())
}

#[tokio::test]
async fn sixth_notify_within_a_minute_is_rate_limited() -> TestResult {
    let server = server().await;
    let owner = owner(&server);
    let push = owner.pushes().create_text("s").await?;
    for _ in 0..5 {
        owner
            .pushes()
            .notify_emails(push.url_token(), "a@example.com")
            .await?;
    }
    let Err(error) = owner
        .pushes()
        .notify_emails(push.url_token(), "a@example.com")
        .await
    else {
        return Err("the sixth call must be limited".into());
    };
    assert!(matches!(
        error.detail(),
        Some(PwPushError::TooManyNotifications { .. })
    ));
    server.advance_clock(Duration::from_secs(61));
    owner
        .pushes()
        .notify_emails(push.url_token(), "a@example.com")
        .await?;
    Ok(())
}

#[tokio::test]
async fn notify_emails_with_more_than_five_recipients_is_refused_before_sending() -> TestResult {
    let server = server().await;
    let recipients = (0..6)
        .map(|i| format!("u{i}@example.com"))
        .collect::<Vec<_>>()
        .join(",");
    let Err(error) = owner(&server)
        .pushes()
        .notify_emails("abcdefghijk", recipients)
        .await
    else {
        return Err("six recipients must be refused".into());
    };
    assert!(error.is_invalid_request());
    assert!(server.requests().is_empty());
    Ok(())
}

#[tokio::test]
async fn notify_emails_on_api_v1_is_unsupported() -> TestResult {
    let server = server_with(MockOptions::v1_only()).await;
    let Err(error) = owner(&server)
        .pushes()
        .notify_emails("abcdefghijk", "a@example.com")
        .await
    else {
        return Err("v1 has no notify_emails".into());
    };
    assert!(matches!(error, pwpush_client::Error::Unsupported { .. }));
    Ok(())
}

#[tokio::test]
async fn pro_edition_is_detected() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let client = anonymous(&server);
    let info = client.server_info().await?;
    assert!(info.is_pro());
    assert_eq!(client.edition().await?, Some(Edition::Commercial));
    Ok(())
}

#[tokio::test]
async fn pro_accounts_are_listed_on_v2_wrapped_and_on_v1_bare() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let expected = server.account_ids();
    for version in [ApiVersion::V2, ApiVersion::V1] {
        let accounts = owner_on(&server, version).accounts().list().await?;
        let ids: Vec<i64> = accounts.iter().map(|a| a.id).collect();
        assert_eq!(ids, expected);
    }
    Ok(())
}

#[tokio::test]
async fn accounts_on_the_open_source_edition_are_unsupported() -> TestResult {
    let server = server().await;
    let Err(error) = owner(&server).accounts().list().await else {
        return Err("OSS has no accounts".into());
    };
    assert!(matches!(error, pwpush_client::Error::Unsupported { .. }));
    Ok(())
}

#[tokio::test]
async fn pro_push_is_created_in_the_chosen_account() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let account = server.account_ids()[1];
    let push = owner(&server)
        .pushes()
        .create_text("s")
        .account_id(account)
        .await?;
    assert_eq!(push.account_id, Some(account));
    Ok(())
}

#[tokio::test]
async fn unknown_account_id_is_a_validation_error() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let Err(error) = owner(&server)
        .pushes()
        .create_text("s")
        .account_id(424_242)
        .await
    else {
        return Err("an unknown account must fail".into());
    };
    let Some(PwPushError::Validation { fields }) = error.detail() else {
        return Err(format!("expected a validation error, got {error:?}").into());
    };
    assert!(fields.contains_key("account_id"));
    Ok(())
}

#[tokio::test]
async fn days_are_sent_as_a_duration_code_on_pro() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let push = owner(&server)
        .pushes()
        .create_text("s")
        .expire_after_days(7)
        .await?;
    assert_eq!(
        push.expire_after_duration,
        Some(ExpireAfterDuration::OneWeek.code())
    );
    assert!(push.adjustments.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_day_count_without_a_pro_duration_is_refused_before_sending() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let Err(error) = owner(&server)
        .pushes()
        .create_text("s")
        .expire_after_days(8)
        .await
    else {
        return Err("8 days has no duration code".into());
    };
    assert!(error.is_invalid_request());
    assert_eq!(server.created_count(), 0);
    Ok(())
}

#[tokio::test]
async fn pro_duration_expires_the_push_when_it_is_up() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let client = owner(&server);
    let push = client
        .pushes()
        .create_text("s")
        .expire_after_duration(ExpireAfterDuration::FifteenMinutes)
        .await?;
    assert_eq!(push.expire_after_duration, Some(0));
    server.advance_clock(Duration::from_secs(16 * 60));
    assert!(
        anonymous(&server)
            .pushes()
            .retrieve(push.url_token())
            .await?
            .expired
    );
    Ok(())
}

#[tokio::test]
async fn duration_and_account_id_on_the_open_source_edition_are_unsupported() -> TestResult {
    let server = server().await;
    let client = owner(&server);
    let duration = client
        .pushes()
        .create_text("s")
        .expire_after_duration(ExpireAfterDuration::OneDay)
        .await;
    assert!(matches!(
        duration,
        Err(pwpush_client::Error::Unsupported { .. })
    ));
    let account = client.pushes().create_text("s").account_id(1).await;
    assert!(matches!(
        account,
        Err(pwpush_client::Error::Unsupported { .. })
    ));
    assert_eq!(server.created_count(), 0);
    Ok(())
}

#[tokio::test]
async fn pro_secret_request_is_created() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let request = owner(&server)
        .requests()
        .create("Please send the VPN credentials")
        .close_after(ExpireAfterDuration::OneDay)
        .account_id(server.account_ids()[0])
        .await?;
    assert_eq!(request.close_after_duration, Some(6));
    assert!(request.html_url.is_some());
    assert_eq!(server.secret_requests_count(), 1);
    Ok(())
}

#[tokio::test]
async fn secret_requests_need_a_token_and_the_pro_edition() -> TestResult {
    let pro = server_with(MockOptions::pro()).await;
    let anonymous_call = anonymous(&pro).requests().create("x").await;
    assert!(matches!(anonymous_call, Err(e) if e.is_invalid_request()));
    let oss = server().await;
    let oss_call = builder(&oss)
        .bearer_token(oss.token())
        .build()?
        .requests()
        .create("x")
        .await;
    assert!(matches!(
        oss_call,
        Err(pwpush_client::Error::Unsupported { .. })
    ));
    Ok(())
}
