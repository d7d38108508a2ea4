//! The client: operation groups over the shared context (the core client and the cached server
//! information).

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::accounts::Accounts;
use crate::context::Context;
use crate::error::Error;
use crate::generated::models::Edition;
use crate::input_limits::Limits;
use crate::pushes::Pushes;
use crate::raw_operations::RawOperations;
use crate::secret_requests::SecretRequests;
use crate::server_info::{ApiVersion, ServerInfo};

/// A Password Pusher client: cheap to clone, every clone shares connections, the rate limiter,
/// the retry budget and the cached server information.
///
/// ```no_run
/// # async fn demo() -> Result<(), pwpush_client::Error> {
/// let client = pwpush_client::Client::builder().bearer_token("my-api-token").build()?;
/// let push = client.pushes().create_text("s3cr3t").expire_after_views(1).await?;
/// println!("{}", push.secret_link());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Context>,
}

impl Client {
    /// The client [`ClientBuilder::build`](crate::ClientBuilder::build) assembles.
    pub(crate) fn from_parts(
        core: api_core::Client,
        authenticated: bool,
        api_version: Option<ApiVersion>,
        edition: Option<Edition>,
        limits: Limits,
        strict_expiry: bool,
    ) -> Self {
        Client {
            inner: Arc::new(Context {
                core,
                authenticated,
                api_version,
                edition,
                limits,
                strict_expiry,
                server_info: OnceCell::new(),
            }),
        }
    }

    /// Pushes: create, retrieve, preview, expire, audit, list, notify.
    pub fn pushes(&self) -> Pushes {
        Pushes::new(self.inner.clone())
    }

    /// The token user's accounts (Pro edition).
    pub fn accounts(&self) -> Accounts {
        Accounts::new(self.inner.clone())
    }

    /// Secret requests (Pro edition).
    pub fn requests(&self) -> SecretRequests {
        SecretRequests::new(self.inner.clone())
    }

    /// What the server is: API version, edition and features. Probed once (`GET /api/v2/version`,
    /// falling back to `/api/v1/version.json`) and cached; an error is not cached.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// let info = client.server_info().await?;
    /// println!("API {:?}, Pro: {}, file pushes: {:?}", info.api, info.is_pro(), info.file_pushes_enabled());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn server_info(&self) -> Result<&ServerInfo, Error> {
        self.inner.server_info().await
    }

    /// The API generation calls use: the builder's override, or the probed one.
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// if client.api_version().await? == pwpush_client::ApiVersion::V1 {
    ///     println!("an older server: no notify_emails");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn api_version(&self) -> Result<ApiVersion, Error> {
        self.inner.api_version().await
    }

    /// The server's edition: the builder's override, or the probed one (`None` when the server
    /// does not say).
    pub async fn edition(&self) -> Result<Option<Edition>, Error> {
        self.inner.edition().await
    }

    /// The generated operations, one per endpoint of the spec, for what the friendlier layer does
    /// not cover (for example `/r.json` directly).
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), api_core::Error> {
    /// let version = client.raw().version().v1().await?;
    /// println!("{:?}", version.api_version);
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw(&self) -> RawOperations {
        RawOperations::new(self.inner.core().clone())
    }

    /// The api-core client underneath.
    pub fn core(&self) -> &api_core::Client {
        self.inner.core()
    }
}
