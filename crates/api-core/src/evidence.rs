//! What a response leaves behind in an error: its request id and the start of its body as text.

use http::HeaderMap;

/// Request-id headers, in order of preference. Generic HTTP conventions, not one API's.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "x-amzn-requestid", "request-id"];

/// A request id longer than this is not an id; it is dropped rather than kept.
const MAX_REQUEST_ID_LEN: usize = 200;

/// The start of `bytes` as text, at most `max` bytes, invalid UTF-8 replaced.
pub(crate) fn lossy_prefix(bytes: &[u8], max: usize) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(max)]).into_owned()
}

/// The first request-id header present, when it is short printable ASCII.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        let value = headers.get(*name)?.to_str().ok()?.trim();
        let plausible = !value.is_empty()
            && value.len() <= MAX_REQUEST_ID_LEN
            && value.bytes().all(|b| b.is_ascii_graphic());
        plausible.then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn request_id_takes_the_first_header_present() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", HeaderValue::from_static("third"));
        headers.insert("x-amzn-requestid", HeaderValue::from_static("second"));
        assert_eq!(request_id(&headers).as_deref(), Some("second"));
        headers.insert("x-request-id", HeaderValue::from_static("first"));
        assert_eq!(request_id(&headers).as_deref(), Some("first"));
    }

    #[test]
    fn a_long_or_unprintable_request_id_is_dropped() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("has space"));
        assert_eq!(request_id(&headers), None);
        let long = "a".repeat(MAX_REQUEST_ID_LEN + 1);
        headers.insert("x-request-id", HeaderValue::from_str(&long).unwrap());
        assert_eq!(request_id(&headers), None);
    }

    #[test]
    fn lossy_prefix_cuts_at_the_limit_and_replaces_invalid_utf8() {
        assert_eq!(lossy_prefix(b"abcdef", 3), "abc");
        assert_eq!(lossy_prefix(b"a\xffb", 10), "a\u{fffd}b");
    }
}
