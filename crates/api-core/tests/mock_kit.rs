//! The shared mock kit: faults with counts and path filters, each kind's answer, the recorder's
//! redaction, the clock, and the server's lifetime. Every server here is on 127.0.0.1.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use api_core::mock_kit::{Fault, FaultAnswers, MockKit, REDACTED, RunningServer};
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A service whose error bodies say which status they stand for, and which counts faults.
#[derive(Default)]
struct Answers {
    served: AtomicUsize,
}

impl FaultAnswers for Answers {
    fn status(&self, status: StatusCode) -> Response {
        (
            status,
            format!("{{\"error\":\"service says {}\"}}", status.as_u16()),
        )
            .into_response()
    }

    fn fault_served(&self, _fault: &Fault) {
        self.served.fetch_add(1, Ordering::Relaxed);
    }
}

struct Fixture {
    kit: MockKit,
    answers: Arc<Answers>,
    server: RunningServer,
    http: reqwest::Client,
}

impl Fixture {
    async fn start() -> std::io::Result<Self> {
        let kit = MockKit::new();
        let answers = Arc::new(Answers::default());
        let router = Router::new()
            .route("/a", get(|| async { "normal a" }))
            .route(
                "/b",
                get(|| async { "normal b" }).post(|| async { "posted" }),
            );
        let server = RunningServer::start(kit.layer(router, answers.clone())).await?;
        Ok(Self {
            kit,
            answers,
            server,
            http: reqwest::Client::new(),
        })
    }

    async fn get(&self, path: &str) -> Result<(u16, String), reqwest::Error> {
        let response = self
            .http
            .get(format!("{}{path}", self.server.base_url()))
            .send()
            .await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }
}

#[tokio::test]
async fn a_counted_fault_answers_that_many_requests_then_normal_service_resumes() -> TestResult {
    let mock = Fixture::start().await?;
    mock.kit.inject(Fault::status(503).times(2));
    assert_eq!(
        mock.get("/a").await?,
        (503, "{\"error\":\"service says 503\"}".into())
    );
    assert_eq!(mock.get("/b").await?.0, 503);
    assert_eq!(mock.get("/a").await?, (200, "normal a".into()));
    assert_eq!(mock.answers.served.load(Ordering::Relaxed), 2);
    assert_eq!(mock.kit.request_count(), 3);
    Ok(())
}

#[tokio::test]
async fn a_path_filtered_fault_waits_for_a_matching_path() -> TestResult {
    let mock = Fixture::start().await?;
    mock.kit.inject(Fault::status(500).on_path_containing("/b"));
    assert_eq!(mock.get("/a").await?.0, 200);
    assert_eq!(mock.get("/b").await?.0, 500);
    assert_eq!(mock.get("/b").await?.0, 200);
    Ok(())
}

#[tokio::test]
async fn faults_apply_in_the_order_they_were_injected() -> TestResult {
    let mock = Fixture::start().await?;
    mock.kit.inject(Fault::html(502));
    mock.kit.inject(Fault::malformed_body(200));
    mock.kit
        .inject(Fault::raw_json(422, "{\"name\":[\"is taken\"]}"));
    let (status, page) = mock.get("/a").await?;
    assert_eq!(status, 502);
    assert!(page.starts_with("<html>"), "{page}");
    let (status, body) = mock.get("/a").await?;
    assert_eq!(status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "{body}"
    );
    assert_eq!(
        mock.get("/a").await?,
        (422, "{\"name\":[\"is taken\"]}".into())
    );
    Ok(())
}

#[tokio::test]
async fn throttled_and_retry_after_set_the_header() -> TestResult {
    let mock = Fixture::start().await?;
    mock.kit.inject(Fault::throttled(7));
    mock.kit.inject(Fault::status(503).retry_after(2));
    let url = format!("{}/a", mock.server.base_url());
    let first = mock.http.get(&url).send().await?;
    assert_eq!(first.status().as_u16(), 429);
    assert_eq!(first.headers()["retry-after"], "7");
    let second = mock.http.get(&url).send().await?;
    assert_eq!(second.status().as_u16(), 503);
    assert_eq!(second.headers()["retry-after"], "2");
    Ok(())
}

#[tokio::test]
async fn a_dropped_connection_gives_the_client_no_complete_answer() -> TestResult {
    let mock = Fixture::start().await?;
    mock.kit.inject(Fault::drop_connection());
    assert!(
        mock.get("/a").await.is_err(),
        "the client got a full answer"
    );
    assert_eq!(mock.get("/a").await?, (200, "normal a".into()));
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn a_delay_holds_the_answer_on_tokios_clock_then_serves_normally() -> TestResult {
    let mock = Fixture::start().await?;
    mock.kit.inject(Fault::delay(Duration::from_secs(30)));
    let started = tokio::time::Instant::now();
    assert_eq!(mock.get("/a").await?, (200, "normal a".into()));
    assert!(started.elapsed() >= Duration::from_secs(30));
    Ok(())
}

#[tokio::test]
async fn requests_are_recorded_with_credentials_redacted() -> TestResult {
    let mock = Fixture::start().await?;
    mock.http
        .post(format!(
            "{}/b?passphrase=open-sesame&page=2",
            mock.server.base_url()
        ))
        .header("authorization", "Bearer tok-SECRET")
        .header("x-api-key", "key-SECRET")
        .body("twelve bytes")
        .send()
        .await?;
    let recorded = mock.kit.requests();
    assert_eq!(recorded.len(), 1);
    let request = &recorded[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/b")
    );
    assert_eq!(request.body_len, 12);
    assert_eq!(request.header("authorization"), Some(REDACTED));
    assert_eq!(request.header("x-api-key"), Some(REDACTED));
    assert_eq!(request.query_value("passphrase"), Some(REDACTED));
    assert_eq!(request.query_value("page"), Some("2"));
    assert!(!format!("{recorded:?}").contains("SECRET"));
    assert!(!format!("{recorded:?}").contains("open-sesame"));
    Ok(())
}

#[tokio::test]
async fn advancing_the_clock_moves_now_forward_for_every_clone() {
    let kit = MockKit::new();
    let clone = kit.clone();
    let before = kit.clock().now();
    clone.advance_clock(Duration::from_secs(86_400));
    assert!(kit.clock().now() - before >= time::Duration::days(1));
    assert!(kit.clock().elapsed() >= Duration::from_secs(86_400));
}

#[tokio::test]
async fn the_server_stops_when_its_handle_is_dropped() -> TestResult {
    let mock = Fixture::start().await?;
    let url = format!("{}/a", mock.server.base_url());
    assert_eq!(mock.get("/a").await?.0, 200);
    let Fixture { server, .. } = mock;
    drop(server);
    // A fresh client, so no pooled connection is reused.
    let mut refused = false;
    for _ in 0..50 {
        if reqwest::Client::new().get(&url).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        refused,
        "the server still answers after its handle was dropped"
    );
    Ok(())
}
