//! What a test can read back about a session, and how it answers one.

use std::fmt;

use time::OffsetDateTime;

/// A session as the mock holds it, for assertions in tests.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockSession {
    /// The session id the mock handed out.
    pub id: String,
    /// The `user` the session was created for.
    pub user: String,
    /// The notification fields the client sent.
    pub notification: SentNotification,
    /// The lifetime in effect, in seconds (86400 when the request sent none or 0).
    pub seconds_to_expire: i64,
    /// The current status string, exactly as the mock serves it.
    pub status: String,
    /// The detail string of the answer, if any.
    pub detail: Option<String>,
    /// How many devices were registered for the user when the session was created.
    pub notification_count: u32,
    /// When the session expires.
    pub expires_at: OffsetDateTime,
    /// When the session last changed.
    pub updated_at: OffsetDateTime,
}

/// The `notification` object a client sent with a session; fields it did not send are `None`.
#[non_exhaustive]
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SentNotification {
    /// `notification.title`.
    pub title: Option<String>,
    /// `notification.subtitle`.
    pub subtitle: Option<String>,
    /// `notification.body`.
    pub body: Option<String>,
    /// `notification.payload`: a secret for the app on the phone, so Debug does not print it.
    pub payload: Option<String>,
}

impl fmt::Debug for SentNotification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentNotification")
            .field("title", &self.title)
            .field("subtitle", &self.subtitle)
            .field("body", &self.body)
            .field("payload", &self.payload.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

/// How the user's phone answers a session.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The user approved: status `accepted`.
    Accept,
    /// The user declined: status `rejected`.
    Reject,
    /// The app reported an error: status `error`.
    Error,
}

impl Answer {
    pub(crate) fn status(self) -> &'static str {
        match self {
            Self::Accept => "accepted",
            Self::Reject => "rejected",
            Self::Error => "error",
        }
    }
}

/// Why a test control could not act.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MockError {
    /// No session has this id.
    UnknownSession(String),
    /// The session has already left `sent`, so a phone can no longer answer it.
    NotPending {
        /// The session id.
        id: String,
        /// Its current status.
        status: String,
    },
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownSession(id) => write!(f, "the mock has no session `{id}`"),
            Self::NotPending { id, status } => {
                write!(f, "session `{id}` is no longer pending (status `{status}`)")
            }
        }
    }
}

impl std::error::Error for MockError {}
