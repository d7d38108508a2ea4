//! Benchmark 3, `prefetch_ratio`: a listing of 100 pages from the Push Security mock answering
//! after 50 ms, consumed by a loop that spends 50 ms on each page. With prefetching, the next
//! page downloads while the consumer works, so the wall time should approach the larger of the
//! two totals:
//!
//! ```text
//! prefetch_ratio = wall time with .prefetch(1) / max(total fetch time, total work time)
//! ```
//!
//! The total fetch time is the wall time of the same listing with no work at all (measured
//! before and after, averaged); the total work time is the sum of the consumer's 50 ms steps as
//! they actually took. The lazy stream (fetch on demand) is measured beside it: it pays both.
//! The work is an await (as when each page is written to a database), so it leaves the thread
//! free; `--work blocking` makes it a blocking sleep instead, as CPU-bound work would be.

use std::time::{Duration, Instant};

use futures::{Stream, TryStreamExt};
use push_security_client::mock::MockPushSecurity;

use crate::BenchResult;
use crate::args::Args;
use crate::report::{emit, emit_f64, progress};

/// The page size every run requests.
const PAGE_SIZE: u64 = 50;

/// What one walk through the listing took.
#[derive(Debug)]
struct Walk {
    wall: Duration,
    work: Duration,
    pages: u64,
}

/// How the consumer works on a page.
#[derive(Clone, Copy, Debug)]
enum Work {
    None,
    Await(Duration),
    Block(Duration),
}

impl Work {
    async fn on_page(self) -> Duration {
        let started = Instant::now();
        match self {
            Work::None => {}
            Work::Await(d) => tokio::time::sleep(d).await,
            Work::Block(d) => std::thread::sleep(d),
        }
        started.elapsed()
    }
}

pub async fn run(args: &Args) -> BenchResult {
    let smoke = args.smoke();
    let pages = args.number("pages", if smoke { 5 } else { 100 })?;
    let latency = Duration::from_millis(args.number("latency-ms", if smoke { 10 } else { 50 })?);
    let step = Duration::from_millis(args.number("work-ms", if smoke { 10 } else { 50 })?);
    let work = match args.text("work") {
        None | Some("await") => Work::Await(step),
        Some("blocking") => Work::Block(step),
        Some(other) => {
            return Err(format!("`--work` is `await` or `blocking`, not `{other}`").into());
        }
    };
    let mock = MockPushSecurity::builder()
        .accounts(usize::try_from(pages * PAGE_SIZE)?)
        .no_rate_limit()
        .latency(latency)
        .start()
        .await?;
    let client = mock.client_builder().no_rate_limit().build()?;
    let list = || client.accounts().list().limit(PAGE_SIZE as i64);

    progress(format!(
        "prefetch: {pages} pages, {latency:?} per fetch, {step:?} of work per page"
    ));
    let fetch_before = walk(list().pages(), Work::None).await?;
    let prefetched = walk(list().prefetch(1).pages(), work).await?;
    let lazy = walk(list().pages(), work).await?;
    let fetch_after = walk(list().pages(), Work::None).await?;
    for w in [&fetch_before, &prefetched, &lazy, &fetch_after] {
        if w.pages != pages {
            return Err(format!("expected {pages} pages, the listing gave {}", w.pages).into());
        }
    }

    let fetch_total = (fetch_before.wall + fetch_after.wall) / 2;
    let bound = |w: &Walk| fetch_total.max(w.work).as_secs_f64();
    let prefetch_ratio = prefetched.wall.as_secs_f64() / bound(&prefetched);
    let lazy_ratio = lazy.wall.as_secs_f64() / bound(&lazy);
    emit("prefetch.pages", pages);
    emit("prefetch.latency_ms", latency.as_millis());
    emit("prefetch.work_ms", step.as_millis());
    emit(
        "prefetch.work_kind",
        if matches!(work, Work::Block(_)) {
            "blocking"
        } else {
            "await"
        },
    );
    emit_f64("prefetch.fetch_total_s", fetch_total.as_secs_f64());
    emit_f64("prefetch.prefetch.wall_s", prefetched.wall.as_secs_f64());
    emit_f64(
        "prefetch.prefetch.work_total_s",
        prefetched.work.as_secs_f64(),
    );
    emit_f64("prefetch.lazy.wall_s", lazy.wall.as_secs_f64());
    emit_f64("prefetch.lazy.work_total_s", lazy.work.as_secs_f64());
    emit_f64("prefetch.lazy_ratio", lazy_ratio);
    emit_f64("prefetch_ratio", prefetch_ratio);
    Ok(())
}

async fn walk<T>(
    pages: impl Stream<Item = Result<api_core::Page<T>, push_security_client::Error>>,
    work: Work,
) -> BenchResult<Walk> {
    let started = Instant::now();
    let mut pages = std::pin::pin!(pages);
    let mut worked = Duration::ZERO;
    let mut count = 0;
    while let Some(page) = pages.try_next().await? {
        std::hint::black_box(&page.items);
        count += 1;
        worked += work.on_page().await;
    }
    Ok(Walk {
        wall: started.elapsed(),
        work: worked,
        pages: count,
    })
}
