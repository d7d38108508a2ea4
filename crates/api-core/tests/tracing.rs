//! Tracing: a span per call and per attempt, with the path template and never the concrete path,
//! a query value, a body or a credential.

mod transport_support;

use std::io;
use std::sync::{Arc, Mutex};

use api_core::{Auth, Request};
use httpmock::prelude::*;
use tracing_subscriber::fmt::format::FmtSpan;
use transport_support::builder;

/// A `MakeWriter` that collects everything the subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn spans_carry_the_template_not_the_concrete_path() {
    const TOKEN: &str = "tok-9f8e7d";
    const KEY: &str = "key-1a2b3c";
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(503).body("{\"secret_body\": true}");
        })
        .await;
    let client = builder(&server.base_url())
        .auth(Auth::api_key("x-example-key", KEY))
        .build()
        .unwrap();

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let result = client
        .execute(
            Request::get("get_secret", "/s/{token}.json")
                .path_param("token", TOKEN)
                .query("passphrase", "pa55-phrase"),
        )
        .await;
    assert!(result.is_err());
    assert_eq!(mock.calls_async().await, 3);

    let log = captured.text();
    assert!(log.contains("api.call"), "{log}");
    assert!(log.contains("api.name=\"example\""), "{log}");
    assert!(log.contains("api.operation=\"get_secret\""), "{log}");
    assert!(log.contains("http.request.method=\"GET\""), "{log}");
    assert!(log.contains("url.template=\"/s/{token}.json\""), "{log}");
    assert!(log.contains("server.address=\"127.0.0.1\""), "{log}");
    let attempts_closed = log
        .lines()
        .filter(|line| line.contains("api.attempt{") && line.contains("close time.busy"))
        .count();
    assert_eq!(attempts_closed, 3, "{log}");
    for resend in 1..=2 {
        assert!(
            log.contains(&format!("http.request.resend_count={resend}")),
            "{log}"
        );
    }
    assert!(!log.contains("http.request.resend_count=0"), "{log}");
    assert!(log.contains("http.response.status_code=503"), "{log}");
    assert!(log.contains("error.type=\"503\""), "{log}");
    assert!(log.contains("api.retry_delay_ms="), "{log}");
    for secret in [TOKEN, KEY, "pa55-phrase", "secret_body"] {
        assert!(!log.contains(secret), "{secret} leaked into: {log}");
    }
}
