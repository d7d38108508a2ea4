//! Counting how many calls ended how, so a suite can assert on the mix and report it.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use api_core::{Error, TimeoutScope};

/// The kind of an [`Error`], as a stable name for reports.
pub fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Config { .. } => "config",
        Error::InvalidRequest { .. } => "invalid request",
        Error::Transport { sent: false, .. } => "transport (not sent)",
        Error::Transport { sent: true, .. } => "transport (sent)",
        Error::Timeout {
            scope: TimeoutScope::Attempt,
            ..
        } => "attempt timeout",
        Error::Timeout { .. } => "overall timeout",
        Error::Api(_) => "api",
        Error::RateLimited { .. } => "rate limited",
        Error::Decode { .. } => "decode",
        Error::ResponseTooLarge { .. } => "response too large",
        Error::Pagination { .. } => "pagination",
        Error::ListingIncomplete(_) => "listing incomplete",
        Error::Redirect { .. } => "redirect refused",
        _ => "other",
    }
}

/// True for the errors a network or service fault can cause. A configuration error, a request
/// refused before sending, or a pagination error after a plain fault would be a bug.
pub fn is_fault_error(error: &Error) -> bool {
    matches!(
        error,
        Error::Transport { .. }
            | Error::Timeout { .. }
            | Error::Api(_)
            | Error::RateLimited { .. }
            | Error::Decode { .. }
            | Error::ResponseTooLarge { .. }
    )
}

/// Outcomes of a batch of calls.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Calls that succeeded.
    pub ok: u64,
    /// Calls that failed, by [`error_kind`].
    pub errors: BTreeMap<&'static str, u64>,
    /// The longest a call took.
    pub slowest: Duration,
}

impl Tally {
    /// Records one call.
    pub fn add<T>(&mut self, result: &Result<T, Error>, elapsed: Duration) {
        self.record(result.as_ref().err(), elapsed);
    }

    /// Records one call that failed with `error`, or succeeded when it is `None`.
    pub fn record(&mut self, error: Option<&Error>, elapsed: Duration) {
        match error {
            None => self.ok += 1,
            Some(error) => *self.errors.entry(error_kind(error)).or_insert(0) += 1,
        }
        self.slowest = self.slowest.max(elapsed);
    }

    /// Calls that failed.
    pub fn failed(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Calls recorded.
    pub fn total(&self) -> u64 {
        self.ok + self.failed()
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} calls: {} ok", self.total(), self.ok)?;
        for (kind, n) in &self.errors {
            write!(f, ", {n} {kind}")?;
        }
        write!(f, "; slowest {:?}", self.slowest)
    }
}
