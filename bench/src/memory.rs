//! Benchmark 4, `memory_ratio`: the peak resident memory of a process that streams 100,000
//! Push Security accounts divided by that of one streaming 1,000. xtask runs each size in a
//! process of its own; this module is one such process. The server is the crate's mock in a
//! child process (`serve-mock`), so the data it holds does not count against the client.

use std::process::Stdio;

use futures::TryStreamExt;
use push_security_client::mock::MockPushSecurity;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::BenchResult;
use crate::args::Args;
use crate::peak_rss::peak_rss_kib;
use crate::report::{emit, progress};

/// What the child prints once it listens: `listening: <base url> <api key>`.
const READY: &str = "listening: ";

pub async fn run(args: &Args) -> BenchResult {
    let items = args.number("items", 0)?;
    if items == 0 {
        return Err("`--items N` is required".into());
    }
    let mut child = tokio::process::Command::new(std::env::current_exe()?)
        .args(["serve-mock", "--accounts", &items.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or("the mock's stdout is not piped")?;
    let mut lines = BufReader::new(stdout).lines();
    let ready = lines
        .next_line()
        .await?
        .ok_or("the mock process ended before it listened")?;
    let (base_url, key) = ready
        .strip_prefix(READY)
        .and_then(|rest| rest.split_once(' '))
        .ok_or_else(|| format!("unexpected line from the mock process: {ready}"))?;

    progress(format!("memory: streaming {items} accounts"));
    let client = push_security_client::Client::builder()
        .base_url(base_url)
        .api_key(key)
        .no_rate_limit()
        .build()?;
    let mut stream = std::pin::pin!(client.accounts().list().items());
    let mut streamed = 0u64;
    let mut email_bytes = 0usize;
    while let Some(account) = stream.try_next().await? {
        streamed += 1;
        email_bytes += account.email.as_ref().map_or(0, String::len);
    }
    if streamed != items {
        return Err(format!("expected {items} accounts, the listing gave {streamed}").into());
    }
    let peak = peak_rss_kib()?;
    emit("memory.items", streamed);
    emit("memory.email_bytes", email_bytes);
    emit("memory.peak_rss_kib", peak);
    child.kill().await?;
    Ok(())
}

/// The child: the mock with `--accounts N` accounts and no rate limit, until stdin closes.
pub async fn serve_mock(args: &Args) -> BenchResult {
    let accounts = usize::try_from(args.number("accounts", 1_000)?)?;
    let mock = MockPushSecurity::builder()
        .accounts(accounts)
        .no_rate_limit()
        .start()
        .await?;
    println!("{READY}{} {}", mock.base_url(), mock.full_access_key());
    // The parent holds our stdin; it closes when the parent is done or gone.
    tokio::task::spawn_blocking(|| std::io::copy(&mut std::io::stdin(), &mut std::io::sink()))
        .await??;
    drop(mock);
    Ok(())
}
