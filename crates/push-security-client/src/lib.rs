#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "webhooks")]
#[macro_use]
mod open_enum;

mod account_usage;
mod client;
mod error;
pub mod generated;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
pub mod webhooks;

#[cfg(feature = "redis-rate-limit")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis-rate-limit")))]
pub use api_core::RedisRateLimit;
pub use api_core::{
    Error, OffsetDateTime, RateLimiter, RetryPolicy, Runtime, SecretString, TokenBucket,
};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_BURST, DEFAULT_RATE_PER_SECOND};
pub use error::{ErrorDetails, PushSecurityErrorExt};
pub use generated::{models, operations};
