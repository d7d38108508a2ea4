//! One polling loop shared by `wait` and `watch`: GET the session no faster than the interval, and back off
//! while the service has trouble.
//!
//! Every pause and deadline is taken from the client's [`Clock`], so a paused or injected clock drives a
//! whole wait. Each read is a single attempt: this loop is the only retry loop (see [`Poller::next`]).

use std::time::{Duration, Instant};

use api_core::{Backoff, Clock, RetryPolicy};

use crate::Error;
use crate::generated::models::Session;
use crate::generated::operations::Sessions;

/// How often a session is polled unless the caller says otherwise: UnifyID's own sample polls every 2 s.
pub(crate) const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);

/// The longest pause between polls while the service keeps failing.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The longest `Retry-After` honoured; a longer one is a misconfigured server, not a reason to stall.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub(crate) struct Poller {
    sessions: Sessions,
    id: String,
    interval: Duration,
    clock: Clock,
    next_poll_at: Option<Instant>,
    consecutive_failures: u32,
    last_error: Option<Error>,
}

impl Poller {
    pub(crate) fn new(sessions: Sessions, id: String, interval: Duration) -> Self {
        let clock = sessions.core().clock().clone();
        Self {
            sessions,
            id,
            interval,
            clock,
            next_poll_at: None,
            consecutive_failures: 0,
            last_error: None,
        }
    }

    pub(crate) fn interval(&self) -> Duration {
        self.interval
    }

    pub(crate) fn set_interval(&mut self, interval: Duration) {
        self.interval = interval;
    }

    /// The instant `after` from now on the client's clock.
    pub(crate) fn deadline_after(&self, after: Duration) -> Instant {
        instant_after(self.clock.now(), after)
    }

    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    /// The transient error that made the latest poll fail, if it failed.
    pub(crate) fn take_last_error(&mut self) -> Option<Error> {
        self.last_error.take()
    }

    /// Waits for the next poll to be due and reads the session. Transient failures (timeouts, 429, 5xx,
    /// connection errors) are retried with a growing pause; any other failure is returned. `Ok(None)` means
    /// `deadline` came first.
    ///
    /// Transient failures are handled here and only here: each read is one attempt (retries disabled), bounded
    /// by the time left before `deadline`, and a failed read is followed by a pause from the core's
    /// [`Backoff`] (the interval doubled per failure in a row, at most 30 s, at least the interval and at
    /// least the service's `Retry-After` up to a minute), never past `deadline`.
    pub(crate) async fn next(
        &mut self,
        deadline: Option<Instant>,
    ) -> Result<Option<Session>, Error> {
        loop {
            if let Some(due) = self.next_poll_at {
                let wake = deadline.map_or(due, |deadline| due.min(deadline));
                let pause = wake.saturating_duration_since(self.clock.now());
                if !pause.is_zero() {
                    self.clock.sleep(pause).await;
                }
            }
            let now = self.clock.now();
            // This loop is the retry loop of a poll: it reads again after a pause that grows with each
            // failure and honours `Retry-After`. Retrying inside each read as well would send a burst
            // of requests to a service that has just asked us to slow down (three per poll with the
            // default policy), so each read is a single attempt.
            let mut request = self
                .sessions
                .get(&self.id)
                .retry_policy(RetryPolicy::no_retries());
            if let Some(deadline) = deadline {
                let Some(left) = deadline
                    .checked_duration_since(now)
                    .filter(|d| !d.is_zero())
                else {
                    return Ok(None);
                };
                // A slow answer must not carry the caller past the deadline.
                request = request.overall_timeout(left);
            }
            match request.send().await {
                Ok(session) => {
                    self.consecutive_failures = 0;
                    self.last_error = None;
                    self.next_poll_at = Some(instant_after(now, self.interval));
                    return Ok(Some(session));
                }
                Err(error) if error.is_retryable() || error.is_timeout() => {
                    self.consecutive_failures = self.consecutive_failures.saturating_add(1);
                    let pause = pause_after_failure(
                        self.interval,
                        self.consecutive_failures,
                        error.retry_after(),
                    );
                    tracing::debug!(
                        failures = self.consecutive_failures,
                        pause_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
                        %error,
                        "reading the PushAuth session failed; polling again after a pause"
                    );
                    self.next_poll_at = Some(instant_after(self.clock.now(), pause));
                    self.last_error = Some(error);
                }
                Err(error) => return Err(error),
            }
        }
    }
}

/// `from + after`, saturating at about thirty years (as tokio does for "never") instead of panicking on a
/// huge caller-supplied duration.
fn instant_after(from: Instant, after: Duration) -> Instant {
    const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);
    from.checked_add(after.min(FAR_FUTURE)).unwrap_or(from)
}

/// The pause before the next poll after `failures` failures in a row: the core's [`Backoff`] ceiling from
/// the interval, i.e. the interval doubled per failure, at most [`MAX_BACKOFF`] (but never below the
/// interval), and at least the service's `Retry-After` (itself capped at [`MAX_RETRY_AFTER`]).
///
/// The ceiling, not a jittered draw: a wait is started by one user's sign-in, so the waits of many users are
/// not in step to begin with, and a fixed schedule keeps the number of reads within a deadline predictable.
fn pause_after_failure(
    interval: Duration,
    failures: u32,
    retry_after: Option<Duration>,
) -> Duration {
    let capped = Backoff::new(interval, MAX_BACKOFF.max(interval)).ceiling(failures);
    let asked = retry_after.unwrap_or(Duration::ZERO).min(MAX_RETRY_AFTER);
    capped.max(asked)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_SECONDS: Duration = Duration::from_secs(2);

    #[test]
    fn the_pause_doubles_with_each_failure_up_to_the_cap() {
        let pauses: Vec<u64> = (1..=6)
            .map(|failures| pause_after_failure(TWO_SECONDS, failures, None).as_secs())
            .collect();
        assert_eq!(pauses, [4, 8, 16, 30, 30, 30]);
    }

    #[test]
    fn the_pause_is_never_shorter_than_the_interval() {
        let long = Duration::from_secs(45);
        assert_eq!(pause_after_failure(long, 1, None), long);
        assert_eq!(
            pause_after_failure(long, 30, Some(Duration::from_secs(1))),
            long
        );
    }

    #[test]
    fn a_huge_duration_saturates_instead_of_overflowing() {
        let now = Instant::now();
        assert!(
            instant_after(now, Duration::MAX) > instant_after(now, Duration::from_secs(86_400))
        );
    }

    #[test]
    fn retry_after_is_a_floor_capped_at_a_minute() {
        let asked = |secs| pause_after_failure(TWO_SECONDS, 1, Some(Duration::from_secs(secs)));
        assert_eq!(asked(10), Duration::from_secs(10));
        assert_eq!(asked(3600), MAX_RETRY_AFTER);
    }
}
