//! Listing 10,000 Push Security accounts through the chaos proxy with 10% of page requests
//! faulted: every item arrives exactly once and in order, or the stream ends with a typed error
//! after an exact prefix; never a silent gap or duplicate. Resuming from the last page's cursor
//! after each error completes the listing exactly.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use api_core::{
    ApiInfo, Auth, Clock, Cursor, Error, PageFetcher, PageStyle, Paginator, RawPage, Request,
    RetryPolicy,
};
use futures::{FutureExt, StreamExt};
use push_security_client::mock::{Fault as MockFault, MockPushSecurity};
use serde::Deserialize;
use workspace_tests::chaos::{ChaosConfig, ChaosProxy, Fault, FaultMix};
use workspace_tests::tally::{error_kind, is_fault_error};

const ITEMS: usize = 10_000;
const PAGE: u32 = 50;
const FAULT_RATE: f64 = 0.10;
const DATA_SEED: u64 = 0x11_57;
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(300);
const SLOW_DELAY: Duration = Duration::from_millis(900);

fn policy() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_millis(2), Duration::from_millis(20))
}

async fn mock() -> MockPushSecurity {
    MockPushSecurity::builder()
        .seed(DATA_SEED)
        .accounts(ITEMS)
        .no_rate_limit()
        .start()
        .await
        .expect("mock starts")
}

async fn proxy(mock: &MockPushSecurity, seed: u64) -> ChaosProxy {
    let config = ChaosConfig::new(seed)
        .fault_rate(FAULT_RATE)
        .slow_delay(SLOW_DELAY);
    ChaosProxy::start(mock.base_url(), config)
        .await
        .expect("proxy starts")
}

/// The reference order, checked to hold no duplicate (or "exactly once" would prove nothing).
fn reference(mock: &MockPushSecurity) -> Vec<String> {
    let ids = mock.account_ids();
    assert_eq!(ids.len(), ITEMS);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ITEMS);
    ids
}

/// How one listing through the SDK ended.
struct Listed {
    ids: Vec<String>,
    error: Option<Error>,
}

/// Drains a stream of items to its end, checking that nothing follows an error.
async fn drain<S>(mut items: S) -> Listed
where
    S: futures::Stream<
            Item = Result<push_security_client::models::Account, push_security_client::Error>,
        > + Unpin,
{
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(account) => ids.push(account.id),
            Err(error) => {
                assert!(
                    items.next().await.is_none(),
                    "the stream ends after its error"
                );
                return Listed {
                    ids,
                    error: Some(error.into_core()),
                };
            }
        }
    }
    Listed { ids, error: None }
}

/// The one property of every listing: an exact prefix of the reference, complete unless a typed
/// error ended it.
fn assert_exact_prefix(listed: &Listed, reference: &[String], label: &str) {
    let n = listed.ids.len();
    assert!(n <= reference.len(), "{label}: {n} items, more than exist");
    if let Some(at) = (0..n).find(|i| listed.ids[*i] != reference[*i]) {
        panic!(
            "{label}: item {at} is {} but {} was expected (a gap or a duplicate)",
            listed.ids[at], reference[at]
        );
    }
    match &listed.error {
        None => assert_eq!(
            n,
            reference.len(),
            "{label}: the stream ended early without error"
        ),
        Some(error) => assert!(is_fault_error(error), "{label}: untyped end {error:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_listing_yields_every_account_once_in_order_or_ends_with_a_typed_error() {
    let mock = mock().await;
    let reference = reference(&mock);
    let started = Instant::now();
    let mut complete = 0;
    let mut ended = Vec::new();
    // Five seeds lazily, three more with two pages prefetched in a spawned task.
    for (run, seed) in (0x5eed_0000u64..0x5eed_0008).enumerate() {
        let proxy = proxy(&mock, seed).await;
        let client = push_security_client::Client::builder()
            .base_url(proxy.base_url())
            .api_key(mock.full_access_key())
            .no_rate_limit()
            .attempt_timeout(ATTEMPT_TIMEOUT)
            .retry_policy(policy())
            .clock(Clock::tokio().with_rng_seed(seed))
            .build()
            .expect("client builds");
        let list = client.accounts().list();
        let list = if run >= 5 { list.prefetch(2) } else { list };
        let listed = drain(list.items()).await;
        let label = format!("seed {seed:#x}");
        assert_exact_prefix(&listed, &reference, &label);
        let report = proxy.report();
        assert_eq!(report.upstream_errors, 0);
        assert!(
            report.total_faults() > 0,
            "{label}: the proxy injected faults"
        );
        match &listed.error {
            None => complete += 1,
            Some(error) => ended.push(format!("{} after {}", error_kind(error), listed.ids.len())),
        }
        eprintln!(
            "exactly_once_listing sdk {label}: {} items, {}; proxy: {report}",
            listed.ids.len(),
            listed.error.as_ref().map_or("complete", error_kind)
        );
    }
    eprintln!(
        "exactly_once_listing sdk: 8 listings of {ITEMS}: {complete} complete, ended early: {ended:?}; {:?}",
        started.elapsed()
    );
}

const CORE_INFO: ApiInfo = ApiInfo {
    api: "reliability",
    crate_name: "workspace-tests",
    crate_version: "0.1.0",
    default_base_url: "http://127.0.0.1:9",
    spans: api_core::client_spans!(),
};

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    result: Vec<IdOnly>,
    paging: Option<Paging>,
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paging {
    more_results: Option<bool>,
    next: Option<String>,
    next_token: Option<String>,
}

fn core_client(base_url: &str, key: &str, seed: u64) -> api_core::Client {
    api_core::Client::builder(CORE_INFO)
        .base_url(base_url)
        .auth(Auth::api_key("x-api-key", key.to_owned()))
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .retry_policy(policy())
        .clock(Clock::tokio().with_rng_seed(seed))
        .build()
        .expect("client builds")
}

async fn fetch_page(client: api_core::Client, cursor: Cursor) -> Result<RawPage<String>, Error> {
    let request = Request::get("listAccounts", "/v1/accounts").query("limit", PAGE);
    let request = match &cursor {
        Cursor::Offset(offset) => request.query("offset", offset),
        Cursor::Token(token) if token.is_empty() => request,
        Cursor::Token(token) => request.query("nextToken", token),
        Cursor::Page(_) => {
            return Err(Error::invalid_request(
                "listAccounts",
                "no page numbers here",
            ));
        }
    };
    let envelope: Envelope = client.send_json(request).await?;
    let paging = envelope.paging;
    Ok(RawPage {
        items: envelope.result.into_iter().map(|a| a.id).collect(),
        more_results: paging.as_ref().and_then(|p| p.more_results),
        next_offset: paging
            .as_ref()
            .and_then(|p| p.next.as_deref())
            .and_then(|n| n.parse().ok()),
        next_token: paging.and_then(|p| p.next_token),
        body: Default::default(),
    })
}

/// A listing resumed from the last good page's `next` cursor after every error, until it
/// completes. Returns the items and the errors that interrupted it.
async fn list_with_resumes(
    client: &api_core::Client,
    style: PageStyle,
    concurrency: usize,
) -> (Vec<String>, Vec<&'static str>) {
    let fetch: PageFetcher<String> = {
        let client = client.clone();
        Arc::new(move |cursor| fetch_page(client.clone(), cursor).boxed())
    };
    let mut cursor = style.first_cursor();
    let mut items = Vec::new();
    let mut interruptions = Vec::new();
    loop {
        let mut pages = Paginator::new("listAccounts", style, cursor.clone(), Arc::clone(&fetch))
            .concurrency(concurrency)
            .pages();
        let mut finished = true;
        while let Some(page) = pages.next().await {
            match page {
                Ok(page) => {
                    assert_eq!(page.cursor, cursor, "pages follow one another");
                    items.extend(page.items);
                    match page.next {
                        Some(next) => cursor = next,
                        None => return (items, interruptions),
                    }
                }
                Err(error) => {
                    assert!(is_fault_error(&error), "untyped interruption {error:?}");
                    interruptions.push(error_kind(&error));
                    assert!(interruptions.len() < 200, "the listing never completes");
                    finished = false;
                    break;
                }
            }
        }
        if finished {
            return (items, interruptions);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn core_offset_listing_with_four_pages_in_flight_resumes_to_the_exact_list() {
    let mock = mock().await;
    let reference = reference(&mock);
    let seed = 0x0ff5_e700;
    let proxy = proxy(&mock, seed).await;
    let client = core_client(proxy.base_url(), mock.full_access_key(), seed);
    let started = Instant::now();
    let (items, interruptions) =
        list_with_resumes(&client, PageStyle::Offset { limit: PAGE }, 4).await;
    let report = proxy.report();
    eprintln!(
        "exactly_once_listing core offset x4: {} items, {} resumes {interruptions:?}; proxy: {report}; {:?}",
        items.len(),
        interruptions.len(),
        started.elapsed()
    );
    assert_eq!(items, reference);
    assert_eq!(report.upstream_errors, 0);
    assert!(report.total_faults() > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn core_token_listing_resumes_to_the_exact_list() {
    let mock = mock().await;
    let reference = reference(&mock);
    let seed = 0x7043_e700;
    let proxy = proxy(&mock, seed).await;
    let client = core_client(proxy.base_url(), mock.full_access_key(), seed);
    let started = Instant::now();
    let (items, interruptions) = list_with_resumes(&client, PageStyle::Token, 1).await;
    let report = proxy.report();
    eprintln!(
        "exactly_once_listing core token: {} items, {} resumes {interruptions:?}; proxy: {report}; {:?}",
        items.len(),
        interruptions.len(),
        started.elapsed()
    );
    assert_eq!(items, reference);
    assert_eq!(report.upstream_errors, 0);
    assert!(report.total_faults() > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_listing_under_the_mocks_own_faults_and_the_proxys_never_skips_or_repeats() {
    // The mock's own fault controls (5%: 500, 502 HTML, 503, 504, 429) behind the proxy's
    // network faults (another 5%). Bodies that no retry can fix are left out of both, so the
    // listing should get through to the end.
    let mock = MockPushSecurity::builder()
        .seed(DATA_SEED)
        .accounts(ITEMS)
        .no_rate_limit()
        .error_rate(0.05)
        .random_faults(&[
            MockFault::status(500),
            MockFault::html(502),
            MockFault::status(503),
            MockFault::status(504),
            MockFault::status(429),
        ])
        .start()
        .await
        .expect("mock starts");
    let reference = reference(&mock);
    let seed = 0x3ea1_0001;
    let proxy = ChaosProxy::start(
        mock.base_url(),
        ChaosConfig::new(seed)
            .fault_rate(0.05)
            .mix(FaultMix::all_except(&[Fault::InvalidJson]))
            .slow_delay(SLOW_DELAY),
    )
    .await
    .expect("proxy starts");
    let client = push_security_client::Client::builder()
        .base_url(proxy.base_url())
        .api_key(mock.full_access_key())
        .no_rate_limit()
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .retry_policy(policy())
        .clock(Clock::tokio().with_rng_seed(seed))
        .build()
        .expect("client builds");
    let listed = drain(client.accounts().list().items()).await;
    assert_exact_prefix(&listed, &reference, "mock and proxy faults");
    let injected_by_mock = mock.controls().faults_injected();
    eprintln!(
        "exactly_once_listing mock+proxy: {} items, {}; mock injected {injected_by_mock}; proxy: {}",
        listed.ids.len(),
        listed.error.as_ref().map_or("complete", error_kind),
        proxy.report()
    );
    assert!(injected_by_mock > 0, "the mock injected faults of its own");
    assert!(
        proxy.report().total_faults() > 0,
        "the proxy injected faults"
    );
}
