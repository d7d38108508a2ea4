//! What the server is: API version, edition, features.

use serde_json::Value;

use crate::generated::models::{Edition, Features};

/// The API generation the client talks to.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// `/p.json`, `/p/<token>.json`, ... (every server since 1.56).
    V1,
    /// `/api/v2/pushes/...` (open-source 2.3 and later, and the Pro edition).
    V2,
}

/// What the server says about itself, from `GET /api/v2/version` (or `/api/v1/version.json` on a
/// server without API v2). Fetched once per client and cached.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub struct ServerInfo {
    /// The API generation the client uses (probed, or the builder's override).
    pub api: ApiVersion,
    /// Whether the server offers API v2.
    pub has_v2: bool,
    /// The server's release, e.g. `2.11.4`.
    pub application_version: Option<String>,
    /// The API version string, e.g. `2.1`.
    pub api_version: Option<String>,
    /// `oss` or `commercial` (Pro).
    pub edition: Option<Edition>,
    /// The typed feature flags (API 2.1 and later).
    pub features: Option<Features>,
    /// The feature flags as sent, including any this crate does not know yet.
    pub features_raw: Option<Value>,
}

impl ServerInfo {
    /// Whether this is the hosted Pro edition (`edition: commercial`).
    pub fn is_pro(&self) -> bool {
        self.edition == Some(Edition::Commercial)
    }

    /// Whether the server is known to be the open-source edition.
    pub fn is_oss(&self) -> bool {
        self.edition == Some(Edition::Oss)
    }

    /// Whether file pushes are on; `None` when the server does not say.
    pub fn file_pushes_enabled(&self) -> Option<bool> {
        self.features
            .as_ref()?
            .pushes
            .as_ref()?
            .file_attachments
            .as_ref()?
            .enabled
    }

    /// Whether URL pushes are on; `None` when the server does not say.
    pub fn url_pushes_enabled(&self) -> Option<bool> {
        self.features
            .as_ref()?
            .pushes
            .as_ref()?
            .url_pushes
            .as_ref()?
            .enabled
    }

    /// Whether QR pushes are on; `None` when the server does not say.
    pub fn qr_pushes_enabled(&self) -> Option<bool> {
        self.features
            .as_ref()?
            .pushes
            .as_ref()?
            .qr_code_pushes
            .as_ref()?
            .enabled
    }

    /// Whether anonymous callers may create and read pushes; `None` when the server does not say.
    pub fn anonymous_access(&self) -> Option<bool> {
        self.features.as_ref()?.anonymous_access
    }

    /// Whether the server can e-mail links (`notify_emails`); `None` when the server does not say.
    pub fn email_notifications(&self) -> Option<bool> {
        self.features.as_ref()?.pushes.as_ref()?.email_auto_dispatch
    }
}
