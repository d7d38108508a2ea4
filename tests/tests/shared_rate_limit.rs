//! Four OS processes share one Push Security key through the Redis limiter, against the crate's
//! mock, which enforces the documented limit per key (10 a second, capacity 20).
//!
//! These tests run real processes against a real `redis-server` and read the wall clock: the
//! mock records when it admitted each request, and the property checked is one a slow machine
//! cannot break (no 429, never more than the limit in any one-second window). Timing only
//! decides how much work gets done, never whether an assertion holds, except the bound on a
//! call's duration, which is its deadline plus a generous grace.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use push_security_client::mock::{MockPushSecurity, MockRateLimit};
use workspace_tests::redis_server::RedisServer;
use workspace_tests::shared_limit::{WorkerOptions, WorkerReport};

const WORKERS: usize = 4;
/// Time for a process to notice an ended deadline and report it, on a loaded machine.
const DEADLINE_GRACE: Duration = Duration::from_secs(2);

fn redis() -> RedisServer {
    RedisServer::start().unwrap_or_else(|e| panic!("these tests need a real Redis: {e}"))
}

async fn mock() -> MockPushSecurity {
    MockPushSecurity::builder()
        .accounts(50)
        .rate_limit(MockRateLimit::PUSH_DEFAULT)
        .start()
        .await
        .expect("the mock starts")
}

fn options(mock: &MockPushSecurity, redis: &RedisServer) -> WorkerOptions {
    WorkerOptions {
        base_url: mock.base_url().to_owned(),
        api_key: mock.full_access_key().to_owned(),
        redis: Some(redis.url()),
        fail_closed: false,
        run_for: Duration::from_secs(4),
        page_size: 1,
        call_deadline: Duration::from_secs(10),
    }
}

/// A finished worker: its report and what it logged.
struct Finished {
    report: WorkerReport,
    stderr: String,
}

/// Starts the workers at once; the returned handles finish when they exit.
fn spawn_workers(options: &WorkerOptions) -> Vec<tokio::task::JoinHandle<Output>> {
    (0..WORKERS)
        .map(|_| {
            let child = Command::new(env!("CARGO_BIN_EXE_shared_limit_worker"))
                .args(options.to_args())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the worker binary starts");
            // The mock serves on this test's runtime: wait for the child off it.
            tokio::task::spawn_blocking(move || child.wait_with_output().expect("the worker runs"))
        })
        .collect()
}

async fn finish(workers: Vec<tokio::task::JoinHandle<Output>>) -> Vec<Finished> {
    let mut finished = Vec::with_capacity(workers.len());
    for worker in workers {
        let output = worker.await.expect("the waiting task completes");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "a worker failed ({}): {stderr}",
            output.status
        );
        let report =
            WorkerReport::parse(&stdout).unwrap_or_else(|e| panic!("{e}; stderr: {stderr}"));
        finished.push(Finished { report, stderr });
    }
    finished
}

/// Successful requests the mock has seen so far.
fn served(mock: &MockPushSecurity) -> u64 {
    mock.request_count() as u64 - mock.controls().rate_limited()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_sharing_one_key_through_redis_get_no_429_and_stay_within_the_limit() {
    let redis = redis();
    let mock = mock().await;
    let finished = finish(spawn_workers(&options(&mock, &redis))).await;

    assert_eq!(mock.controls().rate_limited(), 0, "the mock answered 429");
    let limit = MockRateLimit::PUSH_DEFAULT;
    // A bucket of capacity C refilled at R a second admits at most C + R in any one second.
    let most_per_second = limit.capacity as usize + limit.per_second as usize;
    let busiest = mock.most_admitted_within(Duration::from_secs(1));
    assert!(
        busiest <= most_per_second,
        "{busiest} requests within one second, the limit allows {most_per_second}"
    );
    for worker in &finished {
        let report = &worker.report;
        assert!(report.ok > 0, "a worker got nothing done: {report:?}");
        assert_eq!(report.calls, report.ok, "a call failed: {report:?}");
    }
    // Every request the mock saw was one of the workers' successful calls: no retries were needed.
    let total: u64 = finished.iter().map(|w| w.report.ok).sum();
    assert_eq!(total, mock.request_count() as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_killed_mid_run_the_processes_go_on_under_their_local_limiters() {
    let mut redis = redis();
    let mock = mock().await;
    let mut options = options(&mock, &redis);
    options.run_for = Duration::from_secs(6);
    options.call_deadline = Duration::from_secs(3);
    let workers = spawn_workers(&options);
    tokio::time::sleep(Duration::from_secs(2)).await;
    redis.kill();
    let served_at_kill = served(&mock);
    let finished = finish(workers).await;

    assert!(
        served(&mock) > served_at_kill + WORKERS as u64,
        "requests stopped when Redis died: {} served before, {} after",
        served_at_kill,
        served(&mock)
    );
    for worker in &finished {
        assert!(
            worker
                .stderr
                .contains("Redis is unreachable; falling back to the in-process limiter"),
            "no warning from a worker: {}",
            worker.stderr
        );
        assert_eq!(
            worker.stderr.matches("Redis is unreachable").count(),
            1,
            "the warning is said once per outage: {}",
            worker.stderr
        );
        let longest = Duration::from_millis(worker.report.longest_call_ms);
        assert!(
            longest <= options.call_deadline + DEADLINE_GRACE,
            "a call ran {longest:?}, its deadline was {:?}",
            options.call_deadline
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_killed_and_fail_closed_the_processes_send_nothing_and_calls_end_at_their_deadline()
 {
    let mut redis = redis();
    let mock = mock().await;
    let mut options = options(&mock, &redis);
    options.fail_closed = true;
    options.run_for = Duration::from_secs(5);
    options.call_deadline = Duration::from_millis(1500);
    let workers = spawn_workers(&options);
    tokio::time::sleep(Duration::from_secs(2)).await;
    redis.kill();
    // Requests already paced through Redis may still be on their way.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let requests_after_kill = mock.request_count() as u64;
    let finished = finish(workers).await;

    assert_eq!(
        mock.request_count() as u64,
        requests_after_kill,
        "requests were sent while the shared limit could not be checked"
    );
    for worker in &finished {
        let report = &worker.report;
        assert!(report.timeouts > 0, "no call was held back: {report:?}");
        assert!(
            worker.stderr.contains("fail closed"),
            "no warning from a worker: {}",
            worker.stderr
        );
        let longest = Duration::from_millis(report.longest_call_ms);
        assert!(
            longest <= options.call_deadline + DEADLINE_GRACE,
            "a call ran {longest:?}, its deadline was {:?}",
            options.call_deadline
        );
    }
}
