//! A new push's settings as they go on the wire, once checked and mapped onto the server's edition:
//! what [`Dialect`](crate::dialect::Dialect) turns into a v1 or v2 create call.

use api_core::SecretString;

/// Every optional field of a create call; `None` is left out of the request.
#[derive(Default)]
pub(crate) struct PushFields {
    pub(crate) passphrase: Option<SecretString>,
    pub(crate) name: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) expire_after_days: Option<i32>,
    pub(crate) expire_after_views: Option<i32>,
    pub(crate) expire_after_duration: Option<i32>,
    pub(crate) deletable_by_viewer: Option<bool>,
    pub(crate) retrieval_step: Option<bool>,
    /// API v2 only; [`Dialect::supports_notify_emails`](crate::dialect::Dialect::supports_notify_emails)
    /// is asked before it is set.
    pub(crate) notify_emails_to: Option<String>,
    pub(crate) notify_emails_to_locale: Option<String>,
    pub(crate) account_id: Option<i64>,
}
