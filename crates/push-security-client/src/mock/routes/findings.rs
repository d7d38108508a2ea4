//! `/v1/findings`, `/v1/findings/{id}`, `/v1/detections`, `/v1/detections/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::super::data::records::{Detection, DetectionDetail, Finding};
use super::super::error::MockResult;
use super::super::paging::{MaxLimit, Style};
use super::super::state::Shared;
use super::by_id::ById;
use super::listing::{EmptyPage, Filter, Listing};
use super::{AxumQuery, Pairs, no_query};

pub(crate) static LIST: Listing<Finding> = Listing {
    rows: |org| &org.findings,
    filters: &[
        Filter::Equals("state", |f| Some(f.state.as_str())),
        Filter::Equals("type", |f| Some(f.finding_type.as_str())),
        Filter::Equals("employeeId", |f| f.employee_id.as_deref()),
        Filter::Equals("appType", |f| f.app_type.as_deref()),
        Filter::Equals("accountId", |f| f.account_id.as_deref()),
        Filter::Equals("passwordId", |f| f.password_id.as_deref()),
        Filter::created(|f| Some(f.creation_timestamp)),
    ],
    style: Style::Offset,
    max_limit: MaxLimit::Documented,
    empty_page: EmptyPage::EmptyArray,
};

pub(crate) static BY_ID: ById<Finding> = ById {
    rows: |org| &org.findings,
    not_found: "Finding Not Found",
};

pub(crate) static LIST_DETECTIONS: Listing<Detection> = Listing {
    rows: |org| &org.detections,
    filters: &[Filter::Between {
        after: "creationTimestampAfter",
        before: None,
        field: |d| Some(d.creation_timestamp),
    }],
    style: Style::Token,
    max_limit: MaxLimit::NoneDocumented,
    empty_page: EmptyPage::EmptyArray,
};

static DETECTION_BY_ID: ById<Detection> = ById {
    rows: |org| &org.detections,
    not_found: "Detection Not Found",
};

/// A single detection carries its events, which the list leaves out.
pub(crate) async fn get_detection(
    State(s): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(pairs): Pairs,
) -> MockResult<Json<Value>> {
    no_query(pairs)?;
    let org = s.read();
    let detection = DETECTION_BY_ID.find(&org, &id)?;
    let events = org
        .detection_events
        .get(&id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    Ok(Json(json!(DetectionDetail { detection, events })))
}
