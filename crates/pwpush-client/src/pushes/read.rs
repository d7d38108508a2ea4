//! Reading a push, previewing its link, expiring it.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use api_core::SecretString;

use crate::context::Context;
use crate::error::Error;
use crate::generated::models::{Preview, Push};
use crate::url_token::checked_token;

/// Builder of a read; `.await` returns the [`Push`] with its `payload` (or `payload: None` and
/// `expired: true` once it has expired). From [`Pushes::retrieve`](crate::Pushes::retrieve).
///
/// A read uses up one view, unless the client is authenticated as the push's owner. The URL is
/// built from the token (`/p/<token>.json` or `/api/v2/pushes/<token>`), never taken from the
/// server's `json_url`.
///
/// ```no_run
/// # async fn demo(client: pwpush_client::Client, token: &str) -> Result<(), pwpush_client::Error> {
/// let push = client.pushes().retrieve(token).passphrase("blue").await?;
/// match &push.payload {
///     Some(secret) => println!("{} characters", secret.expose_secret().chars().count()),
///     None => println!("expired"),
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a read does nothing until awaited"]
#[derive(Debug)]
pub struct RetrievePush {
    context: Arc<Context>,
    url_token: SecretString,
    passphrase: Option<SecretString>,
}

impl RetrievePush {
    pub(crate) fn new(context: Arc<Context>, url_token: SecretString) -> Self {
        Self {
            context,
            url_token,
            passphrase: None,
        }
    }

    /// The push's passphrase (sent as the `passphrase` query parameter, which never appears in
    /// errors or logs).
    pub fn passphrase(mut self, passphrase: impl Into<SecretString>) -> Self {
        self.passphrase = Some(passphrase.into());
        self
    }

    /// Sends the read.
    pub async fn send(self) -> Result<Push, Error> {
        const OPERATION: &str = "retrievePush";
        checked_token(OPERATION, &self.url_token)?;
        let dialect = self.context.dialect().await?;
        dialect.retrieve(self.url_token, self.passphrase).await
    }
}

impl IntoFuture for RetrievePush {
    type Output = Result<Push, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Builder of a preview: `.await` returns the push's secret link without using up a view. From
/// [`Pushes::preview`](crate::Pushes::preview).
///
/// ```no_run
/// # async fn demo(client: pwpush_client::Client, token: &str) -> Result<(), pwpush_client::Error> {
/// let preview = client.pushes().preview(token).await?;
/// println!("{} characters", preview.url.expose_secret().len());
/// # Ok(())
/// # }
/// ```
#[must_use = "a preview does nothing until awaited"]
#[derive(Debug)]
pub struct PreviewPush {
    context: Arc<Context>,
    url_token: SecretString,
}

impl PreviewPush {
    pub(crate) fn new(context: Arc<Context>, url_token: SecretString) -> Self {
        Self { context, url_token }
    }

    /// Sends the preview.
    pub async fn send(self) -> Result<Preview, Error> {
        const OPERATION: &str = "previewPush";
        checked_token(OPERATION, &self.url_token)?;
        let dialect = self.context.dialect().await?;
        dialect.preview(self.url_token).await
    }
}

impl IntoFuture for PreviewPush {
    type Output = Result<Preview, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Builder of an expiry: `.await` expires the push now and returns it, payload, passphrase and
/// files wiped. Allowed for the owner, or for anyone when the push is `deletable_by_viewer`. From
/// [`Pushes::expire`](crate::Pushes::expire).
///
/// ```no_run
/// # async fn demo(client: pwpush_client::Client, token: &str) -> Result<(), pwpush_client::Error> {
/// let push = client.pushes().expire(token).await?;
/// assert!(push.expired);
/// # Ok(())
/// # }
/// ```
#[must_use = "an expiry does nothing until awaited"]
#[derive(Debug)]
pub struct ExpirePush {
    context: Arc<Context>,
    url_token: SecretString,
}

impl ExpirePush {
    pub(crate) fn new(context: Arc<Context>, url_token: SecretString) -> Self {
        Self { context, url_token }
    }

    /// Sends the expiry.
    pub async fn send(self) -> Result<Push, Error> {
        const OPERATION: &str = "expirePush";
        checked_token(OPERATION, &self.url_token)?;
        let dialect = self.context.dialect().await?;
        dialect.expire(self.url_token).await
    }
}

impl IntoFuture for ExpirePush {
    type Output = Result<Push, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
