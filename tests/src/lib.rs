//! Support for the workspace's cross-crate reliability suites (`tests/tests/*.rs`).
//!
//! - [`chaos`]: a seeded loopback HTTP/1.1 proxy that sits between a client and a mock service and
//!   injects faults (429, 5xx, HTML error pages, resets before and after the headers, truncated
//!   bodies, slow answers, invalid JSON), counting what it injected and what reached the service.
//! - [`capture`]: everything a test prints or logs, collected in one buffer so a suite can prove
//!   that no secret ends up in it.
//! - [`rendering`]: the Debug and Display text of a call, its result and its error chain.
//! - [`tally`]: how many calls ended how, by error kind.
//! - [`redis_server`]: a real `redis-server` on a free loopback port, stopped on drop.
//! - [`shared_limit`]: one process of a multi-process rate-limit run (the `shared_limit_worker`
//!   binary), for `tests/shared_rate_limit.rs` and the benchmarks.
//!
//! docs/reliability.md describes the suites, their seeds and their last results.

pub mod capture;
pub mod chaos;
pub mod redis_server;
pub mod rendering;
pub mod shared_limit;
pub mod tally;

// The per-API guides in docs/ are written for newcomers who copy their code: compile every snippet
// (and run the mock-backed tests in them) so a guide cannot drift from the crates.
#[cfg(doctest)]
#[doc = include_str!("../../docs/pushauth.md")]
struct PushAuthGuide;

#[cfg(doctest)]
#[doc = include_str!("../../docs/pwpush.md")]
struct PwPushGuide;

#[cfg(doctest)]
#[doc = include_str!("../../docs/push-security.md")]
struct PushSecurityGuide;
