//! This crate's side of the builder vocabulary: `with_env_from` reads its documented variables
//! through an injected lookup (no test touches the process environment) and a missing credential
//! is named by `build()`. What is the same in all three crates (every shared setter chains, a bad
//! base URL or rate is reported by `build()`, Debug hides the credential) is proven once for all
//! three in tests/one-dialect/tests/same_calls.rs.

use httpmock::prelude::*;
use pushauth_client::{Client, CoreError, Error, RetryPolicy};

const KEY: &str = "pushauth-key-never-printed";

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    }
}

fn assert_config_error(error: &Error, names: &str) {
    assert!(
        matches!(error.core(), CoreError::Config { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains(names), "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(KEY), "{shown}");
}

#[tokio::test]
async fn with_env_from_reads_the_api_key_and_the_base_url() {
    let server = MockServer::start_async().await;
    let answered = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/push/sessions/s-1")
                .header("x-api-key", KEY);
            then.status(404);
        })
        .await;
    let base_url = server.base_url();
    let vars = [
        ("PUSHAUTH_API_KEY", KEY),
        ("PUSHAUTH_BASE_URL", base_url.as_str()),
    ];
    let client = Client::builder()
        .with_env_from(env(&vars))
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .expect("the environment configures a client");
    let error = client.sessions().get("s-1").await.expect_err("a 404");
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(answered.calls_async().await, 1);
}

#[test]
fn a_missing_api_key_is_a_config_error_naming_the_variable() {
    let error = Client::builder()
        .with_env_from(|_| None)
        .build()
        .expect_err("no key");
    assert_config_error(&error, "PUSHAUTH_API_KEY");
    let empty = Client::builder()
        .with_env_from(env(&[("PUSHAUTH_API_KEY", "  ")]))
        .build()
        .expect_err("an empty key is no key");
    assert_config_error(&empty, "PUSHAUTH_API_KEY");
}

#[cfg(feature = "redis-rate-limit")]
#[test]
fn a_redis_rate_limit_without_a_rate_is_reported_by_build_as_pushauth_has_no_default_rate() {
    let error = Client::builder()
        .api_key(KEY)
        .redis_rate_limit("redis://127.0.0.1:6379/")
        .build()
        .expect_err("no rate to share");
    assert_config_error(&error, "redis_rate_limit");
}
