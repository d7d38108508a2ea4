//! Figures 1-4: overhead against hand-written reqwest (calls per second, and instructions per call
//! under callgrind), listing at the rate limit, latency hiding by prefetching, and memory while
//! streaming. Each runs in its own `sdk-bench` process.

use std::path::Path;
use std::time::Instant;

use super::figures::Figures;
use super::instructions::{self, InstructionCounts};
use super::machine::{self, Machine};
use super::{Target, doc, load_note, now_utc, runner, summary_row};

/// Item counts of the two memory runs: (small, large).
const MEMORY_ITEMS: (u64, u64) = (1_000, 100_000);
const MEMORY_ITEMS_SMOKE: (u64, u64) = (100, 1_000);

/// The burst of the extra rate-limit variant shown beside the default client (see
/// docs/benchmarks.md: a burst a little below the documented 20 the default now uses).
const EXTRA_BURST: &str = "18";

/// Everything one run measured.
struct Run {
    overhead: Figures,
    /// The same calls against a server that takes 1 ms per answer (full runs only).
    overhead_delayed: Option<Figures>,
    instructions: InstructionCounts,
    rate_limit: Figures,
    prefetch: Figures,
    prefetch_blocking: Option<Figures>,
    memory: (Figures, Figures),
    memory_items: (u64, u64),
}

/// The four headline figures.
struct Headline {
    overhead_ratio: f64,
    instructions_ratio: f64,
    rate_limit_efficiency: f64,
    rate_limit_429s: f64,
    prefetch_ratio: f64,
    memory_ratio: f64,
}

pub fn run(smoke: bool) -> crate::CommandResult {
    let machine = Machine::describe();
    let load_before = machine::load_average();
    let started = Instant::now();
    let binary = runner::build_bench_binary()?;
    let measured = measure(&binary, smoke)?;
    let headline = headline(&measured)?;
    let load_after = machine::load_average();
    if !smoke {
        let section = render(
            &measured,
            &headline,
            &machine,
            (&load_before, &load_after),
            started,
        );
        doc::write_section(&doc::benchmarks_doc()?, "runtime", &section?)?;
    }
    println!("overhead_ratio: {:.3}", headline.overhead_ratio);
    eprintln!(
        "==> xtask bench: callgrind profiles of the long runs in {} (callgrind_annotate reads them)",
        measured.instructions.profiles.display()
    );
    for call in instructions::CALLS {
        for side in instructions::SIDES {
            println!(
                "instructions.{call}.{side}: {:.0}",
                measured.instructions.of(call, side)?
            );
        }
    }
    println!("instructions_ratio: {:.3}", headline.instructions_ratio);
    println!(
        "rate_limit_efficiency: {:.3}",
        headline.rate_limit_efficiency
    );
    println!("prefetch_ratio: {:.3}", headline.prefetch_ratio);
    println!("memory_ratio: {:.3}", headline.memory_ratio);
    Ok(())
}

fn measure(binary: &Path, smoke: bool) -> Result<Run, String> {
    let memory_items = if smoke {
        MEMORY_ITEMS_SMOKE
    } else {
        MEMORY_ITEMS
    };
    let with_smoke = |args: &[&'static str]| -> Vec<&'static str> {
        let mut all = args.to_vec();
        if smoke {
            all.push("--smoke");
        }
        all
    };
    let overhead = runner::run(binary, &with_smoke(&["overhead"]))?;
    let overhead_delayed = if smoke {
        None
    } else {
        Some(runner::run(
            binary,
            &["overhead", "--server-delay-us", "1000", "--rounds", "3"],
        )?)
    };
    let instructions = instructions::measure(binary, smoke)?;
    let rate_limit = if smoke {
        runner::run(binary, &["rate-limit", "--smoke"])?
    } else {
        runner::run(binary, &["rate-limit", "--burst", EXTRA_BURST])?
    };
    let prefetch = runner::run(binary, &with_smoke(&["prefetch"]))?;
    let prefetch_blocking = if smoke {
        None
    } else {
        Some(runner::run(binary, &["prefetch", "--work", "blocking"])?)
    };
    let small = memory_items.0.to_string();
    let large = memory_items.1.to_string();
    let memory = (
        runner::run(binary, &["memory", "--items", &small])?,
        runner::run(binary, &["memory", "--items", &large])?,
    );
    Ok(Run {
        overhead,
        overhead_delayed,
        instructions,
        rate_limit,
        prefetch,
        prefetch_blocking,
        memory,
        memory_items,
    })
}

fn headline(run: &Run) -> Result<Headline, String> {
    Ok(Headline {
        overhead_ratio: run.overhead.number("overhead_ratio")?,
        instructions_ratio: run.instructions.worst_sdk_ratio()?,
        rate_limit_efficiency: run.rate_limit.number("rate_limit_efficiency")?,
        rate_limit_429s: run.rate_limit.number("rate_limit_429s")?,
        prefetch_ratio: run.prefetch.number("prefetch_ratio")?,
        memory_ratio: run.memory.1.number("memory.peak_rss_kib")?
            / run.memory.0.number("memory.peak_rss_kib")?,
    })
}

fn render(
    run: &Run,
    headline: &Headline,
    machine: &Machine,
    load: (&str, &str),
    started: Instant,
) -> Result<String, String> {
    let mut out = String::new();
    out += &format!("### Run of {}\n\n", now_utc());
    out += "| machine | |\n|---|---|\n";
    out += &machine.markdown_rows();
    out += &format!(
        "| load average (1, 5, 15 min) at start / at end | {} / {} |\n\n",
        load.0, load.1
    );
    out += &load_note(load.0);
    out += &format!(
        "Reproduce with `cargo xtask bench` (this run took {:.0} minutes, build included).\n\n",
        started.elapsed().as_secs_f64() / 60.0
    );
    out += "| figure | value | target | met |\n|---|---|---|---|\n";
    out += &summary_row(
        "overhead_ratio",
        headline.overhead_ratio,
        Target::AtLeast(0.97),
    );
    out += &summary_row(
        "instructions_ratio",
        headline.instructions_ratio,
        Target::AtMost(1.03),
    );
    out += &summary_row(
        "rate_limit_efficiency",
        headline.rate_limit_efficiency,
        Target::AtLeast(0.95),
    );
    // A count, not a ratio: shown as a whole number.
    out += &format!(
        "| `rate_limit_429s` | {} | 0 | {} |\n",
        headline.rate_limit_429s,
        if headline.rate_limit_429s == 0.0 {
            "yes"
        } else {
            "**no**"
        }
    );
    out += &summary_row(
        "prefetch_ratio",
        headline.prefetch_ratio,
        Target::AtMost(1.15),
    );
    out += &summary_row("memory_ratio", headline.memory_ratio, Target::AtMost(1.5));
    out += "\n";
    out += &overhead_table(&run.overhead)?;
    if let Some(delayed) = &run.overhead_delayed {
        out += &delayed_overhead_table(delayed)?;
    }
    out += &instructions_table(&run.instructions)?;
    out += &rate_limit_table(&run.rate_limit)?;
    out += &prefetch_table(&run.prefetch, run.prefetch_blocking.as_ref())?;
    out += &memory_table(run)?;
    Ok(out)
}

fn overhead_table(f: &Figures) -> Result<String, String> {
    let mut out = format!(
        "#### 1. Overhead against hand-written reqwest + serde_json\n\n\
         {} rounds of {} ms per side and cell, sides rotating; calls/s are medians over rounds, latencies \
         pooled over rounds. \"api-core only\" sends the same request through `api_core::Client` directly.\n\n\
         | call | concurrency | SDK calls/s | hand-written calls/s | SDK ÷ hand-written | api-core only ÷ hand-written | SDK p50 / p99 (µs) | hand-written p50 / p99 (µs) | api-core only p50 / p99 (µs) |\n\
         |---|---|---|---|---|---|---|---|---|\n",
        f.text("overhead.rounds")?,
        f.text("overhead.run_ms")?
    );
    for (call, label) in [
        ("get", "GET a list page (50 accounts)"),
        ("post", "POST create a push"),
    ] {
        for concurrency in ["c1", "c32"] {
            let p = format!("overhead.{call}.{concurrency}");
            let latency = |side: &str| -> Result<String, String> {
                Ok(format!(
                    "{} / {}",
                    f.text(&format!("{p}.{side}.p50_us"))?,
                    f.text(&format!("{p}.{side}.p99_us"))?
                ))
            };
            out += &format!(
                "| {label} | {} | {:.0} | {:.0} | {:.3} | {:.3} | {} | {} | {} |\n",
                &concurrency[1..],
                f.number(&format!("{p}.sdk.calls_per_s"))?,
                f.number(&format!("{p}.raw.calls_per_s"))?,
                f.number(&format!("{p}.ratio"))?,
                f.number(&format!("{p}.core_ratio"))?,
                latency("sdk")?,
                latency("raw")?,
                latency("core")?,
            );
        }
    }
    out += "\n";
    Ok(out)
}

fn delayed_overhead_table(f: &Figures) -> Result<String, String> {
    let mut out = format!(
        "The same calls against the same server answering after {} µs, as a nearby server doing a \
         little work would ({} rounds):\n\n\
         | call | concurrency | SDK calls/s | hand-written calls/s | SDK ÷ hand-written | api-core only ÷ hand-written | SDK p50 / p99 (µs) | hand-written p50 / p99 (µs) |\n\
         |---|---|---|---|---|---|---|---|\n",
        f.text("overhead.server_delay_us")?,
        f.text("overhead.rounds")?,
    );
    for (call, label) in [("get", "GET a list page"), ("post", "POST create a push")] {
        for concurrency in ["c1", "c32"] {
            let p = format!("overhead.{call}.{concurrency}");
            out += &format!(
                "| {label} | {} | {:.0} | {:.0} | {:.3} | {:.3} | {} / {} | {} / {} |\n",
                &concurrency[1..],
                f.number(&format!("{p}.sdk.calls_per_s"))?,
                f.number(&format!("{p}.raw.calls_per_s"))?,
                f.number(&format!("{p}.ratio"))?,
                f.number(&format!("{p}.core_ratio"))?,
                f.text(&format!("{p}.sdk.p50_us"))?,
                f.text(&format!("{p}.sdk.p99_us"))?,
                f.text(&format!("{p}.raw.p50_us"))?,
                f.text(&format!("{p}.raw.p99_us"))?,
            );
        }
    }
    out += "\n";
    Ok(out)
}

fn instructions_table(counts: &InstructionCounts) -> Result<String, String> {
    let mut out = format!(
        "Instructions per call under callgrind (the client process only; the difference between runs of \
         {} and {} calls, one call at a time, divided by {}):\n\n\
         | call | SDK | hand-written | api-core only | SDK ÷ hand-written | api-core only ÷ hand-written |\n\
         |---|---|---|---|---|---|\n",
        counts.counts.0,
        counts.counts.1,
        counts.counts.1 - counts.counts.0,
    );
    for (call, label) in [("get", "GET a list page"), ("post", "POST create a push")] {
        out += &format!(
            "| {label} | {:.0} | {:.0} | {:.0} | {:.3} | {:.3} |\n",
            counts.of(call, "sdk")?,
            counts.of(call, "raw")?,
            counts.of(call, "core")?,
            counts.ratio(call, "sdk")?,
            counts.ratio(call, "core")?,
        );
    }
    out += "\n";
    Ok(out)
}

fn rate_limit_table(f: &Figures) -> Result<String, String> {
    let mut out = format!(
        "#### 2. Listing at the rate limit\n\n\
         {} accounts in {} pages; the mock allows {} requests at once and {:.0} per second after that: \
         ceiling {:.0} items/s.\n\n\
         | client | seconds | items/s | efficiency | requests | 429 answers | completed |\n\
         |---|---|---|---|---|---|---|\n",
        f.text("rate_limit.items")?,
        f.text("rate_limit.pages")?,
        f.text("rate_limit.server_capacity")?,
        f.number("rate_limit.server_rate_per_s")?,
        f.number("rate_limit.ceiling_items_per_s")?,
    );
    let variants = [
        (
            "sdk_default",
            "SDK default (limiter 10/s, burst 20)".to_owned(),
        ),
        ("no_limiter", "no limiter, retrying 429s".to_owned()),
        (
            "sdk_burst_18",
            format!("SDK with `.rate_limit(10.0, {EXTRA_BURST})`"),
        ),
    ];
    for (key, label) in variants {
        let p = format!("rate_limit.{key}");
        if !f.has(&format!("{p}.completed")) {
            continue;
        }
        out += &format!(
            "| {label} | {:.2} | {:.0} | {:.3} | {} | {} | {} |\n",
            f.number(&format!("{p}.seconds"))?,
            f.number(&format!("{p}.items_per_s"))?,
            f.number(&format!("{p}.efficiency"))?,
            f.text(&format!("{p}.requests"))?,
            f.text(&format!("{p}.http_429"))?,
            f.text(&format!("{p}.completed"))?,
        );
    }
    out += "\n";
    Ok(out)
}

fn prefetch_table(f: &Figures, blocking: Option<&Figures>) -> Result<String, String> {
    let mut out = format!(
        "#### 3. Prefetching\n\n\
         {} pages, {} ms server latency, {} ms of consumer work per page.\n\n\
         | consumer work | total fetch time (s) | total work (s) | lazy wall (s) | lazy ratio | `.prefetch(1)` wall (s) | prefetch ratio |\n\
         |---|---|---|---|---|---|---|\n",
        f.text("prefetch.pages")?,
        f.text("prefetch.latency_ms")?,
        f.text("prefetch.work_ms")?,
    );
    for figures in std::iter::once(f).chain(blocking) {
        out += &format!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.3} | {:.2} | {:.3} |\n",
            figures.text("prefetch.work_kind")?,
            figures.number("prefetch.fetch_total_s")?,
            figures.number("prefetch.prefetch.work_total_s")?,
            figures.number("prefetch.lazy.wall_s")?,
            figures.number("prefetch.lazy_ratio")?,
            figures.number("prefetch.prefetch.wall_s")?,
            figures.number("prefetch_ratio")?,
        );
    }
    out += "\n";
    Ok(out)
}

fn memory_table(run: &Run) -> Result<String, String> {
    let (small, large) = &run.memory;
    Ok(format!(
        "#### 4. Memory while streaming\n\n\
         | accounts streamed | peak resident memory (VmHWM) |\n|---|---|\n\
         | {} | {} KiB |\n| {} | {} KiB |\n\n",
        run.memory_items.0,
        small.text("memory.peak_rss_kib")?,
        run.memory_items.1,
        large.text("memory.peak_rss_kib")?,
    ))
}
