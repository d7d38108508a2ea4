//! A core client pointed at a mock server, and the sample's resource groups on top of it.

use api_core::{ApiInfo, Auth, Client, RetryPolicy};
use httpmock::MockServer;

use crate::generated::operations::{Auth as AuthGroup, Notes, Pets};

const INFO: ApiInfo = ApiInfo {
    api: "sample",
    crate_name: "sample-client",
    crate_version: "0.0.0",
    default_base_url: "https://pets.example.com",
    spans: api_core::client_spans!(),
};

/// The API key every authenticated call carries.
pub const API_KEY: &str = "k-123-secret";

fn client(server: &MockServer) -> Client {
    Client::builder(INFO)
        .base_url(server.base_url())
        .auth(Auth::api_key("x-api-key", API_KEY))
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .expect("a loopback base URL is valid")
}

pub fn pets(server: &MockServer) -> Pets {
    Pets::new(client(server))
}

pub fn notes(server: &MockServer) -> Notes {
    Notes::new(client(server))
}

pub fn auth(server: &MockServer) -> AuthGroup {
    AuthGroup::new(client(server))
}

/// A pet as the server writes it, with the given ID.
pub fn pet_json(id: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "name": "Rex", "kind": "dog"})
}
