//! A client for the [Password Pusher](https://pwpush.com) JSON API: share a secret through a link
//! that expires after a number of views or days.
//!
//! It speaks API v1 (`/p.json` and friends) and v2 (`/api/v2/pushes`), choosing by asking the server
//! once, and covers the hosted Pro edition's accounts, durations and secret requests.
//!
//! The example streams a listing with `futures::TryStreamExt`: add `futures = "0.3"` to your own
//! dependencies for that (and `tokio` to run it).
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use pwpush_client::Client;
//!
//! # async fn demo() -> Result<(), pwpush_client::Error> {
//! let client = Client::builder()
//!     .base_url("https://pwpush.example.org")
//!     .bearer_token("my-api-token")
//!     .build()?;
//!
//! // Push a secret that lives for 2 days or 5 views, whichever comes first.
//! let push = client.pushes().create_text("s3cr3t").expire_after_days(2).expire_after_views(5).await?;
//! println!("send this link: {}", push.secret_link());
//! if !push.expiry_as_requested() {
//!     println!("the server changed the expiry: {:?}", push.adjustments);
//! }
//!
//! // Read it as a recipient would (an anonymous client: each read uses up a view).
//! let recipient = Client::builder().base_url("https://pwpush.example.org").build()?;
//! let read = recipient.pushes().retrieve(push.url_token()).await?;
//! assert!(read.payload.is_some());
//!
//! // List what is still active, then expire the push.
//! let mut active = client.pushes().active().items();
//! while let Some(item) = active.try_next().await? {
//!     println!("{:?}: {:?} views left", item.name, item.views_remaining);
//! }
//! client.pushes().expire(push.url_token()).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Errors are [`Error`]s; the server's own error answers are typed as [`PwPushError`]
//! (`error.detail()`). Payloads, passphrases, tokens and URL tokens are [`SecretString`]s that
//! `Debug` never prints. With the `mock` feature, `mock::MockPwPush` is a fake server for tests.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The generated models and operations are public through `models` and `operations` below; the module
// itself is an implementation detail no path outside the crate names.
mod generated;

mod builder;
// From the top down: the client hands out operation groups (`pushes`, `accounts`,
// `secret_requests`); each builds on the shared `context`, which picks the `dialect` (the v1 or
// v2 route of every operation); the small modules below them import nothing above them.
mod client;

mod accounts;
mod pushes;
mod raw_operations;
mod secret_requests;

mod context;
mod dialect;
mod probe;

mod account_list;
mod created;
mod duration;
mod error;
mod error_detail;
mod input_limits;
mod push_fields;
mod retry;
mod server_info;
mod unsupported;
mod url_token;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use accounts::{Accounts, ListAccounts};
#[cfg(feature = "redis-rate-limit")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
pub use api_core::RedisRateLimit;
/// The `reqwest` (0.13) the client is built with, for [`ClientBuilder::configure_http`].
pub use api_core::reqwest;
// Every api-core type a public signature names, so users never need api-core themselves. The core's
// error and client are `CoreError` and `CoreClient` here: this crate's own `Error` and `Client` wrap them.
pub use api_core::Client as CoreClient;
pub use api_core::Error as CoreError;
pub use api_core::{
    ApiError, AttemptContext, AttemptResponse, BoxStream, Bytes, Clock, DecodeError,
    DecodeErrorKind, ErrorDetail, ErrorDetailParser, HeaderName, HeaderValue, IncompleteListing,
    Interceptor, OffsetDateTime, Page, RateLimiter, RedirectRefusal, RetryPolicy, SecretString,
    StatusCode, TimeoutScope, TokenBucket,
};
pub use builder::{BASE_URL_VAR, ClientBuilder, DEFAULT_BASE_URL, EMAIL_VAR, TOKEN_VAR};
pub use client::Client;
pub use created::{CreatedPush, ExpiryAdjustment, ExpiryField};
pub use duration::ExpireAfterDuration;
pub use error::Error;
pub use error_detail::{PwPushError, PwPushErrorParser};
pub use generated::models::{
    Account, AuditEvent, AuditKind, Edition, Features, Preview, Push, PushKind, SecretRequest,
};
pub use generated::{models, operations};
pub use input_limits::Limits;
pub use pushes::{
    AuditLog, CreateFilePush, CreatePush, ExpirePush, ListPushes, NotifyEmails, PreviewPush,
    Pushes, RetrievePush,
};
pub use raw_operations::RawOperations;
pub use secret_requests::{CreateSecretRequest, PreviewSecretRequest, SecretRequests};
pub use server_info::{ApiVersion, ServerInfo};

// The README is the crates.io page: compile its examples so it cannot rot.
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
