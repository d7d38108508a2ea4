//! The session operations written by hand on top of the generated ones: cancel, wait and watch.

use crate::generated::models::SessionStatus;
use crate::generated::operations::{Sessions, UpdateSession};
use crate::wait::WaitForAnswer;
use crate::watch::SessionWatch;

/// The status value PATCH is sent to cancel a session. UNVERIFIED: UnifyID's reference lost the value;
/// `canceled` (one "l") is the spelling its own sample server reads back.
pub const CANCEL_STATUS: &str = "canceled";

impl Sessions {
    /// Cancels a pending session (`PATCH /v1/push/sessions/{id}` with `{"status": "canceled"}`), so the
    /// user can no longer approve it. The value `canceled` is UNVERIFIED upstream; if the service wants
    /// another one, use [`cancel_with`](Self::cancel_with).
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client, id: &str) -> Result<(), pushauth_client::Error> {
    /// let session = client.sessions().cancel(id).await?;
    /// assert!(session.status.is_terminal());
    /// # Ok(())
    /// # }
    /// ```
    pub fn cancel(&self, id: &str) -> UpdateSession {
        self.update(id, SessionStatus::Canceled)
    }

    /// Cancels a pending session sending `status` as the cancel value instead of `canceled`.
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client, id: &str) -> Result<(), pushauth_client::Error> {
    /// let session = client.sessions().cancel_with(id, "cancelled").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn cancel_with(&self, id: &str, status: &str) -> UpdateSession {
        self.update(id, SessionStatus::from(status))
    }

    /// Waits until the session is decided or a deadline passes; see [`WaitForAnswer`].
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client, id: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// let done = client.sessions().wait(id).await?;
    /// println!("the user answered: {}", done.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait(&self, id: &str) -> WaitForAnswer {
        WaitForAnswer::new(self.clone(), id.to_owned())
    }

    /// A stream of the session each time its status changes, ending with a final status; see
    /// [`SessionWatch`].
    ///
    /// ```no_run
    /// # async fn example(client: pushauth_client::Client, id: &str) -> Result<(), pushauth_client::Error> {
    /// use futures::TryStreamExt;
    ///
    /// let statuses: Vec<_> = client.sessions().watch(id).map_ok(|s| s.status).try_collect().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn watch(&self, id: &str) -> SessionWatch {
        SessionWatch::new(self.clone(), id.to_owned())
    }
}
