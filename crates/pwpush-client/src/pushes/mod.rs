//! Pushes: one entry point that picks v1 or v2 routes for each call.

mod create;
mod create_file;
mod lists;
mod options;
mod read;

use api_core::SecretString;

pub use create::CreatePush;
pub use create_file::CreateFilePush;
pub use lists::{AuditLog, ListPushes};
pub use read::RetrievePush;

use crate::client::Client;
use crate::error::Error;
use crate::generated::models::{Message, Preview, Push};
use crate::server_info::ApiVersion;
use create::TextKind;
use lists::Which;
use options::unsupported;
pub(crate) use options::unsupported as unsupported_error;
pub(crate) use read::checked_token;

/// Push operations; from [`Client::pushes`]. Each call uses the API version of the client
/// (probed once, or set on the builder).
#[derive(Clone, Debug)]
pub struct Pushes {
    client: Client,
}

impl Pushes {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
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
        CreatePush::new(self.client.clone(), TextKind::Text, payload.into())
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
        CreatePush::new(self.client.clone(), TextKind::Url, url.into())
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
        CreatePush::new(self.client.clone(), TextKind::Qr, text.into())
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
        CreateFilePush::new(self.client.clone())
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
        RetrievePush::new(self.client.clone(), url_token.into())
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
    pub async fn preview(&self, url_token: impl Into<SecretString>) -> Result<Preview, Error> {
        read::preview(self.client.clone(), url_token.into()).await
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
    pub async fn expire(&self, url_token: impl Into<SecretString>) -> Result<Push, Error> {
        read::expire(self.client.clone(), url_token.into()).await
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
        AuditLog::new(self.client.clone(), url_token.into())
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
        ListPushes::new(self.client.clone(), Which::Active)
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
        ListPushes::new(self.client.clone(), Which::Expired)
    }

    /// E-mails a push's link to up to 5 comma-separated recipients (API v2, owner only, e-mail
    /// configured on the server). `locale` picks the e-mails' language (`None`: English).
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let queued = client.pushes().notify_emails("fk27vnslkd-bi0v", "ana@example.com", None).await?;
    /// println!("{:?}", queued.message);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn notify_emails(
        &self,
        url_token: impl Into<SecretString>,
        recipients: impl Into<String>,
        locale: Option<&str>,
    ) -> Result<Message, Error> {
        const OPERATION: &str = "notifyEmails";
        let url_token = url_token.into();
        read::checked_token(OPERATION, &url_token)?;
        let recipients = recipients.into();
        let count = recipients
            .split(',')
            .filter(|r| !r.trim().is_empty())
            .count();
        if count == 0 || count > 5 {
            return Err(Error::invalid(
                OPERATION,
                format!("{count} recipients; give 1 to 5"),
            ));
        }
        if self.client.api_version().await? == ApiVersion::V1 {
            return Err(unsupported(OPERATION, "notify_emails needs API v2"));
        }
        let mut call = self
            .client
            .raw()
            .pushes_v2()
            .notify_emails(url_token, recipients);
        if let Some(locale) = locale {
            call = call.notify_emails_to_locale(locale);
        }
        Ok(call.await?)
    }
}
