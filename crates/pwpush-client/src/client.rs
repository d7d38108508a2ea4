//! The client: operation groups over a shared api-core client and the cached server information.

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::accounts::Accounts;
use crate::builder::ClientBuilder;
use crate::error::Error;
use crate::generated::models::Edition;
use crate::generated::operations;
use crate::limits::Limits;
use crate::probe;
use crate::pushes::Pushes;
use crate::requests::SecretRequests;
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
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    core: api_core::Client,
    authenticated: bool,
    api_version: Option<ApiVersion>,
    edition: Option<Edition>,
    limits: Limits,
    strict_expiry: bool,
    server_info: OnceCell<ServerInfo>,
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment: `Client::builder().with_env().build()` (see
    /// [`ClientBuilder::with_env`] for the variables).
    ///
    /// ```no_run
    /// let client = pwpush_client::Client::from_env()?;
    /// # Ok::<(), pwpush_client::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        Self::builder().with_env().build()
    }

    /// The client [`ClientBuilder::build`] assembles.
    pub(crate) fn from_parts(
        core: api_core::Client,
        authenticated: bool,
        api_version: Option<ApiVersion>,
        edition: Option<Edition>,
        limits: Limits,
        strict_expiry: bool,
    ) -> Self {
        Client {
            inner: Arc::new(Inner {
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
        Pushes::new(self.clone())
    }

    /// The token user's accounts (Pro edition).
    pub fn accounts(&self) -> Accounts {
        Accounts::new(self.clone())
    }

    /// Secret requests (Pro edition).
    pub fn requests(&self) -> SecretRequests {
        SecretRequests::new(self.clone())
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
        self.inner
            .server_info
            .get_or_try_init(|| probe::probe(&self.inner.core, self.inner.api_version))
            .await
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
        match self.inner.api_version {
            Some(version) => Ok(version),
            None => Ok(self.server_info().await?.api),
        }
    }

    /// The server's edition: the builder's override, or the probed one (`None` when the server
    /// does not say).
    pub async fn edition(&self) -> Result<Option<Edition>, Error> {
        match &self.inner.edition {
            Some(edition) => Ok(Some(edition.clone())),
            None => Ok(self.server_info().await?.edition.clone()),
        }
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
        RawOperations {
            core: self.inner.core.clone(),
        }
    }

    /// The api-core client underneath.
    pub fn core(&self) -> &api_core::Client {
        &self.inner.core
    }

    pub(crate) fn is_authenticated(&self) -> bool {
        self.inner.authenticated
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    pub(crate) fn strict_expiry(&self) -> bool {
        self.inner.strict_expiry
    }
}

/// The generated operation groups, one method per endpoint of the OpenAPI description.
#[derive(Clone, Debug)]
pub struct RawOperations {
    core: api_core::Client,
}

impl RawOperations {
    /// API v1 pushes (`/p.json`, `/f.json`, `/r.json`, ...).
    pub fn pushes_v1(&self) -> operations::PushesV1 {
        operations::PushesV1::new(self.core.clone())
    }

    /// API v2 pushes (`/api/v2/pushes...`).
    pub fn pushes_v2(&self) -> operations::PushesV2 {
        operations::PushesV2::new(self.core.clone())
    }

    /// Version endpoints.
    pub fn version(&self) -> operations::Version {
        operations::Version::new(self.core.clone())
    }

    /// Pro accounts.
    pub fn accounts(&self) -> operations::Accounts {
        operations::Accounts::new(self.core.clone())
    }

    /// Pro secret requests (the preview; creating one is [`Client::requests`]).
    pub fn requests(&self) -> operations::Requests {
        operations::Requests::new(self.core.clone())
    }
}
