//! Passing a request on to the service behind the proxy, over a pooled keep-alive client (one
//! connection per request would leave thousands of sockets in TIME_WAIT during a long suite).

use super::http1::IncomingRequest;

/// Headers that belong to one hop of the connection, not to the exchange.
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "proxy-connection",
    "te",
    "transfer-encoding",
    "upgrade",
];

/// What the service answered.
#[derive(Debug)]
pub(crate) struct UpstreamResponse {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, Vec<u8>)>,
    pub(crate) body: Vec<u8>,
}

/// The client the proxy forwards with: plain HTTP on loopback, no proxy from the environment.
pub(crate) fn http_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .build()
}

/// Sends `request` to `base_url` and reads the whole answer.
pub(crate) async fn forward(
    http: &reqwest::Client,
    base_url: &str,
    request: &IncomingRequest,
) -> reqwest::Result<UpstreamResponse> {
    let url = format!("{}{}", base_url.trim_end_matches('/'), request.target);
    let mut builder = http
        .request(request.method.clone(), url)
        .body(request.body.clone());
    for (name, value) in &request.headers {
        if !HOP_BY_HOP.contains(&name.as_str()) {
            builder = builder.header(name.as_str(), value.as_slice());
        }
    }
    let response = builder.send().await?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| !HOP_BY_HOP.contains(&name.as_str()))
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    let body = response.bytes().await?.to_vec();
    Ok(UpstreamResponse {
        status,
        headers,
        body,
    })
}
