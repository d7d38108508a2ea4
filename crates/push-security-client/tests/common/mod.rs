//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::time::Duration;

use api_core::RetryPolicy;
use push_security_client::Client;

/// The key every httpmock test expects in `x-api-key`.
pub const KEY: &str = "psk_test_key_0123";

/// A client for an httpmock server: no retries unless a test asks, no client-side pacing.
pub fn client_for(server: &httpmock::MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .api_key(KEY)
        .no_rate_limit()
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .expect("client")
}

/// A client that retries quickly (a few milliseconds of backoff), for retry behaviour tests.
pub fn retrying_client_for(base_url: &str, key: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key(key.to_owned())
        .no_rate_limit()
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(8)
                .backoff(Duration::from_millis(5), Duration::from_millis(50)),
        )
        .build()
        .expect("client")
}

/// An empty page of the `{result, paging}` envelope.
pub fn empty_page() -> serde_json::Value {
    serde_json::json!({ "result": [], "paging": { "moreResults": false } })
}
