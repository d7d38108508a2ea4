//! What a user's subscriber sees of each client: spans under the client crate's own target (so an
//! `EnvFilter` of `pushauth_client=debug` shows them), OpenTelemetry's HTTP client field names,
//! a path template and never a concrete path, a query, a credential or a payload.
//!
//! Every test installs its subscriber for its own thread only (`set_default`) and runs on a
//! current-thread runtime, so the client's futures are polled where the subscriber is.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use futures::TryStreamExt;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// One span as the subscriber saw it, with every field recorded at creation or later.
#[derive(Clone, Debug)]
struct SeenSpan {
    name: &'static str,
    target: String,
    level: Level,
    parent: Option<&'static str>,
    fields: BTreeMap<String, String>,
}

impl SeenSpan {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

#[derive(Default)]
struct Seen {
    spans: Vec<SeenSpan>,
    /// Every event's fields, rendered: searched for secrets along with the spans.
    events: Vec<String>,
}

/// A layer that keeps every span's fields and every event's text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Seen>>);

/// Where a span's record lives in the [`Recorder`].
struct Slot(usize);

struct FieldVisitor<'a>(&'a mut BTreeMap<String, String>);

impl Visit for FieldVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S> Layer<S> for Recorder
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut FieldVisitor(&mut fields));
        let meta = attrs.metadata();
        let span = ctx.span(id).expect("a new span is in the registry");
        let parent = span.parent().map(|parent| parent.name());
        let mut seen = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        seen.spans.push(SeenSpan {
            name: meta.name(),
            target: meta.target().to_owned(),
            level: *meta.level(),
            parent,
            fields,
        });
        span.extensions_mut().insert(Slot(seen.spans.len() - 1));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let extensions = span.extensions();
        let Some(Slot(slot)) = extensions.get::<Slot>() else {
            return;
        };
        let mut seen = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        values.record(&mut FieldVisitor(&mut seen.spans[*slot].fields));
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut FieldVisitor(&mut fields));
        let line = format!("{} {fields:?}", event.metadata().target());
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .events
            .push(line);
    }
}

impl Recorder {
    /// Installs the recorder behind `filter` for this thread until the guard drops.
    fn install(&self, filter: &str) -> tracing::subscriber::DefaultGuard {
        let subscriber = tracing_subscriber::registry()
            .with(EnvFilter::new(filter))
            .with(self.clone());
        tracing::subscriber::set_default(subscriber)
    }

    fn spans(&self) -> Vec<SeenSpan> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .spans
            .clone()
    }

    fn named(&self, name: &str) -> Vec<SeenSpan> {
        self.spans()
            .into_iter()
            .filter(|span| span.name == name)
            .collect()
    }

    /// The call span of `operation` (exactly one is expected).
    fn call(&self, operation: &str) -> SeenSpan {
        let calls: Vec<SeenSpan> = self
            .named("api.call")
            .into_iter()
            .filter(|span| span.field("api.operation") == Some(operation))
            .collect();
        assert_eq!(calls.len(), 1, "one api.call for {operation}: {calls:#?}");
        calls[0].clone()
    }

    /// Every span field and event, as one text to search.
    fn all_text(&self) -> String {
        let seen = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        format!("{:?}\n{}", seen.spans, seen.events.join("\n"))
    }

    /// Fails when any of `needles` appears in a recorded field or event.
    fn assert_never_recorded(&self, needles: &[&str]) {
        let text = self.all_text();
        assert!(
            text.contains("url.template"),
            "nothing was recorded: {text}"
        );
        for needle in needles {
            assert!(!needle.is_empty());
            assert!(!text.contains(needle), "{needle:?} was recorded: {text}");
        }
    }
}

/// The OpenTelemetry HTTP client fields every call and attempt span carries, with `method` and
/// `template`, against a mock on loopback.
fn assert_http_fields(span: &SeenSpan, method: &str, template: &str) {
    assert_eq!(span.field("http.request.method"), Some(method), "{span:#?}");
    assert_eq!(span.field("url.template"), Some(template), "{span:#?}");
    assert_eq!(span.field("server.address"), Some("127.0.0.1"), "{span:#?}");
    let port: u16 = span
        .field("server.port")
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no server.port: {span:#?}"));
    assert!(port > 0);
}

mod pushauth {
    use super::*;
    use pushauth_client::Client;
    use pushauth_client::mock::{Answer, MockPushAuth};

    async fn mock_and_client() -> (MockPushAuth, Client) {
        let mock = MockPushAuth::start().await.expect("mock starts");
        mock.register_device("user-42");
        let client = Client::builder()
            .api_key(mock.api_key())
            .base_url(mock.base_url())
            .build()
            .expect("client builds");
        (mock, client)
    }

    #[tokio::test]
    async fn an_env_filter_of_the_crate_name_at_debug_sees_its_calls_and_attempts() {
        let (mock, client) = mock_and_client().await;
        let recorder = Recorder::default();
        let _guard = recorder.install("pushauth_client=debug");

        let session = client.sessions().create("user-42").await.expect("created");
        let read = client.sessions().get(&session.id).await.expect("read");
        assert_eq!(read.id, session.id);

        let create = recorder.call("createSession");
        assert_eq!(create.target, "pushauth_client");
        assert_eq!(create.level, Level::INFO);
        assert_eq!(create.field("api.name"), Some("pushauth"));
        assert_http_fields(&create, "POST", "/v1/push/sessions");
        assert_eq!(create.field("http.response.status_code"), Some("201"));
        assert_eq!(create.field("error.type"), None);

        let get = recorder.call("getSession");
        assert_http_fields(&get, "GET", "/v1/push/sessions/{id}");
        assert_eq!(get.field("http.response.status_code"), Some("200"));

        let attempts = recorder.named("api.attempt");
        assert_eq!(attempts.len(), 2, "{attempts:#?}");
        for attempt in &attempts {
            assert_eq!(attempt.target, "pushauth_client");
            assert_eq!(attempt.level, Level::DEBUG);
            assert_eq!(attempt.parent, Some("api.call"));
            assert_eq!(attempt.field("otel.kind"), Some("client"));
            // A first attempt is no resend: OpenTelemetry leaves the count out.
            assert_eq!(attempt.field("http.request.resend_count"), None);
        }
        assert_eq!(
            attempts[1].field("otel.name"),
            Some("GET /v1/push/sessions/{id}"),
            "{attempts:#?}"
        );
        recorder.assert_never_recorded(&[&session.id, mock.api_key(), "user-42"]);
    }

    #[tokio::test]
    async fn an_env_filter_of_another_target_sees_none_of_its_spans() {
        let (_mock, client) = mock_and_client().await;
        let recorder = Recorder::default();
        let _guard = recorder.install("api_core=debug,pwpush_client=debug");

        client.sessions().create("user-42").await.expect("created");

        assert!(recorder.spans().is_empty(), "{:#?}", recorder.spans());
    }

    #[tokio::test]
    async fn at_info_the_calls_show_without_their_attempts() {
        let (_mock, client) = mock_and_client().await;
        let recorder = Recorder::default();
        let _guard = recorder.install("pushauth_client=info");

        client.sessions().create("user-42").await.expect("created");

        assert_eq!(recorder.named("api.call").len(), 1);
        assert!(recorder.named("api.attempt").is_empty());
    }

    #[tokio::test]
    async fn a_wait_is_one_span_over_its_polls_with_the_final_status() {
        let (mock, client) = mock_and_client().await;
        let session = client.sessions().create("user-42").await.expect("created");
        mock.answer(&session.id, Answer::Accept).expect("answered");
        let recorder = Recorder::default();
        let _guard = recorder.install("pushauth_client=info");

        let done = client.sessions().wait(&session.id).await.expect("decided");
        assert!(done.status.is_accepted());

        let waits = recorder.named("api.wait");
        assert_eq!(waits.len(), 1, "{waits:#?}");
        let wait = &waits[0];
        assert_eq!(wait.target, "pushauth_client");
        assert_eq!(wait.level, Level::INFO);
        assert_eq!(wait.field("api.operation"), Some("waitForAnswer"));
        assert_eq!(
            wait.field("pushauth.session.status"),
            Some(done.status.to_string().as_str())
        );
        assert_eq!(wait.field("error.type"), None);
        let polls = recorder.named("api.call");
        assert!(!polls.is_empty());
        assert!(polls.iter().all(|poll| poll.parent == Some("api.wait")));
        recorder.assert_never_recorded(&[&session.id]);
    }

    #[tokio::test]
    async fn a_refused_call_records_the_status_as_its_error_type() {
        let (_mock, client) = mock_and_client().await;
        let recorder = Recorder::default();
        let _guard = recorder.install("pushauth_client=debug");

        // The mock answers an unknown id with 400, which is not retried.
        let error = client
            .sessions()
            .get("no-such-session-7Yq2")
            .await
            .expect_err("unknown session");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400));

        let call = recorder.call("getSession");
        assert_eq!(call.field("http.response.status_code"), Some("400"));
        assert_eq!(call.field("error.type"), Some("400"));
        recorder.assert_never_recorded(&["no-such-session-7Yq2"]);
    }
}

mod pwpush {
    use super::*;
    use pwpush_client::Client;
    use pwpush_client::mock::{MockOptions, MockPwPush};

    const PAYLOAD: &str = "payload-Wd3kPz8Lq1Vx";
    const PASSPHRASE: &str = "passphrase-Hc5tNm2Rb9Ks";

    #[tokio::test]
    async fn retrieving_by_url_token_records_the_template_not_the_token_or_passphrase() {
        let mock = MockPwPush::start_with(MockOptions::pro())
            .await
            .expect("mock starts");
        let client = Client::builder()
            .base_url(mock.base_url())
            .bearer_token(mock.token())
            .build()
            .expect("client builds");
        let recorder = Recorder::default();
        let _guard = recorder.install("pwpush_client=debug");

        let created = client
            .pushes()
            .create_text(PAYLOAD)
            .passphrase(PASSPHRASE)
            .expire_after_views(5)
            .await
            .expect("created");
        let url_token = created.url_token().to_owned();
        client
            .pushes()
            .retrieve(url_token.as_str())
            .passphrase(PASSPHRASE)
            .await
            .expect("retrieved");

        let calls = recorder.named("api.call");
        assert!(calls.len() >= 2, "{calls:#?}");
        for call in &calls {
            assert_eq!(call.target, "pwpush_client");
            assert_eq!(call.field("api.name"), Some("pwpush"), "{call:#?}");
        }
        let retrieve = recorder.call("v2RetrievePush");
        assert_http_fields(&retrieve, "GET", "/api/v2/pushes/{url_token}");
        assert_eq!(retrieve.field("http.response.status_code"), Some("200"));
        assert!(
            recorder
                .named("api.attempt")
                .iter()
                .all(|attempt| attempt.target == "pwpush_client")
        );
        recorder.assert_never_recorded(&[&url_token, PAYLOAD, PASSPHRASE, mock.token()]);
    }
}

mod push_security {
    use super::*;
    use push_security_client::mock::MockPushSecurity;

    #[tokio::test]
    async fn a_listing_is_one_pages_span_counting_pages_and_items_over_its_calls() {
        let mock = MockPushSecurity::builder()
            .seed(0x7ace)
            .no_rate_limit()
            .start()
            .await
            .expect("mock starts");
        let client = mock
            .client_builder()
            .no_rate_limit()
            .build()
            .expect("client");
        let employees = mock.employee_ids();
        assert!(employees.len() > 2, "the mock seeds several employees");
        let recorder = Recorder::default();
        let _guard = recorder.install("push_security_client=debug");

        let listed: Vec<_> = client
            .employees()
            .list()
            .limit(2)
            .items()
            .try_collect()
            .await
            .expect("listed");
        assert_eq!(listed.len(), employees.len());
        client
            .employees()
            .get(&employees[0])
            .await
            .expect("one employee");

        let pages = recorder.named("api.pages");
        assert_eq!(pages.len(), 1, "{pages:#?}");
        let listing = &pages[0];
        assert_eq!(listing.target, "push_security_client");
        assert_eq!(listing.level, Level::INFO);
        assert_eq!(listing.field("api.name"), Some("push-security"));
        assert_eq!(listing.field("api.operation"), Some("listEmployees"));
        let page_calls: Vec<SeenSpan> = recorder
            .named("api.call")
            .into_iter()
            .filter(|call| call.field("api.operation") == Some("listEmployees"))
            .collect();
        assert!(page_calls.iter().all(|c| c.parent == Some("api.pages")));
        let expected_pages = listed.len().div_ceil(2).to_string();
        assert_eq!(
            listing.field("api.page_count"),
            Some(expected_pages.as_str())
        );
        assert_eq!(
            listing.field("api.item_count"),
            Some(listed.len().to_string().as_str())
        );

        let get = recorder.call("getEmployee");
        assert_eq!(get.target, "push_security_client");
        assert_http_fields(&get, "GET", "/v1/employees/{id}");
        recorder.assert_never_recorded(&[&employees[0], mock.full_access_key()]);
    }
}
