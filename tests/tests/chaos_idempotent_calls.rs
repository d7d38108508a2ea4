//! 10,000 idempotent calls through the chaos proxy at a 10% fault rate: every call ends in
//! success or a typed error within its deadline, nothing panics, and retries stay within the
//! attempt limit and the retry budget.

use std::sync::Arc;
use std::time::{Duration, Instant};

use api_core::{ApiInfo, Auth, Clock, Request, RetryBudget, RetryPolicy};
use futures::StreamExt;
use push_security_client::mock::MockPushSecurity;
use workspace_tests::chaos::{ChaosConfig, ChaosProxy, Fault, FaultMix};
use workspace_tests::tally::{Tally, is_fault_error};

const SEED: u64 = 0x9e11_0001;
const CALLS: usize = 10_000;
const FAULT_RATE: f64 = 0.10;
const MAX_ATTEMPTS: u32 = 3;
/// Short, because everything is on loopback; slow faults are held well past it.
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(300);
const SLOW_DELAY: Duration = Duration::from_millis(900);
/// The overall deadline of each call.
const DEADLINE: Duration = Duration::from_secs(6);
/// Scheduling slack on a loaded two-core machine, beyond the deadline.
const SLACK: Duration = Duration::from_millis(750);
const IN_FLIGHT: usize = 32;

fn fast_backoff() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(MAX_ATTEMPTS)
        .backoff(Duration::from_millis(2), Duration::from_millis(20))
}

/// What one call did, as seen from outside the SDK.
struct CallRecord {
    id: String,
    elapsed: Duration,
    outcome: Result<push_security_client::models::Account, api_core::Error>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_gets_end_in_success_or_a_typed_error_within_the_deadline() {
    let mock = MockPushSecurity::builder()
        .seed(SEED)
        .accounts(CALLS)
        .no_rate_limit()
        .start()
        .await
        .expect("mock starts");
    let proxy = ChaosProxy::start(
        mock.base_url(),
        ChaosConfig::new(SEED)
            .fault_rate(FAULT_RATE)
            .slow_delay(SLOW_DELAY),
    )
    .await
    .expect("proxy starts");
    let client = push_security_client::Client::builder()
        .base_url(proxy.base_url())
        .api_key(mock.full_access_key())
        .no_rate_limit()
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .overall_timeout(DEADLINE)
        .retry_policy(fast_backoff())
        .clock(Clock::tokio().with_rng_seed(SEED))
        .build()
        .expect("client builds");

    let ids = mock.account_ids();
    assert_eq!(ids.len(), CALLS);
    let started = Instant::now();
    let handles = ids.into_iter().map(|id| {
        let client = client.clone();
        tokio::spawn(async move {
            let call_started = Instant::now();
            let outcome = tokio::time::timeout(DEADLINE + SLACK, client.accounts().get(&id)).await;
            (id, call_started.elapsed(), outcome)
        })
    });
    let joined: Vec<_> = futures::stream::iter(handles)
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let wall = started.elapsed();

    let mut records = Vec::with_capacity(CALLS);
    for join in joined {
        let (id, elapsed, outcome) = join.expect("no call panics");
        let outcome = outcome.unwrap_or_else(|_| panic!("call for {id} hung past its deadline"));
        records.push(CallRecord {
            id,
            elapsed,
            outcome: outcome.map_err(push_security_client::Error::into_core),
        });
    }

    let mut tally = Tally::default();
    for record in &records {
        tally.add(&record.outcome, record.elapsed);
        assert!(
            record.elapsed <= DEADLINE + SLACK,
            "call for {} took {:?}",
            record.id,
            record.elapsed
        );
        match &record.outcome {
            Ok(account) => assert_eq!(account.id, record.id, "the answer is for the id asked"),
            Err(error) => assert!(is_fault_error(error), "untyped outcome {error:?}"),
        }
    }

    let report = proxy.report();
    let attempts = proxy.attempts_per_request();
    eprintln!(
        "chaos_idempotent_calls: {tally}; proxy: {report}; max attempts per call {}; wall {wall:?}",
        attempts.iter().max().copied().unwrap_or(0)
    );

    assert_eq!(report.upstream_errors, 0);
    assert_eq!(attempts.len(), CALLS, "one distinct request per call");
    assert!(attempts.iter().all(|a| (1..=MAX_ATTEMPTS).contains(a)));
    assert_eq!(u64::from(attempts.iter().sum::<u32>()), report.requests);
    let share = report.total_faults() as f64 / report.requests as f64;
    assert!((0.08..=0.12).contains(&share), "fault share {share}");
    assert_eq!(report.kinds_not_injected(), Vec::<Fault>::new());

    // The default retry budget (500 tokens, 5 per retry, 10 after a timeout; +1 per first-try
    // success, the last cost back after a retried success) can never have paid for more than
    // this many retries.
    let retries = report.requests - CALLS as u64;
    let retried_calls = attempts.iter().filter(|a| **a > 1).count() as u64;
    let first_try = CALLS as u64 - retried_calls;
    assert!(5 * retries <= 500 + first_try + 10 * retried_calls);
    // Faults that a retry heals are healed: only invalid JSON, and the rare call faulted on
    // every attempt, may fail.
    assert!(tally.ok as f64 >= 0.97 * CALLS as f64, "{tally}");
}

const CORE_INFO: ApiInfo = ApiInfo {
    api: "reliability",
    crate_name: "workspace-tests",
    crate_version: "0.1.0",
    default_base_url: "http://127.0.0.1:9",
    spans: api_core::client_spans!(),
};

/// A core client to `base_url` with the Push Security mock's key and the given budget.
fn core_client(base_url: &str, key: &str, budget: RetryBudget) -> api_core::Client {
    api_core::Client::builder(CORE_INFO)
        .base_url(base_url)
        .auth(Auth::api_key("x-api-key", key.to_owned()))
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .overall_timeout(DEADLINE)
        .retry_policy(fast_backoff())
        .retry_budget(budget)
        .clock(Clock::tokio().with_rng_seed(SEED))
        .build()
        .expect("client builds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_that_always_fails_gets_no_more_retries_than_the_budget_pays_for() {
    let mock = MockPushSecurity::builder()
        .seed(SEED)
        .accounts(50)
        .no_rate_limit()
        .start()
        .await
        .expect("mock starts");
    let proxy = ChaosProxy::start(
        mock.base_url(),
        ChaosConfig::new(SEED)
            .fault_rate(1.0)
            .mix(FaultMix::only(&[Fault::ServiceUnavailable])),
    )
    .await
    .expect("proxy starts");
    // 100 tokens at 5 per retry: 20 retries in all, whatever the number of calls.
    let budget = RetryBudget::new().capacity(100).retry_cost(5);
    let client = core_client(proxy.base_url(), mock.full_access_key(), budget.clone());
    let ids = Arc::new(mock.account_ids());
    let calls = 200usize;
    let results: Vec<_> = futures::stream::iter(0..calls)
        .map(|i| {
            let client = client.clone();
            let ids = Arc::clone(&ids);
            async move {
                let request = Request::get("getAccount", "/v1/accounts/{id}")
                    .path_param("id", &ids[i % ids.len()]);
                client.execute(request).await
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;

    let report = proxy.report();
    eprintln!("retry storm: {report}; budget left {}", budget.available());
    assert!(results.iter().all(|r| {
        r.as_ref()
            .is_err_and(|e| e.status() == Some(api_core::StatusCode::SERVICE_UNAVAILABLE))
    }));
    assert_eq!(report.requests, calls as u64 + 20);
    assert_eq!(budget.available(), 0);
    // 503 came from in front of the service: it saw none of them.
    assert_eq!(report.forwarded, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeouts_spend_the_retry_budget_twice_as_fast() {
    let mock = MockPushSecurity::builder()
        .seed(SEED)
        .accounts(50)
        .no_rate_limit()
        .start()
        .await
        .expect("mock starts");
    let proxy = ChaosProxy::start(
        mock.base_url(),
        ChaosConfig::new(SEED)
            .fault_rate(1.0)
            .mix(FaultMix::only(&[Fault::SlowResponse]))
            .slow_delay(SLOW_DELAY),
    )
    .await
    .expect("proxy starts");
    // 100 tokens at 10 per retry after a timeout: 10 retries in all.
    let budget = RetryBudget::new().capacity(100);
    let client = core_client(proxy.base_url(), mock.full_access_key(), budget.clone());
    let ids = mock.account_ids();
    let calls = 24usize;
    let results: Vec<_> = futures::stream::iter(ids.iter().cycle().take(calls).cloned())
        .map(|id| {
            let client = client.clone();
            async move {
                let request = Request::get("getAccount", "/v1/accounts/{id}").path_param("id", id);
                client.execute(request).await
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;

    let report = proxy.report();
    eprintln!(
        "timeout storm: {report}; budget left {}",
        budget.available()
    );
    assert!(
        results
            .iter()
            .all(|r| r.as_ref().is_err_and(api_core::Error::is_timeout))
    );
    assert_eq!(report.requests, calls as u64 + 10);
    // The service answered every attempt; the client stopped waiting for each.
    assert_eq!(report.forwarded, report.requests);
}
