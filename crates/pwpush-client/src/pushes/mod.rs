//! Pushes: the entry point of every push operation. Each operation is a builder; which API
//! version's route it takes is the [`Dialect`](crate::dialect::Dialect)'s business.

mod create;
mod create_file;
mod lists;
mod notify;
mod options;
mod read;

use std::sync::Arc;

use api_core::SecretString;

pub use create::CreatePush;
pub use create_file::CreateFilePush;
pub use lists::{AuditLog, ListPushes};
pub use notify::NotifyEmails;
pub use read::{ExpirePush, PreviewPush, RetrievePush};

use crate::context::Context;
use crate::dialect::PushList;
use create::TextKind;

/// Push operations; from [`Client::pushes`](crate::Client::pushes). Each call uses the API version
/// of the client (probed once, or set on the builder).
#[derive(Clone, Debug)]
pub struct Pushes {
    context: Arc<Context>,
}

impl Pushes {
    pub(crate) fn new(context: Arc<Context>) -> Self {
        Self { context }
    }

    /// A text push. The payload is checked before sending (not empty, at most 1 MiB of characters).
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let push = client.pushes().create_text("s3cr3t").expire_after_views(1).await?;
    /// println!("{}", push.secret_link());
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_text(&self, payload: impl Into<SecretString>) -> CreatePush {
        CreatePush::new(self.context.clone(), TextKind::Text, payload.into())
    }

    /// A URL push: the payload must be an http or https URL (checked before sending).
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let push = client.pushes().create_url("https://vault.example.com/share/123").await?;
    /// # let _ = push;
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_url(&self, url: impl Into<SecretString>) -> CreatePush {
        CreatePush::new(self.context.clone(), TextKind::Url, url.into())
    }

    /// A QR push: the payload is shown as a QR code, at most 1024 characters.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let push = client.pushes().create_qr("WIFI:T:WPA;S:office;P:hunter2;;").await?;
    /// # let _ = push;
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_qr(&self, text: impl Into<SecretString>) -> CreatePush {
        CreatePush::new(self.context.clone(), TextKind::Qr, text.into())
    }

    /// A file push (needs a token): add files to the returned builder.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let push = client.pushes().create_file().file("notes.txt", b"hello".to_vec()).await?;
    /// # let _ = push;
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_file(&self) -> CreateFilePush {
        CreateFilePush::new(self.context.clone())
    }

    /// Reads a push, using up one view (unless the client owns it).
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let push = client.pushes().retrieve("fk27vnslkd-bi0v").await?;
    /// println!("expired: {}", push.expired);
    /// # Ok(())
    /// # }
    /// ```
    pub fn retrieve(&self, url_token: impl Into<SecretString>) -> RetrievePush {
        RetrievePush::new(self.context.clone(), url_token.into())
    }

    /// The push's secret link, without using up a view.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let preview = client.pushes().preview("fk27vnslkd-bi0v").await?;
    /// println!("{}", preview.url.expose_secret());
    /// # Ok(())
    /// # }
    /// ```
    pub fn preview(&self, url_token: impl Into<SecretString>) -> PreviewPush {
        PreviewPush::new(self.context.clone(), url_token.into())
    }

    /// Expires a push now. Allowed for the owner, or for anyone when the push is
    /// `deletable_by_viewer`; the payload, passphrase and files are wiped.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let push = client.pushes().expire("fk27vnslkd-bi0v").await?;
    /// assert!(push.expired);
    /// # Ok(())
    /// # }
    /// ```
    pub fn expire(&self, url_token: impl Into<SecretString>) -> ExpirePush {
        ExpirePush::new(self.context.clone(), url_token.into())
    }

    /// The push's audit log (owner only), paged.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let first_page = client.pushes().audit("fk27vnslkd-bi0v").await?;
    /// println!("{} entries", first_page.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn audit(&self, url_token: impl Into<SecretString>) -> AuditLog {
        AuditLog::new(self.context.clone(), url_token.into())
    }

    /// The user's pushes that have not expired (needs a token), newest first.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let page = client.pushes().active().await?;
    /// println!("{} active pushes on the first page", page.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn active(&self) -> ListPushes {
        ListPushes::new(self.context.clone(), PushList::Active)
    }

    /// The user's expired pushes (needs a token), newest first.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let page = client.pushes().expired().page(2).await?;
    /// # let _ = page;
    /// # Ok(())
    /// # }
    /// ```
    pub fn expired(&self) -> ListPushes {
        ListPushes::new(self.context.clone(), PushList::Expired)
    }

    /// E-mails a push's link to up to 5 comma-separated recipients (API v2, owner only, e-mail
    /// configured on the server); [`locale`](NotifyEmails::locale) picks the e-mails' language.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let queued = client.pushes().notify_emails("fk27vnslkd-bi0v", "ana@example.com").await?;
    /// println!("{:?}", queued.message);
    /// # Ok(())
    /// # }
    /// ```
    pub fn notify_emails(
        &self,
        url_token: impl Into<SecretString>,
        recipients: impl Into<String>,
    ) -> NotifyEmails {
        NotifyEmails::new(self.context.clone(), url_token.into(), recipients.into())
    }
}
