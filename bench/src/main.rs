//! The programs `cargo xtask bench` measures. Each subcommand runs one benchmark against loopback
//! servers it starts itself and prints its measurements as `name: value` lines on stdout
//! (progress goes to stderr); xtask builds this binary in release mode, runs it and reads those
//! lines. docs/benchmarks.md explains what each figure means.
//!
//! ```text
//! sdk-bench overhead   [--smoke]           SDK calls beside hand-written reqwest calls
//! sdk-bench rate-limit [--smoke]           listing at Push Security's rate limit
//! sdk-bench prefetch   [--smoke]           hiding page latency behind consumer work
//! sdk-bench memory     --items N           peak memory streaming N accounts
//! sdk-bench serve-mock --accounts N        (internal) the server `memory` streams from
//! sdk-bench shared-limit [--smoke]         4 processes sharing one key, through Redis and not
//! sdk-bench adaptive [--smoke]             the limiter learning a limit half the configured one
//! sdk-bench shared-limit-worker ...        (internal) one of the `shared-limit` processes
//! sdk-bench serve-fixed                     (internal) the server `calls` calls
//! sdk-bench calls --server URL --side S --call C --calls N
//!                                          (internal) N calls, counted under callgrind
//! ```

mod adaptive;
mod args;
mod fixed_server;
mod instructions;
mod load;
mod memory;
mod overhead;
mod peak_rss;
mod prefetch;
mod rate_limit;
mod raw;
mod report;
mod samples;
mod shared_limit;
mod stats;

use args::Args;

/// Anything that ends a benchmark early; printed on stderr, exit status 1.
type BenchError = Box<dyn std::error::Error + Send + Sync>;
type BenchResult<T = ()> = Result<T, BenchError>;

const USAGE: &str = "usage: sdk-bench <overhead|rate-limit|prefetch|shared-limit|adaptive> [--smoke] | memory --items N | serve-mock --accounts N | serve-fixed | calls --server URL --side sdk|core|raw --call get|post --calls N";

fn main() {
    let mut argv = std::env::args().skip(1);
    let command = argv.next().unwrap_or_default();
    if command == "shared-limit-worker" {
        if let Err(error) = shared_limit::worker(argv) {
            eprintln!("sdk-bench {command}: {error}");
            std::process::exit(1);
        }
        return;
    }
    let result = Args::parse(argv).and_then(|args| run(&command, &args));
    if let Err(error) = result {
        eprintln!("sdk-bench {command}: {error}");
        std::process::exit(1);
    }
}

fn run(command: &str, args: &Args) -> BenchResult {
    if command == "calls" {
        // Its own single-threaded runtime: see `instructions`.
        return instructions::calls(args);
    }
    // The client side gets a runtime like a typical `#[tokio::main]` program's; loopback servers
    // that must not share it start their own.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match command {
        "overhead" => runtime.block_on(overhead::run(args)),
        "rate-limit" => runtime.block_on(rate_limit::run(args)),
        "prefetch" => runtime.block_on(prefetch::run(args)),
        "memory" => runtime.block_on(memory::run(args)),
        "serve-mock" => runtime.block_on(memory::serve_mock(args)),
        "shared-limit" => runtime.block_on(shared_limit::run(args)),
        "adaptive" => runtime.block_on(adaptive::run(args)),
        "serve-fixed" => runtime.block_on(instructions::serve_fixed()),
        other => Err(format!("unknown benchmark `{other}`\n{USAGE}").into()),
    }
}
