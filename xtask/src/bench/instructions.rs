//! `instructions_ratio`: machine instructions per call through the SDK divided by those of the
//! same call written by hand, counted by callgrind (Debian's valgrind). Unlike calls per second,
//! an instruction count barely moves with the load of a shared machine.
//!
//! The fixed-answer server runs in a process of its own (`sdk-bench serve-fixed`); each side's
//! calls run under callgrind in another (`sdk-bench calls`), twice, with a short and a long count.
//! The difference of the two totals divided by the difference of the counts is the cost of one
//! more call: start-up, connecting and one-time initialisation are in both runs and cancel out.
//! The long run's profile is kept for `callgrind_annotate`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The calls counted, as `sdk-bench calls --call` names them.
pub const CALLS: [&str; 2] = ["get", "post"];
/// The sides counted, as `sdk-bench calls --side` names them.
pub const SIDES: [&str; 3] = ["sdk", "core", "raw"];

/// Call counts of the short and the long run.
const COUNTS: (u64, u64) = (100, 600);
const COUNTS_SMOKE: (u64, u64) = (5, 25);

/// Per-call instruction counts of every call and side.
#[derive(Debug, Clone)]
pub struct InstructionCounts {
    /// The short and the long run's number of calls.
    pub counts: (u64, u64),
    /// `(call, side, instructions per call)`.
    pub per_call: Vec<(&'static str, &'static str, f64)>,
    /// Where the long runs' callgrind profiles are, one `<call>.<side>.out` each.
    pub profiles: PathBuf,
}

impl InstructionCounts {
    /// Instructions per call of `side` making `call`.
    pub fn of(&self, call: &str, side: &str) -> Result<f64, String> {
        self.per_call
            .iter()
            .find(|(c, s, _)| *c == call && *s == side)
            .map(|(_, _, n)| *n)
            .ok_or_else(|| format!("no instruction count for {call} by {side}"))
    }

    /// `side`'s instructions per call divided by the hand-written side's.
    pub fn ratio(&self, call: &str, side: &str) -> Result<f64, String> {
        Ok(self.of(call, side)? / self.of(call, "raw")?)
    }

    /// The figure: the SDK's ratio of the call where it is highest.
    pub fn worst_sdk_ratio(&self) -> Result<f64, String> {
        let mut worst = f64::NEG_INFINITY;
        for call in CALLS {
            worst = worst.max(self.ratio(call, "sdk")?);
        }
        Ok(worst)
    }
}

/// Counts every call and side with `binary` (the release `sdk-bench`).
pub fn measure(binary: &Path, smoke: bool) -> Result<InstructionCounts, String> {
    require_valgrind()?;
    let counts = if smoke { COUNTS_SMOKE } else { COUNTS };
    let profiles = binary
        .parent()
        .ok_or("the sdk-bench executable has no directory")?
        .join("callgrind");
    std::fs::create_dir_all(&profiles)
        .map_err(|e| format!("cannot create {}: {e}", profiles.display()))?;
    let server = FixedServer::start(binary)?;
    let mut per_call = Vec::new();
    for call in CALLS {
        for side in SIDES {
            eprintln!(
                "==> xtask bench: callgrind, {call} by {side}, {} and {} calls",
                counts.0, counts.1
            );
            let run = |calls: u64, profile: PathBuf| {
                count_instructions(binary, &profile, &server.base_url, call, side, calls)
            };
            let short = run(counts.0, profiles.join(format!("{call}.{side}.short.out")))?;
            let long = run(counts.1, profiles.join(format!("{call}.{side}.out")))?;
            per_call.push((call, side, per_call_cost(short, long, counts)?));
        }
    }
    Ok(InstructionCounts {
        counts,
        per_call,
        profiles,
    })
}

/// Instructions of one more call, from the totals of a short and a long run.
fn per_call_cost(short: u64, long: u64, counts: (u64, u64)) -> Result<f64, String> {
    if long <= short || counts.1 <= counts.0 {
        return Err(format!(
            "the run of {} calls counted {long} instructions, not more than the {short} of {} calls",
            counts.1, counts.0
        ));
    }
    Ok((long - short) as f64 / (counts.1 - counts.0) as f64)
}

fn require_valgrind() -> Result<(), String> {
    let found = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if found {
        Ok(())
    } else {
        Err(
            "valgrind is not installed; the instruction counts need callgrind \
             (Debian: `apt-get install valgrind`; `cargo xtask ci` installs it when absent)"
                .to_owned(),
        )
    }
}

/// Total instructions of `sdk-bench calls` making `calls` calls, under callgrind.
fn count_instructions(
    binary: &Path,
    profile: &Path,
    base_url: &str,
    call: &str,
    side: &str,
    calls: u64,
) -> Result<u64, String> {
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--quiet")
        .arg(format!("--callgrind-out-file={}", profile.display()))
        .arg(binary)
        .args([
            "calls", "--server", base_url, "--side", side, "--call", call,
        ])
        .args(["--calls", &calls.to_string()])
        .output()
        .map_err(|e| format!("could not start valgrind: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "sdk-bench calls ({call} by {side}) failed under callgrind ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = std::fs::read_to_string(profile)
        .map_err(|e| format!("cannot read {}: {e}", profile.display()))?;
    total_instructions(&text)
        .ok_or_else(|| format!("{} has no instruction total", profile.display()))
}

/// The `Ir` total of a callgrind profile (its `totals:` line, or `summary:` in older versions).
fn total_instructions(profile: &str) -> Option<u64> {
    profile
        .lines()
        .find_map(|line| {
            line.strip_prefix("totals:")
                .or_else(|| line.strip_prefix("summary:"))
        })
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|first| first.parse().ok())
}

/// `sdk-bench serve-fixed` in a child process; stopped when dropped.
struct FixedServer {
    child: Child,
    base_url: String,
}

impl FixedServer {
    fn start(binary: &Path) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .arg("serve-fixed")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let ready = child.stdout.take().and_then(|stdout| {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).ok()?;
            line.trim().strip_prefix("listening: ").map(str::to_owned)
        });
        match ready {
            Some(base_url) => Ok(FixedServer { child, base_url }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err("sdk-bench serve-fixed ended before it listened".to_owned())
            }
        }
    }
}

impl Drop for FixedServer {
    fn drop(&mut self) {
        // Closing its stdin ends the server; kill it too in case it no longer reads.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_is_read_from_either_form_of_the_profile() {
        let modern = "version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nfn=(1) main\n3 10\ntotals: 123456\n";
        let older = "events: Ir\nsummary: 98765\n\nfn=main\n";
        assert_eq!(total_instructions(modern), Some(123_456));
        assert_eq!(total_instructions(older), Some(98_765));
        assert_eq!(total_instructions("events: Ir\n"), None);
    }

    #[test]
    fn one_more_call_costs_the_difference_over_the_extra_calls() {
        assert_eq!(
            per_call_cost(1_000_000, 6_000_000, (100, 600)).unwrap(),
            10_000.0
        );
        assert!(per_call_cost(5, 5, (100, 600)).is_err());
    }

    #[test]
    fn the_ratio_is_the_sdk_over_the_hand_written_side_at_its_worst() {
        let counts = InstructionCounts {
            counts: (1, 2),
            per_call: vec![
                ("get", "sdk", 103.0),
                ("get", "core", 99.0),
                ("get", "raw", 100.0),
                ("post", "sdk", 210.0),
                ("post", "core", 200.0),
                ("post", "raw", 200.0),
            ],
            profiles: PathBuf::from("/t"),
        };
        assert!((counts.ratio("get", "core").unwrap() - 0.99).abs() < 1e-9);
        assert!((counts.worst_sdk_ratio().unwrap() - 1.05).abs() < 1e-9);
        assert!(counts.of("put", "sdk").is_err());
    }
}
