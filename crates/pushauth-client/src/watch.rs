//! Following a session: a stream of each status it takes until it is decided.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use api_core::BoxStream;
use futures::{Stream, StreamExt};

use crate::Error;
use crate::generated::models::{Session, SessionStatus};
use crate::generated::operations::Sessions;
use crate::poll::{DEFAULT_INTERVAL, Poller};

/// A stream of a session each time its status changes; made by [`Sessions::watch`].
///
/// The first item is the session as it is now; then one item per new status, polled every
/// [`interval`](Self::interval) (default 2 s, longer while the service fails). The stream ends after a final
/// status ([`SessionStatus::is_terminal`]), or after an error waiting cannot fix. A status this crate does
/// not know is yielded but is not final. The stream has no deadline of its own: drop it, or wrap it in
/// `tokio::time::timeout`, to stop.
///
/// ```no_run
/// # async fn example(client: pushauth_client::Client, id: &str) -> Result<(), pushauth_client::Error> {
/// use futures::TryStreamExt;
///
/// let mut updates = client.sessions().watch(id);
/// while let Some(session) = updates.try_next().await? {
///     println!("now {}", session.status);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream does nothing unless polled"]
pub struct SessionWatch {
    /// Waiting for the first poll, so [`interval`](Self::interval) can still change.
    not_started: Option<Poller>,
    running: Option<BoxStream<'static, Result<Session, Error>>>,
}

impl std::fmt::Debug for SessionWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionWatch")
            .field("started", &self.running.is_some())
            .finish_non_exhaustive()
    }
}

impl SessionWatch {
    pub(crate) fn new(sessions: Sessions, id: String) -> Self {
        Self {
            not_started: Some(Poller::new(sessions, id, DEFAULT_INTERVAL)),
            running: None,
        }
    }

    /// The pause between two polls (default 2 s). Must be longer than zero (otherwise the stream
    /// yields an error whose [`Error::is_invalid_request`] is true); it has no effect once the
    /// stream has been polled.
    pub fn interval(mut self, interval: Duration) -> Self {
        if let Some(poller) = &mut self.not_started {
            poller.set_interval(interval);
        }
        self
    }
}

impl Stream for SessionWatch {
    type Item = Result<Session, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(poller) = this.not_started.take() {
            this.running = Some(if poller.interval().is_zero() {
                let invalid = Error::invalid_request(
                    "watchSession",
                    "the poll interval must be longer than zero",
                );
                futures::stream::once(std::future::ready(Err(invalid))).boxed()
            } else {
                distinct_statuses(poller)
            });
        }
        match &mut this.running {
            Some(stream) => stream.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

fn distinct_statuses(poller: Poller) -> BoxStream<'static, Result<Session, Error>> {
    let start: Option<(Poller, Option<SessionStatus>)> = Some((poller, None));
    futures::stream::unfold(start, |state| async move {
        let (mut poller, last_status) = state?;
        loop {
            match poller.next(None).await {
                Ok(Some(session)) if last_status.as_ref() == Some(&session.status) => continue,
                Ok(Some(session)) => {
                    let next = (!session.status.is_terminal())
                        .then(|| (poller, Some(session.status.clone())));
                    return Some((Ok(session), next));
                }
                // Without a deadline the poller never gives up on its own.
                Ok(None) => return None,
                Err(error) => return Some((Err(error), None)),
            }
        }
    })
    .boxed()
}
