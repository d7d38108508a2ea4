//! Tracing: a span per call and per attempt, with the path template and never the concrete path,
//! a query value, a body or a credential; api-core's own target by default; one span per listing.

mod transport_support;

use std::io;
use std::sync::{Arc, Mutex};

use api_core::{
    ApiInfo, Auth, ClientConfigBuilder, Cursor, PageFetcher, PageStyle, Paginator, RawPage,
    Request, Spans,
};
use futures::{FutureExt, StreamExt};
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

/// A fmt subscriber at DEBUG for this thread, printing each span's fields when it closes.
fn capture_closes() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn a_client_with_api_cores_spans_traces_under_the_api_core_target() {
    const CORE_INFO: ApiInfo = ApiInfo {
        spans: Spans::CORE,
        ..transport_support::INFO
    };
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let client = ClientConfigBuilder::new(CORE_INFO)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let (captured, _guard) = capture_closes();

    client
        .execute(Request::get("get_thing", "/things"))
        .await
        .unwrap();

    let log = captured.text();
    let closes: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("close time.busy"))
        .collect();
    assert_eq!(closes.len(), 2, "{log}");
    for close in closes {
        assert!(close.contains(" api_core: close"), "{close}");
        assert!(close.contains("http.response.status_code=200"), "{close}");
    }
}

#[tokio::test]
async fn a_listing_is_one_span_over_its_spawned_page_fetches_and_records_how_it_failed() {
    let fetched_inside = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&fetched_inside);
    let fetch: PageFetcher<u32> = Arc::new(move |cursor: Cursor| {
        let seen = Arc::clone(&seen);
        async move {
            let span = tracing::Span::current();
            seen.lock()
                .unwrap()
                .push(span.metadata().map(|meta| meta.name()));
            match cursor {
                Cursor::Offset(0) => Ok(RawPage {
                    items: vec![1, 2],
                    more_results: Some(true),
                    ..RawPage::default()
                }),
                _ => Err(api_core::Error::invalid_request(
                    "list_numbers",
                    "page refused",
                )),
            }
        }
        .boxed()
    });
    let (captured, _guard) = capture_closes();

    let style = PageStyle::Offset { limit: 2 };
    let results: Vec<Result<u32, api_core::Error>> =
        Paginator::new("list_numbers", style, style.first_cursor(), fetch)
            .concurrency(2)
            .traced_as(&transport_support::INFO)
            .items()
            .collect()
            .await;

    assert_eq!(results.len(), 3, "two items, then the error");
    assert!(results[2].is_err());
    let fetches = fetched_inside.lock().unwrap().clone();
    assert!(!fetches.is_empty());
    assert!(
        fetches.iter().all(|name| *name == Some("api.pages")),
        "{fetches:?}"
    );
    // The span closes when its last handle goes: the fetches past the error were aborted, and
    // the runtime drops them on its next turns.
    let mut log = captured.text();
    for _ in 0..10 {
        if log.contains("api.pages{") {
            break;
        }
        tokio::task::yield_now().await;
        log = captured.text();
    }
    let listing = log
        .lines()
        .find(|line| line.contains("api.pages{") && line.contains("close time.busy"))
        .unwrap_or_else(|| panic!("no api.pages span closed: {log}"));
    assert!(listing.contains("api.name=\"example\""), "{listing}");
    assert!(
        listing.contains("api.operation=\"list_numbers\""),
        "{listing}"
    );
    assert!(listing.contains("api.page_count=1"), "{listing}");
    assert!(listing.contains("api.item_count=2"), "{listing}");
    assert!(
        listing.contains("error.type=\"invalid_request\""),
        "{listing}"
    );
}
