//! Benchmark 1, `overhead_ratio`: calls per second through the SDK divided by calls per second of
//! the same HTTP call written by hand ([`crate::raw`]), on the same fixed-answer server, for a GET
//! that decodes a Push Security list page and a POST that creates a Password Pusher push, at
//! concurrency 1 and 32.
//!
//! A third side, `core`, makes the same calls through `api_core::Client` directly (a hand-built
//! `Request`, decoded into the SDK's model types): it splits the overhead between the transport
//! layer (retries, timeouts, tracing, size limit) and the client crate's builders.
//!
//! The sides take turns (the order rotates every round), so a drift in machine load hits all of
//! them alike; each round gives a ratio to the hand-written side and the figure is the median
//! ratio over the rounds. The SDK clients run without a rate limiter: the
//! limiter is a feature that deliberately slows calls, not overhead.

use std::hint::black_box;
use std::time::Duration;

use futures::future::BoxFuture;
use pwpush_client::ApiVersion;
use pwpush_client::models::Edition;

use crate::args::Args;
use crate::fixed_server::FixedServer;
use crate::load::{self, LoadRun};
use crate::raw::{self, RawClient};
use crate::report::{emit, emit_f64, progress};
use crate::stats::{median, micros, percentile};
use crate::{BenchResult, samples};

const PAYLOAD: &str = "correct horse battery staple";
const API_KEY: &str = "bench-api-key";
const TOKEN: &str = "bench-token";

#[derive(Clone, Copy, Debug)]
pub(crate) enum Call {
    /// `GET /v1/accounts`, one page of 50 accounts decoded.
    ListAccounts,
    /// `POST /api/v2/pushes`, the created push decoded.
    CreatePush,
}

impl Call {
    /// `get` or `post`, as `--call` takes it.
    pub(crate) fn parse(text: &str) -> BenchResult<Self> {
        match text {
            "get" => Ok(Call::ListAccounts),
            "post" => Ok(Call::CreatePush),
            other => Err(format!("`--call` is `get` or `post`, not `{other}`").into()),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Call::ListAccounts => "get",
            Call::CreatePush => "post",
        }
    }
}

/// The ways of making the calls, all pointed at the same server.
#[derive(Clone, Debug)]
pub(crate) struct Clients {
    push_security: push_security_client::Client,
    pwpush: pwpush_client::Client,
    core: api_core::Client,
    raw: RawClient,
}

/// Who makes the calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// The client crates' builders.
    Sdk,
    /// `api_core::Client` with a hand-built request, decoding the SDK's models.
    Core,
    /// reqwest and serde_json by hand.
    Raw,
}

impl Side {
    /// `sdk`, `core` or `raw`, as `--side` takes it.
    pub(crate) fn parse(text: &str) -> BenchResult<Self> {
        match text {
            "sdk" => Ok(Side::Sdk),
            "core" => Ok(Side::Core),
            "raw" => Ok(Side::Raw),
            other => Err(format!("`--side` is `sdk`, `core` or `raw`, not `{other}`").into()),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Side::Sdk => "sdk",
            Side::Core => "core",
            Side::Raw => "raw",
        }
    }
}

const CORE_INFO: api_core::ApiInfo = api_core::ApiInfo {
    api: "bench",
    crate_name: "sdk-bench",
    crate_version: "0.0.0",
    default_base_url: "http://127.0.0.1",
    spans: api_core::client_spans!(),
};

impl Clients {
    /// Every side's client, pointed at the server at `base_url`.
    pub(crate) fn new(base_url: &str) -> BenchResult<Self> {
        let push_security = push_security_client::Client::builder()
            .base_url(base_url)
            .api_key(API_KEY)
            .no_rate_limit()
            .build()?;
        // Version and edition given, as a user who knows their server does: no probe request.
        let pwpush = pwpush_client::Client::builder()
            .base_url(base_url)
            .bearer_token(TOKEN)
            .api_version(ApiVersion::V2)
            .edition(Edition::Oss)
            .no_rate_limit()
            .build()?;
        let core = api_core::Client::builder(CORE_INFO)
            .base_url(base_url)
            .auth(api_core::Auth::api_key("x-api-key", API_KEY))
            .build()?;
        Ok(Clients {
            push_security,
            pwpush,
            core,
            raw: RawClient::new(base_url, API_KEY, TOKEN)?,
        })
    }

    /// One call made by one side, as a function that starts it.
    pub(crate) fn side(
        &self,
        side: Side,
        call: Call,
    ) -> Box<dyn Fn() -> BoxFuture<'static, BenchResult> + Send + Sync> {
        match side {
            Side::Sdk => Box::new(self.sdk(call)),
            Side::Core => Box::new(self.core(call)),
            Side::Raw => Box::new(self.raw(call)),
        }
    }

    fn core(
        &self,
        call: Call,
    ) -> impl Fn() -> BoxFuture<'static, BenchResult> + Send + Sync + 'static {
        let core = self.core.clone();
        move || {
            let core = core.clone();
            Box::pin(async move {
                match call {
                    Call::ListAccounts => {
                        let request = api_core::Request::get("listAccounts", "/v1/accounts");
                        let page: push_security_client::models::AccountList =
                            core.send_json(request).await?;
                        black_box(page);
                    }
                    Call::CreatePush => {
                        let body = raw::CreatePush {
                            push: raw::PushParams {
                                payload: PAYLOAD,
                                expire_after_days: 2,
                                expire_after_views: 5,
                            },
                        };
                        let request = api_core::Request::post("v2CreatePush", "/api/v2/pushes")
                            .json(&body)?
                            .header(
                                api_core::HeaderName::from_static("authorization"),
                                api_core::HeaderValue::from_static("Bearer bench-token"),
                            );
                        let push: pwpush_client::models::Push = core.send_json(request).await?;
                        black_box(push);
                    }
                }
                Ok(())
            })
        }
    }

    fn sdk(
        &self,
        call: Call,
    ) -> impl Fn() -> BoxFuture<'static, BenchResult> + Send + Sync + 'static {
        // Each call clones only the client it uses (a reference count), as the other sides do.
        let push_security = self.push_security.clone();
        let pwpush = self.pwpush.clone();
        move || -> BoxFuture<'static, BenchResult> {
            match call {
                Call::ListAccounts => {
                    let push_security = push_security.clone();
                    Box::pin(async move {
                        black_box(push_security.accounts().list().send().await?);
                        Ok(())
                    })
                }
                Call::CreatePush => {
                    let pwpush = pwpush.clone();
                    Box::pin(async move {
                        let push = pwpush
                            .pushes()
                            .create_text(PAYLOAD)
                            .expire_after_days(2)
                            .expire_after_views(5)
                            .await?;
                        black_box(push);
                        Ok(())
                    })
                }
            }
        }
    }

    fn raw(
        &self,
        call: Call,
    ) -> impl Fn() -> BoxFuture<'static, BenchResult> + Send + Sync + 'static {
        // Behind an `Arc`, so each call clones a reference count like the SDK sides, not the
        // client's header maps and URLs.
        let raw = std::sync::Arc::new(self.raw.clone());
        move || {
            let raw = std::sync::Arc::clone(&raw);
            Box::pin(async move {
                match call {
                    Call::ListAccounts => {
                        black_box(raw.list_accounts().await?);
                    }
                    Call::CreatePush => {
                        black_box(raw.create_push(PAYLOAD).await?);
                    }
                }
                Ok(())
            })
        }
    }
}

/// Rounds, run length, and the cells of the table to measure.
#[derive(Debug)]
struct Plan {
    rounds: u64,
    run: Duration,
    calls: Vec<Call>,
    concurrency: Vec<usize>,
}

impl Plan {
    /// The full table, or the part `--call get|post` and `--concurrency N` select (to profile
    /// one cell).
    fn from_args(args: &Args) -> BenchResult<Self> {
        let calls = match args.text("call") {
            None => vec![Call::ListAccounts, Call::CreatePush],
            Some(text) => vec![Call::parse(text)?],
        };
        let concurrency = match args.number("concurrency", 0)? {
            0 => vec![1, 32],
            n => vec![usize::try_from(n)?],
        };
        Ok(Plan {
            rounds: args
                .number("rounds", if args.smoke() { 1 } else { 7 })?
                .max(1),
            run: Duration::from_millis(
                args.number("run-ms", if args.smoke() { 100 } else { 1_000 })?,
            ),
            calls,
            concurrency,
        })
    }
}

pub async fn run(args: &Args) -> BenchResult {
    let plan = Plan::from_args(args)?;
    let samples = samples::capture().await?;
    let delay = Duration::from_micros(args.number("server-delay-us", 0)?);
    let server = FixedServer::start(samples, 1, delay)?;
    let clients = Clients::new(server.base_url())?;
    if let Some(side) = args.text("side") {
        return profile_one_side(&clients, &plan, side).await;
    }
    let mut worst = f64::INFINITY;
    for &call in &plan.calls {
        for &concurrency in &plan.concurrency {
            worst = worst.min(measure(&clients, call, concurrency, &plan).await?);
        }
    }
    emit("overhead.server_delay_us", delay.as_micros());
    emit("overhead.rounds", plan.rounds);
    emit("overhead.run_ms", plan.run.as_millis());
    emit_f64("overhead_ratio", worst);
    drop(clients);
    drop(server);
    Ok(())
}

/// `--side sdk|core|raw`: runs one side only, for a profiler or `perf stat` to look at; no ratio.
async fn profile_one_side(clients: &Clients, plan: &Plan, side: &str) -> BenchResult {
    for &call in &plan.calls {
        for &concurrency in &plan.concurrency {
            let chosen = Side::parse(side)?;
            let length = plan.run * u32::try_from(plan.rounds)?;
            let run = load::run(concurrency, length, clients.side(chosen, call)).await?;
            let name = format!("overhead.{}.c{concurrency}.{side}", call.name());
            report_side(&name, &mut [run]);
        }
    }
    Ok(())
}

/// One cell of the table: one call at one concurrency. Returns its ratio.
async fn measure(
    clients: &Clients,
    call: Call,
    concurrency: usize,
    plan: &Plan,
) -> BenchResult<f64> {
    let name = format!("overhead.{}.c{concurrency}", call.name());
    progress(format!(
        "{name}: {} rounds of {:?} per side",
        plan.rounds, plan.run
    ));
    // Opens the connections and fills both sides' pools before anything is timed.
    let warm_up = plan.run / 2;
    for side in [Side::Sdk, Side::Core, Side::Raw] {
        load::run(concurrency, warm_up, clients.side(side, call)).await?;
    }

    let sides = [Side::Sdk, Side::Raw, Side::Core];
    let mut runs: Vec<Vec<LoadRun>> = sides.iter().map(|_| Vec::new()).collect();
    let mut sdk_ratios = Vec::new();
    let mut core_ratios = Vec::new();
    for round in 0..plan.rounds as usize {
        let mut rates = [0.0; 3];
        for turn in 0..sides.len() {
            let index = (round + turn) % sides.len();
            let run = load::run(concurrency, plan.run, clients.side(sides[index], call)).await?;
            rates[index] = run.calls_per_second();
            runs[index].push(run);
        }
        sdk_ratios.push(rates[0] / rates[1]);
        core_ratios.push(rates[2] / rates[1]);
    }
    for (side, side_runs) in sides.iter().zip(runs.iter_mut()) {
        report_side(&format!("{name}.{}", side.name()), side_runs);
    }
    let ratio = median(&sdk_ratios);
    emit_f64(&format!("{name}.core_ratio"), median(&core_ratios));
    emit_f64(&format!("{name}.ratio"), ratio);
    Ok(ratio)
}

fn report_side(name: &str, runs: &mut [LoadRun]) {
    let rates: Vec<f64> = runs.iter().map(LoadRun::calls_per_second).collect();
    let mut latencies: Vec<Duration> = runs
        .iter_mut()
        .flat_map(|run| std::mem::take(&mut run.latencies))
        .collect();
    latencies.sort_unstable();
    emit_f64(&format!("{name}.calls_per_s"), median(&rates));
    emit(
        &format!("{name}.p50_us"),
        micros(percentile(&latencies, 50.0)),
    );
    emit(
        &format!("{name}.p99_us"),
        micros(percentile(&latencies, 99.0)),
    );
}
