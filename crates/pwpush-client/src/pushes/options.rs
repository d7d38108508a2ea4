//! Settings every kind of push shares, how they are checked, and how they map onto the server's
//! API version and edition.

use api_core::SecretString;

use crate::context::Context;
use crate::created::{CreatedPush, RequestedExpiry};
use crate::dialect::Dialect;
use crate::duration::ExpireAfterDuration;
use crate::error::Error;
use crate::generated::models::{Edition, Push};
use crate::push_fields::PushFields;
use crate::unsupported::unsupported;

/// Optional settings of a new push.
#[derive(Clone, Default)]
pub(crate) struct PushOptions {
    pub(crate) passphrase: Option<SecretString>,
    pub(crate) name: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) days: Option<u32>,
    pub(crate) views: Option<u32>,
    pub(crate) duration: Option<ExpireAfterDuration>,
    pub(crate) deletable_by_viewer: Option<bool>,
    pub(crate) retrieval_step: Option<bool>,
    pub(crate) account_id: Option<i64>,
    pub(crate) notify_emails_to: Option<String>,
    pub(crate) notify_emails_to_locale: Option<String>,
}

impl std::fmt::Debug for PushOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushOptions")
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "[REDACTED]"),
            )
            .field("name", &self.name)
            .field("note", &self.note)
            .field("expire_after_days", &self.days)
            .field("expire_after_views", &self.views)
            .field("expire_after_duration", &self.duration)
            .field("deletable_by_viewer", &self.deletable_by_viewer)
            .field("retrieval_step", &self.retrieval_step)
            .field("account_id", &self.account_id)
            .field(
                "notify_emails_to",
                &self.notify_emails_to.as_ref().map(|_| "[set]"),
            )
            .finish()
    }
}

/// The setters shared by the create builders.
macro_rules! push_option_setters {
    () => {
        /// Require this passphrase to read the push (sent as a query parameter by readers).
        pub fn passphrase(mut self, passphrase: impl Into<api_core::SecretString>) -> Self {
            self.options.passphrase = Some(passphrase.into());
            self
        }

        /// A label only the owner sees.
        pub fn name(mut self, name: impl Into<String>) -> Self {
            self.options.name = Some(name.into());
            self
        }

        /// A note only the owner sees.
        pub fn note(mut self, note: impl Into<String>) -> Self {
            self.options.note = Some(note.into());
            self
        }

        /// Days the push lives (1 to 90 on a stock server, checked before sending). On the Pro
        /// edition it is sent as the matching duration (1-6, 7, 14, 21, 30, 60 or 90 days).
        pub fn expire_after_days(mut self, days: u32) -> Self {
            self.options.days = Some(days);
            self
        }

        /// Views the push allows (1 to 100 on a stock server, checked before sending).
        pub fn expire_after_views(mut self, views: u32) -> Self {
            self.options.views = Some(views);
            self
        }

        /// Pro edition: how long the push lives, as a duration code. Refused before sending when
        /// the server is known to be the open-source edition, which would ignore it.
        pub fn expire_after_duration(mut self, duration: $crate::ExpireAfterDuration) -> Self {
            self.options.duration = Some(duration);
            self
        }

        /// Whether anyone with the link may expire the push (server default: yes).
        pub fn deletable_by_viewer(mut self, deletable: bool) -> Self {
            self.options.deletable_by_viewer = Some(deletable);
            self
        }

        /// Whether the link shows a click-through page first (server default: yes).
        pub fn retrieval_step(mut self, step: bool) -> Self {
            self.options.retrieval_step = Some(step);
            self
        }

        /// Pro edition: the account to create the push in (see `client.accounts().list()`).
        pub fn account_id(mut self, account_id: i64) -> Self {
            self.options.account_id = Some(account_id);
            self
        }

        /// API v2: e-mail the link to these recipients (up to 5, comma-separated). Needs a token
        /// and e-mail on the server.
        pub fn notify_emails_to(mut self, recipients: impl Into<String>) -> Self {
            self.options.notify_emails_to = Some(recipients.into());
            self
        }

        /// API v2: language of the notification e-mails (default `en`).
        pub fn notify_emails_to_locale(mut self, locale: impl Into<String>) -> Self {
            self.options.notify_emails_to_locale = Some(locale.into());
            self
        }
    };
}
pub(crate) use push_option_setters;

/// What will be sent, once the server's API version and edition are known.
pub(crate) struct Plan {
    /// The routes of the server's API version.
    pub(crate) dialect: Dialect,
    pub(crate) fields: PushFields,
    /// The expiry asked for, to compare with the one the server applies.
    pub(crate) requested: RequestedExpiry,
}

impl PushOptions {
    /// Checks the settings and decides how expiry is sent.
    pub(crate) async fn plan(
        self,
        context: &Context,
        operation: &'static str,
    ) -> Result<Plan, Error> {
        let limits = context.limits();
        if let Some(days) = self.days {
            limits
                .check_days(days)
                .map_err(|m| Error::invalid(operation, m))?;
        }
        if let Some(views) = self.views {
            limits
                .check_views(views)
                .map_err(|m| Error::invalid(operation, m))?;
        }
        if let Some(ExpireAfterDuration::Unknown(code)) = self.duration {
            return Err(Error::invalid(
                operation,
                format!("expire_after_duration {code} is not a known duration code (0..=17)"),
            ));
        }
        let dialect = context.dialect().await?;
        if self.notify_emails_to.is_some() && !dialect.supports_notify_emails() {
            return Err(unsupported(operation, "notify_emails_to needs API v2"));
        }
        // The edition decides how expiry is sent; ask only when it matters.
        let needs_edition =
            self.days.is_some() || self.duration.is_some() || self.account_id.is_some();
        let edition = if needs_edition {
            context.edition().await?
        } else {
            None
        };
        if edition == Some(Edition::Oss) {
            if self.duration.is_some() {
                return Err(unsupported(
                    operation,
                    "expire_after_duration is a Pro feature; use expire_after_days",
                ));
            }
            if self.account_id.is_some() {
                return Err(unsupported(operation, "account_id is a Pro feature"));
            }
        }
        let (days, duration) = match (
            edition == Some(Edition::Commercial),
            self.days,
            self.duration,
        ) {
            // Pro counts lifetime in duration codes; a day count is sent as its code.
            (true, Some(days), None) => {
                let code = ExpireAfterDuration::from_days(days).ok_or_else(|| {
                    Error::invalid(
                        operation,
                        format!("the Pro edition has no duration of {days} days (1-6, 7, 14, 21, 30, 60, 90); use expire_after_duration"),
                    )
                })?;
                (None, Some(code))
            }
            (true, _, Some(duration)) => (None, Some(duration)),
            (_, days, duration) => (days, duration),
        };
        let fields = PushFields {
            passphrase: self.passphrase,
            name: self.name,
            note: self.note,
            expire_after_days: days.map(to_i32),
            expire_after_views: self.views.map(to_i32),
            expire_after_duration: duration.map(ExpireAfterDuration::code),
            deletable_by_viewer: self.deletable_by_viewer,
            retrieval_step: self.retrieval_step,
            notify_emails_to: self.notify_emails_to,
            notify_emails_to_locale: self.notify_emails_to_locale,
            account_id: self.account_id,
        };
        Ok(Plan {
            dialect,
            fields,
            requested: RequestedExpiry {
                days,
                views: self.views,
                duration,
            },
        })
    }
}

fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Compares the answer with the request; strict clients turn a difference into an error.
pub(crate) fn finish(
    strict_expiry: bool,
    operation: &'static str,
    requested: &RequestedExpiry,
    push: Push,
) -> Result<CreatedPush, Error> {
    let adjustments = requested.differences(&push);
    if strict_expiry && !adjustments.is_empty() {
        return Err(Error::ExpiryAdjusted {
            operation,
            push: Box::new(push),
            adjustments,
        });
    }
    Ok(CreatedPush { push, adjustments })
}
