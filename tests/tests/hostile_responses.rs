//! Hostile response bodies: property tests mutate valid JSON of every model of the three crates
//! (wrong types, nulls, huge numbers, deep nesting, long strings, invalid UTF-8, cut-off and
//! flipped bytes) and decode it as every model: decoding never panics, and invalid JSON never
//! decodes. A 100 MB body (and an endless one) is cut off at the client's size limit without
//! being read whole.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

mod seeds {
    use super::*;
    use futures::TryStreamExt;

    /// Valid documents of the response models, taken from the mocks through the SDKs and
    /// serialized back.
    /// Each root comes with the fuzz target of its crate.
    pub fn roots() -> &'static [(&'static str, Value)] {
        static ROOTS: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
        ROOTS.get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(collect())
        })
    }

    /// The roots plus every object and array nested in them (the shapes of the nested models).
    pub fn all() -> &'static [Value] {
        static ALL: OnceLock<Vec<Value>> = OnceLock::new();
        ALL.get_or_init(|| {
            let mut all = Vec::new();
            for (_, root) in roots() {
                nested(root, &mut all);
            }
            all
        })
    }

    fn nested(value: &Value, out: &mut Vec<Value>) {
        match value {
            Value::Array(items) => {
                out.push(value.clone());
                items.iter().for_each(|v| nested(v, out));
            }
            Value::Object(fields) => {
                out.push(value.clone());
                fields.values().for_each(|v| nested(v, out));
            }
            _ => {}
        }
    }

    fn json<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).expect("models serialize")
    }

    async fn collect() -> Vec<(&'static str, Value)> {
        let mut roots = Vec::new();
        roots.extend(
            push_security()
                .await
                .into_iter()
                .map(|v| ("decode_push_security", v)),
        );
        roots.extend(
            password_pusher()
                .await
                .into_iter()
                .map(|v| ("decode_pwpush", v)),
        );
        roots.extend(pushauth().await.into_iter().map(|v| ("decode_pushauth", v)));
        roots
    }

    async fn push_security() -> Vec<Value> {
        use push_security_client::mock::MockPushSecurity;
        let mock = MockPushSecurity::builder()
            .seed(5)
            .no_rate_limit()
            .start()
            .await
            .expect("mock");
        let c = mock
            .client_builder()
            .no_rate_limit()
            .build()
            .expect("client");
        let account = &mock.account_ids()[0];
        vec![
            json(&c.accounts().get(account).await.expect("account")),
            json(&c.accounts().list().limit(5).send().await.expect("accounts")),
            json(
                &c.accounts()
                    .list_used_by(account)
                    .send()
                    .await
                    .expect("usage"),
            ),
            json(&c.apps().get(&mock.app_ids()[0]).await.expect("app")),
            json(&c.apps().list().limit(5).send().await.expect("apps")),
            json(
                &c.employees()
                    .get(&mock.employee_ids()[0])
                    .await
                    .expect("employee"),
            ),
            json(
                &c.employees()
                    .list()
                    .limit(5)
                    .send()
                    .await
                    .expect("employees"),
            ),
            json(&c.findings().list().limit(5).send().await.expect("findings")),
            json(&c.browsers().list().limit(5).send().await.expect("browsers")),
            json(
                &c.browser_extensions()
                    .list()
                    .limit(5)
                    .send()
                    .await
                    .expect("extensions"),
            ),
            json(
                &c.detections()
                    .get(&mock.detection_ids()[0])
                    .await
                    .expect("detection"),
            ),
            json(
                &c.detections()
                    .list()
                    .limit(5)
                    .send()
                    .await
                    .expect("detections"),
            ),
            json(
                &c.other_accounts()
                    .list()
                    .limit(5)
                    .send()
                    .await
                    .expect("other accounts"),
            ),
            json(
                &c.other_apps()
                    .list()
                    .limit(5)
                    .send()
                    .await
                    .expect("other apps"),
            ),
            json(&c.app_banners().list().send().await.expect("banners")),
            json(&c.blocked_urls().list().send().await.expect("blocked urls")),
        ]
    }

    async fn password_pusher() -> Vec<Value> {
        use pwpush_client::mock::{MockOptions, MockPwPush};
        let mock = MockPwPush::start_with(MockOptions::pro())
            .await
            .expect("mock");
        let c = pwpush_client::Client::builder()
            .base_url(mock.base_url())
            .bearer_token(mock.token())
            .build()
            .expect("client");
        let created = c
            .pushes()
            .create_text("seed payload")
            .expire_after_views(5)
            .await
            .expect("push");
        let token = created.url_token().to_owned();
        let audit: Vec<_> = c
            .pushes()
            .audit(token.as_str())
            .items()
            .try_collect()
            .await
            .expect("audit");
        vec![
            json(&created.push),
            json(
                &c.pushes()
                    .retrieve(token.as_str())
                    .send()
                    .await
                    .expect("retrieve"),
            ),
            json(&c.pushes().preview(token.as_str()).await.expect("preview")),
            json(&audit),
            json(&c.pushes().active().send().await.expect("active")),
            json(&c.accounts().list().await.expect("accounts")),
            json(
                &c.requests()
                    .create("send it")
                    .send()
                    .await
                    .expect("request"),
            ),
            json(&c.raw().version().v1().await.expect("v1 version")),
            json(&c.raw().version().v2().await.expect("v2 version")),
        ]
    }

    async fn pushauth() -> Vec<Value> {
        use pushauth_client::mock::MockPushAuth;
        let mock = MockPushAuth::start().await.expect("mock");
        mock.register_device("user-1");
        let c = pushauth_client::Client::builder()
            .base_url(mock.base_url())
            .api_key(mock.api_key())
            .build()
            .expect("client");
        let session = c.sessions().create("user-1").await.expect("session");
        vec![
            json(&session),
            json(&c.sessions().get(session.id.as_str()).await.expect("get")),
        ]
    }
}

/// The fuzz targets' bodies: the model lists of the three crates and the webhook header check.
#[path = "../../fuzz/src/targets.rs"]
mod targets;

/// Decodes `bytes` as every model of the three crates; returns how many accepted it. A panic
/// in any decoder, or a model accepting invalid JSON, fails the property.
fn decode_as_every_model(bytes: &[u8]) -> usize {
    targets::decode_push_security(bytes)
        + targets::decode_pwpush(bytes)
        + targets::decode_pushauth(bytes)
}

/// What replaces one node of a valid document.
#[derive(Clone, Debug)]
enum Replacement {
    Null,
    Bool(bool),
    /// A number as text: huge, negative, fractional, exponent-heavy.
    Number(String),
    /// A string of this many characters.
    LongString(usize),
    /// A string with these raw bytes inside the quotes (invalid UTF-8 among them).
    RawStringBytes(Vec<u8>),
    /// A string that looks like one of the API's values gone wrong.
    Text(String),
    /// This many nested arrays.
    DeepArrays(usize),
    /// This many nested objects.
    DeepObjects(usize),
    EmptyArray,
    EmptyObject,
    /// The node dropped from its parent object (a missing field), or `null` in an array.
    Removed,
}

fn replacement() -> impl Strategy<Value = Replacement> {
    prop_oneof![
        Just(Replacement::Null),
        any::<bool>().prop_map(Replacement::Bool),
        prop_oneof![
            Just("18446744073709551616".to_owned()),
            Just("-9223372036854775809".to_owned()),
            Just("1e309".to_owned()),
            Just("-1e400".to_owned()),
            Just("123456789012345678901234567890123456789".to_owned()),
            Just("0.000000000000000000000000001".to_owned()),
            Just("-0".to_owned()),
            Just("4.5".to_owned()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| f.to_string()),
        ]
        .prop_map(Replacement::Number),
        prop_oneof![Just(0usize), 1usize..64, Just(70_000usize)].prop_map(Replacement::LongString),
        prop::collection::vec(any::<u8>(), 1..16).prop_map(|mut bytes| {
            // Keep the string closed: no quote or backslash from the random bytes.
            bytes.retain(|b| *b != b'"' && *b != b'\\');
            bytes.push(0xff);
            Replacement::RawStringBytes(bytes)
        }),
        prop_oneof![
            Just("2024-13-45T99:99:99Z"),
            Just("not a date"),
            Just("1700000000"),
            Just("true"),
            Just("TRUE"),
            Just("UNKNOWN_VALUE_FROM_THE_FUTURE"),
            Just(""),
            Just("\\u0000"),
            Just("\\ud800"),
        ]
        .prop_map(|s| Replacement::Text(s.to_owned())),
        prop_oneof![Just(64usize), Just(127), Just(128), Just(129), Just(10_000)]
            .prop_map(Replacement::DeepArrays),
        prop_oneof![Just(64usize), Just(200), Just(10_000)].prop_map(Replacement::DeepObjects),
        Just(Replacement::EmptyArray),
        Just(Replacement::EmptyObject),
        Just(Replacement::Removed),
    ]
}

impl Replacement {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Replacement::Null | Replacement::Removed => b"null".to_vec(),
            Replacement::Bool(b) => b.to_string().into_bytes(),
            Replacement::Number(n) => n.clone().into_bytes(),
            Replacement::LongString(n) => format!("\"{}\"", "x".repeat(*n)).into_bytes(),
            Replacement::RawStringBytes(raw) => [&b"\""[..], raw, b"\""].concat(),
            Replacement::Text(t) => format!("\"{t}\"").into_bytes(),
            Replacement::DeepArrays(n) => [b"[".repeat(*n), b"]".repeat(*n)].concat(),
            Replacement::DeepObjects(n) => {
                [b"{\"a\":".repeat(*n), b"1".to_vec(), b"}".repeat(*n)].concat()
            }
            Replacement::EmptyArray => b"[]".to_vec(),
            Replacement::EmptyObject => b"{}".to_vec(),
        }
    }
}

const SENTINEL: &str = "\u{1}REPLACE-ME\u{1}";

/// The document with its `index`-th node (preorder, the root included) replaced.
fn mutate(seed: &Value, index: usize, replacement: &Replacement) -> Vec<u8> {
    let mut doc = seed.clone();
    let mut counter = 0;
    mark(
        &mut doc,
        index,
        &mut counter,
        matches!(replacement, Replacement::Removed),
    );
    let text = serde_json::to_string(&doc).expect("a Value serializes");
    let marker = serde_json::to_string(SENTINEL).expect("a string serializes");
    match text.find(&marker) {
        Some(at) => [
            &text.as_bytes()[..at],
            &replacement.bytes(),
            &text.as_bytes()[at + marker.len()..],
        ]
        .concat(),
        // The node was removed from its object.
        None => text.into_bytes(),
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(fields) => fields.values().map(count_nodes).sum(),
        _ => 0,
    }
}

fn mark(value: &mut Value, target: usize, counter: &mut usize, remove: bool) -> bool {
    if *counter == target {
        *value = Value::String(SENTINEL.to_owned());
        return true;
    }
    *counter += 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| mark(v, target, counter, remove)),
        Value::Object(fields) => {
            let mut hit = None;
            for (key, v) in fields.iter_mut() {
                if mark(v, target, counter, remove) {
                    hit = Some(key.clone());
                    break;
                }
            }
            match hit {
                Some(key) => {
                    if remove {
                        fields.remove(&key);
                    }
                    true
                }
                None => false,
            }
        }
        _ => false,
    }
}

fn config(cases: u32, seed: u64) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

/// The committed seed corpus of each fuzz target, replayed on the stable toolchain.
fn fuzz_seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let bytes = std::fs::read(&path).expect("a seed file");
            (path.display().to_string(), bytes)
        })
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn the_fuzz_seed_corpus_replays_without_a_failed_property() {
    let mut replayed = 0;
    for (target, run) in [
        (
            "decode_push_security",
            targets::decode_push_security as fn(&[u8]) -> usize,
        ),
        ("decode_pwpush", targets::decode_pwpush),
        ("decode_pushauth", targets::decode_pushauth),
    ] {
        let seeds = fuzz_seeds(target);
        assert!(!seeds.is_empty(), "{target} has seeds");
        let accepted: usize = seeds.iter().map(|(_, bytes)| run(bytes)).sum();
        assert!(
            accepted >= seeds.len(),
            "{target}: each seed is a valid document of a model"
        );
        replayed += seeds.len();
    }
    let webhook = fuzz_seeds("webhook_signature");
    for (_, bytes) in &webhook {
        targets::webhook_signature(bytes);
    }
    // The genuine event in the corpus verifies, so the target's verification path is reached.
    let (_, genuine) = webhook
        .iter()
        .find(|(name, _)| name.ends_with("valid_event"))
        .expect("seed");
    let split = genuine
        .iter()
        .position(|b| *b == b'\n')
        .expect("header line");
    let header = std::str::from_utf8(&genuine[..split]).expect("ASCII header");
    let at = api_core::OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("a time");
    let verifier = push_security_client::webhooks::WebhookVerifier::new("fuzz-signing-secret")
        .with_clock(move || at);
    assert!(verifier.verify_event(header, &genuine[split + 1..]).is_ok());
    eprintln!(
        "hostile_responses: replayed {} fuzz seeds",
        replayed + webhook.len()
    );
}

#[test]
fn the_seed_documents_cover_every_crate_and_decode_as_their_models() {
    let seeds = seeds::all();
    assert!(seeds.len() > 100, "{} seed documents", seeds.len());
    // To refresh the fuzz corpus: FUZZ_SEEDS_OUT=fuzz/seeds cargo test --test hostile_responses
    if let Some(out) = std::env::var_os("FUZZ_SEEDS_OUT") {
        write_fuzz_seeds(std::path::Path::new(&out), seeds::roots());
    }
    let accepted: usize = seeds
        .iter()
        .map(|s| decode_as_every_model(&serde_json::to_vec(s).expect("serializes")))
        .sum();
    // Each valid document is accepted by its own model at least (usually by several lenient ones).
    assert!(
        accepted >= seeds.len(),
        "{accepted} acceptances of {} seeds",
        seeds.len()
    );
}

/// Writes each root document into the corpus of its crate's decoding target.
fn write_fuzz_seeds(out: &std::path::Path, roots: &[(&str, Value)]) {
    for (index, (target, root)) in roots.iter().enumerate() {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).expect("the corpus directory");
        let bytes = serde_json::to_vec(root).expect("serializes");
        std::fs::write(dir.join(format!("seed-{index:02}.json")), bytes).expect("written");
    }
}

proptest! {
    #![proptest_config(config(1_500, 0x4057_11e0))]

    #[test]
    fn a_mutated_node_never_makes_a_decoder_panic(
        seed_pick in any::<Index>(),
        node_pick in any::<Index>(),
        replacement in replacement(),
    ) {
        let seeds = seeds::all();
        let seed = seed_pick.get(seeds);
        let bytes = mutate(seed, node_pick.index(count_nodes(seed)), &replacement);
        let accepted = decode_as_every_model(&bytes);
        if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err() {
            prop_assert_eq!(accepted, 0, "a model accepted invalid JSON");
        }
    }
}

proptest! {
    #![proptest_config(config(1_000, 0x4057_11e1))]

    #[test]
    fn cut_and_flipped_bytes_never_make_a_decoder_panic(
        seed_pick in any::<Index>(),
        cut in any::<Index>(),
        flips in prop::collection::vec((any::<Index>(), any::<u8>()), 0..4),
    ) {
        let seeds = seeds::all();
        let mut bytes = serde_json::to_vec(seed_pick.get(seeds)).expect("serializes");
        for (at, byte) in &flips {
            let i = at.index(bytes.len());
            bytes[i] = *byte;
        }
        let keep = cut.index(bytes.len() + 1);
        bytes.truncate(keep);
        let accepted = decode_as_every_model(&bytes);
        if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err() {
            prop_assert_eq!(accepted, 0, "a model accepted invalid JSON");
        }
    }
}

// ---- Oversized bodies --------------------------------------------------------------------------

mod oversized {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use api_core::{ApiInfo, Auth, Error, Request, RetryPolicy};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    const HUNDRED_MB: u64 = 100 * 1024 * 1024;
    const LIMIT: usize = 1024 * 1024;
    const CHUNK: usize = 64 * 1024;

    const INFO: ApiInfo = ApiInfo {
        api: "reliability",
        crate_name: "workspace-tests",
        crate_version: "0.1.0",
        default_base_url: "http://127.0.0.1:9",
        spans: api_core::client_spans!(),
    };

    /// How the server frames its huge body.
    #[derive(Clone, Copy)]
    enum Framing {
        /// `Content-Length: 104857600`, then the bytes.
        Declared,
        /// Chunked, with no end (stopped at 100 MB anyway).
        Chunked,
    }

    /// A one-connection server that answers `status` with a 100 MB body of digits and counts
    /// the bytes it managed to write.
    async fn huge_body_server(status: u16, framing: Framing) -> (String, Arc<AtomicU64>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let address = listener.local_addr().expect("address");
        let written = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&written);
        tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head).await;
            let framing_header = match framing {
                Framing::Declared => format!("content-length: {HUNDRED_MB}"),
                Framing::Chunked => "transfer-encoding: chunked".to_owned(),
            };
            let response_head = format!(
                "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\n{framing_header}\r\n\r\n"
            );
            if stream.write_all(response_head.as_bytes()).await.is_err() {
                return;
            }
            let data = vec![b'7'; CHUNK];
            let mut chunk = Vec::with_capacity(CHUNK + 16);
            while counter.load(Ordering::Relaxed) < HUNDRED_MB {
                chunk.clear();
                if let Framing::Chunked = framing {
                    chunk.extend_from_slice(format!("{CHUNK:x}\r\n").as_bytes());
                }
                chunk.extend_from_slice(&data);
                if let Framing::Chunked = framing {
                    chunk.extend_from_slice(b"\r\n");
                }
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
                counter.fetch_add(CHUNK as u64, Ordering::Relaxed);
            }
        });
        (format!("http://{address}"), written)
    }

    fn client(base_url: &str) -> api_core::Client {
        api_core::Client::builder(INFO)
            .base_url(base_url)
            .auth(Auth::None)
            .max_response_bytes(LIMIT)
            .attempt_timeout(Duration::from_secs(20))
            .retry_policy(RetryPolicy::no_retries())
            .build()
            .expect("client builds")
    }

    fn resident_bytes() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }

    async fn fetch(
        status: u16,
        framing: Framing,
    ) -> (Result<api_core::Response, Error>, u64, Duration) {
        let (base_url, written) = huge_body_server(status, framing).await;
        let started = Instant::now();
        let result = client(&base_url)
            .execute(Request::get("getHuge", "/huge"))
            .await;
        let elapsed = started.elapsed();
        // Whatever the server still manages to write after the client stopped is bounded by
        // the socket buffers; give it a moment to show.
        tokio::time::sleep(Duration::from_millis(200)).await;
        (result, written.load(Ordering::Relaxed), elapsed)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_100_mb_success_body_is_cut_off_at_the_limit_without_being_read_whole() {
        let before = resident_bytes();
        for framing in [Framing::Declared, Framing::Chunked] {
            let (result, written, elapsed) = fetch(200, framing).await;
            eprintln!(
                "hostile_responses 100 MB 200: {:?} after {elapsed:?}, server wrote {written} bytes",
                result.as_ref().map(|r| r.bytes().len())
            );
            assert!(
                matches!(result, Err(Error::ResponseTooLarge { limit: LIMIT, .. })),
                "{result:?}"
            );
            assert!(written < HUNDRED_MB / 4, "the client read {written} bytes");
            assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
        }
        if let (Some(before), Some(after)) = (before, resident_bytes()) {
            let grown = after.saturating_sub(before);
            assert!(
                grown < 64 * 1024 * 1024,
                "resident memory grew by {grown} bytes"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_100_mb_error_body_is_kept_to_its_first_kilobytes() {
        let (result, written, elapsed) = fetch(500, Framing::Chunked).await;
        eprintln!("hostile_responses 100 MB 500: after {elapsed:?}, server wrote {written} bytes");
        let error = result.expect_err("a 500 is an error");
        let api = error.api_error().expect("an API error");
        assert_eq!(api.status, api_core::StatusCode::INTERNAL_SERVER_ERROR);
        assert!(api.body.len() <= api_core::ApiError::MAX_BODY_BYTES);
        assert!(api.body.starts_with("7777"));
        assert!(written < HUNDRED_MB / 4, "the client read {written} bytes");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_sdk_refuses_a_100_mb_account_at_its_configured_limit() {
        let (base_url, written) = huge_body_server(200, Framing::Chunked).await;
        let client = push_security_client::Client::builder()
            .base_url(base_url)
            .api_key("psk-oversized-test")
            .no_rate_limit()
            .max_response_bytes(LIMIT)
            .build()
            .expect("client builds");
        let result = client.accounts().get("acc-1").await;
        assert!(
            matches!(
                result.as_ref().map_err(|e| e.core()),
                Err(Error::ResponseTooLarge { .. })
            ),
            "{result:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(written.load(Ordering::Relaxed) < HUNDRED_MB / 4);
    }
}
