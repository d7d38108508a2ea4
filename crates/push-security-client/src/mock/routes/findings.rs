//! `/v1/findings`, `/v1/findings/{id}`, `/v1/detections`, `/v1/detections/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::data::records::DetectionDetail;
use super::super::error::{MockError, MockResult};
use super::super::paging::{PageRequest, Style};
use super::super::query::{Query, within};
use super::super::state::Shared;
use super::{AxumQuery, Pairs, no_query};

pub(crate) async fn list(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    const FILTERS: &[&str] = &[
        "state",
        "type",
        "employeeId",
        "appType",
        "accountId",
        "passwordId",
        "creationTimestampAfter",
        "creationTimestampBefore",
    ];
    let style = Style::Offset;
    let q = Query::parse(pairs, &[FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let state = q.string("state")?;
    let kind = q.string("type")?;
    let employee_id = q.string("employeeId")?;
    let app_type = q.string("appType")?;
    let account_id = q.string("accountId")?;
    let password_id = q.string("passwordId")?;
    let after = q.int("creationTimestampAfter")?;
    let before = q.int("creationTimestampBefore")?;
    let org = s.read();
    let items: Vec<_> = org
        .findings
        .iter()
        .filter(|f| state.is_none_or(|v| f.state == v))
        .filter(|f| kind.is_none_or(|v| f.finding_type == v))
        .filter(|f| employee_id.is_none_or(|v| f.employee_id.as_deref() == Some(v)))
        .filter(|f| app_type.is_none_or(|v| f.app_type.as_deref() == Some(v)))
        .filter(|f| account_id.is_none_or(|v| f.account_id.as_deref() == Some(v)))
        .filter(|f| password_id.is_none_or(|v| f.password_id.as_deref() == Some(v)))
        .filter(|f| within(Some(f.creation_timestamp), after, before))
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
    let finding = org
        .findings
        .iter()
        .find(|f| f.id == id)
        .ok_or_else(|| MockError::not_found("Finding"))?;
    Ok(Json(json!(finding)))
}

pub(crate) async fn list_detections(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    let style = Style::Token;
    let q = Query::parse(pairs, &[&["creationTimestampAfter"], style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let after = q.int("creationTimestampAfter")?;
    let org = s.read();
    let items: Vec<_> = org
        .detections
        .iter()
        .filter(|d| within(Some(d.creation_timestamp), after, None))
        .collect();
    Ok(Json(page.envelope(&items, s.token_key)))
}

pub(crate) async fn get_detection(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let org = s.read();
    let detection = org
        .detections
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| MockError::not_found("Detection"))?;
    let events = org
        .detection_events
        .get(&id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    Ok(Json(json!(DetectionDetail { detection, events })))
}
