//! One call through `api_core::Client` against a tiny echo server this example starts on
//! 127.0.0.1 itself: no network, no account needed.
//!
//! Run with `cargo run -p api-core --example local_echo`.

use api_core::{ApiInfo, Client, Request};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const INFO: ApiInfo = ApiInfo {
    api: "echo",
    crate_name: env!("CARGO_PKG_NAME"),
    crate_version: env!("CARGO_PKG_VERSION"),
    default_base_url: "http://127.0.0.1",
    spans: api_core::client_spans!(),
};

/// What the echo server saw.
#[derive(Debug, Deserialize)]
struct Echo {
    method: String,
    target: String,
    user_agent: String,
}

/// Answers every request with a JSON document describing its request line and user agent.
async fn serve_echo(listener: TcpListener) {
    while let Ok((mut socket, _)) = listener.accept().await {
        tokio::spawn(async move {
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&head);
            let mut request_line = head.lines().next().unwrap_or_default().split(' ');
            let user_agent = head
                .lines()
                .find_map(|l| l.strip_prefix("user-agent: "))
                .unwrap_or_default();
            let body = serde_json::json!({
                "method": request_line.next().unwrap_or_default(),
                "target": request_line.next().unwrap_or_default(),
                "user_agent": user_agent,
            })
            .to_string();
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        });
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(serve_echo(listener));

    // http:// is accepted because the host is loopback.
    let client = Client::builder(INFO)
        .base_url(base_url)
        .user_agent_suffix("local-echo-example")
        .build()?;
    let echo: Echo = client
        .send_json(
            Request::get("echo", "/echo/{word}")
                .path_param("word", "hello world/again")
                .query_all("tag", ["a", "b"]),
        )
        .await?;
    println!("method:     {}", echo.method);
    println!("target:     {}", echo.target);
    println!("user agent: {}", echo.user_agent);
    Ok(())
}
