//! `/v1/accounts`, `/v1/accounts/{id}`, `/v1/accounts/{id}/usedBy`, `/v1/accountsOther...`.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::error::{MockError, MockResult};
use super::super::paging::{PageRequest, Style};
use super::super::query::{Query, partial_match, within};
use super::super::state::{Shared, UsedByShape};
use super::{AxumQuery, Pairs, no_query};

pub(crate) async fn list(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    const FILTERS: &[&str] = &[
        "email",
        "appType",
        "employeeId",
        "passwordId",
        "lastUsedTimestampAfter",
        "lastUsedTimestampBefore",
    ];
    let style = Style::OffsetToken;
    let q = Query::parse(pairs, &[FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let email = q.string("email")?;
    let app_type = q.string("appType")?;
    let employee_id = q.string("employeeId")?;
    let password_id = q.string("passwordId")?;
    let after = q.int("lastUsedTimestampAfter")?;
    let before = q.int("lastUsedTimestampBefore")?;
    let org = s.read();
    let items: Vec<_> = org
        .accounts
        .iter()
        .filter(|a| email.is_none_or(|e| partial_match(&a.email, e)))
        .filter(|a| app_type.is_none_or(|t| a.app_type == t))
        .filter(|a| employee_id.is_none_or(|id| a.employee_id == id))
        .filter(|a| password_id.is_none_or(|id| a.password_id.as_deref() == Some(id)))
        .filter(|a| within(a.last_used_timestamp, after, before))
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
    let account = org
        .accounts
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| MockError::not_found("Account"))?;
    Ok(Json(json!(account)))
}

pub(crate) async fn delete(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let mut org = s.write();
    let index = org
        .accounts
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| MockError::not_found("Account"))?;
    org.accounts.remove(index);
    org.usage.remove(&id);
    // The reference's sample sends `deleted` as the string "true"; the mock does too, so clients
    // are tested against the sloppier form.
    Ok(Json(
        json!({ "id": id, "object": "ACCOUNT", "deleted": "true" }),
    ))
}

pub(crate) async fn used_by(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    let style = Style::Offset;
    let q = Query::parse(pairs, &[style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let org = s.read();
    let usage = org
        .usage
        .get(&id)
        .ok_or_else(|| MockError::not_found("Account"))?;
    Ok(Json(match s.used_by_shape {
        UsedByShape::Envelope => page.envelope(usage, s.token_key),
        UsedByShape::BareObject => usage.first().map_or(Value::Null, |u| json!(u)),
    }))
}

pub(crate) async fn list_other(
    State(s): State<Shared>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    const FILTERS: &[&str] = &[
        "email",
        "otherAppId",
        "lastUsedTimestampAfter",
        "lastUsedTimestampBefore",
    ];
    let style = Style::Offset;
    let q = Query::parse(pairs, &[FILTERS, style.params()])?;
    let page = PageRequest::parse(&q, s.token_key, style)?;
    let email = q.string("email")?;
    let other_app_id = q.string("otherAppId")?;
    let after = q.int("lastUsedTimestampAfter")?;
    let before = q.int("lastUsedTimestampBefore")?;
    let org = s.read();
    let items: Vec<_> = org
        .other_accounts
        .iter()
        .filter(|a| email.is_none_or(|e| partial_match(&a.email, e)))
        .filter(|a| other_app_id.is_none_or(|id| a.other_app_id == id))
        .filter(|a| within(a.last_used_timestamp, after, before))
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
    let account = org
        .other_accounts
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| MockError::not_found("Account (Other)"))?;
    Ok(Json(json!(account)))
}
