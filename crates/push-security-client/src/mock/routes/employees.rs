//! `/v1/employees`, `/v1/employees/{id}` (GET, PATCH) with the named 400 reasons.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::data::records::Employee;
use super::super::error::{MockError, MockResult};
use super::super::paging::{MaxLimit, Style};
use super::super::state::Shared;
use super::by_id::ById;
use super::listing::{EmptyPage, Filter, Listing};
use super::{AxumQuery, Pairs, bool_field, write_body};

pub(crate) static LIST: Listing<Employee> = Listing {
    rows: |org| &org.employees,
    filters: &[
        Filter::Flag("chatopsEnabled", |e| e.chatops_enabled, None),
        Filter::Flag("licensed", |e| e.licensed, None),
        Filter::Contains("email", |e| &e.email),
    ],
    style: Style::Offset,
    max_limit: MaxLimit::Documented,
    empty_page: EmptyPage::EmptyArray,
};

pub(crate) static BY_ID: ById<Employee> = ById {
    rows: |org| &org.employees,
    not_found: "Employee Not Found",
};

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
    let body = write_body(pairs, &body, &["chatopsEnabled", "licensed"])?;
    let want_licensed = bool_field(&body, "licensed")?;
    let want_chatops = bool_field(&body, "chatopsEnabled")?;
    let chatops_working = s.controls.chatops_working();
    let mut org = s.write();
    let seats_taken = org.licensed_count();
    let seats = org.licence_seats;
    let index = BY_ID.position(&org, &id)?;
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
