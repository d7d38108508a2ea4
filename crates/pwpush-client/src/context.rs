//! What every operation group shares: the transport, what is known about the server (learned once
//! and cached), and the caller's settings. The groups depend on this, never on `Client` or on each
//! other.

use tokio::sync::OnceCell;

use crate::dialect::Dialect;
use crate::error::Error;
use crate::generated::models::Edition;
use crate::input_limits::Limits;
use crate::probe;
use crate::server_info::{ApiVersion, ServerInfo};

/// One per client, shared by its clones and by every operation group and builder made from it.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) core: api_core::Client,
    pub(crate) authenticated: bool,
    /// The builder's override; `None` means the probe decides.
    pub(crate) api_version: Option<ApiVersion>,
    /// The builder's override; `None` means the probe decides.
    pub(crate) edition: Option<Edition>,
    pub(crate) limits: Limits,
    pub(crate) strict_expiry: bool,
    /// Filled by the first call that needs it; an error leaves it empty, so the next call probes again.
    pub(crate) server_info: OnceCell<ServerInfo>,
}

impl Context {
    pub(crate) fn core(&self) -> &api_core::Client {
        &self.core
    }

    pub(crate) fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    pub(crate) fn strict_expiry(&self) -> bool {
        self.strict_expiry
    }

    /// Probed once (`GET /api/v2/version`, then `/api/v1/version.json`) and cached. The probe's
    /// future is boxed: it runs about once per client, and inline it would enlarge the future of
    /// every call that might need it.
    pub(crate) async fn server_info(&self) -> Result<&ServerInfo, Error> {
        if let Some(known) = self.server_info.get() {
            return Ok(known);
        }
        let probed = self
            .server_info
            .get_or_try_init(|| probe::probe(&self.core, self.api_version));
        Box::pin(probed).await
    }

    /// The builder's override, or the probed version.
    pub(crate) async fn api_version(&self) -> Result<ApiVersion, Error> {
        match self.api_version {
            Some(version) => Ok(version),
            None => Ok(self.server_info().await?.api),
        }
    }

    /// The routes of the client's API version: the only place the version becomes routes.
    pub(crate) async fn dialect(&self) -> Result<Dialect, Error> {
        Ok(Dialect::new(self.api_version().await?, self.core.clone()))
    }

    /// The builder's override, or the probed edition (`None` when the server does not say).
    pub(crate) async fn edition(&self) -> Result<Option<Edition>, Error> {
        match &self.edition {
            Some(edition) => Ok(Some(edition.clone())),
            None => Ok(self.server_info().await?.edition.clone()),
        }
    }
}
