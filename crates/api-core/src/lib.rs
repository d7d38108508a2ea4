//! Shared HTTP core for the push-sdks-rust API clients: configuration, authentication, secrets,
//! requests and responses, retries with backoff, rate limiting, paginated streams and errors.
//!
//! api-core knows HTTP and no particular API: each client crate of the workspace brings its own
//! paths, headers and JSON shapes. Applications normally depend on a client crate, not on
//! this one.
//!
//! ```no_run
//! use std::time::Duration;
//! use api_core::{ApiInfo, Auth, BodyExpectation, Client, Request, RetryPolicy};
//!
//! const INFO: ApiInfo = ApiInfo {
//!     api: "example",
//!     crate_name: "example-client",
//!     crate_version: "0.1.0",
//!     default_base_url: "https://api.example.com/v1",
//!     spans: api_core::client_spans!(),
//! };
//!
//! # async fn run() -> Result<(), api_core::Error> {
//! let client = Client::builder(INFO)
//!     .auth(Auth::bearer("t-123"))
//!     .overall_timeout(Duration::from_secs(30))
//!     .build()?;
//!
//! // GET /v1/items?state=open&state=stale, retried on transient failures.
//! let items: serde_json::Value = client
//!     .send_json(Request::get("list_items", "/items").query_all("state", ["open", "stale"]))
//!     .await?;
//!
//! // A POST is retried only when the server provably did not act on it.
//! let body = serde_json::json!({ "name": "new item" });
//! let created: Option<serde_json::Value> = client
//!     .send_json(
//!         Request::post("create_item", "/items")
//!             .json(&body)?
//!             .expect(BodyExpectation::JsonOrEmpty)
//!             .retry_policy(RetryPolicy::new().max_attempts(2)),
//!     )
//!     .await?;
//! # let _ = (items, created);
//! # Ok(()) }
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Owned by the transport work: secret, auth, config, request, response, error, client, tls.
// Owned by the policy work: retry, backoff, retry_budget, classify, rate_limit, clock.
// Owned by the streams work: pagination, lenient, patch.

mod api_info;
mod auth;
mod client;
mod client_parts;
mod config;
mod config_passthrough;
mod decode_error;
mod error;
mod error_newtype;
mod error_questions;
mod evidence;
mod interceptor;
mod redirect_refusal;
mod request;
mod request_options;
mod response;
mod secret;
mod tls;
mod transport;

mod backoff;
mod classify;
mod clock;
mod rate_limit;
mod retry;
mod retry_budget;
mod transient;

pub mod export;
pub mod lenient;
#[cfg(feature = "mock-kit")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock-kit")))]
pub mod mock_kit;
mod pagination;
mod patch;
pub mod telemetry;

// Re-exports, one block per owner (transport / policy / streams). Keep the public surface flat.

// Policy: retries, backoff, retry budget, classification, rate limiting, clock.
pub use backoff::Backoff;
pub use classify::{AttemptOutcome, RetryClassifier, RetryDecision};
pub use clock::Clock;
pub use futures::future::BoxFuture;
pub use rate_limit::{RateLimiter, TokenBucket};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use rate_limit::{RedisRateLimit, RedisRateLimiter};
pub use retry::RetryPolicy;
pub use retry_budget::RetryBudget;

// transport
pub use api_info::ApiInfo;
pub use auth::Auth;
pub use client::Client;
pub use config::ClientConfigBuilder;
pub use decode_error::{DecodeError, DecodeErrorKind};
pub use error::{ApiError, Error, ErrorDetail, ErrorDetailParser, IncompleteListing, TimeoutScope};
pub use interceptor::{AttemptContext, AttemptResponse, Interceptor};
pub use redirect_refusal::RedirectRefusal;
pub use request::{BodyExpectation, MultipartPart, Request};
pub use request_options::RequestOptions;
pub use response::Response;
pub use secret::SecretString;
pub use telemetry::Spans;

/// The `reqwest` (0.13) api-core builds its HTTP client with: name its types in
/// [`ClientConfigBuilder::configure_http`] without depending on reqwest yourself, or depend on
/// `reqwest = "0.13"` and Cargo shares one copy.
pub use reqwest;

pub use bytes::Bytes;
pub use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

// Streams: paginated listings, lenient decoding, PATCH tri-state, the workspace's time type.
pub use futures::stream::BoxStream;
pub use pagination::{Cursor, Page, PageFetcher, PageStyle, Paginator, RawPage};
pub use patch::{IntoPatch, Patch};
pub use time::OffsetDateTime;
