//! Session answers shaped in ways the reference does not promise: a `null`, missing or non-string
//! `status`, malformed timestamps and counters, other timestamp layouts. The rule: no essential answer
//! is lost to a non-essential field. A status that cannot be read is `Unknown`, never an approval, and
//! `wait()` polls on through it to its deadline; an `accepted` session with an odd timestamp or counter
//! stays accepted.
//!
//! Evidence: UnifyID's reference page (PushAuthenticationSession) lists the fields but shows no example
//! answer and no concrete timestamp, and the status list was lost; its sample server
//! (`UnifyID/pushauth-sample-server`, `app/controllers/sessions_controller.rb`) branches on `status`
//! alone. The only concrete UnifyID timestamps (HumanDetect docs, `2020-09-22T14:52:11.104-0500`) break
//! strict RFC 3339, so the layouts vary across UnifyID's services; Go's default `time.Time` layout is the
//! other common non-RFC form servers emit. None of these shapes may cost an approval. Time is tokio's
//! paused clock; the server is a loopback listener in the test's own runtime.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pushauth_client::{CancelOutcome, Client, Session, SessionStatus, WaitError};
use serde_json::{Value, json};
use time::macros::datetime;
use tokio::net::{TcpListener, TcpStream};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn decode(body: Value) -> Result<Session, serde_json::Error> {
    serde_json::from_value(body)
}

// ---- decoding -------------------------------------------------------------------------------

#[test]
fn a_null_status_decodes_as_unknown_and_is_neither_final_nor_accepted() -> TestResult {
    let session = decode(json!({"id": "s-1", "status": null}))?;
    assert_eq!(session.status, SessionStatus::Unknown(String::new()));
    assert!(!session.status.is_terminal());
    assert!(!session.status.is_accepted());
    Ok(())
}

#[test]
fn a_missing_status_decodes_as_unknown() -> TestResult {
    let session = decode(json!({"id": "s-1"}))?;
    assert!(session.status.is_unknown());
    assert!(!session.status.is_accepted());
    Ok(())
}

#[test]
fn a_status_that_is_not_a_string_decodes_as_unknown_never_as_accepted() -> TestResult {
    for status in [
        json!(1),
        json!(true),
        json!(["accepted"]),
        json!({"value": "accepted"}),
    ] {
        let session = decode(json!({"id": "s-1", "status": status.clone()}))?;
        assert!(session.status.is_unknown(), "{status}");
        assert!(!session.status.is_accepted(), "{status}");
        assert!(!session.status.is_terminal(), "{status}");
    }
    Ok(())
}

#[test]
fn an_accepted_session_with_malformed_timestamps_and_counter_stays_accepted() -> TestResult {
    let session = decode(json!({
        "id": "s-1", "status": "accepted", "notificationCount": "two", "detail": "Face ID",
        "expiresAt": "soon", "updatedAt": 1_772_384_525
    }))?;
    assert!(session.status.is_accepted());
    assert_eq!(session.notification_count, None);
    assert_eq!(session.expires_at, None);
    assert_eq!(session.updated_at, None);
    assert_eq!(session.detail.as_deref(), Some("Face ID"));
    for hostile in [
        json!({"notificationCount": 1.5}),
        json!({"notificationCount": {"n": 1}}),
        json!({"expiresAt": {"seconds": 1}}),
        json!({"updatedAt": "2026-02-30T25:61:00Z"}),
        json!({"expiresAt": ""}),
    ] {
        let mut body = json!({"id": "s-1", "status": "accepted"});
        if let (Some(body), Some(fields)) = (body.as_object_mut(), hostile.as_object()) {
            body.extend(fields.clone());
        }
        let session = decode(body).map_err(|e| format!("{hostile}: {e}"))?;
        assert!(session.status.is_accepted(), "{hostile}");
    }
    Ok(())
}

#[test]
fn numeric_string_counters_and_other_timestamp_layouts_decode() -> TestResult {
    let session = decode(json!({
        "id": "s-1", "status": "sent", "notificationCount": "2",
        "expiresAt": "2026-03-01 17:04:05.123456789 +0000 UTC",
        "updatedAt": "2026-03-01T17:02:05"
    }))?;
    assert_eq!(session.notification_count, Some(2));
    assert_eq!(
        session.expires_at,
        Some(datetime!(2026-03-01 17:04:05.123456789 UTC))
    );
    assert_eq!(session.updated_at, Some(datetime!(2026-03-01 17:02:05 UTC)));
    Ok(())
}

// ---- waiting --------------------------------------------------------------------------------

/// A loopback server answering every GET with the next of `gets` (the last one repeats) and every other
/// request with a cancelled session, counting both.
#[derive(Clone)]
struct HostileServer {
    gets: Arc<Mutex<Vec<String>>>,
    get_count: Arc<AtomicUsize>,
    other_count: Arc<AtomicUsize>,
    base_url: String,
}

impl HostileServer {
    async fn start(gets: Vec<Value>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let mut bodies: Vec<String> = gets.iter().map(Value::to_string).collect();
        bodies.reverse();
        let server = HostileServer {
            gets: Arc::new(Mutex::new(bodies)),
            get_count: Arc::new(AtomicUsize::new(0)),
            other_count: Arc::new(AtomicUsize::new(0)),
            base_url,
        };
        let serving = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let serving = serving.clone();
                tokio::spawn(async move {
                    // A connection that fails is the client's to notice; nothing to do here.
                    let _ = serving.answer(stream).await;
                });
            }
        });
        Ok(server)
    }

    /// Reads one request and answers it, then closes the connection.
    async fn answer(&self, stream: TcpStream) -> std::io::Result<()> {
        let request = read_request(&stream).await?;
        let body = if request.starts_with("GET ") {
            self.get_count.fetch_add(1, Ordering::SeqCst);
            let mut gets = self.gets.lock().map_err(|_| std::io::ErrorKind::Other)?;
            match gets.len() {
                0 => String::from("{}"),
                1 => gets[0].clone(),
                _ => gets.pop().unwrap_or_default(),
            }
        } else {
            self.other_count.fetch_add(1, Ordering::SeqCst);
            json!({"id": "s-1", "status": "canceled"}).to_string()
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        write_all(&stream, response.as_bytes()).await
    }

    fn client(&self) -> Client {
        Client::builder()
            .api_key("k")
            .base_url(&self.base_url)
            .build()
            .expect("a loopback client builds")
    }
}

/// The request head and its body (by `content-length`), as text.
async fn read_request(stream: &TcpStream) -> std::io::Result<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        stream.readable().await?;
        match stream.try_read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
        let text = String::from_utf8_lossy(&buffer);
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buffer.len() >= head_end + 4 + length {
                break;
            }
        }
    }
    Ok(String::from_utf8_lossy(&buffer).into_owned())
}

async fn write_all(stream: &TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        stream.writable().await?;
        match stream.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn wait_keeps_polling_a_null_status_to_its_deadline_and_never_approves() -> TestResult {
    let server = HostileServer::start(vec![json!({"id": "s-1", "status": null})]).await?;
    let result = server
        .client()
        .sessions()
        .wait("s-1")
        .interval(Duration::from_secs(2))
        .timeout(Duration::from_secs(10))
        .await;
    let Err(WaitError::TimedOut {
        last_seen, cancel, ..
    }) = result
    else {
        return Err(format!("expected a timeout, got {result:?}").into());
    };
    let last = last_seen.ok_or("a session was read")?;
    assert_eq!(last.status, SessionStatus::Unknown(String::new()));
    // Reads at 0, 2, 4, 6 and 8 s (maybe 10 s): it polled on rather than stopping at the first.
    let polls = server.get_count.load(Ordering::SeqCst);
    assert!((5..=6).contains(&polls), "{polls} polls");
    assert!(matches!(cancel, CancelOutcome::Canceled), "{cancel:?}");
    assert_eq!(server.other_count.load(Ordering::SeqCst), 1, "one cancel");
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn wait_polls_through_unreadable_statuses_until_a_real_answer() -> TestResult {
    let server = HostileServer::start(vec![
        json!({"id": "s-1", "status": 7}),
        json!({"id": "s-1"}),
        json!({"id": "s-1", "status": "accepted"}),
    ])
    .await?;
    let done = server
        .client()
        .sessions()
        .wait("s-1")
        .interval(Duration::from_secs(2))
        .timeout(Duration::from_secs(60))
        .await?;
    assert!(done.status.is_accepted());
    assert_eq!(server.get_count.load(Ordering::SeqCst), 3);
    assert_eq!(server.other_count.load(Ordering::SeqCst), 0, "no cancel");
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn wait_returns_an_accepted_session_whose_timestamps_and_counter_are_malformed() -> TestResult
{
    let server = HostileServer::start(vec![json!({
        "id": "s-1", "status": "accepted", "notificationCount": "many",
        "expiresAt": "tomorrow", "updatedAt": [2026]
    })])
    .await?;
    let done = server.client().sessions().wait("s-1").await?;
    assert!(done.status.is_accepted());
    assert_eq!(done.expires_at, None);
    assert_eq!(done.notification_count, None);
    assert_eq!(server.get_count.load(Ordering::SeqCst), 1);
    Ok(())
}
