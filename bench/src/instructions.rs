//! The programs behind `instructions_ratio`: machine instructions per call through the SDK and
//! by hand, counted by callgrind (xtask runs `calls` under `valgrind --tool=callgrind`).
//!
//! - `serve-fixed` is the overhead benchmark's fixed-answer server in a process of its own, so
//!   that the counted process holds the client alone.
//! - `calls` makes a fixed number of calls, one after the other, on a single-threaded runtime:
//!   with no worker threads to park, wake and steal work, the count depends on the calls made,
//!   not on how the scheduler happened to run. xtask runs it twice with different counts and
//!   takes the difference, so start-up, connecting and one-time initialisation cancel out.

use std::time::Duration;

use crate::BenchResult;
use crate::args::Args;
use crate::fixed_server::FixedServer;
use crate::overhead::{Call, Clients, Side};
use crate::report::emit;
use crate::samples;

/// What `serve-fixed` prints once it listens: `listening: <base url>`.
const READY: &str = "listening: ";

/// `serve-fixed`: the fixed-answer server until stdin closes.
pub async fn serve_fixed() -> BenchResult {
    let samples = samples::capture().await?;
    let server = FixedServer::start(samples, 1, Duration::ZERO)?;
    println!("{READY}{}", server.base_url());
    // The parent holds our stdin; it closes when the parent is done or gone.
    tokio::task::spawn_blocking(|| std::io::copy(&mut std::io::stdin(), &mut std::io::sink()))
        .await??;
    drop(server);
    Ok(())
}

/// `calls --server <url> --side sdk|core|raw --call get|post --calls N`.
pub fn calls(args: &Args) -> BenchResult {
    let server = args
        .text("server")
        .ok_or("`--server <base url>` is required")?;
    let side = Side::parse(args.text("side").ok_or("`--side` is required")?)?;
    let call = Call::parse(args.text("call").ok_or("`--call` is required")?)?;
    let count = args.number("calls", 0)?;
    if count == 0 {
        return Err("`--calls N` (at least 1) is required".into());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let clients = Clients::new(server)?;
        let make_call = clients.side(side, call);
        for _ in 0..count {
            make_call().await?;
        }
        emit("calls.made", count);
        Ok(())
    })
}
