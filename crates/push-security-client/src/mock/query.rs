//! Strict query parsing: the mock answers 400 to parameters an endpoint does not document, to
//! values of the wrong type and to repeated single-valued parameters, so a client that sends
//! anything extra is caught in tests.

use super::error::{MockError, MockResult};

/// The query of one request, checked against the parameters the endpoint accepts.
#[derive(Debug)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub(crate) fn parse(pairs: Vec<(String, String)>, allowed: &[&[&str]]) -> MockResult<Self> {
        for (key, _) in &pairs {
            if !allowed.iter().any(|set| set.contains(&key.as_str())) {
                return Err(MockError::bad_request(format!(
                    "unknown query parameter `{key}`"
                )));
            }
        }
        Ok(Self { pairs })
    }

    fn single(&self, key: &str) -> MockResult<Option<&str>> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == key);
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(MockError::bad_request(format!(
                "query parameter `{key}` given more than once"
            )));
        }
        Ok(first)
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    pub(crate) fn string(&self, key: &str) -> MockResult<Option<&str>> {
        self.single(key)
    }

    pub(crate) fn int(&self, key: &str) -> MockResult<Option<i64>> {
        self.single(key)?
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    MockError::bad_request(format!("query parameter `{key}` must be an integer"))
                })
            })
            .transpose()
    }

    pub(crate) fn bool(&self, key: &str) -> MockResult<Option<bool>> {
        self.single(key)?
            .map(|v| match v {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(MockError::bad_request(format!(
                    "query parameter `{key}` must be true or false"
                ))),
            })
            .transpose()
    }

    /// Every value of a parameter that may repeat (`permissions=a&permissions=b`); a single
    /// comma-separated value is split too, since Push does not say which form it expects.
    pub(crate) fn list(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// A partial, case-insensitive match, as Push does for `email` filters.
pub(crate) fn partial_match(haystack: &str, needle: &str) -> bool {
    haystack
        .to_ascii_lowercase()
        .contains(&needle.to_ascii_lowercase())
}

/// `after <= value <= before`, each bound optional.
pub(crate) fn within(value: Option<i64>, after: Option<i64>, before: Option<i64>) -> bool {
    match value {
        Some(v) => after.is_none_or(|a| v >= a) && before.is_none_or(|b| v <= b),
        None => after.is_none() && before.is_none(),
    }
}
