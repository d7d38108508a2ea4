//! E-mailing a push's link (API v2).

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use api_core::SecretString;

use crate::context::Context;
use crate::error::Error;
use crate::generated::models::Message;
use crate::url_token::checked_token;

const OPERATION: &str = "notifyEmails";

/// Builder of a notification: `.await` has the server e-mail the push's link to up to 5
/// comma-separated recipients (API v2, owner only, e-mail configured on the server). From
/// [`Pushes::notify_emails`](crate::Pushes::notify_emails).
///
/// ```no_run
/// # async fn demo(client: pwpush_client::Client, token: &str) -> Result<(), pwpush_client::Error> {
/// let queued = client
///     .pushes()
///     .notify_emails(token, "ana@example.com, ben@example.com")
///     .locale("de")
///     .await?;
/// println!("{:?}", queued.message);
/// # Ok(())
/// # }
/// ```
#[must_use = "a notification does nothing until awaited"]
#[derive(Debug)]
pub struct NotifyEmails {
    context: Arc<Context>,
    url_token: SecretString,
    recipients: String,
    locale: Option<String>,
}

impl NotifyEmails {
    pub(crate) fn new(context: Arc<Context>, url_token: SecretString, recipients: String) -> Self {
        Self {
            context,
            url_token,
            recipients,
            locale: None,
        }
    }

    /// The language of the e-mails (default: English), e.g. `de`.
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// Checks the token and the recipients, then sends the request.
    pub async fn send(self) -> Result<Message, Error> {
        checked_token(OPERATION, &self.url_token)?;
        let count = self
            .recipients
            .split(',')
            .filter(|r| !r.trim().is_empty())
            .count();
        if count == 0 || count > 5 {
            return Err(Error::invalid(
                OPERATION,
                format!("{count} recipients; give 1 to 5"),
            ));
        }
        let dialect = self.context.dialect().await?;
        dialect
            .notify_emails(OPERATION, self.url_token, self.recipients, self.locale)
            .await
    }
}

impl IntoFuture for NotifyEmails {
    type Output = Result<Message, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
