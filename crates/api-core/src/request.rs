//! One call as the API crate describes it: method, path template and parameters, query, body,
//! headers, and per-call overrides. Turned into a `reqwest` request once per attempt.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use url::Url;

use crate::error::Error;
use crate::retry::RetryPolicy;

/// Everything but the unreserved characters of RFC 3986 is encoded, so that a value is always
/// exactly one path segment: a `/`, `?`, `#` or `%` in an id cannot change the route.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How [`Client::send_json`](crate::Client::send_json) reads a successful body.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyExpectation {
    /// A JSON document.
    #[default]
    Json,
    /// A JSON document, or an empty body which decodes as JSON `null` (so the target type must
    /// accept null, for example `Option<_>` or `()`).
    JsonOrEmpty,
    /// A bare JSON string, or (leniently) plain text.
    StringOrText,
}

/// One part of a `multipart/form-data` body.
#[derive(Clone)]
pub struct MultipartPart {
    name: String,
    content: PartContent,
}

#[derive(Clone)]
enum PartContent {
    Text(String),
    File {
        file_name: String,
        content_type: Option<String>,
        bytes: Bytes,
    },
}

impl MultipartPart {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            content: PartContent::Text(value.into()),
        }
    }

    /// A file field. Without a content type the server sees `application/octet-stream`.
    pub fn file(
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: Option<String>,
        bytes: Bytes,
    ) -> Self {
        Self {
            name: name.into(),
            content: PartContent::File {
                file_name: file_name.into(),
                content_type,
                bytes,
            },
        }
    }

    /// The field name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn len(&self) -> usize {
        match &self.content {
            PartContent::Text(text) => text.len(),
            PartContent::File { bytes, .. } => bytes.len(),
        }
    }

    fn to_reqwest(&self, operation: &'static str) -> Result<reqwest::multipart::Part, Error> {
        match &self.content {
            PartContent::Text(text) => Ok(reqwest::multipart::Part::text(text.clone())),
            PartContent::File {
                file_name,
                content_type,
                bytes,
            } => {
                // Bytes clone is a reference count: the file is not copied per attempt.
                let part = reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::from(bytes.clone()),
                    bytes.len() as u64,
                )
                .file_name(file_name.clone());
                let content_type = content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                part.mime_str(content_type).map_err(|_| {
                    Error::invalid_request(
                        operation,
                        format!("multipart part `{}` has an invalid content type", self.name),
                    )
                })
            }
        }
    }
}

// Values (text fields, file contents, file names) may be secret: Debug shows names and sizes.
impl fmt::Debug for MultipartPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.content {
            PartContent::Text(_) => "text",
            PartContent::File { .. } => "file",
        };
        f.debug_struct("MultipartPart")
            .field("name", &self.name)
            .field("kind", &kind)
            .field("len", &self.len())
            .finish()
    }
}

#[derive(Clone)]
enum Body {
    Empty,
    Json(Bytes),
    Form(Bytes),
    Multipart(Vec<MultipartPart>),
}

impl Body {
    fn kind(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Json(_) => "json",
            Self::Form(_) => "form",
            Self::Multipart(_) => "multipart",
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Empty => 0,
            Self::Json(bytes) | Self::Form(bytes) => bytes.len(),
            Self::Multipart(parts) => parts.iter().map(MultipartPart::len).sum(),
        }
    }
}

/// What a request overrides of the client's settings (set through [`Request::attempt_timeout`],
/// [`Request::overall_timeout`] and [`Request::retry_policy`], or an operation builder's
/// [`RequestOptions`](crate::RequestOptions)).
#[derive(Clone, Debug, Default)]
struct Overrides {
    attempt_timeout: Option<Duration>,
    overall_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
}

/// One API call: what to send and how to treat it.
///
/// ```
/// use api_core::Request;
///
/// let req = Request::get("get_secret", "/s/{token}.json")
///     .path_param("token", "a/b?c")
///     .query_opt("passphrase", None::<String>)
///     .query_all("tag", ["x", "y"]);
/// assert!(req.is_idempotent());
/// // Debug shows the template and the query keys, never the values.
/// assert!(!format!("{req:?}").contains("a/b?c"));
/// ```
#[derive(Clone)]
pub struct Request {
    method: Method,
    operation: &'static str,
    path_template: &'static str,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    body: Body,
    headers: HeaderMap,
    idempotent: bool,
    anonymous: bool,
    /// Boxed, and only when set: few calls override anything, and the request lives in every
    /// call's future (unboxed, these were a hundred of its 350 bytes).
    overrides: Option<Box<Overrides>>,
    expectation: BodyExpectation,
}

impl Request {
    /// A request for `operation` (its name in traces and errors) to `path_template`, a path
    /// relative to the base URL with `{name}` placeholders, for example `/users/{id}`.
    pub fn new(method: Method, operation: &'static str, path_template: &'static str) -> Self {
        let idempotent = matches!(
            method,
            Method::GET
                | Method::HEAD
                | Method::PUT
                | Method::DELETE
                | Method::OPTIONS
                | Method::TRACE
        );
        Self {
            method,
            operation,
            path_template,
            path_params: Vec::new(),
            query: Vec::new(),
            body: Body::Empty,
            headers: HeaderMap::new(),
            idempotent,
            anonymous: false,
            overrides: None,
            expectation: BodyExpectation::default(),
        }
    }

    /// A `GET` request.
    pub fn get(operation: &'static str, path_template: &'static str) -> Self {
        Self::new(Method::GET, operation, path_template)
    }

    /// A `POST` request (not idempotent unless marked so).
    pub fn post(operation: &'static str, path_template: &'static str) -> Self {
        Self::new(Method::POST, operation, path_template)
    }

    /// A `PUT` request.
    pub fn put(operation: &'static str, path_template: &'static str) -> Self {
        Self::new(Method::PUT, operation, path_template)
    }

    /// A `PATCH` request (not idempotent unless marked so).
    pub fn patch(operation: &'static str, path_template: &'static str) -> Self {
        Self::new(Method::PATCH, operation, path_template)
    }

    /// A `DELETE` request.
    pub fn delete(operation: &'static str, path_template: &'static str) -> Self {
        Self::new(Method::DELETE, operation, path_template)
    }

    /// Fills the placeholder `{name}` with `value`, percent-encoded as exactly one path segment.
    pub fn path_param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: &'static str, value: impl ToString) -> Self {
        self.query.push((key, value.to_string()));
        self
    }

    /// Adds a query parameter when `value` is `Some`; `None` sends nothing.
    pub fn query_opt<V: ToString>(self, key: &'static str, value: Option<V>) -> Self {
        match value {
            Some(value) => self.query(key, value),
            None => self,
        }
    }

    /// Adds the key once per value (`?tag=a&tag=b`); an empty list sends nothing.
    pub fn query_all<V: ToString>(
        mut self,
        key: &'static str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        self.query
            .extend(values.into_iter().map(|v| (key, v.to_string())));
        self
    }

    /// A JSON body, serialized once now and sent as is on every attempt.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::invalid_request(
                self.operation,
                format!(
                    "the body could not be serialized as JSON ({:?})",
                    e.classify()
                ),
            )
        })?;
        self.body = Body::Json(Bytes::from(bytes));
        Ok(self)
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form(mut self, pairs: Vec<(String, String)>) -> Self {
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Body::Form(Bytes::from(encoded));
        self
    }

    /// A `multipart/form-data` body, rebuilt from the parts for every attempt.
    pub fn multipart(mut self, parts: Vec<MultipartPart>) -> Self {
        self.body = Body::Multipart(parts);
        self
    }

    /// Adds a header to this call (it overrides a client default header of the same name).
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Marks the call safe (or not) to repeat after it may have reached the server. Defaults to
    /// true for GET, HEAD, PUT, DELETE, OPTIONS and TRACE, false for POST and PATCH.
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = yes;
        self
    }

    /// Sends no auth header at all on this call, whatever the client's credentials.
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Overrides the client's per-attempt timeout for this call.
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.overrides_mut().attempt_timeout = Some(d);
        self
    }

    /// Overrides the client's overall timeout (all attempts and waits) for this call.
    pub fn overall_timeout(mut self, d: Duration) -> Self {
        self.overrides_mut().overall_timeout = Some(d);
        self
    }

    /// Overrides the client's retry policy for this call.
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.overrides_mut().retry_policy = Some(p);
        self
    }

    /// How [`Client::send_json`](crate::Client::send_json) reads the body (default JSON).
    pub fn expect(mut self, e: BodyExpectation) -> Self {
        self.expectation = e;
        self
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template, as given.
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// Whether the call may be repeated after it may have reached the server.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// Whether the call goes without auth headers.
    pub fn is_anonymous(&self) -> bool {
        self.anonymous
    }

    /// How a successful body is to be read.
    pub fn expectation(&self) -> BodyExpectation {
        self.expectation
    }

    fn overrides_mut(&mut self) -> &mut Overrides {
        self.overrides.get_or_insert_default()
    }

    pub(crate) fn attempt_timeout_override(&self) -> Option<Duration> {
        self.overrides.as_ref()?.attempt_timeout
    }

    pub(crate) fn overall_timeout_override(&self) -> Option<Duration> {
        self.overrides.as_ref()?.overall_timeout
    }

    pub(crate) fn retry_policy_override(&self) -> Option<&RetryPolicy> {
        self.overrides.as_ref()?.retry_policy.as_ref()
    }

    /// The full URL: base URL, rendered path, query. Checks the path parameters against the
    /// template, so that a mistake is an [`Error::InvalidRequest`] before anything is sent.
    pub(crate) fn url(&self, base: &Url) -> Result<Url, Error> {
        let path = self.render_path()?;
        let mut url = base.clone();
        let joined = format!("{}{}", base.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        if !self.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(self.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok(url)
    }

    fn render_path(&self) -> Result<String, Error> {
        let template = self.path_template;
        if !template.starts_with('/') {
            return Err(self.invalid("the path template must start with `/`".into()));
        }
        let mut rendered = String::with_capacity(template.len() + 16);
        let mut used = vec![false; self.path_params.len()];
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            rendered.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| self.invalid("the path template has an unclosed `{`".into()))?;
            let name = &after[..close];
            let index = self
                .path_params
                .iter()
                .position(|(n, _)| *n == name)
                .ok_or_else(|| self.invalid(format!("path parameter `{name}` is missing")))?;
            used[index] = true;
            let value = &self.path_params[index].1;
            // An empty segment or a dot segment would silently address another resource.
            if value.is_empty() || value == "." || value == ".." {
                return Err(
                    self.invalid(format!("path parameter `{name}` is empty or a dot segment"))
                );
            }
            rendered.extend(utf8_percent_encode(value, PATH_SEGMENT));
            rest = &after[close + 1..];
        }
        rendered.push_str(rest);
        if let Some(unused) = used.iter().position(|u| !u) {
            return Err(self.invalid(format!(
                "path parameter `{}` is not in the path template",
                self.path_params[unused].0
            )));
        }
        Ok(rendered)
    }

    fn invalid(&self, message: String) -> Error {
        Error::invalid_request(self.operation, message)
    }

    /// The headers this request adds (after the client's defaults, before nothing else).
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Puts the body on a reqwest request; called once per attempt.
    pub(crate) fn attach_body(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        Ok(match &self.body {
            Body::Empty => builder,
            Body::Json(bytes) => builder
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Body::Form(bytes) => builder
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(bytes.clone()),
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts {
                    form = form.part(part.name.clone(), part.to_reqwest(self.operation)?);
                }
                builder.multipart(form)
            }
        })
    }
}

// Query values and path parameters may be secrets (tokens in paths, passphrases in queries):
// Debug prints the template, the query keys and the body's kind and size only.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query_keys: Vec<&str> = self.query.iter().map(|(k, _)| *k).collect();
        let header_names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("operation", &self.operation)
            .field("path_template", &self.path_template)
            .field("query_keys", &query_keys)
            .field("headers", &header_names)
            .field(
                "body",
                &format_args!("{} ({} bytes)", self.body.kind(), self.body.len()),
            )
            .field("idempotent", &self.idempotent)
            .field("anonymous", &self.anonymous)
            .field("attempt_timeout", &self.attempt_timeout_override())
            .field("overall_timeout", &self.overall_timeout_override())
            .field("retry_policy", &self.retry_policy_override())
            .field("expectation", &self.expectation)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://api.example.test/v1/").unwrap()
    }

    #[test]
    fn path_is_joined_to_the_base_path() {
        let url = Request::get("op", "/users/{id}")
            .path_param("id", 42)
            .url(&base())
            .unwrap();
        assert_eq!(url.as_str(), "https://api.example.test/v1/users/42");
    }

    #[test]
    fn reserved_characters_in_a_parameter_stay_in_one_segment() {
        let url = Request::get("op", "/s/{token}.json")
            .path_param("token", "a/b?c#d%e f")
            .url(&base())
            .unwrap();
        assert_eq!(url.path(), "/v1/s/a%2Fb%3Fc%23d%25e%20f.json");
        assert_eq!(url.query(), None);
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for value in ["", ".", ".."] {
            let err = Request::get("op", "/users/{id}")
                .path_param("id", value)
                .url(&base())
                .unwrap_err();
            assert!(matches!(err, Error::InvalidRequest { .. }), "{value:?}");
        }
    }

    #[test]
    fn missing_and_unknown_path_parameters_are_refused() {
        let missing = Request::get("op", "/users/{id}").url(&base()).unwrap_err();
        assert!(missing.to_string().contains("`id` is missing"));
        let unknown = Request::get("op", "/users")
            .path_param("id", 1)
            .url(&base())
            .unwrap_err();
        assert!(unknown.to_string().contains("not in the path template"));
    }

    #[test]
    fn query_values_are_form_encoded() {
        let url = Request::get("op", "/search")
            .query("q", "a&b=c d")
            .url(&base())
            .unwrap();
        assert_eq!(url.query(), Some("q=a%26b%3Dc+d"));
    }

    #[test]
    fn idempotency_defaults_from_the_method() {
        assert!(Request::get("op", "/").is_idempotent());
        assert!(Request::put("op", "/").is_idempotent());
        assert!(Request::delete("op", "/").is_idempotent());
        assert!(!Request::post("op", "/").is_idempotent());
        assert!(!Request::patch("op", "/").is_idempotent());
        assert!(Request::post("op", "/").idempotent(true).is_idempotent());
    }

    #[test]
    fn debug_shows_body_kind_and_size_but_not_values() {
        let req = Request::post("op", "/")
            .form(vec![("payload".into(), "s3cr3t".into())])
            .query("passphrase", "pa55");
        let debug = format!("{req:?}");
        assert!(debug.contains("form (14 bytes)"), "{debug}");
        assert!(debug.contains("passphrase"));
        assert!(
            !debug.contains("s3cr3t") && !debug.contains("pa55"),
            "{debug}"
        );
        let multipart = Request::post("op", "/").multipart(vec![MultipartPart::file(
            "file",
            "secret-name.txt",
            None,
            Bytes::from_static(b"s3cr3t"),
        )]);
        assert!(!format!("{multipart:?}").contains("secret-name"));
    }
}
