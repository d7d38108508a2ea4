//! Figures 6 and 7: one key's budget shared by four processes through Redis (beside the same
//! processes with in-process limiters only), and the in-process limiter learning a service limit
//! half the configured one. Each runs in its own `sdk-bench` process; `shared-limit` starts a real
//! `redis-server` (the Debian package; `cargo xtask ci` installs it when missing).

use std::time::Instant;

use super::figures::Figures;
use super::machine::{self, Machine};
use super::{Target, doc, load_note, now_utc, runner, summary_row};

pub fn run(smoke: bool) -> crate::CommandResult {
    let machine = Machine::describe();
    let load_before = machine::load_average();
    let started = Instant::now();
    let binary = runner::build_bench_binary()?;
    let smoke_arg: &[&str] = if smoke { &["--smoke"] } else { &[] };
    let shared = runner::run(&binary, &[&["shared-limit"], smoke_arg].concat())?;
    let adaptive = runner::run(&binary, &[&["adaptive"], smoke_arg].concat())?;
    let load_after = machine::load_average();
    if !smoke {
        let section = render(
            &shared,
            &adaptive,
            &machine,
            (&load_before, &load_after),
            started,
        )?;
        doc::write_section(&doc::benchmarks_doc()?, "rate-limits", &section)?;
    }
    for (figures, name) in [
        (&shared, "shared_limit_efficiency"),
        (&shared, "shared_limit_429s"),
        (&adaptive, "adaptive_recovery_429s"),
        (&adaptive, "adaptive_recovery_efficiency"),
    ] {
        println!("{name}: {}", figures.text(name)?);
    }
    Ok(())
}

fn render(
    shared: &Figures,
    adaptive: &Figures,
    machine: &Machine,
    load: (&str, &str),
    started: Instant,
) -> Result<String, String> {
    let mut out = format!("### Rate limits, run of {}\n\n", now_utc());
    out += "| machine | |\n|---|---|\n";
    out += &machine.markdown_rows();
    out += &format!(
        "| load average (1, 5, 15 min) at start / at end | {} / {} |\n\n",
        load.0, load.1
    );
    out += &load_note(load.0);
    out += &format!(
        "Reproduce with `cargo xtask bench` (these two took {:.1} minutes, build included; \
         `redis-server` must be installed).\n\n",
        started.elapsed().as_secs_f64() / 60.0
    );
    out += "| figure | value | target | met |\n|---|---|---|---|\n";
    out += &summary_row(
        "shared_limit_efficiency",
        shared.number("shared_limit_efficiency")?,
        Target::AtLeast(0.90),
    );
    out += &count_row("shared_limit_429s", shared.number("shared_limit_429s")?);
    out += &format!(
        "| `adaptive_recovery_429s` | {} | (reported) | |\n",
        adaptive.text("adaptive_recovery_429s")?
    );
    out += &format!(
        "| `adaptive_recovery_efficiency` | {:.3} | (reported) | |\n\n",
        adaptive.number("adaptive_recovery_efficiency")?
    );
    out += &shared_table(shared)?;
    out += &adaptive_table(adaptive)?;
    Ok(out)
}

fn count_row(name: &str, value: f64) -> String {
    let verdict = if value == 0.0 { "yes" } else { "**no**" };
    format!("| `{name}` | {value} | 0 | {verdict} |\n")
}

fn shared_table(f: &Figures) -> Result<String, String> {
    let mut out = format!(
        "#### 6. Four processes, one key\n\n\
         {} processes list pages of {} accounts for {} s each with one API key; the mock allows {} \
         requests at once and {:.0} a second per key. Ceiling = capacity + rate × elapsed.\n\n\
         | limiter | seconds | items/s | ceiling items/s | efficiency | requests | 429 answers | busiest second | failed calls |\n\
         |---|---|---|---|---|---|---|---|---|\n",
        f.text("shared_limit.processes")?,
        f.text("shared_limit.page_size")?,
        f.text("shared_limit.seconds_per_process")?,
        f.text("shared_limit.server_capacity")?,
        f.number("shared_limit.server_rate_per_s")?,
    );
    for (key, label) in [
        ("redis", "shared through Redis"),
        ("in_process", "in-process only (each its own)"),
    ] {
        let p = format!("shared_limit.{key}");
        out += &format!(
            "| {label} | {:.2} | {:.1} | {:.1} | {:.3} | {} | {} | {} | {} |\n",
            f.number(&format!("{p}.seconds"))?,
            f.number(&format!("{p}.items_per_s"))?,
            f.number(&format!("{p}.ceiling_items_per_s"))?,
            f.number(&format!("{p}.efficiency"))?,
            f.text(&format!("{p}.requests"))?,
            f.text(&format!("{p}.http_429"))?,
            f.text(&format!("{p}.busiest_second"))?,
            f.text(&format!("{p}.failed_calls"))?,
        );
    }
    out += "\n";
    Ok(out)
}

fn adaptive_table(f: &Figures) -> Result<String, String> {
    Ok(format!(
        "#### 7. Learning a lower limit\n\n\
         The client keeps its default ({:.0}/s, burst {}); the mock allows {:.0}/s with a capacity \
         of {}. One client lists pages one after another: {} s to settle, then {} s measured.\n\n\
         | 429 answers while settling | 429 answers after | 200 answers/s after | efficiency after (÷ real limit) | failed calls |\n\
         |---|---|---|---|---|\n\
         | {} | {} | {:.2} | {:.3} | {} |\n\n",
        f.number("adaptive.client_rate_per_s")?,
        f.text("adaptive.client_burst")?,
        f.number("adaptive.server_rate_per_s")?,
        f.text("adaptive.server_capacity")?,
        f.text("adaptive.settle_seconds")?,
        f.text("adaptive.measure_seconds")?,
        f.text("adaptive.http_429_while_settling")?,
        f.text("adaptive.http_429_after_settling")?,
        f.number("adaptive.ok_per_s_after_settling")?,
        f.number("adaptive_recovery_efficiency")?,
        f.text("adaptive.failed_calls")?,
    ))
}
