//! `/v1/employees`, `/v1/employees/{id}` (GET, PATCH) with the named 400 reasons.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::error::{MockError, MockResult};
use super::super::paging::{PageRequest, Style};
use super::super::query::{Query, partial_match};
use super::super::state::Shared;
use super::{AxumQuery, Pairs, bool_field, no_query, object_body};

pub(crate) async fn list(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    const FILTERS: &[&str] = &["chatopsEnabled", "licensed", "email"];
    let style = Style::Offset;
    let q = Query::parse(pairs, &[FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let chatops = q.bool("chatopsEnabled")?;
    let licensed = q.bool("licensed")?;
    let email = q.string("email")?;
    let org = s.read();
    let items: Vec<_> = org
        .employees
        .iter()
        .filter(|e| chatops.is_none_or(|v| e.chatops_enabled == v))
        .filter(|e| licensed.is_none_or(|v| e.licensed == v))
        .filter(|e| email.is_none_or(|v| partial_match(&e.email, v)))
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
    let employee = org
        .employees
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| MockError::not_found("Employee"))?;
    Ok(Json(json!(employee)))
}

/// Licensing and ChatOps rules, checked before anything changes:
/// licensing past the seat count -> `EXCEEDED_MAX_LICENSED_EMPLOYEES`; ChatOps on for an employee
/// left unlicensed -> `EMPLOYEE_NOT_LICENSED`; ChatOps on while the chat integration is broken ->
/// `CHATOPS_NOT_IN_WORKING_STATE`. Unlicensing an employee without accounts answers `null`.
pub(crate) async fn update(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
    body: Bytes,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let body = object_body(&body, &["chatopsEnabled", "licensed"])?;
    let want_licensed = bool_field(&body, "licensed")?;
    let want_chatops = bool_field(&body, "chatopsEnabled")?;
    let chatops_working = s.controls.chatops_working();
    let mut org = s.write();
    let seats_taken = org.licensed_count();
    let seats = org.licence_seats;
    let index = org
        .employees
        .iter()
        .position(|e| e.id == id)
        .ok_or_else(|| MockError::not_found("Employee"))?;
    let currently_licensed = org.employees[index].licensed;
    let licensed_after = want_licensed.unwrap_or(currently_licensed);
    if want_licensed == Some(true) && !currently_licensed && seats_taken >= seats {
        return Err(MockError::reason(
            "EXCEEDED_MAX_LICENSED_EMPLOYEES",
            "no licence seat is free",
        ));
    }
    if want_chatops == Some(true) {
        if !licensed_after {
            return Err(MockError::reason(
                "EMPLOYEE_NOT_LICENSED",
                "ChatOps needs a licensed employee",
            ));
        }
        if !chatops_working {
            return Err(MockError::reason(
                "CHATOPS_NOT_IN_WORKING_STATE",
                "the chat integration is not working",
            ));
        }
    }
    let unlicensed_now = want_licensed == Some(false);
    let has_accounts = org.employee_has_accounts(&id);
    let employee = &mut org.employees[index];
    employee.licensed = licensed_after;
    if let Some(chatops) = want_chatops {
        employee.chatops_enabled = chatops;
    }
    if !licensed_after {
        employee.chatops_enabled = false;
    }
    if unlicensed_now && !has_accounts {
        return Ok(Json(Value::Null));
    }
    Ok(Json(json!(employee)))
}
