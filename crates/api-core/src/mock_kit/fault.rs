//! The one fault type every mock of the workspace understands.

use std::time::Duration;

/// A misbehaviour a mock serves instead of (or before) its normal answer.
///
/// A fault applies to the next request by default; [`times`](Self::times) makes it apply to more,
/// and [`on_path_containing`](Self::on_path_containing) only to requests whose path contains a
/// fragment. Queued faults are used in the order they were injected.
///
/// ```
/// use std::time::Duration;
/// use api_core::mock_kit::Fault;
///
/// // Two 503 answers asking to wait one second, then normal service.
/// let outage = Fault::status(503).retry_after(1).times(2);
/// // One answer that takes five seconds, then the normal answer.
/// let slow = Fault::delay(Duration::from_secs(5));
/// // A connection closed before any answer.
/// let reset = Fault::drop_connection().on_path_containing("/sessions");
/// // A 200 whose JSON body is cut off.
/// let broken = Fault::malformed_body(200);
/// # let _ = (outage, slow, reset, broken);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub(crate) kind: FaultKind,
    pub(crate) retry_after: Option<u64>,
    pub(crate) delay: Option<Duration>,
    pub(crate) remaining: usize,
    pub(crate) path_contains: Option<String>,
}

/// What the mock answers with; the service renders the status kinds in its own error format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// The service's own error answer for this status.
    Status(u16),
    /// The service's own "slow down" answer: 429.
    Throttled,
    /// An HTML page, as a proxy or load balancer in front of the service sends.
    Html(u16),
    /// This status with this body, sent as `application/json` whether it parses or not.
    RawJson(u16, String),
    /// This status with a JSON body cut off in the middle.
    MalformedBody(u16),
    /// No answer: the connection is closed.
    DropConnection,
    /// Only the delay; then the normal answer.
    Pass,
}

impl Fault {
    fn new(kind: FaultKind) -> Self {
        Self {
            kind,
            retry_after: None,
            delay: None,
            remaining: 1,
            path_contains: None,
        }
    }

    /// Answer with this status and the service's own error body for it.
    pub fn status(status: u16) -> Self {
        Self::new(FaultKind::Status(status))
    }

    /// Answer the way the service throttles a caller: 429 with `Retry-After: seconds`.
    pub fn throttled(retry_after_seconds: u64) -> Self {
        Self::new(FaultKind::Throttled).retry_after(retry_after_seconds)
    }

    /// Answer with this status and an HTML page instead of the service's JSON.
    pub fn html(status: u16) -> Self {
        Self::new(FaultKind::Html(status))
    }

    /// Answer with this status and this raw body, sent as `application/json`, valid or not.
    pub fn raw_json(status: u16, body: impl Into<String>) -> Self {
        Self::new(FaultKind::RawJson(status, body.into()))
    }

    /// Answer with this status and a JSON body that stops in the middle.
    pub fn malformed_body(status: u16) -> Self {
        Self::new(FaultKind::MalformedBody(status))
    }

    /// Close the connection without a complete answer.
    pub fn drop_connection() -> Self {
        Self::new(FaultKind::DropConnection)
    }

    /// Wait this long (on tokio's clock), then serve the request normally.
    pub fn delay(delay: Duration) -> Self {
        Self::new(FaultKind::Pass).with_delay(delay)
    }

    /// Also wait this long before answering.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Add a `Retry-After` header, in seconds.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Apply to this many matching requests (default 1).
    pub fn times(mut self, count: usize) -> Self {
        self.remaining = count;
        self
    }

    /// Apply only to requests whose path contains this text.
    pub fn on_path_containing(mut self, fragment: impl Into<String>) -> Self {
        self.path_contains = Some(fragment.into());
        self
    }

    /// The status this fault answers with; `None` for a delay or a dropped connection.
    pub fn answer_status(&self) -> Option<u16> {
        match &self.kind {
            FaultKind::Status(status)
            | FaultKind::Html(status)
            | FaultKind::RawJson(status, _)
            | FaultKind::MalformedBody(status) => Some(*status),
            FaultKind::Throttled => Some(429),
            FaultKind::DropConnection | FaultKind::Pass => None,
        }
    }

    /// Whether this fault closes the connection instead of answering.
    pub fn drops_connection(&self) -> bool {
        self.kind == FaultKind::DropConnection
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        self.remaining > 0
            && self
                .path_contains
                .as_deref()
                .is_none_or(|fragment| path.contains(fragment))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_applies_once_to_any_path_unless_told_otherwise() {
        let fault = Fault::status(503);
        assert_eq!(fault.remaining, 1);
        assert!(fault.matches("/anything"));
        let filtered = Fault::status(503)
            .times(3)
            .on_path_containing("/v1/sessions");
        assert_eq!(filtered.remaining, 3);
        assert!(filtered.matches("/v1/sessions/abc"));
        assert!(!filtered.matches("/v1/version"));
    }

    #[test]
    fn throttled_is_a_429_with_retry_after() {
        let fault = Fault::throttled(7);
        assert_eq!(fault.answer_status(), Some(429));
        assert_eq!(fault.retry_after, Some(7));
        assert_eq!(Fault::drop_connection().answer_status(), None);
        assert!(Fault::drop_connection().drops_connection());
        assert_eq!(Fault::delay(Duration::from_secs(1)).answer_status(), None);
    }
}
