//! The result of a create call, with what the server changed from the request.

use std::fmt;
use std::ops::Deref;

use crate::duration::ExpireAfterDuration;
use crate::generated::models::Push;

/// Which expiry setting the server changed.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryField {
    /// `expire_after_days`.
    Days,
    /// `expire_after_views`.
    Views,
    /// `expire_after_duration` (Pro).
    Duration,
}

impl ExpiryField {
    /// The field's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ExpiryField::Days => "expire_after_days",
            ExpiryField::Views => "expire_after_views",
            ExpiryField::Duration => "expire_after_duration",
        }
    }
}

/// One difference between the expiry asked for and the expiry the server applied. The server
/// replaces out-of-range values with its defaults without an error, so this is how a caller learns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpiryAdjustment {
    /// The setting.
    pub field: ExpiryField,
    /// What was asked for.
    pub requested: i64,
    /// What the server applied.
    pub granted: i64,
}

impl fmt::Display for ExpiryAdjustment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} asked {} got {}",
            self.field.as_str(),
            self.requested,
            self.granted
        )
    }
}

/// The expiry a create call asked for (only what the caller set).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RequestedExpiry {
    pub(crate) days: Option<u32>,
    pub(crate) views: Option<u32>,
    pub(crate) duration: Option<ExpireAfterDuration>,
}

impl RequestedExpiry {
    /// Compares with what the server echoed. A field the server did not echo cannot be compared
    /// and is not reported.
    pub(crate) fn differences(&self, push: &Push) -> Vec<ExpiryAdjustment> {
        let pairs = [
            (
                ExpiryField::Days,
                self.days.map(i64::from),
                push.expire_after_days.map(i64::from),
            ),
            (
                ExpiryField::Views,
                self.views.map(i64::from),
                push.expire_after_views.map(i64::from),
            ),
            (
                ExpiryField::Duration,
                self.duration.map(|d| i64::from(d.code())),
                push.expire_after_duration.map(i64::from),
            ),
        ];
        pairs
            .into_iter()
            .filter_map(|(field, requested, granted)| match (requested, granted) {
                (Some(requested), Some(granted)) if requested != granted => {
                    Some(ExpiryAdjustment {
                        field,
                        requested,
                        granted,
                    })
                }
                _ => None,
            })
            .collect()
    }
}

/// A push just created: the server's description of it, and any expiry the server changed.
///
/// Dereferences to [`Push`], so `created.url_token` and `created.html_url` work directly (both
/// are secrets: use `.expose_secret()` to read them).
#[derive(Clone, Debug, PartialEq)]
pub struct CreatedPush {
    /// The push as the server describes it.
    pub push: Push,
    /// Expiry settings the server did not apply as asked (empty when it did).
    pub adjustments: Vec<ExpiryAdjustment>,
}

impl CreatedPush {
    /// The secret link to hand to the recipient. Treat it like the secret itself.
    pub fn secret_link(&self) -> &str {
        self.push.html_url.expose_secret()
    }

    /// The push's URL token, for retrieve, preview, audit and expire calls.
    pub fn url_token(&self) -> &str {
        self.push.url_token.expose_secret()
    }

    /// Whether the server applied the expiry exactly as asked.
    pub fn expiry_as_requested(&self) -> bool {
        self.adjustments.is_empty()
    }
}

impl Deref for CreatedPush {
    type Target = Push;

    fn deref(&self) -> &Push {
        &self.push
    }
}
