#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "webhooks")]
#[macro_use]
mod open_enum;

mod account_usage;
mod client;
mod error;
// The generated models and operations are public through `models` and `operations` below; the module
// itself is an implementation detail no path outside the crate names.
mod generated;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
pub mod webhooks;

/// The `reqwest` (0.13) the client is built with, for [`ClientBuilder::configure_http`].
pub use api_core::reqwest;
// Every api-core type a public signature names, so users never need api-core themselves.
/// The classified error inside [`Error`] ([`Error::core`]), for matching on its kind.
pub use api_core::Error as CoreError;
#[cfg(feature = "redis-rate-limit")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
pub use api_core::RedisRateLimit;
pub use api_core::{
    ApiError, AttemptContext, AttemptResponse, BoxStream, Clock, DecodeError, DecodeErrorKind,
    ErrorDetail, HeaderName, HeaderValue, IncompleteListing, Interceptor, IntoPatch,
    OffsetDateTime, Page, Patch, RateLimiter, RedirectRefusal, RetryPolicy, SecretString,
    StatusCode, TimeoutScope, TokenBucket,
};
pub use client::{
    API_KEY_VAR, BASE_URL_VAR, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_BURST,
    DEFAULT_RATE_PER_SECOND,
};
pub use error::{Error, ErrorDetails};
pub use generated::{models, operations};
