//! How a mock server is set up: edition, API versions, instance settings.

/// Which server the mock imitates.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MockEdition {
    /// The open-source server: no accounts, no requests, `expire_after_duration` and `account_id` ignored.
    #[default]
    Oss,
    /// The hosted Pro edition: accounts, `account_id`, integer-coded durations, secret requests.
    Pro,
}

/// Settings of the imitated instance. `MockOptions::default()` is an open-source 2.11 server with its
/// stock settings; change fields to imitate a self-hosted configuration.
///
/// ```
/// use pwpush_client::mock::{MockEdition, MockOptions};
///
/// let options = MockOptions { edition: MockEdition::Pro, allow_anonymous: false, ..MockOptions::default() };
/// assert!(!options.allow_anonymous);
/// ```
#[derive(Clone, Debug)]
pub struct MockOptions {
    /// Open-source or Pro.
    pub edition: MockEdition,
    /// Serve `/api/v2/...`; `false` imitates a server older than 2.3 (v1 only, v2 version is 404).
    pub api_v2: bool,
    /// Serve the `features` map on `/api/v2/version` (API 2.1); `false` imitates API 2.0.
    pub features_in_version: bool,
    /// Anonymous callers may create and read pushes.
    pub allow_anonymous: bool,
    /// File pushes are on (`/f.json` exists).
    pub enable_file_pushes: bool,
    /// URL pushes are on (`/r.json` exists).
    pub enable_url_pushes: bool,
    /// QR pushes are on.
    pub enable_qr_pushes: bool,
    /// E-mail notification is configured (`notify_emails` exists, `notify_emails_to` accepted).
    pub email_notifications: bool,
    /// Every authenticated call is refused with 403 because the user has no two-factor authentication.
    pub require_mfa: bool,
    /// Default and range of `expire_after_days`.
    pub expire_after_days: (u32, std::ops::RangeInclusive<u32>),
    /// Default and range of `expire_after_views`.
    pub expire_after_views: (u32, std::ops::RangeInclusive<u32>),
    /// Default of `retrieval_step` when the creator does not say.
    pub retrieval_step_default: bool,
    /// Default of `deletable_by_viewer` when the creator does not say.
    pub deletable_by_viewer_default: bool,
    /// Most files one push may carry.
    pub max_files: usize,
    /// Most audit entries per push; once reached a counted view fails closed (the push expires).
    pub max_audit_entries: usize,
    /// What `application_version` reports.
    pub application_version: String,
}

impl Default for MockOptions {
    fn default() -> Self {
        Self {
            edition: MockEdition::Oss,
            api_v2: true,
            features_in_version: true,
            allow_anonymous: true,
            enable_file_pushes: true,
            enable_url_pushes: true,
            enable_qr_pushes: true,
            email_notifications: true,
            require_mfa: false,
            expire_after_days: (7, 1..=90),
            expire_after_views: (5, 1..=100),
            retrieval_step_default: true,
            deletable_by_viewer_default: true,
            max_files: 10,
            max_audit_entries: 2000,
            application_version: "2.11.4".to_owned(),
        }
    }
}

impl MockOptions {
    /// The stock settings of the Pro edition.
    pub fn pro() -> Self {
        Self {
            edition: MockEdition::Pro,
            ..Self::default()
        }
    }

    /// The stock settings of a server that only speaks API v1.
    pub fn v1_only() -> Self {
        Self {
            api_v2: false,
            ..Self::default()
        }
    }

    pub(crate) fn is_pro(&self) -> bool {
        self.edition == MockEdition::Pro
    }
}
