//! This crate's side of the builder vocabulary: `with_env_from` reads its documented variables
//! through an injected lookup (no test touches the process environment) and a missing credential
//! is named by `build()`. What is the same in all three crates (every shared setter chains, a bad
//! base URL or rate is reported by `build()`, Debug hides the credential) is proven once for all
//! three in tests/one-dialect/tests/same_calls.rs.

use httpmock::prelude::*;
use pwpush_client::{ApiVersion, Client, CoreError, Error, RetryPolicy};

const TOKEN: &str = "pw-token-never-printed";
const EMAIL: &str = "owner@example.org";

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    }
}

fn assert_config_error(error: &Error, names: &str) {
    assert!(
        matches!(error.core(), Some(CoreError::Config { .. })),
        "{error:?}"
    );
    assert!(error.to_string().contains(names), "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

/// Builds from `vars` and retrieves a push from a server that answers 404 `not-found` only to a
/// request carrying `auth` (anything else gets httpmock's bare 404, which is no `not-found`).
async fn retrieve_with_env(vars: &[(&str, &str)], auth: &[(&'static str, String)]) -> Error {
    let server = MockServer::start_async().await;
    let auth = auth.to_vec();
    server
        .mock_async(move |when, then| {
            let mut when = when.method(GET).path("/api/v2/pushes/tok-1");
            for (name, value) in &auth {
                when = when.header(*name, value.as_str());
            }
            then.status(404)
                .header("content-type", "application/json")
                .body(r#"{"error":"not-found"}"#);
        })
        .await;
    let base_url = server.base_url();
    let mut vars = vars.to_vec();
    vars.push(("PWPUSH_BASE_URL", base_url.as_str()));
    let client = Client::builder()
        .with_env_from(env(&vars))
        .api_version(ApiVersion::V2)
        .retry_policy(RetryPolicy::no_retries())
        .no_rate_limit()
        .build()
        .expect("the environment configures a client");
    client.pushes().retrieve("tok-1").await.expect_err("a 404")
}

#[tokio::test]
async fn with_env_from_reads_the_token_as_a_bearer_token_and_the_base_url() {
    let error = retrieve_with_env(
        &[("PWPUSH_TOKEN", TOKEN)],
        &[("authorization", format!("Bearer {TOKEN}"))],
    )
    .await;
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn with_env_from_sends_the_legacy_pair_when_the_email_is_set_too() {
    let error = retrieve_with_env(
        &[("PWPUSH_TOKEN", TOKEN), ("PWPUSH_EMAIL", EMAIL)],
        &[
            ("x-user-email", EMAIL.to_owned()),
            ("x-user-token", TOKEN.to_owned()),
        ],
    )
    .await;
    assert!(error.is_not_found(), "{error:?}");
}

#[test]
fn an_email_without_a_token_is_a_config_error_naming_the_token_variable() {
    let error = Client::builder()
        .with_env_from(env(&[("PWPUSH_EMAIL", EMAIL)]))
        .build()
        .expect_err("a legacy pair needs its token");
    assert_config_error(&error, "PWPUSH_TOKEN");
}

#[test]
fn an_empty_bearer_token_is_a_config_error_naming_the_variable() {
    let error = Client::builder()
        .bearer_token(" ")
        .build()
        .expect_err("an empty token");
    assert_config_error(&error, "PWPUSH_TOKEN");
}

#[test]
fn no_token_in_the_environment_leaves_the_client_anonymous() {
    assert!(Client::builder().with_env_from(|_| None).build().is_ok());
}

#[cfg(feature = "redis-rate-limit")]
#[test]
fn a_redis_rate_limit_without_a_rate_is_reported_by_build() {
    let error = Client::builder()
        .no_rate_limit()
        .redis_rate_limit("redis://127.0.0.1:6379/")
        .build()
        .expect_err("no rate to share");
    assert_config_error(&error, "redis_rate_limit");
}
