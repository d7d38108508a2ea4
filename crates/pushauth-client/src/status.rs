//! What a session status means for the caller: is it decided, and is it an approval.

use crate::generated::models::SessionStatus;

impl SessionStatus {
    /// True once the session is decided: `accepted`, `rejected`, `expired`, `canceled` or `error`.
    ///
    /// `sent` (no answer yet) is not terminal, and neither is a status this crate does not know
    /// ([`SessionStatus::Unknown`]): it may be a new in-between state, so [`wait`](crate::Sessions::wait)
    /// keeps polling through it until a known final status or its deadline. UnifyID's own sample treats
    /// every status but `sent` as final; this crate prefers waiting a little longer to cutting a sign-in
    /// short.
    ///
    /// ```
    /// use pushauth_client::SessionStatus;
    ///
    /// assert!(!SessionStatus::Sent.is_terminal());
    /// assert!(SessionStatus::Rejected.is_terminal());
    /// assert!(!SessionStatus::from("dismissed").is_terminal());
    /// ```
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Accepted | Self::Rejected | Self::Expired | Self::Canceled | Self::Error
        )
    }

    /// True only for exactly `accepted`: the one status that may count as the user's approval. Every other
    /// status, an unknown one included, is not; nor is a status the service sent as `null`, left out or
    /// sent as a number, which decodes as the empty [`SessionStatus::Unknown`].
    ///
    /// ```
    /// use pushauth_client::SessionStatus;
    ///
    /// assert!(SessionStatus::Accepted.is_accepted());
    /// assert!(!SessionStatus::from("Accepted").is_accepted());
    /// assert!(!SessionStatus::from("approved").is_accepted());
    /// assert!(!SessionStatus::default().is_accepted());
    /// ```
    pub fn is_accepted(&self) -> bool {
        matches!(self, Self::Accepted)
    }
}
