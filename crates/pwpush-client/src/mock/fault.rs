//! Faults a test can make the mock serve instead of (or before) its normal answer.

use std::time::Duration;

/// A misbehaviour the mock applies to the next matching requests.
///
/// ```
/// use std::time::Duration;
/// use pwpush_client::mock::Fault;
///
/// // Two 503 answers asking to wait one second, then normal service.
/// let outage = Fault::status(503).retry_after(1).times(2);
/// // One answer that takes five seconds.
/// let slow = Fault::delay(Duration::from_secs(5));
/// // One HTML page, as a proxy in front of the server would send.
/// let proxy = Fault::non_json(502);
/// # let _ = (outage, slow, proxy);
/// ```
#[derive(Clone, Debug)]
pub struct Fault {
    pub(crate) status: Option<u16>,
    pub(crate) retry_after: Option<String>,
    pub(crate) delay: Option<Duration>,
    pub(crate) body: FaultBody,
    pub(crate) remaining: usize,
    pub(crate) path_contains: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) enum FaultBody {
    Empty,
    Html,
    PlainText(String),
    Json(String),
}

impl Fault {
    /// Answer with this status and an empty body.
    pub fn status(status: u16) -> Self {
        Self {
            status: Some(status),
            retry_after: None,
            delay: None,
            body: FaultBody::Empty,
            remaining: 1,
            path_contains: None,
        }
    }

    /// Answer the way the per-IP throttle does: 429, `text/plain` "Retry later", `Retry-After`.
    pub fn throttled(retry_after_seconds: u64) -> Self {
        Self {
            body: FaultBody::PlainText("Retry later\n".to_owned()),
            retry_after: Some(retry_after_seconds.to_string()),
            ..Self::status(429)
        }
    }

    /// Answer with this status and an HTML page instead of JSON.
    pub fn non_json(status: u16) -> Self {
        Self {
            body: FaultBody::Html,
            ..Self::status(status)
        }
    }

    /// Answer with this status and this raw body (sent as `application/json`, valid or not).
    pub fn raw_json(status: u16, body: impl Into<String>) -> Self {
        Self {
            body: FaultBody::Json(body.into()),
            ..Self::status(status)
        }
    }

    /// Wait this long, then serve the request normally.
    pub fn delay(delay: Duration) -> Self {
        Self {
            status: None,
            retry_after: None,
            delay: Some(delay),
            body: FaultBody::Empty,
            remaining: 1,
            path_contains: None,
        }
    }

    /// Add a `Retry-After` header in seconds.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.to_string());
        self
    }

    /// Also wait this long before answering.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
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

    pub(crate) fn matches(&self, path: &str) -> bool {
        self.remaining > 0
            && self
                .path_contains
                .as_deref()
                .is_none_or(|fragment| path.contains(fragment))
    }
}
