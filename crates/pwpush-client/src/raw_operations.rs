//! The generated operation groups, for what the friendlier layer does not cover.

use crate::generated::operations;

/// The generated operation groups, one method per endpoint of the OpenAPI description.
#[derive(Clone, Debug)]
pub struct RawOperations {
    core: api_core::Client,
}

impl RawOperations {
    pub(crate) fn new(core: api_core::Client) -> Self {
        Self { core }
    }

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

    /// Pro secret requests (the preview; creating one is [`Client::requests`](crate::Client::requests)).
    pub fn requests(&self) -> operations::Requests {
        operations::Requests::new(self.core.clone())
    }
}
