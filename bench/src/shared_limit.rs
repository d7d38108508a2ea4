//! `shared_limit_efficiency`: four OS processes list Push Security accounts with one API key from
//! one mock, which enforces the documented limit per key (10 a second, capacity 20). First they
//! share the key's budget through the Redis limiter (a real `redis-server`, started as the tests
//! start it), then each paces itself with its in-process limiter only, so the difference shows.
//!
//! ```text
//! ceiling (requests) = capacity + rate × elapsed          e.g. 20 + 10 × 20.4 s = 224
//! efficiency         = requests answered 200 ÷ ceiling    (items/s over ceiling items/s)
//! ```
//!
//! `elapsed` runs from starting the first process to the end of the last, start-up included, so
//! the figure is slightly pessimistic. Each process is this binary again
//! (`sdk-bench shared-limit-worker`), running `workspace_tests::shared_limit::run_worker`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use push_security_client::mock::{MockPushSecurity, MockRateLimit};
use workspace_tests::redis_server::RedisServer;
use workspace_tests::shared_limit::{WorkerOptions, WorkerReport, run_worker};

use crate::BenchResult;
use crate::args::Args;
use crate::report::{emit, emit_f64, progress};

const PROCESSES: usize = 4;

pub async fn run(args: &Args) -> BenchResult {
    let seconds = args.number("seconds", if args.smoke() { 3 } else { 20 })?;
    let page_size = args.number("page-size", if args.smoke() { 2 } else { 50 })?;
    let limit = MockRateLimit::PUSH_DEFAULT;
    let redis = RedisServer::start()?;
    let mock = MockPushSecurity::builder()
        .accounts(usize::try_from(page_size)?.max(1))
        .rate_limit(limit)
        .start()
        .await?;
    let options = WorkerOptions {
        base_url: mock.base_url().to_owned(),
        api_key: mock.full_access_key().to_owned(),
        redis: Some(redis.url()),
        fail_closed: false,
        run_for: Duration::from_secs(seconds),
        page_size: i64::try_from(page_size)?,
        call_deadline: Duration::from_secs(60),
    };
    emit("shared_limit.processes", PROCESSES);
    emit("shared_limit.seconds_per_process", seconds);
    emit("shared_limit.page_size", page_size);
    emit_f64("shared_limit.server_rate_per_s", limit.per_second);
    emit("shared_limit.server_capacity", limit.capacity);

    let mut headline = None;
    for (name, redis) in [("redis", options.redis.clone()), ("in_process", None)] {
        progress(format!(
            "shared_limit.{name}: {PROCESSES} processes for {seconds} s"
        ));
        mock.refill_rate_limit();
        mock.controls().reset_counters();
        let variant = WorkerOptions {
            redis,
            ..options.clone()
        };
        let started = Instant::now();
        let reports = run_processes(&variant).await?;
        let elapsed = started.elapsed().as_secs_f64();
        let ok: u64 = reports.iter().map(|r| r.ok).sum();
        let items: u64 = reports.iter().map(|r| r.items).sum();
        let failed: u64 = reports.iter().map(|r| r.calls - r.ok).sum();
        let ceiling = f64::from(limit.capacity) + limit.per_second * elapsed;
        let efficiency = ok as f64 / ceiling;
        let rejected = mock.controls().rate_limited();
        let p = format!("shared_limit.{name}");
        emit_f64(&format!("{p}.seconds"), elapsed);
        emit(&format!("{p}.requests"), mock.request_count() as u64);
        emit(&format!("{p}.ok"), ok);
        emit(&format!("{p}.failed_calls"), failed);
        emit(&format!("{p}.http_429"), rejected);
        emit_f64(&format!("{p}.items_per_s"), items as f64 / elapsed);
        emit_f64(
            &format!("{p}.ceiling_items_per_s"),
            ceiling * page_size as f64 / elapsed,
        );
        emit_f64(&format!("{p}.efficiency"), efficiency);
        emit(
            &format!("{p}.busiest_second"),
            mock.most_admitted_within(Duration::from_secs(1)),
        );
        if headline.is_none() {
            headline = Some((efficiency, rejected));
        }
    }
    let (efficiency, rejected) = headline.ok_or("no variant ran")?;
    emit_f64("shared_limit_efficiency", efficiency);
    emit("shared_limit_429s", rejected);
    drop(redis);
    Ok(())
}

/// Starts the processes together and waits for their reports.
async fn run_processes(options: &WorkerOptions) -> BenchResult<Vec<WorkerReport>> {
    let binary = std::env::current_exe()?;
    let mut waiting = Vec::with_capacity(PROCESSES);
    for _ in 0..PROCESSES {
        let child = Command::new(&binary)
            .arg("shared-limit-worker")
            .args(options.to_args())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        // The mock serves on this runtime: wait for the children off it.
        waiting.push(tokio::task::spawn_blocking(move || {
            child.wait_with_output()
        }));
    }
    let mut reports = Vec::with_capacity(PROCESSES);
    for waiter in waiting {
        let output = waiter.await??;
        if !output.status.success() {
            return Err(format!("a worker process failed ({})", output.status).into());
        }
        reports.push(WorkerReport::parse(&String::from_utf8_lossy(
            &output.stdout,
        ))?);
    }
    Ok(reports)
}

/// `sdk-bench shared-limit-worker ...`: one of the processes.
pub fn worker(argv: impl IntoIterator<Item = String>) -> BenchResult {
    let options = WorkerOptions::parse(argv)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let report = runtime.block_on(run_worker(&options))?;
    print!("{}", report.to_lines());
    Ok(())
}
