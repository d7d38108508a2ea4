//! The mock decides who is calling exactly as the server does
//! (pglombardo/PasswordPusher `app/controllers/api/base_controller.rb`): the legacy
//! `X-User-Email` + `X-User-Token` pair only when both are present, and then it wins over
//! `Authorization`; otherwise the last word of `Authorization`; and any `Authorization` or
//! `X-User-Token` that resolves to nobody is an empty 401 everywhere but the version endpoints.
//! Cases follow `test/controllers/api/base_controller_test.rb`.

mod common;

use api_core::{HeaderName, HeaderValue, RetryPolicy};
use common::{TestResult, server};
use pwpush_client::mock::MockPwPush;
use pwpush_client::{ApiVersion, Client};

/// An anonymous client that sends exactly these headers, as another client might.
fn sending(
    server: &MockPwPush,
    headers: &[(&'static str, &str)],
) -> Result<Client, pwpush_client::Error> {
    let mut builder = Client::builder()
        .base_url(server.base_url())
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .api_version(ApiVersion::V2);
    for (name, value) in headers {
        let value = HeaderValue::from_str(value).map_err(|_| {
            pwpush_client::Error::Core(api_core::Error::Config {
                message: "bad test header".to_owned(),
            })
        })?;
        let name = HeaderName::from_static(name);
        builder = builder.default_header(name, value);
    }
    builder.build()
}

/// Lists need a user: success means the headers named one.
async fn lists_as_a_user(client: &Client) -> Result<bool, pwpush_client::Error> {
    match client.pushes().active().send().await {
        Ok(_) => Ok(true),
        Err(error) if error.is_unauthenticated() => Ok(false),
        Err(error) => Err(error),
    }
}

#[tokio::test]
async fn legacy_pair_wins_over_a_conflicting_bearer() -> TestResult {
    let server = server().await;
    let token = server.token().to_owned();
    let email = server.user_email().to_owned();
    let client = sending(
        &server,
        &[
            ("x-user-email", &email),
            ("x-user-token", &token),
            ("authorization", "Bearer other_token_456"),
        ],
    )?;
    assert!(lists_as_a_user(&client).await?);
    Ok(())
}

/// The pair is used whenever both halves are present, so a bad legacy token is refused even
/// beside a valid Bearer.
#[tokio::test]
async fn bad_legacy_pair_is_refused_even_beside_a_valid_bearer() -> TestResult {
    let server = server().await;
    let bearer = format!("Bearer {}", server.token());
    let email = server.user_email().to_owned();
    let client = sending(
        &server,
        &[
            ("x-user-email", &email),
            ("x-user-token", "invalid_token"),
            ("authorization", &bearer),
        ],
    )?;
    assert!(!lists_as_a_user(&client).await?);
    Ok(())
}

/// Without `X-User-Email` the legacy token is not read; the Bearer decides.
#[tokio::test]
async fn legacy_token_without_email_leaves_the_bearer_in_charge() -> TestResult {
    let server = server().await;
    let bearer = format!("Bearer {}", server.token());
    let with_bearer = sending(
        &server,
        &[("x-user-token", "anything"), ("authorization", &bearer)],
    )?;
    assert!(lists_as_a_user(&with_bearer).await?);

    // Alone, even a valid legacy token is refused ("rejects legacy token when X-User-Email is
    // missing"), and the refusal covers public reads too.
    let token = server.token().to_owned();
    let alone = sending(&server, &[("x-user-token", &token)])?;
    assert!(!lists_as_a_user(&alone).await?);
    let Err(error) = alone.pushes().create_text("s").await else {
        return Err("a token that names nobody must be refused on a public create".into());
    };
    assert!(error.is_unauthenticated());
    Ok(())
}

/// `X-User-Email` alone sends no token: the caller is anonymous, so public actions work and the
/// lists answer 401.
#[tokio::test]
async fn email_alone_is_anonymous() -> TestResult {
    let server = server().await;
    let email = server.user_email().to_owned();
    let client = sending(&server, &[("x-user-email", &email)])?;
    let push = client.pushes().create_text("s").await?;
    assert!(push.url_token().len() >= 11);
    assert!(!lists_as_a_user(&client).await?);
    Ok(())
}

/// The last whitespace-separated word of `Authorization` is the token.
#[tokio::test]
async fn authorization_without_scheme_or_with_extra_spaces_still_authenticates() -> TestResult {
    let server = server().await;
    let bare = server.token().to_owned();
    let spaced = format!("Bearer    {}", server.token());
    for value in [bare.as_str(), spaced.as_str()] {
        let client = sending(&server, &[("authorization", value)])?;
        assert!(lists_as_a_user(&client).await?, "{value:?}");
    }
    let wrong = sending(&server, &[("authorization", "invalid_format_token")])?;
    assert!(!lists_as_a_user(&wrong).await?);
    Ok(())
}

#[tokio::test]
async fn empty_bearer_is_refused_even_on_a_public_create_but_not_on_version() -> TestResult {
    let server = server().await;
    let client = sending(&server, &[("authorization", "Bearer ")])?;
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("an empty Bearer must be refused".into());
    };
    assert!(error.is_unauthenticated());
    assert_eq!(
        error
            .core()
            .and_then(|e| e.api_error())
            .map(|a| a.body.as_str()),
        Some("")
    );
    let version = client.raw().version().v2().await?;
    assert!(version.api_version.is_some());
    Ok(())
}
