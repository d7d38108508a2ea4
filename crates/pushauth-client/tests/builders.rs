//! The builder vocabulary shared by the three clients (docs/architecture.md): every setter chains,
//! mistakes surface from `build()` naming the setter or variable, and `with_env_from` reads the
//! documented variables through an injected lookup (no test touches the process environment).

use std::sync::Arc;
use std::time::Duration;

use httpmock::prelude::*;
use pushauth_client::{
    Client, Clock, CoreError, Error, HeaderName, HeaderValue, RetryPolicy, TokenBucket,
};

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

#[test]
fn variables_that_are_not_set_leave_the_builder_as_it_was() {
    let builder = Client::builder().api_key(KEY).with_env_from(|_| None);
    assert!(builder.build().is_ok());
}

#[test]
fn a_bad_base_url_is_reported_by_build_not_by_the_setter() {
    for (url, says) in [
        ("http://example.com", "https"),
        ("not a url", "not a valid URL"),
        ("https://example.com/?key=1", "query"),
    ] {
        // The setter returns the builder: the chain goes on, `build()` refuses.
        let error = Client::builder()
            .base_url(url)
            .api_key(KEY)
            .build()
            .expect_err(url);
        assert_config_error(&error, says);
    }
    let from_env = Client::builder()
        .with_env_from(env(&[
            ("PUSHAUTH_API_KEY", KEY),
            ("PUSHAUTH_BASE_URL", "ftp://example.com"),
        ]))
        .build()
        .expect_err("an ftp URL");
    assert_config_error(&from_env, "scheme");
}

#[test]
fn the_builder_debug_shows_no_key() {
    let builder = Client::builder().api_key(KEY);
    assert!(!format!("{builder:?}").contains(KEY));
}

#[test]
fn an_invalid_rate_limit_is_reported_by_build() {
    let error = Client::builder()
        .api_key(KEY)
        .rate_limit(0.0, 10)
        .build()
        .expect_err("a zero rate");
    assert_config_error(&error, "rate");
}

/// The passthrough list of docs/architecture.md, in the same order in the three crates' tests.
#[test]
fn every_shared_setter_chains_and_builds() {
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9")
        .allow_insecure_http(false)
        .user_agent_suffix("builders-test/1")
        .default_header(
            HeaderName::from_static("x-job"),
            HeaderValue::from_static("nightly"),
        )
        .connect_timeout(Duration::from_secs(3))
        .attempt_timeout(Duration::from_secs(10))
        .overall_timeout(Duration::from_secs(60))
        .retry_policy(RetryPolicy::no_retries())
        .configure_http(|http| http)
        .max_response_bytes(1 << 20)
        .clock(Clock::tokio())
        .rate_limit(5.0, 5)
        .rate_limiter(Arc::new(TokenBucket::new(5.0, 5)))
        .no_rate_limit()
        .build();
    assert!(client.is_ok(), "{client:?}");
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
