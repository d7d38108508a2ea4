//! `/v1/apps`, `/v1/apps/{id}` (GET, PATCH), `/v1/appsOther...`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::error::{MockError, MockResult};
use super::super::paging::{PageRequest, Style};
use super::super::query::{Query, within};
use super::super::state::Shared;
use super::{AxumQuery, Pairs, no_query, object_body, tristate_field};

const CREATION_FILTERS: &[&str] = &["creationTimestampAfter", "creationTimestampBefore"];

pub(crate) async fn list(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    let style = Style::Offset;
    let q = Query::parse(pairs, &[CREATION_FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let after = q.int("creationTimestampAfter")?;
    let before = q.int("creationTimestampBefore")?;
    let org = s.read();
    let items: Vec<_> = org
        .apps
        .iter()
        .filter(|a| within(Some(a.creation_timestamp), after, before))
        .collect();
    Ok(Json(page.envelope(&items, s.token_key)))
}

pub(crate) async fn get(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let org = s.read();
    let app = org
        .apps
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| MockError::not_found("App"))?;
    Ok(Json(json!(app)))
}

const APPROVAL_STATUSES: &[&str] = &["APPROVED", "NOT_APPROVED", "UNDER_REVIEW"];
const SENSITIVITY_LEVELS: &[&str] = &["HIGH", "MEDIUM", "LOW"];

/// Absent leaves a field alone, null clears it, a value sets it.
pub(crate) async fn update(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
    body: Bytes,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let body = object_body(
        &body,
        &["approvalStatus", "sensitivityLevel", "notes", "ownerId"],
    )?;
    let approval = tristate_field(&body, "approvalStatus")?;
    let sensitivity = tristate_field(&body, "sensitivityLevel")?;
    let notes = tristate_field(&body, "notes")?;
    let owner = tristate_field(&body, "ownerId")?;
    if let Some(Some(value)) = approval
        && !APPROVAL_STATUSES.contains(&value)
    {
        return Err(MockError::bad_request(format!(
            "approvalStatus `{value}` is not one of {APPROVAL_STATUSES:?}"
        )));
    }
    if let Some(Some(value)) = sensitivity
        && !SENSITIVITY_LEVELS.contains(&value)
    {
        return Err(MockError::bad_request(format!(
            "sensitivityLevel `{value}` is not one of {SENSITIVITY_LEVELS:?}"
        )));
    }
    let mut org = s.write();
    if let Some(Some(owner_id)) = owner
        && !org.employees.iter().any(|e| e.id == owner_id)
    {
        return Err(MockError::bad_request("ownerId is not an employee"));
    }
    let app = org
        .apps
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(|| MockError::not_found("App"))?;
    let owned = |v: Option<&str>| v.map(str::to_owned);
    if let Some(value) = approval {
        app.approval_status = owned(value);
    }
    if let Some(value) = sensitivity {
        app.sensitivity_level = owned(value);
    }
    if let Some(value) = notes {
        app.notes = owned(value);
    }
    if let Some(value) = owner {
        app.owner_id = owned(value);
    }
    Ok(Json(json!(app)))
}

pub(crate) async fn list_other(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    let style = Style::Offset;
    let q = Query::parse(pairs, &[CREATION_FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let after = q.int("creationTimestampAfter")?;
    let before = q.int("creationTimestampBefore")?;
    let org = s.read();
    let items: Vec<_> = org
        .other_apps
        .iter()
        .filter(|a| within(Some(a.creation_timestamp), after, before))
        .collect();
    Ok(Json(page.envelope(&items, s.token_key)))
}

pub(crate) async fn get_other(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let org = s.read();
    let app = org
        .other_apps
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| MockError::not_found("App (Other)"))?;
    Ok(Json(json!(app)))
}
