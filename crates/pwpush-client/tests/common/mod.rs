//! Shared setup of the behaviour tests: a mock server and clients that talk to it.
#![allow(dead_code)] // each test binary uses a different part of this module

use api_core::RetryPolicy;
use pwpush_client::mock::{MockOptions, MockPwPush};
use pwpush_client::{ApiVersion, Client, ClientBuilder};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub async fn server() -> MockPwPush {
    server_with(MockOptions::default()).await
}

pub async fn server_with(options: MockOptions) -> MockPwPush {
    match MockPwPush::start_with(options).await {
        Ok(server) => server,
        Err(error) => panic!("the mock server did not start: {error}"),
    }
}

/// A builder pointed at the mock, without client-side rate limiting or retries (each test that
/// wants retries sets them).
pub fn builder(server: &MockPwPush) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
}

fn build(builder: ClientBuilder) -> Client {
    match builder.build() {
        Ok(client) => client,
        Err(error) => panic!("the client did not build: {error}"),
    }
}

/// The default user, who owns what it creates.
pub fn owner(server: &MockPwPush) -> Client {
    build(builder(server).bearer_token(server.token()))
}

pub fn owner_on(server: &MockPwPush, version: ApiVersion) -> Client {
    build(
        builder(server)
            .bearer_token(server.token())
            .api_version(version),
    )
}

pub fn anonymous(server: &MockPwPush) -> Client {
    build(builder(server))
}

pub fn anonymous_on(server: &MockPwPush, version: ApiVersion) -> Client {
    build(builder(server).api_version(version))
}

pub fn with_token(server: &MockPwPush, token: &str) -> Client {
    build(builder(server).bearer_token(token))
}

/// Both API generations, for tests that hold on either.
pub const VERSIONS: [ApiVersion; 2] = [ApiVersion::V1, ApiVersion::V2];
