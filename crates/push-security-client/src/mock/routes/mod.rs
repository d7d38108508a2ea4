//! One handler per operation of the spec, grouped by resource.

mod accounts;
mod apps;
mod browsers;
mod controls;
mod employees;
mod findings;

use axum::Router;
use axum::body::Bytes;
use axum::routing::get;
use serde_json::{Map, Value};

use super::error::{MockError, MockResult};
use super::query::Query;
use super::state::Shared;

/// The query of a request as key/value pairs (repeated keys kept).
pub(crate) type Pairs = AxumQuery<Vec<(String, String)>>;
pub(crate) use axum::extract::Query as AxumQuery;

pub(crate) fn router(state: Shared) -> Router {
    Router::new()
        .route("/v1/accounts", get(accounts::list))
        .route(
            "/v1/accounts/{id}",
            get(accounts::get).delete(accounts::delete),
        )
        .route("/v1/accounts/{id}/usedBy", get(accounts::used_by))
        .route("/v1/accountsOther", get(accounts::list_other))
        .route("/v1/accountsOther/{id}", get(accounts::get_other))
        .route("/v1/apps", get(apps::list))
        .route("/v1/apps/{id}", get(apps::get).patch(apps::update))
        .route("/v1/appsOther", get(apps::list_other))
        .route("/v1/appsOther/{id}", get(apps::get_other))
        .route("/v1/browsers", get(browsers::list))
        .route("/v1/browsers/{id}", get(browsers::get))
        .route("/v1/browserExtensions", get(browsers::list_extensions))
        .route("/v1/employees", get(employees::list))
        .route(
            "/v1/employees/{id}",
            get(employees::get).patch(employees::update),
        )
        .route("/v1/findings", get(findings::list))
        .route("/v1/findings/{id}", get(findings::get))
        .route("/v1/detections", get(findings::list_detections))
        .route("/v1/detections/{id}", get(findings::get_detection))
        .route("/v1/controls/appBanners", get(controls::list_banners))
        .route(
            "/v1/controls/appBanners/{id}",
            get(controls::get_banner).post(controls::set_banner),
        )
        .route(
            "/v1/controls/blockedUrls",
            get(controls::list_blocked)
                .post(controls::block_url)
                .delete(controls::delete_all_blocked),
        )
        .fallback(|| async { MockError::not_found("Route") })
        .with_state(state)
}

/// Get-by-id calls take no query parameters.
fn no_query(pairs: Vec<(String, String)>) -> MockResult<()> {
    Query::parse(pairs, &[]).map(drop)
}

/// A JSON object body whose keys are all in `allowed`.
fn object_body(body: &Bytes, allowed: &[&str]) -> MockResult<Map<String, Value>> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| MockError::bad_request("the body is not valid JSON"))?;
    let Value::Object(map) = value else {
        return Err(MockError::bad_request("the body must be a JSON object"));
    };
    if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(MockError::bad_request(format!("unknown field `{unknown}`")));
    }
    Ok(map)
}

/// A field that must be a boolean when present.
fn bool_field(map: &Map<String, Value>, key: &str) -> MockResult<Option<bool>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(MockError::bad_request(format!("`{key}` must be a boolean"))),
    }
}

/// A field that must be a string of at most `max` characters when present.
fn string_field<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    max: usize,
) -> MockResult<Option<&'a str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s)),
        Some(Value::String(_)) => Err(MockError::bad_request(format!(
            "`{key}` is longer than {max} characters"
        ))),
        Some(_) => Err(MockError::bad_request(format!("`{key}` must be a string"))),
    }
}

/// A PATCH field: absent (`None`), null (`Some(None)`) or a string (`Some(Some(..))`).
fn tristate_field<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> MockResult<Option<Option<&'a str>>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s))),
        Some(_) => Err(MockError::bad_request(format!(
            "`{key}` must be a string or null"
        ))),
    }
}
