//! Just enough HTTP/1.1 for the proxy: read a request (`Content-Length` or chunked body) from a
//! keep-alive connection, and write a response head whose `Content-Length` the caller chooses
//! (truthfully or not).

use std::io;

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// The most a request head may take; a client of the suites never comes close.
const MAX_HEAD: usize = 64 * 1024;

/// A request as the client sent it.
#[derive(Debug)]
pub(crate) struct IncomingRequest {
    pub(crate) method: reqwest::Method,
    /// Path and query, as on the request line.
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, Vec<u8>)>,
    pub(crate) body: Vec<u8>,
    /// The client asked to close the connection after this exchange.
    pub(crate) close: bool,
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

/// Reads the next request from `stream`; `buf` keeps bytes that arrived beyond it. `Ok(None)` when
/// the client closed the connection between requests.
pub(crate) async fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> io::Result<Option<IncomingRequest>> {
    let head_end = loop {
        if let Some(pos) = find(buf, b"\r\n\r\n") {
            break pos + 4;
        }
        if buf.len() > MAX_HEAD {
            return Err(invalid("request head too large"));
        }
        if stream.read_buf(buf).await? == 0 {
            return if buf.is_empty() {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| invalid("head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = reqwest::Method::from_bytes(request_line.next().unwrap_or_default().as_bytes())
        .map_err(|_| invalid("bad method"))?;
    let target = request_line.next().unwrap_or_default().to_owned();
    let version = request_line.next().unwrap_or_default();
    if !target.starts_with('/') {
        return Err(invalid("bad request target"));
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or_else(|| invalid("bad header"))?;
        headers.push((
            name.trim().to_ascii_lowercase(),
            value.trim().as_bytes().to_vec(),
        ));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| String::from_utf8_lossy(v).to_ascii_lowercase())
    };
    let close = header("connection").is_some_and(|v| v.contains("close")) || version == "HTTP/1.0";
    let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let length = header("content-length")
        .map(|v| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| invalid("bad content-length"))
        })
        .transpose()?;

    let (body, consumed) = if chunked {
        loop {
            if let Some(done) = decode_chunked(&buf[head_end..])? {
                break done;
            }
            if stream.read_buf(buf).await? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
    } else {
        let length = length.unwrap_or(0);
        while buf.len() < head_end + length {
            if stream.read_buf(buf).await? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        (buf[head_end..head_end + length].to_vec(), length)
    };
    buf.drain(..head_end + consumed);
    Ok(Some(IncomingRequest {
        method,
        target,
        headers,
        body,
        close,
    }))
}

/// A whole chunked body from the start of `data`, with the bytes it took; `None` while
/// incomplete.
fn decode_chunked(data: &[u8]) -> io::Result<Option<(Vec<u8>, usize)>> {
    let mut body = Vec::new();
    let mut pos = 0;
    loop {
        let Some(line_end) = find(&data[pos..], b"\r\n") else {
            return Ok(None);
        };
        let line = std::str::from_utf8(&data[pos..pos + line_end])
            .map_err(|_| invalid("bad chunk size"))?;
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid("bad chunk size"))?;
        pos += line_end + 2;
        if size == 0 {
            // Trailers (none expected) end with an empty line.
            if data[pos..].starts_with(b"\r\n") {
                return Ok(Some((body, pos + 2)));
            }
            return Ok(find(&data[pos..], b"\r\n\r\n").map(|end| (body, pos + end + 4)));
        }
        if data.len() < pos + size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&data[pos..pos + size]);
        pos += size + 2;
    }
}

/// A response head: status line, the given headers and `content-length: declared_length`.
pub(crate) fn response_head(
    status: u16,
    headers: &[(String, Vec<u8>)],
    declared_length: usize,
) -> Vec<u8> {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n").into_bytes();
    for (name, value) in headers {
        head.extend_from_slice(name.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value);
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(format!("content-length: {declared_length}\r\n\r\n").as_bytes());
    head
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined_and_their_length_counted() {
        let data = b"4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\n\r\nNEXT";
        let (body, used) = decode_chunked(data).unwrap().unwrap();
        assert_eq!(body, b"abcdefg");
        assert_eq!(&data[used..], b"NEXT");
        assert!(decode_chunked(b"4\r\nab").unwrap().is_none());
        assert!(decode_chunked(b"zz\r\n").is_err());
    }

    #[test]
    fn the_head_declares_the_length_it_is_given() {
        let head = response_head(200, &[("x-a".into(), b"1".to_vec())], 99);
        let text = String::from_utf8(head).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(
            text.ends_with("x-a: 1\r\ncontent-length: 99\r\n\r\n"),
            "{text}"
        );
    }
}
