//! A client for UnifyID PushAuth: send a sign-in approval push to a user's phone, wait for the answer,
//! cancel it.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use pushauth_client::{Client, Notification, WaitError};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // The server API key from the UnifyID dashboard (not the SDK key).
//!     let client = Client::builder().api_key(std::env::var("PUSHAUTH_API_KEY")?).build()?;
//!
//!     // 1. Send the push. `user` is the id your app gave the PushAuth mobile SDK.
//!     let session = client
//!         .sessions()
//!         .create("user-42")
//!         .notification(Notification {
//!             title: Some("Sign in to Acme?".into()),
//!             ..Default::default()
//!         })
//!         .await?;
//!     if session.notification_count == Some(0) {
//!         println!("user-42 has no registered device");
//!     }
//!
//!     // 2. Wait for the answer; after 60 s without one the session is cancelled.
//!     match client.sessions().wait(&session.id).timeout(Duration::from_secs(60)).await {
//!         Ok(done) if done.status.is_accepted() => println!("approved"),
//!         Ok(done) => println!("not approved: {}", done.status),
//!         Err(WaitError::TimedOut { .. }) => println!("no answer in time"),
//!         Err(e) => return Err(e.into()),
//!     }
//!     Ok(())
//! }
//! ```
//!
//! Only [`SessionStatus::Accepted`] is an approval ([`SessionStatus::is_accepted`]); everything else,
//! including a status this crate does not know, is not.
//!
//! # Errors
//!
//! Calls return [`Error`], which answers the same questions in every client of this workspace:
//! [`status`](Error::status), [`is_not_found`](Error::is_not_found),
//! [`is_unauthorized`](Error::is_unauthorized), [`is_rate_limited`](Error::is_rate_limited) and
//! [`retry_after`](Error::retry_after), [`may_have_been_processed`](Error::may_have_been_processed),
//! [`request_id`](Error::request_id), [`api_code`](Error::api_code) and
//! [`api_message`](Error::api_message), and [`detail`](Error::detail) for the service's
//! `{code, message}` body ([`ErrorBody`]). [`Sessions::wait`] returns [`WaitError`], which adds the
//! deadline case.
//!
//! # Testing
//!
//! With the `mock` feature, `mock::MockPushAuth` runs a fake PushAuth service on `127.0.0.1` in your test:
//! the same endpoints, shapes and status codes, with controls to play the user's phone (accept, reject,
//! expire, ...) and to inject failures. The `mock` module's docs have a complete test.
//!
//! # Features
//!
//! - `rustls` (default): TLS through rustls. `native-tls`: the platform's TLS instead.
//! - `mock`: `mock::MockPushAuth`, an in-process fake PushAuth service your tests can drive (see the
//!   `mock` module).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The generated models and operations are public through `models` and `operations` below; the module
// itself is an implementation detail no path outside the crate names.
mod generated;

mod client;
mod error;
mod poll;
mod sessions;
mod status;
mod wait;
mod watch;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

#[cfg(feature = "redis-rate-limit")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
pub use api_core::RedisRateLimit;
/// The `reqwest` (0.13) the client is built with, for [`ClientBuilder::configure_http`].
pub use api_core::reqwest;
// Every api-core type a public signature names, so users never need api-core themselves.
/// The classified error inside [`Error`] ([`Error::core`]), for matching on its kind.
pub use api_core::Error as CoreError;
pub use api_core::{
    ApiError, AttemptContext, AttemptResponse, Clock, DecodeError, DecodeErrorKind, ErrorDetail,
    HeaderName, HeaderValue, IncompleteListing, Interceptor, OffsetDateTime, RateLimiter,
    RedirectRefusal, RetryPolicy, SecretString, StatusCode, TimeoutScope, TokenBucket,
};
pub use client::{API_KEY_VAR, BASE_URL_VAR, Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::Error;
pub use generated::models::{ErrorBody, ErrorCode, Notification, Session, SessionStatus};
pub use generated::operations::{CreateSession, GetSession, Sessions, UpdateSession};
pub use generated::{models, operations};
pub use sessions::CANCEL_STATUS;
pub use wait::{CancelOutcome, DEFAULT_WAIT_TIMEOUT, WaitError, WaitForAnswer};
pub use watch::SessionWatch;

// Compiles the README's examples, so the first code a user sees cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
