//! The same calls against all three client crates: one macro body, expanded once per crate, builds
//! a client with the shared setters, reads one from (an injected) environment, steers the crate's
//! mock with the shared mock kit, and asks the errors the same questions. If a crate drifted from the
//! shared vocabulary (a renamed setter, a question missing, a mock without `client()`), this file
//! would stop compiling for that crate alone.
//!
//! The package has no `api-core` dependency: every name used here comes from a client crate.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// An interceptor, written against each crate's re-exports, that counts attempts.
macro_rules! count_attempts {
    ($sdk:ident) => {
        #[derive(Debug, Default)]
        struct CountAttempts(AtomicUsize);

        impl $sdk::Interceptor for CountAttempts {
            fn before_attempt(
                &self,
                _: &$sdk::AttemptContext<'_>,
                _: &mut $sdk::reqwest::header::HeaderMap,
            ) {
                self.0.fetch_add(1, Ordering::Relaxed);
            }
        }
    };
}

macro_rules! one_dialect {
    (
        mod $name:ident = $sdk:ident {
            mock: $Mock:ty,
            credential_var: $credential_var:expr => $credential_name:literal,
            base_url_var: $base_url_name:literal,
            credential: |$m:ident| $credential:expr,
            call: |$client:ident| $call:expr,
        }
    ) => {
        mod $name {
            use super::*;

            count_attempts!($sdk);
            use $sdk::mock::{Fault, RecordedRequest};
            use $sdk::{
                BASE_URL_VAR, Client, ClientBuilder, Clock, HeaderName, HeaderValue, RetryPolicy,
                StatusCode, TokenBucket,
            };

            async fn call(client: &Client) -> Result<(), $sdk::Error> {
                let $client = client;
                $call.map(|_| ())
            }

            /// A client of the mock that gives up at the first error, warmed by one successful call
            /// (pwpush learns the server's version on its first call: a fault must not meet that).
            async fn no_retries(mock: &$Mock) -> Client {
                let client = mock
                    .client_builder()
                    .retry_policy(RetryPolicy::no_retries())
                    .no_rate_limit()
                    .build()
                    .expect("the mock's own settings build");
                call(&client).await.expect("the mock serves the first call");
                client
            }

            const KEY: &str = "credential-never-printed";

            /// A builder holding only the credential, given the one way all three crates share.
            fn with_credential() -> ClientBuilder {
                Client::builder()
                    .with_env_from(|name| (name == $credential_var).then(|| KEY.to_owned()))
            }

            fn assert_config_error(error: &$sdk::Error, says: &str) {
                assert!(
                    error
                        .to_string()
                        .starts_with("invalid client configuration"),
                    "{error}"
                );
                assert!(error.to_string().contains(says), "{error}");
                let shown = format!("{error} {error:?}");
                assert!(!shown.contains(KEY), "{shown}");
            }

            /// The names the crate's README documents, which users put in their deployments.
            #[test]
            fn the_variables_read_from_the_environment_are_the_documented_ones() {
                assert_eq!($credential_var, $credential_name);
                assert_eq!(BASE_URL_VAR, $base_url_name);
            }

            /// The passthrough list of docs/architecture.md, in its order.
            #[test]
            fn every_shared_setter_chains_and_builds() {
                let client = with_credential()
                    .base_url("http://127.0.0.1:9")
                    .allow_insecure_http(false)
                    .user_agent_suffix("one-dialect/0.1")
                    .default_header(
                        HeaderName::from_static("x-job"),
                        HeaderValue::from_static("nightly"),
                    )
                    .connect_timeout(Duration::from_secs(3))
                    .attempt_timeout(Duration::from_secs(10))
                    .overall_timeout(Duration::from_secs(60))
                    .retry_policy(RetryPolicy::new().max_attempts(2))
                    .configure_http(|http| http)
                    .interceptor(Arc::new(CountAttempts::default()))
                    .max_response_bytes(1 << 20)
                    .clock(Clock::tokio())
                    .rate_limit(5.0, 5)
                    .rate_limiter(Arc::new(TokenBucket::new(5.0, 5)))
                    .no_rate_limit()
                    .build();
                assert!(client.is_ok(), "{client:?}");
            }

            #[test]
            fn a_bad_base_url_is_reported_by_build_not_by_the_setter() {
                for (url, says) in [
                    ("http://example.com", "https"),
                    ("not a url", "not a valid URL"),
                    ("https://example.com/?key=1", "query"),
                ] {
                    // The setter hands the builder back: the chain goes on and `build()` refuses.
                    let error = with_credential().base_url(url).build().expect_err(url);
                    assert_config_error(&error, says);
                }
                let from_env = Client::builder()
                    .with_env_from(|name| match name {
                        n if n == $credential_var => Some(KEY.to_owned()),
                        n if n == BASE_URL_VAR => Some("ftp://example.com".to_owned()),
                        _ => None,
                    })
                    .build()
                    .expect_err("an ftp URL");
                assert_config_error(&from_env, "scheme");
            }

            #[test]
            fn variables_that_are_not_set_leave_the_builder_as_it_was() {
                let builder = with_credential().with_env_from(|_| None);
                assert!(
                    !format!("{builder:?}").contains(KEY),
                    "the builder's Debug hides the credential"
                );
                assert!(builder.build().is_ok());
            }

            #[test]
            fn an_invalid_rate_limit_is_reported_by_build() {
                let error = with_credential()
                    .rate_limit(0.0, 10)
                    .build()
                    .expect_err("a zero rate");
                assert_config_error(&error, "rate");
            }

            #[tokio::test]
            async fn a_client_from_the_environment_reaches_the_mock_with_its_credential() {
                let $m = <$Mock>::start().await.expect("mock starts");
                let credential = ($credential).to_owned();
                let base_url = $m.base_url().to_owned();
                let client = Client::builder()
                    .with_env_from(|name| match name {
                        n if n == $credential_var => Some(credential.clone()),
                        n if n == BASE_URL_VAR => Some(base_url.clone()),
                        _ => None,
                    })
                    .build()
                    .expect("a complete environment builds");

                call(&client)
                    .await
                    .expect("the mock serves a client built from the environment");

                let recorded: Vec<RecordedRequest> = $m.requests();
                assert_eq!(recorded.len(), $m.request_count());
                assert!(!recorded.is_empty());
                for request in &recorded {
                    for (header, value) in &request.headers {
                        assert!(
                            !value.contains(&credential),
                            "the recording of {header} must not hold the credential"
                        );
                    }
                }
            }

            #[tokio::test]
            async fn a_throttled_answer_is_rate_limited_with_its_retry_after() {
                let mock = <$Mock>::start().await.expect("mock starts");
                let client = no_retries(&mock).await;
                mock.inject(Fault::throttled(7));
                let error = call(&client).await.expect_err("the fault answers 429");

                assert!(error.is_rate_limited(), "{error}");
                assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
                assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
                assert!(!error.is_not_found() && !error.is_unauthorized());
                assert!(!error.is_invalid_request() && !error.is_timeout());
            }

            #[tokio::test]
            async fn a_401_is_unauthorized_and_a_server_error_may_have_been_processed() {
                let mock = <$Mock>::start().await.expect("mock starts");
                let client = no_retries(&mock).await;

                mock.inject(Fault::status(401));
                let unauthorized = call(&client).await.expect_err("the fault answers 401");
                assert!(unauthorized.is_unauthorized(), "{unauthorized}");
                assert_eq!(unauthorized.status(), Some(StatusCode::UNAUTHORIZED));
                assert!(!unauthorized.is_rate_limited());

                mock.inject(Fault::status(500));
                let failed = call(&client).await.expect_err("the fault answers 500");
                assert_eq!(failed.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
                assert!(failed.may_have_been_processed(), "{failed}");
                assert!(!failed.is_unauthorized() && !failed.is_not_found());
            }

            #[tokio::test]
            async fn a_mock_handle_moved_into_a_task_steers_the_same_server() {
                let mock = <$Mock>::start().await.expect("mock starts");
                let client = no_retries(&mock).await;
                let before = mock.request_count();
                let handle = mock.clone();
                tokio::spawn(async move {
                    handle.inject(Fault::status(503).times(1));
                    handle.advance_clock(Duration::from_secs(1));
                })
                .await
                .expect("the task ran");

                let error = call(&client)
                    .await
                    .expect_err("the injected fault answers first");
                assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
                call(&client)
                    .await
                    .expect("after one fault the mock serves normally");
                assert_eq!(mock.request_count(), before + 2);
            }
        }
    };
}

one_dialect! {
    mod pushauth = pushauth_client {
        mock: pushauth_client::mock::MockPushAuth,
        credential_var: pushauth_client::API_KEY_VAR => "PUSHAUTH_API_KEY",
        base_url_var: "PUSHAUTH_BASE_URL",
        credential: |mock| mock.api_key(),
        call: |client| client.sessions().create("user-42").await,
    }
}

one_dialect! {
    mod pwpush = pwpush_client {
        mock: pwpush_client::mock::MockPwPush,
        credential_var: pwpush_client::TOKEN_VAR => "PWPUSH_TOKEN",
        base_url_var: "PWPUSH_BASE_URL",
        credential: |mock| mock.token(),
        call: |client| client.pushes().create_text("s3cr3t").await,
    }
}

one_dialect! {
    mod push_security = push_security_client {
        mock: push_security_client::mock::MockPushSecurity,
        credential_var: push_security_client::API_KEY_VAR => "PUSH_SECURITY_API_KEY",
        base_url_var: "PUSH_SECURITY_BASE_URL",
        credential: |mock| mock.full_access_key(),
        call: |client| client.findings().list().send().await,
    }
}

/// The claim in this package's manifest, checked: it depends on the client crates only.
#[test]
fn this_program_has_no_api_core_dependency_of_its_own() {
    let manifest = include_str!("../Cargo.toml");
    let dependency_lines = manifest
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter(|line| line.contains("workspace = true") || line.contains("version ="));
    for line in dependency_lines {
        assert!(
            !line.trim_start().starts_with("api-core"),
            "one-dialect must reach everything through the client crates: {line}"
        );
    }
}
