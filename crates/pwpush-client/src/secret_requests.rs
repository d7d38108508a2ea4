//! Secret requests (Pro edition): ask someone else to push a secret to you.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use api_core::SecretString;

use crate::context::Context;
use crate::duration::ExpireAfterDuration;
use crate::error::Error;
use crate::generated::models::{
    CreateSecretRequestBody, Edition, Preview, SecretRequest, SecretRequestParams,
};
use crate::generated::operations::Requests;
use crate::unsupported::unsupported;
use crate::url_token::checked_token;

/// Secret request operations; from [`Client::requests`](crate::Client::requests) (API v2 only).
// v2 only: the generated operation is called directly, not through the dialect.
#[derive(Clone, Debug)]
pub struct SecretRequests {
    context: Arc<Context>,
}

impl SecretRequests {
    pub(crate) fn new(context: Arc<Context>) -> Self {
        Self { context }
    }

    /// Starts a request with the message shown to the person asked (needs a token, Pro edition).
    ///
    /// ```no_run
    /// use pwpush_client::ExpireAfterDuration;
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let request = client
    ///     .requests()
    ///     .create("Please send the VPN credentials")
    ///     .close_after(ExpireAfterDuration::OneDay)
    ///     .await?;
    /// println!("{:?}", request.html_url.as_ref().map(|u| u.expose_secret().len()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn create(&self, message: impl Into<String>) -> CreateSecretRequest {
        CreateSecretRequest {
            context: self.context.clone(),
            params: SecretRequestParams {
                request: Some(message.into()),
                ..Default::default()
            },
            account_id: None,
        }
    }

    /// The link of a request, to send to the person asked (`GET /api/v2/requests/<token>/preview`,
    /// as the official CLI calls it after creating one). Needs a token, Pro edition.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client, token: &str) -> Result<(), pwpush_client::Error> {
    /// let preview = client.requests().preview(token).await?;
    /// println!("{} characters", preview.url.expose_secret().len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn preview(&self, url_token: impl Into<SecretString>) -> PreviewSecretRequest {
        PreviewSecretRequest {
            context: self.context.clone(),
            url_token: url_token.into(),
        }
    }
}

/// Secret requests belong to a user: an anonymous client is refused before sending.
fn check_authenticated(context: &Context, operation: &'static str) -> Result<(), Error> {
    if context.is_authenticated() {
        return Ok(());
    }
    Err(Error::invalid(
        operation,
        "secret requests need an API token; this client is anonymous",
    ))
}

/// The open-source edition has no secret requests: refused before sending when it is known.
async fn check_not_oss(context: &Context, operation: &'static str) -> Result<(), Error> {
    if context.edition().await? == Some(Edition::Oss) {
        return Err(unsupported(operation, "secret requests are a Pro feature"));
    }
    Ok(())
}

/// Builder of a secret request's preview; `.await` returns its link. From
/// [`SecretRequests::preview`].
#[must_use = "a preview does nothing until awaited"]
#[derive(Debug)]
pub struct PreviewSecretRequest {
    context: Arc<Context>,
    url_token: SecretString,
}

impl PreviewSecretRequest {
    /// Checks and sends the preview.
    pub async fn send(self) -> Result<Preview, Error> {
        const OPERATION: &str = "v2PreviewSecretRequest";
        checked_token(OPERATION, &self.url_token)?;
        check_authenticated(&self.context, OPERATION)?;
        check_not_oss(&self.context, OPERATION).await?;
        let requests = Requests::new(self.context.core().clone());
        Ok(requests.preview(self.url_token).send().await?)
    }
}

impl IntoFuture for PreviewSecretRequest {
    type Output = Result<Preview, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Builder of a secret request; `.await` sends it.
#[must_use = "a create builder does nothing until awaited"]
#[derive(Debug)]
pub struct CreateSecretRequest {
    context: Arc<Context>,
    params: SecretRequestParams,
    account_id: Option<i64>,
}

impl CreateSecretRequest {
    /// How long the request stays open.
    pub fn close_after(mut self, duration: ExpireAfterDuration) -> Self {
        self.params.close_after_duration = Some(duration.code());
        self
    }

    /// A passphrase the responder must give.
    pub fn passphrase(mut self, passphrase: impl Into<SecretString>) -> Self {
        self.params.passphrase = Some(passphrase.into());
        self
    }

    /// A label only the owner sees.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.params.name = Some(name.into());
        self
    }

    /// A note only the owner sees.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.params.note = Some(note.into());
        self
    }

    /// Whether the link shows a click-through page first.
    pub fn retrieval_step(mut self, step: bool) -> Self {
        self.params.retrieval_step = Some(step);
        self
    }

    /// Show who is asking.
    pub fn include_requestor(mut self, include: bool) -> Self {
        self.params.include_requestor = Some(include);
        self
    }

    /// Let the responder attach files.
    pub fn response_file_attachments(mut self, allow: bool) -> Self {
        self.params.response_file_attachments = Some(allow);
        self
    }

    /// How long the request stays open, sent as `expire_after_duration` (what the official CLI
    /// sends; [`close_after`](Self::close_after) sends `close_after_duration`, as Pro's help pages
    /// name it).
    pub fn expire_after(mut self, duration: ExpireAfterDuration) -> Self {
        self.params.expire_after_duration = Some(duration.code());
        self
    }

    /// How many times the request can be viewed.
    pub fn expire_after_views(mut self, views: i32) -> Self {
        self.params.expire_after_views = Some(views);
        self
    }

    /// Whether the person asked may delete the request.
    pub fn deletable_by_viewer(mut self, deletable: bool) -> Self {
        self.params.deletable_by_viewer = Some(deletable);
        self
    }

    /// Have the server e-mail the request to these comma-separated addresses, in `locale` when
    /// given (instances with `features.requests.email_auto_dispatch`).
    pub fn notify_emails_to(
        mut self,
        addresses: impl Into<String>,
        locale: Option<String>,
    ) -> Self {
        self.params.notify_emails_to = Some(addresses.into());
        self.params.notify_emails_to_locale = locale;
        self
    }

    /// The account to create the request in.
    pub fn account_id(mut self, account_id: i64) -> Self {
        self.account_id = Some(account_id);
        self
    }

    /// Checks and sends the request.
    pub async fn send(self) -> Result<SecretRequest, Error> {
        const OPERATION: &str = "createSecretRequest";
        check_authenticated(&self.context, OPERATION)?;
        for (field, code) in [
            ("close_after_duration", self.params.close_after_duration),
            ("expire_after_duration", self.params.expire_after_duration),
        ] {
            if let Some(ExpireAfterDuration::Unknown(code)) =
                code.map(ExpireAfterDuration::from_code)
            {
                return Err(Error::invalid(
                    OPERATION,
                    format!("{field} {code} is not a known duration code"),
                ));
            }
        }
        check_not_oss(&self.context, OPERATION).await?;
        // By hand: the generator reserves the name of this body's root, `request`.
        let body = CreateSecretRequestBody {
            request: self.params,
            account_id: self.account_id,
        };
        let request = api_core::Request::post(OPERATION, "/api/v2/requests").json(&body)?;
        Ok(self.context.core().send_json(request).await?)
    }
}

impl IntoFuture for CreateSecretRequest {
    type Output = Result<SecretRequest, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
