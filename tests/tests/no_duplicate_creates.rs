//! 1,000 creates (500 Password Pusher pushes, 500 PushAuth sessions) through the chaos proxy:
//! the server's count of created objects equals the successes the client reported plus the
//! failures it flagged as "may have been processed", each create reached the server at most once
//! (retries duplicate nothing), and an unflagged failure really created nothing.
//!
//! The proxy's faults are placed where real ones happen: 429 and 503 before the service (it did
//! not act), 500/502/504, lost connections, truncated or invalid bodies and slow answers after
//! it acted. The attempt timeout is generous against the loopback round trip, so a timeout is
//! always an injected slow answer.

use std::time::{Duration, Instant};

use api_core::{Clock, RetryPolicy};
use futures::StreamExt;
use pushauth_client::mock::MockPushAuth;
use pwpush_client::mock::MockPwPush;
use workspace_tests::chaos::{ChaosConfig, ChaosProxy};
use workspace_tests::tally::{Tally, is_fault_error};

const CREATES_PER_API: usize = 500;
const FAULT_RATE: f64 = 0.10;
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
const SLOW_DELAY: Duration = Duration::from_millis(2_500);
const IN_FLIGHT: usize = 16;

fn policy() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_millis(2), Duration::from_millis(20))
}

async fn proxy(base_url: &str, seed: u64) -> ChaosProxy {
    let config = ChaosConfig::new(seed)
        .fault_rate(FAULT_RATE)
        .slow_delay(SLOW_DELAY);
    ChaosProxy::start(base_url, config)
        .await
        .expect("proxy starts")
}

/// What the client said about one create.
#[derive(Debug, PartialEq, Eq)]
enum Said {
    Created,
    FailedMaybeProcessed,
    FailedNotProcessed,
}

/// Checks one API's run: per create, the server saw it as often as the client's answer implies;
/// in total, the server's count is successes plus flagged failures.
fn check(
    label: &str,
    proxy: &ChaosProxy,
    said: &[(String, Said)],
    server_count: usize,
    tally: &Tally,
) {
    let report = proxy.report();
    assert_eq!(report.upstream_errors, 0, "{label}");
    assert!(
        proxy.deliveries().iter().all(|d| d.count == 1),
        "{label}: a create reached the server twice"
    );
    for (marker, said) in said {
        let deliveries = proxy.deliveries_containing(marker);
        let expected = match said {
            Said::Created | Said::FailedMaybeProcessed => 1,
            Said::FailedNotProcessed => 0,
        };
        assert_eq!(deliveries, expected, "{label}: {marker} was {said:?}");
    }
    let created = said.iter().filter(|(_, s)| *s == Said::Created).count();
    let flagged = said
        .iter()
        .filter(|(_, s)| *s == Said::FailedMaybeProcessed)
        .count();
    let unflagged = said.len() - created - flagged;
    eprintln!(
        "no_duplicate_creates {label}: {tally}; server created {server_count} = {created} ok + {flagged} flagged ({unflagged} failed unprocessed); proxy: {report}"
    );
    assert_eq!(server_count, created + flagged, "{label}");
    assert!(report.total_faults() > 0, "{label}");
    // The mix must reach both kinds of failure, or the equality above proves little.
    assert!(
        flagged > 0 && unflagged > 0,
        "{label}: {flagged} flagged, {unflagged} unflagged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_pusher_creates_match_the_servers_count_and_none_is_duplicated() {
    let seed = 0xc4ea_7e01;
    let mock = MockPwPush::start().await.expect("mock starts");
    let proxy = proxy(mock.base_url(), seed).await;
    let client = pwpush_client::Client::builder()
        .base_url(proxy.base_url())
        .bearer_token(mock.token())
        // Named, so that no version probe runs before the creates.
        .api_version(pwpush_client::ApiVersion::V2)
        .no_rate_limit()
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .retry_policy(policy())
        .clock(Clock::tokio().with_rng_seed(seed))
        .build()
        .expect("client builds");

    let started = Instant::now();
    let results: Vec<_> = futures::stream::iter(0..CREATES_PER_API)
        .map(|i| {
            let client = client.clone();
            async move {
                let marker = format!("nodup-payload-{i:05}-end");
                let call_started = Instant::now();
                let result = client
                    .pushes()
                    .create_text(marker.clone())
                    .expire_after_views(5)
                    .await;
                (marker, call_started.elapsed(), result)
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;

    let mut tally = Tally::default();
    let mut said = Vec::new();
    for (marker, elapsed, result) in results {
        let verdict = match &result {
            Ok(push) => {
                assert!(mock.push_exists(push.url_token()));
                Said::Created
            }
            Err(error) => {
                let core = error.core().expect("a transport or server error");
                assert!(is_fault_error(core), "untyped {error:?}");
                if core.may_have_been_processed() {
                    Said::FailedMaybeProcessed
                } else {
                    Said::FailedNotProcessed
                }
            }
        };
        tally.record(result.as_ref().err().and_then(|e| e.core()), elapsed);
        said.push((marker, verdict));
    }
    check("pwpush", &proxy, &said, mock.created_count(), &tally);
    eprintln!("no_duplicate_creates pwpush: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushauth_session_creates_match_the_servers_count_and_none_is_duplicated() {
    let seed = 0xc4ea_7e02;
    let mock = MockPushAuth::start().await.expect("mock starts");
    let proxy = proxy(mock.base_url(), seed).await;
    let client = pushauth_client::Client::builder()
        .base_url(proxy.base_url())
        .api_key(mock.api_key())
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .retry_policy(policy())
        .clock(Clock::tokio().with_rng_seed(seed))
        .build()
        .expect("client builds");

    let started = Instant::now();
    let results: Vec<_> = futures::stream::iter(0..CREATES_PER_API)
        .map(|i| {
            let client = client.clone();
            async move {
                let user = format!("nodup-user-{i:05}");
                let call_started = Instant::now();
                let result = client.sessions().create(user.clone()).await;
                // The marker includes the JSON quotes, so user 1 never matches user 10.
                (format!("\"{user}\""), call_started.elapsed(), result)
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;

    let mut tally = Tally::default();
    let mut said = Vec::new();
    for (marker, elapsed, result) in results {
        let result = result.map_err(pushauth_client::Error::into_core);
        let verdict = match &result {
            Ok(session) => {
                assert!(mock.session(&session.id).is_some());
                Said::Created
            }
            Err(error) => {
                assert!(is_fault_error(error), "untyped {error:?}");
                if error.may_have_been_processed() {
                    Said::FailedMaybeProcessed
                } else {
                    Said::FailedNotProcessed
                }
            }
        };
        tally.add(&result, elapsed);
        said.push((marker, verdict));
    }
    check("pushauth", &proxy, &said, mock.sessions_created(), &tally);
    eprintln!("no_duplicate_creates pushauth: {:?}", started.elapsed());
}
