//! Spans under the client crate's own target, with OpenTelemetry's HTTP client field names.
//!
//! `tracing` fixes a span's target where the span macro is written, as a constant. For
//! `RUST_LOG=pushauth_client=debug` to show a PushAuth call, the call's span must therefore be
//! written in pushauth-client, not here. [`client_spans!`](crate::client_spans) writes the span
//! constructors in the crate that invokes it; that crate hands them to api-core through
//! [`ApiInfo::spans`](crate::ApiInfo::spans), and api-core calls them where a span starts.
//!
//! | span | level | fields |
//! |---|---|---|
//! | `api.call` (one per call) | INFO | `otel.name` (`{api}.{operation}`), `api.name`, `api.operation`, `http.request.method`, `url.template`, `server.address`, `server.port`, then `http.response.status_code`, `error.type` |
//! | `api.attempt` (one per HTTP request) | DEBUG | `otel.name` (`{method} {url.template}`), `otel.kind` (`client`), `http.request.method`, `url.template`, `server.address`, `server.port`, `http.request.resend_count` (from the first retry on), then `http.response.status_code`, `error.type`, `api.retry_delay_ms` |
//! | `api.pages` (one per page stream) | INFO | `api.name`, `api.operation`, then `api.page_count`, `api.item_count`, `error.type` |
//!
//! Nothing is formatted or allocated for a span no subscriber wants: the fields are read inside
//! the span macro, after its enabled check, and every later `record` is skipped for a disabled
//! span. No field ever holds a concrete path, a query, a header or a body: `url.template` is the
//! request's path template (`/sessions/{id}`), never the path it was filled into.

use std::fmt;

use http::{Method, StatusCode};
use url::Url;

use crate::error::Error;

// The macro's path to `tracing`, so that a client crate needs no `tracing` dependency of its own.
#[doc(hidden)]
pub use tracing as __tracing;
use tracing::Span;

/// The span constructors of one client crate, written there by
/// [`client_spans!`](crate::client_spans) so that its spans carry its own target.
#[derive(Clone, Copy)]
pub struct Spans {
    target: &'static str,
    call: fn(&CallFields<'_>) -> Span,
    attempt: fn(&CallFields<'_>, u32) -> Span,
    pages: fn(&PagesFields) -> Span,
}

impl Spans {
    /// api-core's own spans, under the target `api_core`: for clients that do not invoke
    /// [`client_spans!`](crate::client_spans) themselves.
    pub const CORE: &'static Spans = crate::client_spans!();

    /// The table [`client_spans!`](crate::client_spans) builds; use the macro rather than this.
    /// `target` is what the constructors pass to `tracing` (shown by `Debug`).
    pub const fn new(
        target: &'static str,
        call: fn(&CallFields<'_>) -> Span,
        attempt: fn(&CallFields<'_>, u32) -> Span,
        pages: fn(&PagesFields) -> Span,
    ) -> Self {
        Spans {
            target,
            call,
            attempt,
            pages,
        }
    }

    /// The target the spans are created under, for example `"pushauth_client"`.
    pub fn target(&self) -> &'static str {
        self.target
    }

    pub(crate) fn call(&self, fields: &CallFields<'_>) -> Span {
        (self.call)(fields)
    }

    pub(crate) fn attempt(&self, fields: &CallFields<'_>, attempt: u32) -> Span {
        // OpenTelemetry counts resends: the first attempt is not one.
        (self.attempt)(fields, attempt.saturating_sub(1))
    }

    pub(crate) fn pages(&self, fields: &PagesFields) -> Span {
        (self.pages)(fields)
    }
}

impl fmt::Debug for Spans {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Spans")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

/// What a call's and an attempt's span may show: names and templates only, read by the span
/// constructors after their enabled check.
#[derive(Debug)]
pub struct CallFields<'a> {
    api: &'static str,
    operation: &'static str,
    method: &'a Method,
    url_template: &'static str,
    base_url: &'a Url,
}

impl<'a> CallFields<'a> {
    pub(crate) fn new(
        api: &'static str,
        operation: &'static str,
        method: &'a Method,
        url_template: &'static str,
        base_url: &'a Url,
    ) -> Self {
        CallFields {
            api,
            operation,
            method,
            url_template,
            base_url,
        }
    }

    /// `api.name`: the API's short name from [`ApiInfo::api`](crate::ApiInfo::api).
    pub fn api(&self) -> &'static str {
        self.api
    }

    /// `api.operation`: the request's operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// `http.request.method`: `GET`, `POST`, ...
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// `url.template`: the path template relative to the base URL, for example `/sessions/{id}`.
    pub fn url_template(&self) -> &'static str {
        self.url_template
    }

    /// `server.address`: the base URL's host.
    pub fn server_address(&self) -> &str {
        self.base_url.host_str().unwrap_or_default()
    }

    /// `server.port`: the base URL's port, or its scheme's default.
    pub fn server_port(&self) -> Option<u16> {
        self.base_url.port_or_known_default()
    }
}

/// What a page stream's span may show.
#[derive(Debug)]
pub struct PagesFields {
    api: Option<&'static str>,
    operation: &'static str,
}

impl PagesFields {
    pub(crate) fn new(api: Option<&'static str>, operation: &'static str) -> Self {
        PagesFields { api, operation }
    }

    /// `api.name`, when the listing was tied to a client with
    /// [`Paginator::traced_as`](crate::Paginator::traced_as).
    pub fn api(&self) -> Option<&'static str> {
        self.api
    }

    /// `api.operation`: the listing's operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

/// Writes a client crate's span constructors (`api.call`, `api.attempt`, `api.pages`) in that
/// crate, so that their target is the crate's name (`env!("CARGO_CRATE_NAME")`, for example
/// `pushauth_client`), and gives them to api-core as a `&'static` [`Spans`]. Invoke it once,
/// in the crate's [`ApiInfo`](crate::ApiInfo):
///
/// ```
/// use api_core::ApiInfo;
///
/// const INFO: ApiInfo = ApiInfo {
///     api: "example",
///     crate_name: "example-client",
///     crate_version: "0.1.0",
///     default_base_url: "https://api.example.com",
///     spans: api_core::client_spans!(),
/// };
/// // In pushauth-client this is "pushauth_client".
/// assert_eq!(INFO.spans.target(), env!("CARGO_CRATE_NAME"));
/// ```
#[macro_export]
macro_rules! client_spans {
    () => {{
        fn call(f: &$crate::telemetry::CallFields<'_>) -> $crate::telemetry::__tracing::Span {
            $crate::telemetry::__tracing::info_span!(
                target: ::core::env!("CARGO_CRATE_NAME"),
                "api.call",
                "otel.name" = ::core::format_args!("{}.{}", f.api(), f.operation()),
                "api.name" = f.api(),
                "api.operation" = f.operation(),
                "http.request.method" = f.method(),
                "url.template" = f.url_template(),
                "server.address" = f.server_address(),
                "server.port" = f.server_port(),
                "http.response.status_code" = $crate::telemetry::__tracing::field::Empty,
                "error.type" = $crate::telemetry::__tracing::field::Empty,
            )
        }
        fn attempt(
            f: &$crate::telemetry::CallFields<'_>,
            resend_count: u32,
        ) -> $crate::telemetry::__tracing::Span {
            $crate::telemetry::__tracing::debug_span!(
                target: ::core::env!("CARGO_CRATE_NAME"),
                "api.attempt",
                "otel.name" = ::core::format_args!("{} {}", f.method(), f.url_template()),
                "otel.kind" = "client",
                "http.request.method" = f.method(),
                "url.template" = f.url_template(),
                "server.address" = f.server_address(),
                "server.port" = f.server_port(),
                "http.request.resend_count" = (resend_count > 0).then_some(resend_count),
                "http.response.status_code" = $crate::telemetry::__tracing::field::Empty,
                "error.type" = $crate::telemetry::__tracing::field::Empty,
                "api.retry_delay_ms" = $crate::telemetry::__tracing::field::Empty,
            )
        }
        fn pages(f: &$crate::telemetry::PagesFields) -> $crate::telemetry::__tracing::Span {
            $crate::telemetry::__tracing::info_span!(
                target: ::core::env!("CARGO_CRATE_NAME"),
                "api.pages",
                "api.name" = f.api(),
                "api.operation" = f.operation(),
                "api.page_count" = $crate::telemetry::__tracing::field::Empty,
                "api.item_count" = $crate::telemetry::__tracing::field::Empty,
                "error.type" = $crate::telemetry::__tracing::field::Empty,
            )
        }
        const SPANS: $crate::telemetry::Spans =
            $crate::telemetry::Spans::new(::core::env!("CARGO_CRATE_NAME"), call, attempt, pages);
        &SPANS
    }};
}

/// `error.type` of a failed call or attempt: the HTTP status for an answer the API refused (as
/// OpenTelemetry asks), else a short name of what went wrong. Low-cardinality, never a message.
pub fn error_type(error: &Error) -> &str {
    match error {
        Error::Api(api) => api.status.as_str(),
        Error::RateLimited { error, .. } => error.status.as_str(),
        Error::Config { .. } => "config",
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Transport { .. } => "transport",
        Error::Timeout { .. } => "timeout",
        Error::Redirect { .. } => "redirect",
        Error::Decode { .. } => "decode",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Pagination { .. } => "pagination",
        Error::ListingIncomplete(_) => "listing_incomplete",
        // A kind added later is still a failure, named as OpenTelemetry names unknown ones.
        #[allow(unreachable_patterns)]
        _ => "_OTHER",
    }
}

/// Records the HTTP status an attempt or call ended with.
pub(crate) fn record_status(span: &Span, status: StatusCode) {
    if !span.is_disabled() {
        span.record("http.response.status_code", status.as_u16());
    }
}

/// Records how an attempt, a call or a stream failed.
pub(crate) fn record_error(span: &Span, error: &Error) {
    if !span.is_disabled() {
        span.record("error.type", error_type(error));
    }
}

/// Records the pause before the next attempt.
pub(crate) fn record_retry_delay(span: &Span, delay: std::time::Duration) {
    if !span.is_disabled() {
        span.record(
            "api.retry_delay_ms",
            u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        );
    }
}

/// Records a call's outcome on its span: the final status, or what went wrong.
pub(crate) fn record_call_result(span: &Span, result: &Result<crate::Response, Error>) {
    if span.is_disabled() {
        return;
    }
    match result {
        Ok(response) => record_status(span, response.status()),
        Err(error) => {
            if let Some(status) = error.status() {
                record_status(span, status);
            }
            record_error(span, error);
        }
    }
}
