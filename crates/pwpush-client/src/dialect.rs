//! The one place that knows the two API generations apart. A [`Dialect`] is chosen once per client
//! from the configured or probed [`ApiVersion`], and for each operation it makes the matching
//! generated call; the operation groups above it never ask which version they talk to.

use api_core::{BoxFuture, BoxStream, SecretString};
use futures::TryStreamExt;

use crate::account_list::accounts_from;
use crate::error::Error;
use crate::generated::models::{
    Account, AuditEvent, FilePart, Message, Preview, Push, PushKind, V1PushParams, V2PushParams,
};
use crate::generated::operations::{Accounts, PushesV1, PushesV2};
use crate::push_fields::PushFields;
use crate::server_info::ApiVersion;
use crate::unsupported::unsupported;

/// Which of the user's push lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PushList {
    Active,
    Expired,
}

/// The routes of one API generation, bound to the client's transport.
#[derive(Clone, Debug)]
pub(crate) struct Dialect {
    version: ApiVersion,
    core: api_core::Client,
}

impl Dialect {
    pub(crate) fn new(version: ApiVersion, core: api_core::Client) -> Self {
        Self { version, core }
    }

    /// Whether the server can e-mail a push's link (`notify_emails`, `notify_emails_to`): v2 only.
    pub(crate) fn supports_notify_emails(&self) -> bool {
        self.version == ApiVersion::V2
    }

    fn v1(&self) -> PushesV1 {
        PushesV1::new(self.core.clone())
    }

    fn v2(&self) -> PushesV2 {
        PushesV2::new(self.core.clone())
    }

    /// A text, URL (`kind: url`) or QR (`kind: qr`) push; v1 has no e-mail fields, which the
    /// caller has refused already when set.
    ///
    /// Not an `async fn`: the parameters are put in the request before anything is awaited, and
    /// what is returned is the core's call future itself, so the caller's future holds a pointer
    /// rather than these fields, the builder and a wrapper around the call.
    pub(crate) fn create(
        &self,
        payload: SecretString,
        kind: Option<PushKind>,
        fields: PushFields,
    ) -> BoxFuture<'static, Result<Push, api_core::Error>> {
        let account_id = fields.account_id;
        match self.version {
            ApiVersion::V1 => {
                let params = V1PushParams {
                    payload: Some(payload),
                    kind,
                    passphrase: fields.passphrase,
                    name: fields.name,
                    note: fields.note,
                    expire_after_days: fields.expire_after_days,
                    expire_after_views: fields.expire_after_views,
                    expire_after_duration: fields.expire_after_duration,
                    deletable_by_viewer: fields.deletable_by_viewer,
                    retrieval_step: fields.retrieval_step,
                };
                let mut call = self.v1().create(params);
                if let Some(account_id) = account_id {
                    call = call.account_id(account_id);
                }
                call.send()
            }
            ApiVersion::V2 => {
                let params = V2PushParams {
                    payload: Some(payload),
                    kind,
                    passphrase: fields.passphrase,
                    name: fields.name,
                    note: fields.note,
                    expire_after_days: fields.expire_after_days,
                    expire_after_views: fields.expire_after_views,
                    expire_after_duration: fields.expire_after_duration,
                    deletable_by_viewer: fields.deletable_by_viewer,
                    retrieval_step: fields.retrieval_step,
                    notify_emails_to: fields.notify_emails_to,
                    notify_emails_to_locale: fields.notify_emails_to_locale,
                };
                let mut call = self.v2().create(params);
                if let Some(account_id) = account_id {
                    call = call.account_id(account_id);
                }
                call.send()
            }
        }
    }

    /// A file push: multipart, `file_push[..]` fields on v1 and `push[..]` on v2.
    pub(crate) async fn create_file(
        &self,
        files: Vec<FilePart>,
        payload: Option<SecretString>,
        fields: PushFields,
    ) -> Result<Push, Error> {
        Ok(match self.version {
            ApiVersion::V1 => {
                let mut call = self.v1().create_file(files);
                if let Some(payload) = payload {
                    call = call.file_push_payload(payload);
                }
                if let Some(passphrase) = fields.passphrase {
                    call = call.file_push_passphrase(passphrase);
                }
                if let Some(name) = fields.name {
                    call = call.file_push_name(name);
                }
                if let Some(note) = fields.note {
                    call = call.file_push_note(note);
                }
                if let Some(days) = fields.expire_after_days {
                    call = call.file_push_expire_after_days(days);
                }
                if let Some(views) = fields.expire_after_views {
                    call = call.file_push_expire_after_views(views);
                }
                if let Some(duration) = fields.expire_after_duration {
                    call = call.file_push_expire_after_duration(duration);
                }
                if let Some(deletable) = fields.deletable_by_viewer {
                    call = call.file_push_deletable_by_viewer(deletable);
                }
                if let Some(step) = fields.retrieval_step {
                    call = call.file_push_retrieval_step(step);
                }
                if let Some(account_id) = fields.account_id {
                    call = call.account_id(account_id);
                }
                call.send().await?
            }
            ApiVersion::V2 => {
                let mut call = self.v2().create_file(files);
                if let Some(payload) = payload {
                    call = call.push_payload(payload);
                }
                if let Some(passphrase) = fields.passphrase {
                    call = call.push_passphrase(passphrase);
                }
                if let Some(name) = fields.name {
                    call = call.push_name(name);
                }
                if let Some(note) = fields.note {
                    call = call.push_note(note);
                }
                if let Some(days) = fields.expire_after_days {
                    call = call.push_expire_after_days(days);
                }
                if let Some(views) = fields.expire_after_views {
                    call = call.push_expire_after_views(views);
                }
                if let Some(duration) = fields.expire_after_duration {
                    call = call.push_expire_after_duration(duration);
                }
                if let Some(deletable) = fields.deletable_by_viewer {
                    call = call.push_deletable_by_viewer(deletable);
                }
                if let Some(step) = fields.retrieval_step {
                    call = call.push_retrieval_step(step);
                }
                if let Some(to) = fields.notify_emails_to {
                    call = call.push_notify_emails_to(to);
                }
                if let Some(locale) = fields.notify_emails_to_locale {
                    call = call.push_notify_emails_to_locale(locale);
                }
                if let Some(account_id) = fields.account_id {
                    call = call.account_id(account_id);
                }
                call.send().await?
            }
        })
    }

    /// Reads a push (`/p/<token>.json` or `/api/v2/pushes/<token>`).
    pub(crate) async fn retrieve(
        &self,
        url_token: SecretString,
        passphrase: Option<SecretString>,
    ) -> Result<Push, Error> {
        Ok(match self.version {
            ApiVersion::V1 => {
                let mut call = self.v1().retrieve(url_token);
                if let Some(passphrase) = passphrase {
                    call = call.passphrase(passphrase);
                }
                call.send().await?
            }
            ApiVersion::V2 => {
                let mut call = self.v2().retrieve(url_token);
                if let Some(passphrase) = passphrase {
                    call = call.passphrase(passphrase);
                }
                call.send().await?
            }
        })
    }

    pub(crate) async fn preview(&self, url_token: SecretString) -> Result<Preview, Error> {
        Ok(match self.version {
            ApiVersion::V1 => self.v1().preview(url_token).send().await?,
            ApiVersion::V2 => self.v2().preview(url_token).send().await?,
        })
    }

    pub(crate) async fn expire(&self, url_token: SecretString) -> Result<Push, Error> {
        Ok(match self.version {
            ApiVersion::V1 => self.v1().expire(url_token).send().await?,
            ApiVersion::V2 => self.v2().expire(url_token).send().await?,
        })
    }

    /// One page of a push list.
    pub(crate) async fn list_page(&self, list: PushList, page: i32) -> Result<Vec<Push>, Error> {
        Ok(match (self.version, list) {
            (ApiVersion::V1, PushList::Active) => self.v1().active().page(page).send().await?,
            (ApiVersion::V1, PushList::Expired) => self.v1().expired().page(page).send().await?,
            (ApiVersion::V2, PushList::Active) => self.v2().active().page(page).send().await?,
            (ApiVersion::V2, PushList::Expired) => self.v2().expired().page(page).send().await?,
        })
    }

    /// Every push of a list from `page` on.
    pub(crate) fn list_items(
        &self,
        list: PushList,
        page: i32,
    ) -> BoxStream<'static, Result<Push, Error>> {
        let items = match (self.version, list) {
            (ApiVersion::V1, PushList::Active) => self.v1().active().page(page).items(),
            (ApiVersion::V1, PushList::Expired) => self.v1().expired().page(page).items(),
            (ApiVersion::V2, PushList::Active) => self.v2().active().page(page).items(),
            (ApiVersion::V2, PushList::Expired) => self.v2().expired().page(page).items(),
        };
        Box::pin(items.map_err(Error::from))
    }

    /// One page of a push's audit log (v1 calls the entries `views`, v2 `logs`).
    pub(crate) async fn audit_page(
        &self,
        url_token: SecretString,
        page: i32,
    ) -> Result<Vec<AuditEvent>, Error> {
        Ok(match self.version {
            ApiVersion::V1 => self.v1().audit(url_token).page(page).send().await?.views,
            ApiVersion::V2 => self.v2().audit(url_token).page(page).send().await?.logs,
        })
    }

    /// Every audit entry from `page` on.
    pub(crate) fn audit_items(
        &self,
        url_token: SecretString,
        page: i32,
    ) -> BoxStream<'static, Result<AuditEvent, Error>> {
        let items = match self.version {
            ApiVersion::V1 => self.v1().audit(url_token).page(page).items(),
            ApiVersion::V2 => self.v2().audit(url_token).page(page).items(),
        };
        Box::pin(items.map_err(Error::from))
    }

    /// E-mails a push's link (v2 only: refused before sending on v1).
    pub(crate) async fn notify_emails(
        &self,
        operation: &'static str,
        url_token: SecretString,
        recipients: String,
        locale: Option<String>,
    ) -> Result<Message, Error> {
        if !self.supports_notify_emails() {
            return Err(unsupported(operation, "notify_emails needs API v2"));
        }
        let mut call = self.v2().notify_emails(url_token, recipients);
        if let Some(locale) = locale {
            call = call.notify_emails_to_locale(locale);
        }
        Ok(call.send().await?)
    }

    /// The token user's accounts (`operation` names the call in a decode error).
    pub(crate) async fn accounts(&self, operation: &'static str) -> Result<Vec<Account>, Error> {
        let accounts = Accounts::new(self.core.clone());
        match self.version {
            ApiVersion::V1 => Ok(accounts.list_v1().send().await?),
            ApiVersion::V2 => accounts_from(operation, accounts.list_v2().send().await?),
        }
    }
}
