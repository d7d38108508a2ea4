//! `cargo xtask bench`: measures the SDKs against hand-written code on loopback servers and writes
//! docs/benchmarks.md. The measured programs live in the `sdk-bench` package (built in release
//! mode); this module builds and runs them, reads the `name: value` lines they print, writes the
//! report and ends its own output with one `name: value` line per figure.
//!
//! - `cargo xtask bench`: figures 1-4 (overhead in calls per second and in instructions per call,
//!   rate limit, prefetch, memory), then 6-7 (a rate limit shared by four processes through Redis;
//!   the limiter learning a lower limit), a few minutes.
//! - `cargo xtask bench --smoke`: the same programs for a moment each, with tiny counts; writes
//!   nothing. CI runs it: a benchmark that errors fails it, a missed target never does.
//! - `cargo xtask bench build`: figure 5 (clean build time and binary size), slower.

mod build_cost;
mod doc;
mod figures;
mod instructions;
mod machine;
mod programs;
mod rate_limits;
mod runner;
mod runtime;

const USAGE: &str = "usage: cargo xtask bench [--smoke] | cargo xtask bench build [--rounds N]";

/// Runs the benchmarks the arguments select.
pub fn run(args: &[String]) -> crate::CommandResult {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => runtime::run(false).and_then(|()| rate_limits::run(false)),
        ["--smoke"] => runtime::run(true).and_then(|()| rate_limits::run(true)),
        ["build", rest @ ..] => build_cost::run(rest),
        _ => Err(format!("unknown arguments `{}`\n{USAGE}", args.join(" "))),
    }
}

/// A figure's target: the value must be at least, or at most, a bound.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target {
    AtLeast(f64),
    AtMost(f64),
}

impl Target {
    fn is_met(self, value: f64) -> bool {
        match self {
            Target::AtLeast(bound) => value >= bound,
            Target::AtMost(bound) => value <= bound,
        }
    }

    fn describe(self) -> String {
        match self {
            Target::AtLeast(bound) => format!(">= {bound}"),
            Target::AtMost(bound) => format!("<= {bound}"),
        }
    }
}

/// One row of the summary table: a figure, its value and its target.
pub(crate) fn summary_row(name: &str, value: f64, target: Target) -> String {
    let verdict = if target.is_met(value) {
        "yes"
    } else {
        "**no**"
    };
    format!(
        "| `{name}` | {value:.3} | {} | {verdict} |\n",
        target.describe()
    )
}

/// A sentence on how busy the machine was, from the load averages at the start of a run.
pub(crate) fn load_note(load_at_start: &str) -> String {
    match load_at_start
        .split_whitespace()
        .next()
        .and_then(|l| l.parse::<f64>().ok())
    {
        Some(load) if load < 0.5 => {
            "The machine was quiet when the run started (1-minute load average below 0.5).\n\n"
                .to_owned()
        }
        Some(load) => format!(
            "**Other work was running** (1-minute load average {load:.2} at the start): absolute figures are \
             worse than on a quiet machine, and the ratios carry more noise.\n\n"
        ),
        None => String::new(),
    }
}

/// Today's date and time in UTC, for the report.
pub(crate) fn now_utc() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_else(|_| "unknown date".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_compare_in_their_direction() {
        assert!(Target::AtLeast(0.97).is_met(0.97));
        assert!(!Target::AtLeast(0.97).is_met(0.969));
        assert!(Target::AtMost(1.15).is_met(1.0));
        assert!(!Target::AtMost(1.15).is_met(1.2));
    }

    #[test]
    fn a_missed_target_is_marked_in_the_summary() {
        let row = summary_row("prefetch_ratio", 1.2, Target::AtMost(1.15));
        assert_eq!(row, "| `prefetch_ratio` | 1.200 | <= 1.15 | **no** |\n");
    }

    #[test]
    fn the_load_note_says_whether_other_work_was_running() {
        assert!(load_note("0.12 0.30 0.40").contains("quiet"));
        assert!(load_note("2.50 2.00 1.00").contains("Other work was running"));
        assert_eq!(load_note("unknown"), "");
    }

    #[test]
    fn unknown_arguments_are_refused_with_the_usage() {
        let err = run(&["--fast".to_owned()]).unwrap_err();
        assert!(err.contains("usage"), "{err}");
    }
}
