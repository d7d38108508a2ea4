//! Waiting for the user's answer: poll until the session is decided or the caller's deadline passes, then
//! (by default) cancel it so the phone stops asking.

use std::fmt;
use std::future::IntoFuture;
use std::time::Duration;

use api_core::BoxFuture;
use tracing::Instrument;

use crate::Error;
use crate::generated::models::{Session, SessionStatus};
use crate::generated::operations::Sessions;
use crate::poll::{DEFAULT_INTERVAL, Poller};

/// How long [`WaitForAnswer`] waits unless told otherwise.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(120);

/// The most time the cancel request may add after the deadline.
const CANCEL_TIMEOUT: Duration = Duration::from_secs(10);

/// Waits until a session is decided; made by [`Sessions::wait`]. Send it with `.await`.
///
/// It reads the session at once, then every [`interval`](Self::interval) (default 2 s) until the status is
/// final ([`SessionStatus::is_terminal`]) and returns that session. A status this crate does not know
/// ([`SessionStatus::Unknown`]) is not final: waiting goes on until a known final status or the deadline.
/// That includes a status the service sent as `null`, left out, or sent as something other than a string
/// (the empty `Unknown`): it is never taken for an approval. Timestamps and the notification count are
/// read on a best-effort basis, so an odd value there (`None` then) never turns an answer into an error.
/// While the service fails in a way that may pass (timeouts, 429, 5xx, lost connections) the pause between
/// polls doubles, up to 30 s, and respects `Retry-After`; other failures end the wait with
/// [`WaitError::Failed`]. Each read is a single attempt, whatever the client's retry policy: the wait's own
/// backoff is its only retry loop (retrying inside each read as well would send bursts of requests to a
/// service that just asked for fewer), and no read or pause runs past the timeout. Every pause and the
/// deadline are taken from the client's [`Clock`](crate::Clock), so a paused tokio clock or an injected one
/// runs a long wait in a test at once.
///
/// When [`timeout`](Self::timeout) (default 2 minutes) passes first, the session is cancelled (unless
/// [`cancel_on_timeout(false)`](Self::cancel_on_timeout)) and the wait ends with [`WaitError::TimedOut`], which
/// keeps the last session seen. Dropping the future stops polling at once.
///
/// ```no_run
/// # async fn example(client: pushauth_client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
///
/// let session = client.sessions().create("user-42").await?;
/// let done = client
///     .sessions()
///     .wait(&session.id)
///     .timeout(Duration::from_secs(60))
///     .await?;
/// if done.status.is_accepted() {
///     // let them in
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a wait does nothing until it is awaited"]
#[derive(Debug)]
pub struct WaitForAnswer {
    sessions: Sessions,
    id: String,
    interval: Duration,
    timeout: Duration,
    cancel_on_timeout: bool,
}

impl WaitForAnswer {
    pub(crate) fn new(sessions: Sessions, id: String) -> Self {
        Self {
            sessions,
            id,
            interval: DEFAULT_INTERVAL,
            timeout: DEFAULT_WAIT_TIMEOUT,
            cancel_on_timeout: true,
        }
    }

    /// The pause between two polls (default 2 s); it only grows, never shrinks, while the service fails.
    /// Must be longer than zero.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How long to wait for a final status (default 2 minutes). Must be longer than zero.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether to cancel the session when the timeout passes (default `true`), so the user cannot approve a
    /// sign-in nobody waits for any more. The cancel request may take up to 10 s beyond the timeout.
    pub fn cancel_on_timeout(mut self, cancel: bool) -> Self {
        self.cancel_on_timeout = cancel;
        self
    }

    /// Polls until the session is decided or the timeout passes; the same as `.await`.
    ///
    /// The whole wait is one `api.wait` span (INFO, target `pushauth_client`), parent of every poll.
    pub async fn send(self) -> Result<Session, WaitError> {
        let span = wait_span();
        let result = self.poll_until_decided().instrument(span.clone()).await;
        record_wait_outcome(&span, &result);
        result
    }

    async fn poll_until_decided(self) -> Result<Session, WaitError> {
        if self.interval.is_zero() {
            return Err(Error::invalid_request(
                "waitForAnswer",
                "the poll interval must be longer than zero",
            )
            .into());
        }
        if self.timeout.is_zero() {
            return Err(Error::invalid_request(
                "waitForAnswer",
                "the timeout must be longer than zero",
            )
            .into());
        }
        let mut poller = Poller::new(self.sessions, self.id, self.interval);
        let deadline = poller.deadline_after(self.timeout);
        let mut last_seen = None;
        loop {
            match poller.next(Some(deadline)).await? {
                Some(session) if session.status.is_terminal() => return Ok(session),
                Some(session) => last_seen = Some(Box::new(session)),
                None => break,
            }
        }
        let last_error = poller.take_last_error();
        let cancel = if self.cancel_on_timeout {
            cancel(&poller).await
        } else {
            CancelOutcome::NotRequested
        };
        Err(WaitError::TimedOut {
            waited: self.timeout,
            last_seen,
            last_error,
            cancel,
        })
    }
}

/// Fields: `api.name`, `api.operation`, then the session's final `pushauth.session.status` or the
/// wait's `error.type` (`timeout`, or the failed call's). Never the session id.
fn wait_span() -> tracing::Span {
    tracing::info_span!(
        target: env!("CARGO_CRATE_NAME"),
        "api.wait",
        "api.name" = "pushauth",
        "api.operation" = "waitForAnswer",
        "pushauth.session.status" = tracing::field::Empty,
        "error.type" = tracing::field::Empty,
    )
}

fn record_wait_outcome(span: &tracing::Span, result: &Result<Session, WaitError>) {
    if span.is_disabled() {
        return;
    }
    match result {
        Ok(session) => {
            span.record(
                "pushauth.session.status",
                tracing::field::display(&session.status),
            );
        }
        Err(WaitError::TimedOut { .. }) => {
            span.record("error.type", "timeout");
        }
        Err(WaitError::Failed(error)) => {
            span.record("error.type", api_core::telemetry::error_type(error.core()));
        }
    }
}

async fn cancel(poller: &Poller) -> CancelOutcome {
    match poller
        .sessions()
        .cancel(poller.id())
        .overall_timeout(CANCEL_TIMEOUT)
        .send()
        .await
    {
        Ok(_) => CancelOutcome::Canceled,
        Err(error) => CancelOutcome::Failed(error),
    }
}

impl IntoFuture for WaitForAnswer {
    type Output = Result<Session, WaitError>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Why [`WaitForAnswer`] returned no final status.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum WaitError {
    /// The timeout passed before the session was decided. Treat this as "not approved".
    #[error("no final answer within {waited:?} (last status seen: {})", LastStatus(last_seen.as_deref()))]
    TimedOut {
        /// The timeout that passed.
        waited: Duration,
        /// The last session read before the deadline; `None` when no read succeeded.
        last_seen: Option<Box<Session>>,
        /// The failure of the last read, when the service was failing as the deadline passed.
        last_error: Option<Error>,
        /// What became of the session.
        cancel: CancelOutcome,
    },
    /// A request failed in a way waiting cannot fix (bad key, unknown session, invalid settings, ...).
    #[error(transparent)]
    Failed(#[from] Error),
}

impl WaitError {
    /// True for [`WaitError::TimedOut`].
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client, id: &str) {
    /// match client.sessions().wait(id).await {
    ///     Ok(done) => println!("answered: {}", done.status),
    ///     Err(e) if e.is_timeout() => println!("no answer in time"),
    ///     Err(e) => println!("could not find out: {e}"),
    /// }
    /// # }
    /// ```
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::TimedOut { .. })
    }

    /// The status last seen before the deadline, for [`WaitError::TimedOut`].
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client, id: &str) {
    /// if let Err(e) = client.sessions().wait(id).await {
    ///     println!("last status: {:?}", e.last_status());
    /// }
    /// # }
    /// ```
    pub fn last_status(&self) -> Option<&SessionStatus> {
        match self {
            Self::TimedOut { last_seen, .. } => last_seen.as_deref().map(|s| &s.status),
            Self::Failed(_) => None,
        }
    }
}

/// What [`WaitForAnswer`] did about the session when its timeout passed.
#[non_exhaustive]
#[derive(Debug)]
pub enum CancelOutcome {
    /// Cancelling was turned off with [`WaitForAnswer::cancel_on_timeout`].
    NotRequested,
    /// The service accepted the cancel request.
    Canceled,
    /// The cancel request failed (for example because the user answered at the last moment).
    Failed(Error),
}

struct LastStatus<'a>(Option<&'a Session>);

impl fmt::Display for LastStatus<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            // A `null`, missing or non-string status is the empty `Unknown`.
            Some(session) if session.status.as_str().is_empty() => f.write_str("unreadable"),
            Some(session) => write!(f, "{}", session.status),
            None => f.write_str("none"),
        }
    }
}
