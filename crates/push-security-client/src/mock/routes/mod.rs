//! The routes of every operation. Lists and gets-by-id are declared per resource as tables
//! ([`listing::Listing`], [`by_id::ById`]) served by one shared handler each; the other operations
//! have handlers of their own, grouped by resource.

mod accounts;
mod apps;
mod browsers;
mod by_id;
mod controls;
mod employees;
mod findings;
mod listing;

use axum::Router;
use axum::body::Bytes;
use axum::routing::get;
use serde_json::{Map, Value};

use super::error::{MockError, MockResult};
use super::query::Query;
use super::state::Shared;
use by_id::by_id;
use listing::list;

/// The query of a request as key/value pairs (repeated keys kept).
pub(crate) type Pairs = AxumQuery<Vec<(String, String)>>;
pub(crate) use axum::extract::Query as AxumQuery;

pub(crate) fn router(state: Shared) -> Router {
    Router::new()
        .route("/v1/accounts", list(&accounts::LIST))
        .route(
            "/v1/accounts/{id}",
            by_id(&accounts::BY_ID).delete(accounts::delete),
        )
        .route("/v1/accounts/{id}/usedBy", get(accounts::used_by))
        .route("/v1/accountsOther", list(&accounts::LIST_OTHER))
        .route("/v1/accountsOther/{id}", by_id(&accounts::OTHER_BY_ID))
        .route("/v1/apps", list(&apps::LIST))
        .route("/v1/apps/{id}", by_id(&apps::BY_ID).patch(apps::update))
        .route("/v1/appsOther", list(&apps::LIST_OTHER))
        .route("/v1/appsOther/{id}", by_id(&apps::OTHER_BY_ID))
        .route("/v1/browsers", list(&browsers::LIST))
        .route("/v1/browsers/{id}", by_id(&browsers::BY_ID))
        .route("/v1/browserExtensions", list(&browsers::LIST_EXTENSIONS))
        .route("/v1/employees", list(&employees::LIST))
        .route(
            "/v1/employees/{id}",
            by_id(&employees::BY_ID).patch(employees::update),
        )
        .route("/v1/findings", list(&findings::LIST))
        .route("/v1/findings/{id}", by_id(&findings::BY_ID))
        .route("/v1/detections", list(&findings::LIST_DETECTIONS))
        .route("/v1/detections/{id}", get(findings::get_detection))
        .route("/v1/controls/appBanners", list(&controls::LIST_BANNERS))
        .route(
            "/v1/controls/appBanners/{id}",
            by_id(&controls::BANNER_BY_ID).post(controls::set_banner),
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

/// Reads and deletes by id, and writes, take no query parameters.
fn no_query(pairs: Vec<(String, String)>) -> MockResult<()> {
    Query::parse(pairs, &[]).map(drop)
}

/// The input of a write: no query parameters, and a JSON object body whose keys are all in
/// `allowed`, checked in that order.
fn write_body(
    pairs: Vec<(String, String)>,
    body: &Bytes,
    allowed: &[&str],
) -> MockResult<Map<String, Value>> {
    no_query(pairs)?;
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

/// A PATCH value that, when set, must be one of `allowed`.
fn one_of(key: &str, value: Option<Option<&str>>, allowed: &[&str]) -> MockResult<()> {
    match value {
        Some(Some(value)) if !allowed.contains(&value) => Err(MockError::bad_request(format!(
            "{key} `{value}` is not one of {allowed:?}"
        ))),
        _ => Ok(()),
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

/// Applies a PATCH field read by [`tristate_field`] to the stored value.
fn apply_tristate(stored: &mut Option<String>, change: Option<Option<&str>>) {
    if let Some(value) = change {
        *stored = value.map(str::to_owned);
    }
}
