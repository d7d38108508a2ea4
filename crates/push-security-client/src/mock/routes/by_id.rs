//! The one get-by-id handler, and the id lookups the write handlers share.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{MethodRouter, get};
use serde::Serialize;
use serde_json::{Value, json};

use super::super::data::Organisation;
use super::super::data::records::Identified;
use super::super::error::{MockError, MockResult};
use super::super::state::Shared;
use super::{AxumQuery, Pairs, no_query};

/// Records addressed by id, and the 404 message for an id that is not there.
pub(crate) struct ById<T: 'static> {
    pub(crate) rows: fn(&Organisation) -> &[T],
    pub(crate) not_found: &'static str,
}

impl<T: Identified> ById<T> {
    pub(crate) fn position(&self, org: &Organisation, id: &str) -> MockResult<usize> {
        (self.rows)(org)
            .iter()
            .position(|record| record.id() == id)
            .ok_or_else(|| self.missing())
    }

    pub(crate) fn find<'o>(&self, org: &'o Organisation, id: &str) -> MockResult<&'o T> {
        (self.rows)(org)
            .iter()
            .find(|record| record.id() == id)
            .ok_or_else(|| self.missing())
    }

    fn missing(&self) -> MockError {
        MockError::status(StatusCode::NOT_FOUND, self.not_found)
    }
}

impl<T: Identified + Serialize> ById<T> {
    async fn handle(
        &'static self,
        State(state): State<Shared>,
        Path(id): Path<String>,
        AxumQuery(pairs): Pairs,
    ) -> MockResult<Json<Value>> {
        no_query(pairs)?;
        let org = state.read();
        Ok(Json(json!(self.find(&org, &id)?)))
    }
}

/// The `GET .../{id}` route: no query parameters, the record as stored, or 404.
pub(crate) fn by_id<T: Identified + Serialize>(records: &'static ById<T>) -> MethodRouter<Shared> {
    get(move |state, id, query| records.handle(state, id, query))
}
