//! One client connection through the proxy: read each request, draw its fault, and answer as
//! the fault says (refuse it, or pass it on and then spoil the answer).

use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::decide::{Decider, request_key};
use super::fault::Fault;
use super::http1::{IncomingRequest, read_request, response_head};
use super::stats::Counters;
use super::upstream::{UpstreamResponse, forward};

/// What every connection task of one proxy shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) upstream_base_url: String,
    pub(crate) http: reqwest::Client,
    pub(crate) decider: Decider,
    pub(crate) counters: Counters,
    pub(crate) retry_after_secs: u64,
    pub(crate) slow_delay: Duration,
}

/// Whether the connection can serve another request.
enum After {
    KeepOpen,
    Close,
}

/// Serves requests on `stream` until the client closes it or a fault breaks it.
pub(crate) async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buf = Vec::new();
    // A read error is the client going away mid-request (it timed out): nothing to answer.
    while let Ok(Some(request)) = read_request(&mut stream, &mut buf).await {
        shared.counters.request();
        let key = request_key(request.method.as_str(), &request.target, &request.body);
        let fault = shared.decider.decide(key);
        if let Some(fault) = fault {
            shared.counters.fault(fault);
        }
        let after = match exchange(&mut stream, &shared, &request, key, fault).await {
            Ok(after) => after,
            Err(_) => After::Close,
        };
        if matches!(after, After::Close) || request.close {
            return;
        }
    }
}

async fn exchange(
    stream: &mut TcpStream,
    shared: &Shared,
    request: &IncomingRequest,
    key: u64,
    fault: Option<Fault>,
) -> std::io::Result<After> {
    if let Some(fault) = fault.filter(|f| !f.upstream_acts()) {
        write_refusal(stream, fault, shared.retry_after_secs).await?;
        return Ok(After::KeepOpen);
    }
    let answer = match forward(&shared.http, &shared.upstream_base_url, request).await {
        Ok(answer) => answer,
        Err(_) => {
            shared.counters.upstream_error();
            let body = b"chaos proxy: the service behind the proxy did not answer";
            write_whole(stream, 502, &[], body).await?;
            return Ok(After::KeepOpen);
        }
    };
    let line = || format!("{} {}", request.method, request.target);
    shared.counters.forwarded(key, line, &request.body);
    match fault {
        None => {
            write_whole(stream, answer.status, &answer.headers, &answer.body).await?;
            Ok(After::KeepOpen)
        }
        Some(fault) => spoil(stream, shared, fault, answer).await,
    }
}

/// Answers for the service, which never saw the request.
async fn write_refusal(
    stream: &mut TcpStream,
    fault: Fault,
    retry_after: u64,
) -> std::io::Result<()> {
    let json = content_type("application/json");
    match fault {
        Fault::TooManyRequests => {
            write_whole(
                stream,
                429,
                &[json],
                br#"{"error":"chaos: too many requests"}"#,
            )
            .await
        }
        Fault::TooManyRequestsRetryAfter => {
            let retry = (
                "retry-after".to_owned(),
                retry_after.to_string().into_bytes(),
            );
            write_whole(
                stream,
                429,
                &[json, retry],
                br#"{"error":"chaos: too many requests"}"#,
            )
            .await
        }
        _ => {
            write_whole(
                stream,
                503,
                &[json],
                br#"{"error":"chaos: service unavailable"}"#,
            )
            .await
        }
    }
}

/// The service answered; the client gets a spoiled version of it, or nothing.
async fn spoil(
    stream: &mut TcpStream,
    shared: &Shared,
    fault: Fault,
    answer: UpstreamResponse,
) -> std::io::Result<After> {
    let UpstreamResponse {
        status,
        headers,
        body,
    } = answer;
    match fault {
        Fault::InternalServerError => {
            let json = content_type("application/json");
            write_whole(
                stream,
                500,
                &[json],
                br#"{"error":"chaos: internal error"}"#,
            )
            .await?;
        }
        Fault::BadGatewayHtml => {
            let page = b"<html><head><title>502 Bad Gateway</title></head>\
                <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
            write_whole(stream, 502, &[content_type("text/html")], page).await?;
        }
        Fault::GatewayTimeout => write_whole(stream, 504, &[], b"").await?,
        Fault::ResetBeforeHeaders => {
            reset(stream);
            return Ok(After::Close);
        }
        Fault::ResetMidBody => {
            let declared = body.len().max(2);
            stream
                .write_all(&response_head(status, &headers, declared))
                .await?;
            stream.write_all(&body[..body.len() / 2]).await?;
            stream.flush().await?;
            reset(stream);
            return Ok(After::Close);
        }
        Fault::TruncatedBody => {
            let declared = body.len() + body.len() / 2 + 16;
            stream
                .write_all(&response_head(status, &headers, declared))
                .await?;
            stream.write_all(&body).await?;
            stream.shutdown().await?;
            return Ok(After::Close);
        }
        Fault::SlowResponse => {
            tokio::time::sleep(shared.slow_delay).await;
            write_whole(stream, status, &headers, &body).await?;
        }
        Fault::InvalidJson => {
            let mut spoiled = body[..body.len() / 2].to_vec();
            spoiled.push(0x01);
            write_whole(stream, status, &headers, &spoiled).await?;
        }
        Fault::TooManyRequests | Fault::TooManyRequestsRetryAfter | Fault::ServiceUnavailable => {
            write_refusal(stream, fault, shared.retry_after_secs).await?;
        }
    }
    Ok(After::KeepOpen)
}

async fn write_whole(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, Vec<u8>)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut message = response_head(status, headers, body.len());
    message.extend_from_slice(body);
    stream.write_all(&message).await?;
    stream.flush().await
}

fn content_type(value: &str) -> (String, Vec<u8>) {
    ("content-type".to_owned(), value.as_bytes().to_vec())
}

/// Makes the coming close a reset (RST) rather than an orderly FIN.
fn reset(stream: &TcpStream) {
    // Without zero linger the close is an ordinary FIN, which the client also sees as a lost
    // connection; the fault still holds, only less abruptly.
    let _ = stream.set_zero_linger();
}
