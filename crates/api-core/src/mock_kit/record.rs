//! What a mock saw of each request, with credentials blanked out.

/// The text that stands in for a credential in a [`RecordedRequest`].
pub const REDACTED: &str = "[REDACTED]";

/// Headers that carry credentials: recorded as present, never with their value.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "x-user-token",
];

/// Query parameters that carry secrets (a push's passphrase, a token sent in the URL).
const SECRET_QUERY_KEYS: &[&str] = &[
    "passphrase",
    "password",
    "token",
    "api_key",
    "apikey",
    "key",
    "secret",
];

/// One request as a mock received it, oldest first in `requests()`.
///
/// Credential headers (`Authorization`, `X-API-Key`, `X-User-Token`, cookies) and secret query
/// parameters (`passphrase`, `token`, ...) are kept with the value `[REDACTED]`, so a test can
/// check that they were sent without the recording holding the secret. The body is not kept,
/// only its length.
///
/// ```
/// # fn check(request: &api_core::mock_kit::RecordedRequest) {
/// assert_eq!(request.method, "GET");
/// assert!(request.has_header("x-api-key"));
/// assert_eq!(request.header("x-api-key"), Some("[REDACTED]"));
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `GET`.
    pub method: String,
    /// The path, without the query string, as sent (percent-encoding kept).
    pub path: String,
    /// The query parameters in order, decoded, secret values redacted.
    pub query: Vec<(String, String)>,
    /// The headers in order, names lower-case, credential values redacted.
    pub headers: Vec<(String, String)>,
    /// The length of the body in bytes.
    pub body_len: usize,
}

impl RecordedRequest {
    /// Records a request; `body_len` is the length of its body.
    pub fn new(
        method: &http::Method,
        uri: &http::Uri,
        headers: &http::HeaderMap,
        body_len: usize,
    ) -> Self {
        let query = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(key, value)| {
                        let value = if is_secret_query_key(&key) {
                            REDACTED.to_owned()
                        } else {
                            value.into_owned()
                        };
                        (key.into_owned(), value)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let headers = headers
            .iter()
            .map(|(name, value)| {
                let value = if SECRET_HEADERS.contains(&name.as_str()) {
                    REDACTED.to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        Self {
            method: method.as_str().to_owned(),
            path: uri.path().to_owned(),
            query,
            headers,
            body_len,
        }
    }

    /// The first value of a header (name in any case); a credential reads `[REDACTED]`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the header was sent at all (even empty).
    pub fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// The first value of a query parameter; a secret one reads `[REDACTED]`.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the query parameter was sent.
    pub fn has_query(&self, key: &str) -> bool {
        self.query_value(key).is_some()
    }
}

fn is_secret_query_key(key: &str) -> bool {
    SECRET_QUERY_KEYS
        .iter()
        .any(|secret| secret.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_recorded_as_present_but_redacted() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "authorization",
            http::HeaderValue::from_static("Bearer tok-123"),
        );
        headers.insert("x-api-key", http::HeaderValue::from_static("key-456"));
        headers.insert("accept", http::HeaderValue::from_static("application/json"));
        let uri: http::Uri = "/p/abc.json?passphrase=open%20sesame&page=2"
            .parse()
            .unwrap_or_default();
        let recorded = RecordedRequest::new(&http::Method::GET, &uri, &headers, 0);
        assert_eq!(recorded.header("Authorization"), Some(REDACTED));
        assert_eq!(recorded.header("x-api-key"), Some(REDACTED));
        assert_eq!(recorded.header("accept"), Some("application/json"));
        assert_eq!(recorded.query_value("passphrase"), Some(REDACTED));
        assert_eq!(recorded.query_value("page"), Some("2"));
        let debug = format!("{recorded:?}");
        assert!(
            !debug.contains("tok-123") && !debug.contains("key-456") && !debug.contains("sesame")
        );
        assert_eq!(recorded.path, "/p/abc.json");
    }
}
