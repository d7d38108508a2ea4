//! The JSON the mock reads and writes, declared here rather than borrowed from the generated models so the
//! mock checks the client against the wire format as documented, not against the client's own idea of it.

use serde::{Deserialize, Serialize};

/// `POST /v1/push/sessions`. Unknown fields are refused so a client that sends extra fields fails loudly.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct CreateSessionBody {
    pub(crate) user: String,
    #[serde(default)]
    pub(crate) notification: Option<NotificationBody>,
    #[serde(default)]
    pub(crate) seconds_to_expire: Option<i64>,
}

/// The optional `notification` object of a create request.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NotificationBody {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) subtitle: Option<String>,
    #[serde(default)]
    pub(crate) body: Option<String>,
    #[serde(default)]
    pub(crate) payload: Option<String>,
}

/// `PATCH /v1/push/sessions/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UpdateSessionBody {
    pub(crate) status: String,
}

/// The PushAuthenticationSession object every successful call answers with.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionJson {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) notification_count: u32,
    pub(crate) detail: Option<String>,
    pub(crate) expires_at: String,
    pub(crate) updated_at: String,
}

/// The documented error body.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorJson {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}
