//! A closed-loop load: `concurrency` tasks each call, wait for the answer, and call again until a
//! deadline; every call's latency is kept.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::BenchResult;

/// What one load run measured.
#[derive(Debug, Default)]
pub struct LoadRun {
    /// Calls completed.
    pub calls: u64,
    /// From the start until the last task finished its last call.
    pub elapsed: Duration,
    /// The latency of every call, unsorted.
    pub latencies: Vec<Duration>,
}

impl LoadRun {
    /// Completed calls per second.
    pub fn calls_per_second(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

/// Runs `call` from `concurrency` tasks for `duration`. The first failing call ends the run with
/// its error: a benchmark that errors must not report figures.
pub async fn run<F, Fut>(concurrency: usize, duration: Duration, call: F) -> BenchResult<LoadRun>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = BenchResult> + Send + 'static,
{
    let call = Arc::new(call);
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency.max(1) {
        let call = Arc::clone(&call);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let sent = Instant::now();
                call().await?;
                latencies.push(sent.elapsed());
            }
            Ok::<_, crate::BenchError>(latencies)
        }));
    }
    let mut total = LoadRun::default();
    for task in tasks {
        let latencies = task.await??;
        total.calls += latencies.len() as u64;
        total.latencies.extend(latencies);
    }
    total.elapsed = started.elapsed();
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_call_is_counted_with_its_latency() {
        let run = run(4, Duration::from_millis(50), || async {
            tokio::time::sleep(Duration::from_millis(5)).await;
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(run.calls as usize, run.latencies.len());
        // 4 tasks x at most 50 ms / 5 ms each, and at least one call per task.
        assert!((4..=44).contains(&run.calls), "{} calls", run.calls);
        assert!(run.latencies.iter().all(|l| *l >= Duration::from_millis(5)));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_call_ends_the_run_with_its_error() {
        let result = run(2, Duration::from_millis(50), || async {
            Err::<(), crate::BenchError>("refused".into())
        })
        .await;
        assert_eq!(result.unwrap_err().to_string(), "refused");
    }
}
