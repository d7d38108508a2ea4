//! Secret requests (Pro edition): ask someone else to push a secret to you.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use api_core::SecretString;

use crate::ExpireAfterDuration;
use crate::client::Client;
use crate::error::Error;
use crate::generated::models::{
    CreateSecretRequestBody, Edition, SecretRequest, SecretRequestParams,
};
use crate::pushes::unsupported_error;

/// Secret request operations; from [`Client::requests`].
#[derive(Clone, Debug)]
pub struct SecretRequests {
    client: Client,
}

impl SecretRequests {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
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
            client: self.client.clone(),
            params: SecretRequestParams {
                request: Some(message.into()),
                ..Default::default()
            },
            account_id: None,
        }
    }
}

/// Builder of a secret request; `.await` sends it.
#[must_use = "a create builder does nothing until awaited"]
#[derive(Debug)]
pub struct CreateSecretRequest {
    client: Client,
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

    /// The account to create the request in.
    pub fn account_id(mut self, account_id: i64) -> Self {
        self.account_id = Some(account_id);
        self
    }

    /// Checks and sends the request.
    pub async fn send(self) -> Result<SecretRequest, Error> {
        const OPERATION: &str = "createSecretRequest";
        if !self.client.is_authenticated() {
            return Err(Error::invalid(
                OPERATION,
                "secret requests need an API token; this client is anonymous",
            ));
        }
        if let Some(ExpireAfterDuration::Unknown(code)) = self
            .params
            .close_after_duration
            .map(ExpireAfterDuration::from_code)
        {
            return Err(Error::invalid(
                OPERATION,
                format!("close_after_duration {code} is not a known duration code"),
            ));
        }
        if self.client.edition().await? == Some(Edition::Oss) {
            return Err(unsupported_error(
                OPERATION,
                "secret requests are a Pro feature",
            ));
        }
        // By hand: the generator reserves the name of this body's root, `request`.
        let body = CreateSecretRequestBody {
            request: self.params,
            account_id: self.account_id,
        };
        let request = api_core::Request::post(OPERATION, "/api/v2/requests").json(&body)?;
        Ok(self.client.core().send_json(request).await?)
    }
}

impl IntoFuture for CreateSecretRequest {
    type Output = Result<SecretRequest, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
