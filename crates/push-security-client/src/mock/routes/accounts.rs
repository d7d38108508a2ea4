//! `/v1/accounts`, `/v1/accounts/{id}`, `/v1/accounts/{id}/usedBy`, `/v1/accountsOther...`.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::data::records::{Account, OtherAccount};
use super::super::error::{MockError, MockResult};
use super::super::paging::{MaxLimit, Style};
use super::super::state::{Shared, UsedByShape};
use super::by_id::ById;
use super::listing::{EmptyPage, Filter, Listing, list_query};
use super::{AxumQuery, Pairs, no_query};

pub(crate) static LIST: Listing<Account> = Listing {
    rows: |org| &org.accounts,
    filters: &[
        Filter::Contains("email", |a| &a.email),
        Filter::Equals("appType", |a| Some(a.app_type.as_str())),
        Filter::Equals("employeeId", |a| Some(a.employee_id.as_str())),
        Filter::Equals("passwordId", |a| a.password_id.as_deref()),
        Filter::Between {
            after: "lastUsedTimestampAfter",
            before: Some("lastUsedTimestampBefore"),
            field: |a| a.last_used_timestamp,
        },
    ],
    style: Style::OffsetToken,
    max_limit: MaxLimit::Documented,
    empty_page: EmptyPage::EmptyArray,
};

pub(crate) static BY_ID: ById<Account> = ById {
    rows: |org| &org.accounts,
    not_found: "Account Not Found",
};

pub(crate) static LIST_OTHER: Listing<OtherAccount> = Listing {
    rows: |org| &org.other_accounts,
    filters: &[
        Filter::Contains("email", |a| &a.email),
        Filter::Equals("otherAppId", |a| Some(a.other_app_id.as_str())),
        Filter::Between {
            after: "lastUsedTimestampAfter",
            before: Some("lastUsedTimestampBefore"),
            field: |a| a.last_used_timestamp,
        },
    ],
    style: Style::Offset,
    max_limit: MaxLimit::Documented,
    empty_page: EmptyPage::EmptyArray,
};

pub(crate) static OTHER_BY_ID: ById<OtherAccount> = ById {
    rows: |org| &org.other_accounts,
    not_found: "Account (Other) Not Found",
};

pub(crate) async fn delete(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let mut org = s.write();
    let index = BY_ID.position(&org, &id)?;
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
    let (_, page) = list_query(pairs, &[], Style::Offset, MaxLimit::Documented, s.token_key)?;
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
