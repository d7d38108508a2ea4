//! A received response: status, headers and a body read under a size limit; decoding helpers
//! and the conversion of an error response into [`ApiError`].

use std::fmt;
use std::future::Future;
use std::time::SystemTime;

use bytes::{Bytes, BytesMut};
use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::classify;
use crate::error::{ApiError, Error, ErrorDetailParser};
use crate::evidence::{lossy_prefix, request_id};
use crate::request::BodyExpectation;

/// How much of an undecodable body a [`Error::Decode`] keeps.
const SNIPPET_BYTES: usize = 512;

/// A successful response. The body is complete and no larger than the client's limit.
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    operation: &'static str,
}

impl Response {
    /// Builds a response from its parts (for tests and for API crates that post-process).
    pub fn from_parts(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Self {
            status,
            headers,
            body,
            operation,
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The operation that produced this response.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Decodes the body as JSON, whatever the content type says.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| self.decode_error(e))
    }

    /// Like [`json`](Self::json), but an empty (or all-whitespace) body decodes as `null`.
    pub fn json_or_empty<T: DeserializeOwned>(&self) -> Result<T, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            serde_json::from_slice(b"null").map_err(|e| self.decode_error(e))
        } else {
            self.json()
        }
    }

    /// A bare JSON string (`"abc"`), or, when the body is not JSON at all, its text as is.
    pub fn string_or_text(&self) -> Result<String, Error> {
        match serde_json::from_slice::<serde_json::Value>(&self.body) {
            Ok(serde_json::Value::String(s)) => Ok(s),
            // Valid JSON of another type is a real mismatch, not plain text.
            Ok(_) => serde_json::from_slice::<String>(&self.body).map_err(|e| self.decode_error(e)),
            Err(json_error) => match std::str::from_utf8(&self.body) {
                Ok(text) => Ok(text.to_owned()),
                Err(_) => Err(self.decode_error(json_error)),
            },
        }
    }

    /// Decodes the body as `expectation` says.
    pub fn decode<T: DeserializeOwned>(&self, expectation: BodyExpectation) -> Result<T, Error> {
        match expectation {
            BodyExpectation::Json => self.json(),
            BodyExpectation::JsonOrEmpty => self.json_or_empty(),
            BodyExpectation::StringOrText => {
                let text = self.string_or_text()?;
                serde_json::from_value(serde_json::Value::String(text))
                    .map_err(|e| self.decode_error(e))
            }
        }
    }

    fn decode_error(&self, source: serde_json::Error) -> Error {
        Error::Decode {
            operation: self.operation,
            status: self.status,
            snippet: lossy_prefix(&self.body, SNIPPET_BYTES),
            source: crate::DecodeError::from_json(source),
        }
    }
}

// Never the body: it may carry secrets.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field(
                "content_type",
                &self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()),
            )
            .field("len", &self.body.len())
            .finish()
    }
}

/// A body read under a limit.
pub(crate) struct LimitedBody {
    pub(crate) bytes: Bytes,
    /// True when the body went past the limit; `bytes` then holds the first `limit` bytes.
    pub(crate) truncated: bool,
}

/// Reads the body chunk by chunk and stops at `limit`, so an oversized (or endless) body never
/// sits in memory whole.
///
/// Not an `async fn`, which would keep the response twice in its state (as passed and as moved
/// into its body); this future sits inside every call's.
pub(crate) fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
    declared: Option<u64>,
) -> impl Future<Output = Result<LimitedBody, reqwest::Error>> + Send {
    let capacity = declared.map_or(0, |n| n.min(limit as u64) as usize);
    let mut body = Gathered::new(limit, capacity.min(64 * 1024));
    async move {
        while let Some(chunk) = response.chunk().await? {
            if body.push(chunk) {
                return Ok(body.finish(true));
            }
        }
        Ok(body.finish(false))
    }
}

/// The chunks of a body gathered up to a limit. A body that arrives in one chunk, as a small
/// JSON answer usually does, is kept as that chunk: no copy (a 20 KB list page copied on every
/// call showed up in the benchmarks, docs/benchmarks.md).
struct Gathered {
    limit: usize,
    capacity_hint: usize,
    chunks: Chunks,
}

enum Chunks {
    None,
    One(Bytes),
    Many(BytesMut),
}

impl Gathered {
    fn new(limit: usize, capacity_hint: usize) -> Self {
        Gathered {
            limit,
            capacity_hint,
            chunks: Chunks::None,
        }
    }

    fn len(&self) -> usize {
        match &self.chunks {
            Chunks::None => 0,
            Chunks::One(bytes) => bytes.len(),
            Chunks::Many(buffer) => buffer.len(),
        }
    }

    /// Adds a chunk; true when the body went past the limit (the part that fits is kept).
    fn push(&mut self, chunk: Bytes) -> bool {
        let room = self.limit - self.len();
        let over = chunk.len() > room;
        let chunk = if over { chunk.slice(..room) } else { chunk };
        self.chunks = match std::mem::replace(&mut self.chunks, Chunks::None) {
            Chunks::None => Chunks::One(chunk),
            Chunks::One(first) => {
                let needed = first.len() + chunk.len();
                let mut buffer = BytesMut::with_capacity(self.capacity_hint.max(needed));
                buffer.extend_from_slice(&first);
                buffer.extend_from_slice(&chunk);
                Chunks::Many(buffer)
            }
            Chunks::Many(mut buffer) => {
                buffer.extend_from_slice(&chunk);
                Chunks::Many(buffer)
            }
        };
        over
    }

    fn finish(self, truncated: bool) -> LimitedBody {
        let bytes = match self.chunks {
            Chunks::None => Bytes::new(),
            Chunks::One(bytes) => bytes,
            Chunks::Many(buffer) => buffer.freeze(),
        };
        LimitedBody { bytes, truncated }
    }
}

/// The error for a non-2xx response: [`Error::RateLimited`] for 429, [`Error::Api`] otherwise.
pub(crate) fn error_from_response(
    operation: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    parser: Option<&dyn ErrorDetailParser>,
    now: SystemTime,
) -> Error {
    let api_error = api_error(operation, status, headers, body, parser, now);
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = api_error.retry_after;
        Error::RateLimited {
            error: api_error,
            retry_after,
        }
    } else {
        Error::Api(api_error)
    }
}

/// The evidence of a non-2xx response.
pub(crate) fn api_error(
    operation: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    parser: Option<&dyn ErrorDetailParser>,
    now: SystemTime,
) -> Box<ApiError> {
    Box::new(ApiError {
        operation,
        status,
        detail: parser.and_then(|p| p.parse(status, body)),
        body: lossy_prefix(body, ApiError::MAX_BODY_BYTES),
        retry_after: classify::retry_after(headers, now),
        request_id: request_id(headers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_in_one_chunk_is_kept_without_copying() {
        let chunk = Bytes::from(vec![7u8; 20_000]);
        let mut body = Gathered::new(1 << 20, 20_000);
        assert!(!body.push(chunk.clone()));
        let gathered = body.finish(false);
        assert_eq!(gathered.bytes.as_ptr(), chunk.as_ptr());
        assert_eq!(gathered.bytes.len(), 20_000);
    }

    #[test]
    fn chunks_are_joined_in_order() {
        let mut body = Gathered::new(100, 0);
        for chunk in ["ab", "cd", "e"] {
            assert!(!body.push(Bytes::from_static(chunk.as_bytes())));
        }
        let gathered = body.finish(false);
        assert_eq!(&gathered.bytes[..], b"abcde");
        assert!(!gathered.truncated);
    }

    #[test]
    fn a_body_past_the_limit_keeps_only_the_first_limit_bytes() {
        let mut body = Gathered::new(4, 0);
        assert!(!body.push(Bytes::from_static(b"abc")));
        assert!(body.push(Bytes::from_static(b"def")));
        let gathered = body.finish(true);
        assert_eq!(&gathered.bytes[..], b"abcd");
        assert!(gathered.truncated);

        let mut single = Gathered::new(2, 0);
        assert!(single.push(Bytes::from_static(b"xyz")));
        assert_eq!(&single.finish(true).bytes[..], b"xy");
    }

    fn response(body: &'static [u8]) -> Response {
        Response::from_parts(
            "op",
            StatusCode::OK,
            HeaderMap::new(),
            Bytes::from_static(body),
        )
    }

    #[test]
    fn a_non_string_json_body_is_not_taken_as_text() {
        assert_eq!(response(b"\"abc\"").string_or_text().unwrap(), "abc");
        assert_eq!(
            response(b"plain words").string_or_text().unwrap(),
            "plain words"
        );
        assert!(matches!(
            response(b"{\"a\":1}").string_or_text(),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn whitespace_only_body_decodes_as_null() {
        let value: Option<u32> = response(b" \n").json_or_empty().unwrap();
        assert_eq!(value, None);
        let value: Option<u32> = response(b"7").json_or_empty().unwrap();
        assert_eq!(value, Some(7));
    }

    #[test]
    fn error_body_is_bounded_and_lossy() {
        let mut body = vec![b'x'; ApiError::MAX_BODY_BYTES + 100];
        body[0] = 0xff;
        let error = api_error(
            "op",
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            &body,
            None,
            SystemTime::now(),
        );
        assert!(error.body.starts_with('\u{fffd}'));
        assert_eq!(error.body.chars().count(), ApiError::MAX_BODY_BYTES);
    }
}
