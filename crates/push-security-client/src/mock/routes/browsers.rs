//! `/v1/browsers`, `/v1/browsers/{id}`, `/v1/browserExtensions`.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::error::{MockError, MockResult};
use super::super::paging::{PageRequest, Style};
use super::super::query::{Query, partial_match, within};
use super::super::state::Shared;
use super::{AxumQuery, Pairs, no_query};

pub(crate) async fn list(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    const FILTERS: &[&str] = &[
        "email",
        "employeeId",
        "browser",
        "os",
        "lastOnlineTimestampAfter",
        "lastOnlineTimestampBefore",
    ];
    let style = Style::Offset;
    let q = Query::parse(pairs, &[FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let email = q.string("email")?;
    let employee_id = q.string("employeeId")?;
    let browser = q.string("browser")?;
    let os = q.string("os")?;
    let after = q.int("lastOnlineTimestampAfter")?;
    let before = q.int("lastOnlineTimestampBefore")?;
    let org = s.read();
    let items: Vec<_> = org
        .browsers
        .iter()
        .filter(|b| email.is_none_or(|e| partial_match(&b.email, e)))
        .filter(|b| employee_id.is_none_or(|id| b.employee_id == id))
        .filter(|b| browser.is_none_or(|v| b.browser == v))
        .filter(|b| os.is_none_or(|v| b.os == v))
        .filter(|b| within(Some(b.last_online_timestamp), after, before))
        .collect();
    let mut envelope = page.envelope(&items, s.token_key);
    // The reference types this list "array or null": an empty page is answered with null, so
    // clients meet that form in tests.
    if envelope["result"].as_array().is_some_and(Vec::is_empty) {
        envelope["result"] = Value::Null;
    }
    Ok(Json(envelope))
}

pub(crate) async fn get(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let org = s.read();
    let browser = org
        .browsers
        .iter()
        .find(|b| b.id == id)
        .ok_or_else(|| MockError::not_found("Browser"))?;
    Ok(Json(json!(browser)))
}

pub(crate) async fn list_extensions(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    const FILTERS: &[&str] = &[
        "extensionId",
        "employeeId",
        "browserId",
        "deploymentMode",
        "permissions",
        "hostPermissions",
        "enabled",
    ];
    let style = Style::OffsetToken;
    let q = Query::parse(pairs, &[FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let extension_id = q.string("extensionId")?;
    let employee_id = q.string("employeeId")?;
    let browser_id = q.string("browserId")?;
    let mode = q.string("deploymentMode")?;
    let permissions = q.list("permissions");
    let host_permissions = q.list("hostPermissions");
    let enabled = q.bool("enabled")?;
    let org = s.read();
    let items: Vec<_> = org
        .browser_extensions
        .iter()
        .filter(|e| extension_id.is_none_or(|v| e.extension_id == v))
        .filter(|e| employee_id.is_none_or(|v| e.employee_id == v))
        .filter(|e| browser_id.is_none_or(|v| e.browser_id == v))
        .filter(|e| mode.is_none_or(|v| e.deployment_mode == v))
        .filter(|e| {
            permissions
                .iter()
                .all(|p| e.permissions.iter().any(|h| h == p))
        })
        .filter(|e| {
            host_permissions
                .iter()
                .all(|p| e.host_permissions.iter().any(|h| h == p))
        })
        .filter(|e| enabled.is_none_or(|v| e.enabled == v))
        .collect();
    Ok(Json(page.envelope(&items, s.token_key)))
}
