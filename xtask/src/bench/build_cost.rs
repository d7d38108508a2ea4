//! Figure 5, `cargo xtask bench build`: what depending on a client crate costs a user at build
//! time. The two programs of [`programs`] are written to temporary directories outside the
//! workspace, each with its own target directory, and built one after the other: a clean debug
//! build is timed, then a release build (stripped) is measured on disk.
//!
//! ```text
//! build_time_ratio  = clean debug build time with the SDK / by hand
//! binary_size_ratio = stripped release binary size with the SDK / by hand
//! ```
//!
//! Cargo's registry cache is shared, so nothing is downloaded during the timed builds; the
//! workspace's Cargo.lock is copied in so both resolve to the versions the workspace uses.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::machine::{self, Machine};
use super::programs::{self, Program};
use super::{Target, doc, load_note, now_utc, summary_row};

/// What building one program cost.
#[derive(Debug, Default)]
struct Cost {
    debug_builds: Vec<Duration>,
    release_bytes: u64,
}

impl Cost {
    fn median_build(&self) -> Duration {
        let mut sorted = self.debug_builds.clone();
        sorted.sort_unstable();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }
}

pub fn run(args: &[&str]) -> crate::CommandResult {
    let rounds = parse_rounds(args)?;
    let machine = Machine::describe();
    let load_before = machine::load_average();
    let workspace = crate::workspace::root()?;
    let scratch = std::env::temp_dir().join(format!("sdk-bench-build-{}", std::process::id()));
    let result = measure(&workspace, &scratch, rounds);
    // The scratch directory holds two target directories (a few GB); never leave it behind.
    let _ = std::fs::remove_dir_all(&scratch);
    let (sdk, by_hand) = result?;
    let load_after = machine::load_average();

    let time_ratio = sdk.median_build().as_secs_f64() / by_hand.median_build().as_secs_f64();
    let size_ratio = sdk.release_bytes as f64 / by_hand.release_bytes as f64;
    let section = render(
        &sdk,
        &by_hand,
        rounds,
        &machine,
        (&load_before, &load_after),
    );
    doc::write_section(&doc::benchmarks_doc()?, "build", &section)?;
    println!("build_time_ratio: {time_ratio:.3}");
    println!("binary_size_ratio: {size_ratio:.3}");
    Ok(())
}

fn parse_rounds(args: &[&str]) -> Result<usize, String> {
    match args {
        [] => Ok(1),
        ["--rounds", n] => n
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("`--rounds` needs a whole number of at least 1, got `{n}`")),
        other => Err(format!(
            "unknown arguments `{}` for `xtask bench build`",
            other.join(" ")
        )),
    }
}

fn measure(workspace: &Path, scratch: &Path, rounds: usize) -> Result<(Cost, Cost), String> {
    let lockfile = workspace.join("Cargo.lock");
    let sdk_dir = write_program(scratch, &programs::with_sdk(workspace), &lockfile)?;
    let by_hand_dir = write_program(scratch, &programs::by_hand(), &lockfile)?;
    let mut sdk = Cost::default();
    let mut by_hand = Cost::default();
    // Alternating, one build at a time, so both see the same machine.
    for round in 0..rounds {
        let order: [(&Path, &mut Cost, &str); 2] = if round % 2 == 0 {
            [
                (&by_hand_dir, &mut by_hand, "by hand"),
                (&sdk_dir, &mut sdk, "with the SDK"),
            ]
        } else {
            [
                (&sdk_dir, &mut sdk, "with the SDK"),
                (&by_hand_dir, &mut by_hand, "by hand"),
            ]
        };
        for (dir, cost, label) in order {
            eprintln!(
                "==> xtask bench build: round {} clean debug build, {label}",
                round + 1
            );
            cost.debug_builds.push(timed_clean_build(dir, false)?);
        }
    }
    for (dir, cost, program) in [
        (&by_hand_dir, &mut by_hand, programs::by_hand()),
        (&sdk_dir, &mut sdk, programs::with_sdk(workspace)),
    ] {
        eprintln!("==> xtask bench build: release build of {}", program.name);
        timed_clean_build(dir, true)?;
        let binary = dir.join("target").join("release").join(program.name);
        cost.release_bytes = std::fs::metadata(&binary)
            .map_err(|e| format!("no binary at {}: {e}", binary.display()))?
            .len();
    }
    Ok((sdk, by_hand))
}

/// Writes the program's crate (and the workspace's lockfile) to `scratch/<name>`.
fn write_program(scratch: &Path, program: &Program, lockfile: &Path) -> Result<PathBuf, String> {
    let dir = scratch.join(program.name);
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &program.manifest)?;
    write(src.join("main.rs"), program.main_rs)?;
    std::fs::copy(lockfile, dir.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy {}: {e}", lockfile.display()))?;
    Ok(dir)
}

/// Removes the program's target directory and builds it, returning the build's wall time.
fn timed_clean_build(dir: &Path, release: bool) -> Result<Duration, String> {
    let target = dir.join("target");
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
    }
    let mut command = crate::cargo::command();
    command
        .arg("build")
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target);
    if release {
        command.arg("--release");
    }
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("building {} failed ({status})", dir.display()));
    }
    Ok(elapsed)
}

fn render(
    sdk: &Cost,
    by_hand: &Cost,
    rounds: usize,
    machine: &Machine,
    load: (&str, &str),
) -> String {
    let time_ratio = sdk.median_build().as_secs_f64() / by_hand.median_build().as_secs_f64();
    let size_ratio = sdk.release_bytes as f64 / by_hand.release_bytes as f64;
    let builds = |cost: &Cost| {
        cost.debug_builds
            .iter()
            .map(|d| format!("{:.1}", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!("### Build cost, run of {}\n\n", now_utc());
    out += "| machine | |\n|---|---|\n";
    out += &machine.markdown_rows();
    out += &format!(
        "| load average (1, 5, 15 min) at start / at end | {} / {} |\n\n",
        load.0, load.1
    );
    out += &load_note(load.0);
    out += "Reproduce with `cargo xtask bench build` (`--rounds N` for more clean builds per program).\n\n";
    out += "| figure | value | target | met |\n|---|---|---|---|\n";
    out += &summary_row("build_time_ratio", time_ratio, Target::AtMost(1.2));
    out += &summary_row("binary_size_ratio", size_ratio, Target::AtMost(1.3));
    out += &format!(
        "\n| program | clean debug build (s), {rounds} round(s) | median (s) | stripped release binary |\n\
         |---|---|---|---|\n\
         | `pushauth-client` (create + get a session) | {} | {:.1} | {} bytes ({:.2} MiB) |\n\
         | reqwest + tokio + serde_json by hand | {} | {:.1} | {} bytes ({:.2} MiB) |\n",
        builds(sdk),
        sdk.median_build().as_secs_f64(),
        sdk.release_bytes,
        sdk.release_bytes as f64 / 1048576.0,
        builds(by_hand),
        by_hand.median_build().as_secs_f64(),
        by_hand.release_bytes,
        by_hand.release_bytes as f64 / 1048576.0,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_default_to_one_and_must_be_positive() {
        assert_eq!(parse_rounds(&[]).unwrap(), 1);
        assert_eq!(parse_rounds(&["--rounds", "3"]).unwrap(), 3);
        assert!(parse_rounds(&["--rounds", "0"]).is_err());
        assert!(parse_rounds(&["--fast"]).is_err());
    }

    #[test]
    fn the_median_build_is_the_middle_one() {
        let cost = Cost {
            debug_builds: vec![
                Duration::from_secs(30),
                Duration::from_secs(10),
                Duration::from_secs(20),
            ],
            release_bytes: 0,
        };
        assert_eq!(cost.median_build(), Duration::from_secs(20));
    }

    #[test]
    fn both_programs_are_packages_of_their_own_with_stripped_releases() {
        for program in [programs::by_hand(), programs::with_sdk(Path::new("/w"))] {
            assert!(
                program.manifest.contains("\n[workspace]\n"),
                "{}",
                program.name
            );
            assert!(
                program.manifest.contains("strip = true"),
                "{}",
                program.name
            );
        }
        assert!(
            programs::with_sdk(Path::new("/w"))
                .manifest
                .contains("/w/crates/pushauth-client")
        );
    }
}
