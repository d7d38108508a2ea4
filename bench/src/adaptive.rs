//! `adaptive_recovery`: the service allows half of what the client is configured for. The mock
//! enforces 5 requests a second with a capacity of 10, the Push Security client keeps its
//! default (10 a second, burst 20) and lists pages one after another. Its limiter learns from
//! the 429s: the figures are the 429s it took to settle, those that came after (probing), and the
//! efficiency once settled:
//!
//! ```text
//! efficiency after settling = requests answered 200 after the settling time ÷ (real rate × time)
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use push_security_client::mock::{MockPushSecurity, MockRateLimit};

use crate::BenchResult;
use crate::args::Args;
use crate::report::{emit, emit_f64, progress};

/// What the service really allows: half the client's configured limit.
const REAL_LIMIT: MockRateLimit = MockRateLimit {
    per_second: 5.0,
    capacity: 10,
};

pub async fn run(args: &Args) -> BenchResult {
    let settle =
        Duration::from_secs(args.number("settle-seconds", if args.smoke() { 2 } else { 15 })?);
    let measure = Duration::from_secs(args.number("seconds", if args.smoke() { 2 } else { 30 })?);
    let mock = MockPushSecurity::builder()
        .accounts(10)
        .rate_limit(REAL_LIMIT)
        .start()
        .await?;
    let client = mock.client_builder().build()?;
    emit_f64("adaptive.server_rate_per_s", REAL_LIMIT.per_second);
    emit("adaptive.server_capacity", REAL_LIMIT.capacity);
    emit_f64(
        "adaptive.client_rate_per_s",
        push_security_client::DEFAULT_RATE_PER_SECOND,
    );
    emit("adaptive.client_burst", push_security_client::DEFAULT_BURST);
    emit("adaptive.settle_seconds", settle.as_secs());
    emit("adaptive.measure_seconds", measure.as_secs());
    progress(format!(
        "adaptive: listing for {} s against half the configured limit",
        (settle + measure).as_secs()
    ));

    let stop = Arc::new(AtomicBool::new(false));
    let lister = tokio::spawn({
        let stop = Arc::clone(&stop);
        async move {
            let mut failed = 0u64;
            while !stop.load(Ordering::Relaxed) {
                if client.accounts().list().limit(1).await.is_err() {
                    failed += 1;
                }
            }
            failed
        }
    });
    tokio::time::sleep(settle).await;
    let (requests_at, rejected_at) = (mock.request_count() as u64, mock.controls().rate_limited());
    let measuring = Instant::now();
    tokio::time::sleep(measure).await;
    let (requests_end, rejected_end) =
        (mock.request_count() as u64, mock.controls().rate_limited());
    let measured = measuring.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let failed_calls = lister.await?;

    let ok_after = (requests_end - rejected_end) - (requests_at - rejected_at);
    let efficiency = ok_after as f64 / (REAL_LIMIT.per_second * measured);
    emit("adaptive.http_429_while_settling", rejected_at);
    emit(
        "adaptive.http_429_after_settling",
        rejected_end - rejected_at,
    );
    emit("adaptive.failed_calls", failed_calls);
    emit_f64(
        "adaptive.ok_per_s_after_settling",
        ok_after as f64 / measured,
    );
    emit_f64("adaptive_recovery_efficiency", efficiency);
    emit("adaptive_recovery_429s", rejected_at);
    Ok(())
}
