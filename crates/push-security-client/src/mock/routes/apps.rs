//! `/v1/apps`, `/v1/apps/{id}` (GET, PATCH), `/v1/appsOther...`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::data::records::{App, OtherApp};
use super::super::error::{MockError, MockResult};
use super::super::paging::{MaxLimit, Style};
use super::super::state::Shared;
use super::by_id::ById;
use super::listing::{EmptyPage, Filter, Listing};
use super::{AxumQuery, Pairs, apply_tristate, one_of, tristate_field, write_body};

pub(crate) static LIST: Listing<App> = Listing {
    rows: |org| &org.apps,
    filters: &[Filter::created(|a| Some(a.creation_timestamp))],
    style: Style::Offset,
    max_limit: MaxLimit::Documented,
    empty_page: EmptyPage::EmptyArray,
};

pub(crate) static BY_ID: ById<App> = ById {
    rows: |org| &org.apps,
    not_found: "App Not Found",
};

pub(crate) static LIST_OTHER: Listing<OtherApp> = Listing {
    rows: |org| &org.other_apps,
    filters: &[Filter::created(|a| Some(a.creation_timestamp))],
    style: Style::Offset,
    max_limit: MaxLimit::Documented,
    empty_page: EmptyPage::EmptyArray,
};

pub(crate) static OTHER_BY_ID: ById<OtherApp> = ById {
    rows: |org| &org.other_apps,
    not_found: "App (Other) Not Found",
};

const APPROVAL_STATUSES: &[&str] = &["APPROVED", "NOT_APPROVED", "UNDER_REVIEW"];
const SENSITIVITY_LEVELS: &[&str] = &["HIGH", "MEDIUM", "LOW"];

/// Absent leaves a field alone, null clears it, a value sets it; nothing changes on a 400.
pub(crate) async fn update(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
    body: Bytes,
) -> MockResult<Json<Value>> {
    let body = write_body(
        pairs,
        &body,
        &["approvalStatus", "sensitivityLevel", "notes", "ownerId"],
    )?;
    let approval = tristate_field(&body, "approvalStatus")?;
    let sensitivity = tristate_field(&body, "sensitivityLevel")?;
    let notes = tristate_field(&body, "notes")?;
    let owner = tristate_field(&body, "ownerId")?;
    one_of("approvalStatus", approval, APPROVAL_STATUSES)?;
    one_of("sensitivityLevel", sensitivity, SENSITIVITY_LEVELS)?;
    let mut org = s.write();
    if let Some(Some(owner_id)) = owner
        && !org.employees.iter().any(|e| e.id == owner_id)
    {
        return Err(MockError::bad_request("ownerId is not an employee"));
    }
    let index = BY_ID.position(&org, &id)?;
    let app = &mut org.apps[index];
    apply_tristate(&mut app.approval_status, approval);
    apply_tristate(&mut app.sensitivity_level, sensitivity);
    apply_tristate(&mut app.notes, notes);
    apply_tristate(&mut app.owner_id, owner);
    Ok(Json(json!(app)))
}
