//! A listing documented inside an envelope that a server answers as a bare JSON list.

use serde::de::DeserializeOwned;

use super::RawPage;
use crate::{BodyExpectation, Error, Response};

impl<T: DeserializeOwned> RawPage<T> {
    /// The page a bare JSON list makes: its records and the body as evidence, with no paging
    /// fields, so the page says nothing of what follows. `None` when the body is not a list, for
    /// the caller to read its envelope instead.
    ///
    /// ```
    /// use api_core::{BodyExpectation, Bytes, HeaderMap, RawPage, Response, StatusCode};
    ///
    /// let answer = |body: &'static str| {
    ///     Response::from_parts("list", StatusCode::OK, HeaderMap::new(), Bytes::from(body))
    /// };
    /// let bare = answer(r#" [{"id": 1}, {"id": 2}]"#);
    /// let page: RawPage<serde_json::Value> = RawPage::from_bare_list(&bare, BodyExpectation::Json)
    ///     .expect("a list")
    ///     .expect("decodes");
    /// assert_eq!(page.items.len(), 2);
    /// assert_eq!(page.more_results, None);
    ///
    /// let envelope = answer(r#"{"data": [], "paging": {}}"#);
    /// assert!(RawPage::<serde_json::Value>::from_bare_list(&envelope, BodyExpectation::Json).is_none());
    /// ```
    pub fn from_bare_list(
        response: &Response,
        expectation: BodyExpectation,
    ) -> Option<Result<Self, Error>> {
        let first = response
            .bytes()
            .iter()
            .find(|byte| !byte.is_ascii_whitespace());
        (first == Some(&b'[')).then(|| {
            Ok(RawPage {
                items: response.decode(expectation)?,
                body: response.bytes().clone(),
                ..RawPage::default()
            })
        })
    }
}
