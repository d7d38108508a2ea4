//! Finding out what the server is: `GET /api/v2/version`, and on a 404 `GET /api/v1/version.json`.
//! Written by hand because it needs both the typed answer and the raw `features` map.

use api_core::{Request, StatusCode};
use serde_json::Value;

use crate::error::Error;
use crate::generated::models::{Features, V1Version, V2Version};
use crate::server_info::{ApiVersion, ServerInfo};

pub(crate) async fn probe(
    core: &api_core::Client,
    forced: Option<ApiVersion>,
) -> Result<ServerInfo, Error> {
    // Kept apart from the operation's own errors: the operation waiting on the probe was never sent.
    learn(core, forced).await.map_err(Error::VersionProbe)
}

async fn learn(
    core: &api_core::Client,
    forced: Option<ApiVersion>,
) -> Result<ServerInfo, api_core::Error> {
    // Version endpoints are public and ignore tokens; sending none keeps a bad token from mattering.
    let v2 = Request::get("v2Version", "/api/v2/version").anonymous();
    match core.execute(v2).await {
        Ok(response) => {
            let typed: V2Version = response.json()?;
            let raw: Value = response.json()?;
            let features_raw = raw.get("features").filter(|f| f.is_object()).cloned();
            let features: Option<Features> = typed.features;
            Ok(ServerInfo {
                api: forced.unwrap_or(ApiVersion::V2),
                has_v2: true,
                application_version: typed.application_version,
                api_version: typed.api_version,
                edition: typed.edition,
                features,
                features_raw,
            })
        }
        Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => {
            let v1 = Request::get("v1Version", "/api/v1/version.json").anonymous();
            let typed: V1Version = core.send_json(v1).await?;
            Ok(ServerInfo {
                api: forced.unwrap_or(ApiVersion::V1),
                has_v2: false,
                application_version: typed.application_version,
                api_version: typed.api_version,
                edition: typed.edition,
                features: None,
                features_raw: None,
            })
        }
        Err(error) => Err(error),
    }
}
