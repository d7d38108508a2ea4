//! An in-process fake of the Push Security API for tests, examples and benchmarks (feature `mock`).
//!
//! [`MockPushSecurity`] serves every operation of the REST API on `127.0.0.1` over a generated,
//! realistic organisation (employees, accounts, apps, other apps, browsers, browser extensions,
//! findings, detections, app banners, blocked URLs). The same seed always gives the same data.
//! It behaves like the service where that is documented, and makes a documented guess where it is
//! not (marked UNVERIFIED):
//!
//! - every filter of every list, `email` as a partial match, timestamps as UNIX seconds;
//! - offset paging (`limit` 1..=50 on the lists the vendor reference documents that range for, any
//!   `limit` from 1 on detections and browser extensions, whose pages document no maximum;
//!   `paging.moreResults`, `paging.next` = offset + limit as a string) and opaque `nextToken`
//!   paging where the API offers it; 400 when both are sent;
//! - query parameters an endpoint does not document are refused with 400, so a client that sends
//!   extra parameters fails its tests;
//! - the `x-api-key` check: 401 for an unknown key, 403 for a read-only key on a write (both
//!   statuses UNVERIFIED upstream);
//! - the rate limit: a token bucket per key refilled at 10 per second with room for 20 (10 plus
//!   the documented burst of 10), answering 429, without `Retry-After` unless asked;
//! - the traps of the real API: `"deleted": "true"` as a string, `result: null` for an empty
//!   browser page, a bare JSON string from `POST /v1/controls/blockedUrls`, `null` from unlicensing
//!   an employee without accounts, the named 400 reasons of `PATCH /v1/employees/{id}`.
//!
//! Like every mock of the workspace it has a ready [`client`](MockPushSecurity::client), takes
//! one-off faults ([`MockPushSecurity::inject`] with a [`Fault`]), records the requests
//! ([`MockPushSecurity::requests`], keys redacted) and has a clock ([`MockPushSecurity::advance_clock`]
//! refills the rate limit). Push-specific controls ([`MockControls`]) set latency, a seeded error
//! rate drawing from a list of [`Fault`]s, the rate limit, and count 429 answers and faults. The
//! handle is cheap to clone and can be moved into a spawned task; the server stops when the last
//! clone is dropped.
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use push_security_client::mock::MockPushSecurity;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockPushSecurity::builder().seed(7).accounts(500).start().await?;
//! let client = mock.client();
//! let accounts: Vec<_> = client.accounts().list().items().try_collect().await?;
//! assert_eq!(accounts.len(), 500);
//! assert_eq!(mock.controls().rate_limited(), 0);
//! # Ok(()) }
//! ```

mod controls;
mod data;
mod error;
mod gate;
mod paging;
mod query;
mod rate_limit;
mod routes;
mod server;
mod state;

pub use api_core::mock_kit::{Fault, RecordedRequest};
pub use controls::{MockControls, default_random_faults};
pub use data::DatasetSize;
pub use rate_limit::MockRateLimit;
pub use server::{DatasetCounts, MockBuilder, MockPushSecurity};
pub use state::UsedByShape;
