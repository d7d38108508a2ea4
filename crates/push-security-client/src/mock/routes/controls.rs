//! `/v1/controls/appBanners...` and `/v1/controls/blockedUrls`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::super::data::records::AppBanner;
use super::super::error::{MockError, MockResult};
use super::super::paging::{MaxLimit, Style};
use super::super::state::Shared;
use super::apps;
use super::by_id::ById;
use super::listing::{EmptyPage, Filter, Listing};
use super::{AxumQuery, Pairs, bool_field, no_query, string_field, write_body};

pub(crate) static LIST_BANNERS: Listing<AppBanner> = Listing {
    rows: |org| &org.app_banners,
    // Push filters on enabled=true when the parameter is left out.
    filters: &[Filter::Flag("enabled", |b| b.enabled, Some(true))],
    style: Style::Offset,
    max_limit: MaxLimit::Documented,
    empty_page: EmptyPage::EmptyArray,
};

pub(crate) static BANNER_BY_ID: ById<AppBanner> = ById {
    rows: |org| &org.app_banners,
    not_found: "Not Found",
};

const BANNER_MODES: &[&str] = &["INFORM", "ACKNOWLEDGE", "REASON", "BLOCK"];

/// Creates or replaces the banner of an app (the path id is the app's id).
pub(crate) async fn set_banner(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
    body: Bytes,
) -> MockResult<Json<Value>> {
    let body = write_body(
        pairs,
        &body,
        &["enabled", "title", "subtext", "mode", "buttonText"],
    )?;
    let enabled = bool_field(&body, "enabled")?
        .ok_or_else(|| MockError::bad_request("Invalid input: `enabled` is required"))?;
    let title = string_field(&body, "title", 75)?;
    let subtext = string_field(&body, "subtext", 1000)?;
    let mode = string_field(&body, "mode", 64)?.unwrap_or("INFORM");
    let button_text = string_field(&body, "buttonText", 75)?;
    if !BANNER_MODES.contains(&mode) {
        return Err(MockError::bad_request(format!(
            "Invalid input: mode `{mode}` is not one of {BANNER_MODES:?}"
        )));
    }
    let mut org = s.write();
    let app_type = apps::BY_ID.find(&org, &id)?.app_type.clone();
    let banner = AppBanner {
        id: id.clone(),
        app_type,
        enabled,
        title: title.unwrap_or_default().to_owned(),
        subtext: subtext.unwrap_or_default().to_owned(),
        mode: mode.to_owned(),
        button_text: button_text.map(str::to_owned),
    };
    let answer = json!(banner);
    match org.app_banners.iter_mut().find(|b| b.id == id) {
        Some(existing) => *existing = banner,
        None => org.app_banners.push(banner),
    }
    Ok(Json(answer))
}

pub(crate) async fn list_blocked(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let org = s.read();
    Ok(Json(json!({ "result": org.blocked_urls })))
}

/// Answers the stored pattern as a bare JSON string, e.g. `"*://*.example.com/*"`.
pub(crate) async fn block_url(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
    body: Bytes,
) -> MockResult<Json<Value>> {
    let body = write_body(pairs, &body, &["host", "path"])?;
    let host = string_field(&body, "host", 253)?
        .ok_or_else(|| MockError::bad_request("`host` is required"))?;
    let path = string_field(&body, "path", 2048)?.unwrap_or("*");
    if !valid_host(host) {
        return Err(MockError::bad_request(
            "`host` must be a domain, optionally starting with `*.`",
        ));
    }
    let pattern = format!("*://{host}/{}", path.trim_start_matches('/'));
    let mut org = s.write();
    if !org.blocked_urls.contains(&pattern) {
        org.blocked_urls.push(pattern.clone());
    }
    Ok(Json(Value::String(pattern)))
}

fn valid_host(host: &str) -> bool {
    let bare = host.strip_prefix("*.").unwrap_or(host);
    !bare.is_empty()
        && bare.contains('.')
        && bare.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Removes every pattern; the answer has no body.
pub(crate) async fn delete_all_blocked(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<StatusCode> {
    no_query(pairs)?;
    s.write().blocked_urls.clear();
    Ok(StatusCode::OK)
}
