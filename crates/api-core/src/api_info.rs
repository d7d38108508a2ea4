//! [`ApiInfo`]: who is calling, for the user agent and traces.

use crate::telemetry::Spans;

/// Identifies the calling crate: used for the user agent and for tracing spans (their target and
/// `api.name` field).
#[derive(Clone, Copy, Debug)]
pub struct ApiInfo {
    /// A short name of the API, for traces (for example `"billing"`).
    pub api: &'static str,
    /// The client crate's name (`env!("CARGO_PKG_NAME")`), first half of the user agent.
    pub crate_name: &'static str,
    /// The client crate's version (`env!("CARGO_PKG_VERSION")`).
    pub crate_version: &'static str,
    /// The base URL used when the user sets none.
    pub default_base_url: &'static str,
    /// The crate's span constructors: `api_core::client_spans!()`, so that its spans carry its
    /// own target, or [`Spans::CORE`] for api-core's.
    pub spans: &'static Spans,
}
