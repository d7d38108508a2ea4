//! Reading a push, previewing its link, expiring it.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use api_core::SecretString;

use crate::client::Client;
use crate::error::Error;
use crate::generated::models::{Preview, Push};
use crate::limits::check_url_token;
use crate::server_info::ApiVersion;

pub(crate) fn checked_token(operation: &'static str, token: &SecretString) -> Result<(), Error> {
    check_url_token(token.expose_secret()).map_err(|message| Error::invalid(operation, message))
}

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
    client: Client,
    url_token: SecretString,
    passphrase: Option<SecretString>,
}

impl RetrievePush {
    pub(crate) fn new(client: Client, url_token: SecretString) -> Self {
        Self {
            client,
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
        let raw = self.client.raw();
        let push = match self.client.api_version().await? {
            ApiVersion::V1 => {
                let mut call = raw.pushes_v1().retrieve(self.url_token);
                if let Some(passphrase) = self.passphrase {
                    call = call.passphrase(passphrase);
                }
                call.await?
            }
            ApiVersion::V2 => {
                let mut call = raw.pushes_v2().retrieve(self.url_token);
                if let Some(passphrase) = self.passphrase {
                    call = call.passphrase(passphrase);
                }
                call.await?
            }
        };
        Ok(push)
    }
}

impl IntoFuture for RetrievePush {
    type Output = Result<Push, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Fetches a push's secret link without using up a view.
pub(crate) async fn preview(client: Client, url_token: SecretString) -> Result<Preview, Error> {
    const OPERATION: &str = "previewPush";
    checked_token(OPERATION, &url_token)?;
    let raw = client.raw();
    Ok(match client.api_version().await? {
        ApiVersion::V1 => raw.pushes_v1().preview(url_token).await?,
        ApiVersion::V2 => raw.pushes_v2().preview(url_token).await?,
    })
}

/// Expires a push now (owner, or anyone when it is `deletable_by_viewer`).
pub(crate) async fn expire(client: Client, url_token: SecretString) -> Result<Push, Error> {
    const OPERATION: &str = "expirePush";
    checked_token(OPERATION, &url_token)?;
    let raw = client.raw();
    Ok(match client.api_version().await? {
        ApiVersion::V1 => raw.pushes_v1().expire(url_token).await?,
        ApiVersion::V2 => raw.pushes_v2().expire(url_token).await?,
    })
}
