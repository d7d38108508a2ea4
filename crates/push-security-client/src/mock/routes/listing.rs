//! The one list handler: strict query, the documented filters, a page in the `{result, paging}`
//! envelope. Each resource declares its list as a [`Listing`] table instead of a handler.

use axum::Json;
use axum::extract::State;
use axum::routing::{MethodRouter, get};
use serde::Serialize;
use serde_json::Value;

use super::super::data::Organisation;
use super::super::error::MockResult;
use super::super::paging::{MaxLimit, PageRequest, Style, TokenKey};
use super::super::query::{Query, partial_match, within};
use super::super::state::{MockState, Shared};
use super::{AxumQuery, Pairs};

/// One documented filter of a list and the record field it tests. A filter left out of the
/// query keeps every record, unless it says otherwise.
pub(crate) enum Filter<T> {
    /// `param=value`: the field equals the value; a record without the field never matches.
    Equals(&'static str, fn(&T) -> Option<&str>),
    /// `param=value`: the field contains the value, ignoring ASCII case (Push's `email` filters).
    Contains(&'static str, fn(&T) -> &str),
    /// `param=true|false`: the flag equals the value. The `Option` is the value assumed when the
    /// parameter is left out (`None`: no filtering).
    Flag(&'static str, fn(&T) -> bool, Option<bool>),
    /// `after <= field <= before` in UNIX seconds, each bound optional; some lists document no
    /// `before` parameter. A record without the field matches only when neither bound is given.
    Between {
        after: &'static str,
        before: Option<&'static str>,
        field: fn(&T) -> Option<i64>,
    },
    /// `param=a&param=b` (or `param=a,b`): the field's list holds every value given.
    HasAll(&'static str, fn(&T) -> &[String]),
}

/// A record test with the filter's value read from one query.
type Predicate<'q, T> = Box<dyn Fn(&T) -> bool + 'q>;

impl<T: 'static> Filter<T> {
    /// `creationTimestampAfter` and `creationTimestampBefore`, the window most lists document.
    pub(crate) const fn created(field: fn(&T) -> Option<i64>) -> Self {
        Self::Between {
            after: "creationTimestampAfter",
            before: Some("creationTimestampBefore"),
            field,
        }
    }

    fn params(&self) -> impl Iterator<Item = &'static str> {
        let (first, second) = match *self {
            Self::Equals(param, _)
            | Self::Contains(param, _)
            | Self::Flag(param, _, _)
            | Self::HasAll(param, _) => (param, None),
            Self::Between { after, before, .. } => (after, before),
        };
        std::iter::once(first).chain(second)
    }

    /// Reads this filter's value from the query (400 when it has the wrong type or repeats).
    fn bind<'q>(&self, query: &'q Query) -> MockResult<Predicate<'q, T>> {
        Ok(match *self {
            Self::Equals(param, field) => {
                let wanted = query.string(param)?;
                Box::new(move |r| wanted.is_none_or(|v| field(r) == Some(v)))
            }
            Self::Contains(param, field) => {
                let wanted = query.string(param)?;
                Box::new(move |r| wanted.is_none_or(|v| partial_match(field(r), v)))
            }
            Self::Flag(param, field, when_absent) => {
                let wanted = query.bool(param)?.or(when_absent);
                Box::new(move |r| wanted.is_none_or(|v| field(r) == v))
            }
            Self::Between {
                after,
                before,
                field,
            } => {
                let after = query.int(after)?;
                let before = match before {
                    Some(param) => query.int(param)?,
                    None => None,
                };
                Box::new(move |r| within(field(r), after, before))
            }
            Self::HasAll(param, field) => {
                let wanted = query.list(param);
                Box::new(move |r| wanted.iter().all(|v| field(r).iter().any(|h| h == v)))
            }
        })
    }
}

/// What a list answers when the page holds no records.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmptyPage {
    /// `"result": []`.
    EmptyArray,
    /// `"result": null`, for lists the reference types "array or null".
    Null,
}

/// A list operation: the records it pages through, its filters and its paging style.
pub(crate) struct Listing<T: 'static> {
    pub(crate) rows: fn(&Organisation) -> &[T],
    pub(crate) filters: &'static [Filter<T>],
    pub(crate) style: Style,
    pub(crate) max_limit: MaxLimit,
    pub(crate) empty_page: EmptyPage,
}

impl<T: Serialize> Listing<T> {
    async fn handle(
        &'static self,
        State(state): State<Shared>,
        AxumQuery(pairs): Pairs,
    ) -> MockResult<Json<Value>> {
        self.answer(&state, pairs).map(Json)
    }

    fn answer(&self, state: &MockState, pairs: Vec<(String, String)>) -> MockResult<Value> {
        let params: Vec<&str> = self.filters.iter().flat_map(Filter::params).collect();
        let (query, page) =
            list_query(pairs, &params, self.style, self.max_limit, state.token_key)?;
        let predicates = self
            .filters
            .iter()
            .map(|filter| filter.bind(&query))
            .collect::<MockResult<Vec<_>>>()?;
        let org = state.read();
        let items: Vec<&T> = (self.rows)(&org)
            .iter()
            .filter(|record| predicates.iter().all(|matches| matches(record)))
            .collect();
        let mut envelope = page.envelope(&items, state.token_key);
        if self.empty_page == EmptyPage::Null
            && envelope["result"].as_array().is_some_and(Vec::is_empty)
        {
            envelope["result"] = Value::Null;
        }
        Ok(envelope)
    }
}

/// The `GET` route of a list.
pub(crate) fn list<T: Serialize>(listing: &'static Listing<T>) -> MethodRouter<Shared> {
    get(move |state, query| listing.handle(state, query))
}

/// The query of a paged call, checked in the order the service does: parameters the endpoint does
/// not document, then `limit` (against the list's [`MaxLimit`]), `offset` and `nextToken` (not
/// both). The filters' values are read from the returned query afterwards.
pub(crate) fn list_query(
    pairs: Vec<(String, String)>,
    filters: &[&str],
    style: Style,
    max_limit: MaxLimit,
    key: TokenKey,
) -> MockResult<(Query, PageRequest)> {
    let query = Query::parse(pairs, &[filters, style.params()])?;
    let page = PageRequest::parse(&query, key, style, max_limit)?;
    Ok((query, page))
}
