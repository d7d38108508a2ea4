//! Benchmark 2, `rate_limit_efficiency`: listing Push Security accounts (100 pages of 50) from the
//! crate's mock, which enforces the service's documented limit, 10 requests a second plus a burst
//! of 10 (a bucket of 20 that refills at 10 a second). The figure is the items per second the
//! client reached divided by the most that limit allows:
//!
//! ```text
//! ceiling = items / ((pages - capacity) / rate)      = 5,000 / ((100 - 20) / 10 s) = 625 items/s
//! ```
//!
//! i.e. the first `capacity` requests pass at once and every later one waits for its token; the
//! time to transfer the pages is left out of the ceiling, so it is slightly optimistic and the
//! efficiency slightly pessimistic. Beside the SDK's default client (its limiter on) run a client
//! without a limiter that relies on retrying 429s, and optionally (`--burst N`) a client whose
//! limiter allows a burst of N.

use std::time::{Duration, Instant};

use futures::TryStreamExt;
use push_security_client::mock::{MockPushSecurity, MockRateLimit};

use crate::BenchResult;
use crate::args::Args;
use crate::report::{emit, emit_f64, progress};

/// One way to configure the client, measured on its own.
struct Variant {
    name: String,
    configure:
        Box<dyn Fn(push_security_client::ClientBuilder) -> push_security_client::ClientBuilder>,
    /// Whether a failed listing is a finding to report rather than a broken benchmark.
    may_fail: bool,
}

/// What one listing achieved.
#[derive(Debug)]
struct Listing {
    items: u64,
    elapsed: Duration,
    requests: u64,
    rejected: u64,
    error: Option<String>,
}

pub async fn run(args: &Args) -> BenchResult {
    let pages = args.number("pages", if args.smoke() { 25 } else { 100 })?;
    let page_size = args.number("page-size", if args.smoke() { 2 } else { 50 })?;
    let items = pages * page_size;
    let limit = MockRateLimit::PUSH_DEFAULT;
    let mock = MockPushSecurity::builder()
        .accounts(usize::try_from(items)?)
        .rate_limit(limit)
        .start()
        .await?;

    let admitted_at_once = u64::from(limit.capacity);
    let minimum =
        Duration::from_secs_f64(pages.saturating_sub(admitted_at_once) as f64 / limit.per_second);
    let ceiling = if minimum.is_zero() {
        f64::INFINITY
    } else {
        items as f64 / minimum.as_secs_f64()
    };
    emit("rate_limit.pages", pages);
    emit("rate_limit.items", items);
    emit_f64("rate_limit.server_rate_per_s", limit.per_second);
    emit("rate_limit.server_capacity", limit.capacity);
    emit_f64("rate_limit.ceiling_items_per_s", ceiling);

    let mut variants = vec![
        Variant {
            name: "sdk_default".to_owned(),
            configure: Box::new(|builder| builder),
            may_fail: false,
        },
        Variant {
            name: "no_limiter".to_owned(),
            configure: Box::new(|builder| builder.no_rate_limit()),
            may_fail: true,
        },
    ];
    if let Some(burst) = args.text("burst") {
        let burst: u32 = burst
            .parse()
            .map_err(|_| format!("`--burst` must be a whole number, got `{burst}`"))?;
        variants.push(Variant {
            name: format!("sdk_burst_{burst}"),
            configure: Box::new(move |builder| builder.rate_limit(10.0, burst)),
            may_fail: false,
        });
    }

    let mut headline = None;
    for variant in &variants {
        progress(format!(
            "rate_limit.{}: listing {items} accounts",
            variant.name
        ));
        // A fresh bucket on the server, as after a quiet period, and fresh counters.
        mock.refill_rate_limit();
        mock.controls().reset_counters();
        let client = (variant.configure)(mock.client_builder()).build()?;
        let listing = list(&client, &mock, page_size).await?;
        if let (Some(error), false) = (&listing.error, variant.may_fail) {
            return Err(format!("{}: the listing failed: {error}", variant.name).into());
        }
        let name = format!("rate_limit.{}", variant.name);
        let per_second = listing.items as f64 / listing.elapsed.as_secs_f64();
        let efficiency = per_second / ceiling;
        emit(&format!("{name}.completed"), listing.error.is_none());
        emit(&format!("{name}.items"), listing.items);
        emit_f64(&format!("{name}.seconds"), listing.elapsed.as_secs_f64());
        emit_f64(&format!("{name}.items_per_s"), per_second);
        emit_f64(&format!("{name}.efficiency"), efficiency);
        emit(&format!("{name}.requests"), listing.requests);
        emit(&format!("{name}.http_429"), listing.rejected);
        if let Some(error) = &listing.error {
            emit(&format!("{name}.error"), error.replace('\n', " "));
        }
        if headline.is_none() {
            headline = Some((efficiency, listing.rejected));
        }
    }
    let (efficiency, rejected) = headline.ok_or("no variant ran")?;
    emit_f64("rate_limit_efficiency", efficiency);
    emit("rate_limit_429s", rejected);
    Ok(())
}

async fn list(
    client: &push_security_client::Client,
    mock: &MockPushSecurity,
    page_size: u64,
) -> BenchResult<Listing> {
    let started = Instant::now();
    let mut stream = std::pin::pin!(
        client
            .accounts()
            .list()
            .limit(i64::try_from(page_size)?)
            .items()
    );
    let mut items = 0u64;
    let error = loop {
        match stream.try_next().await {
            Ok(Some(account)) => {
                std::hint::black_box(account);
                items += 1;
            }
            Ok(None) => break None,
            Err(error) => break Some(error.to_string()),
        }
    };
    Ok(Listing {
        items,
        elapsed: started.elapsed(),
        requests: mock.request_count() as u64,
        rejected: mock.controls().rate_limited(),
        error,
    })
}
