//! `cargo xtask ci`: the checks `.ci/run` runs, in the same order, so a developer sees CI's verdict locally.

/// One step: a name for the log and the cargo arguments that run it.
struct Step {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step {
        name: "format",
        args: &["fmt", "--all", "--check"],
        env: &[],
    },
    Step {
        name: "clippy",
        args: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "codegen-check",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "codegen",
            "--check",
        ],
        env: &[],
    },
    Step {
        // Each published crate's surface against its checked-in `public-api.txt` (docs/releasing.md).
        name: "public-api",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "public-api",
            "--check",
        ],
        env: &[],
    },
    Step {
        name: "tests",
        args: &["test", "--workspace", "--all-features"],
        env: &[],
    },
    Step {
        name: "docs",
        args: &["doc", "--workspace", "--no-deps", "--all-features"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    Step {
        // Manifest metadata, each crate's package file list against the allow-list, rust-version floor.
        name: "release-check",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "release",
            "check",
        ],
        env: &[],
    },
    Step {
        // `cargo publish --workspace --dry-run`: every crate packaged and built from its package; never uploads.
        name: "publish-dry-run",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "publish",
            "--dry-run",
        ],
        env: &[],
    },
    Step {
        // Each benchmark for a moment: fails when one errors, never on a missed target.
        name: "bench-smoke",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "bench",
            "--smoke",
        ],
        env: &[],
    },
];

/// Runs every step, stopping at the first failure. `--skip <name>` leaves a step out.
pub fn run(args: &[String]) -> crate::CommandResult {
    let skipped = parse_skips(args)?;
    for tool in TOOLS {
        if tool.steps.iter().any(|step| !skipped.contains(step)) {
            ensure_installed(tool)?;
        }
    }
    for step in STEPS.iter().filter(|s| !skipped.contains(&s.name)) {
        eprintln!(
            "==> xtask ci: {} (cargo {})",
            step.name,
            step.args.join(" ")
        );
        let status = crate::cargo::command()
            .args(step.args)
            .envs(step.env.iter().copied())
            .status()
            .map_err(|e| format!("could not start cargo for step `{}`: {e}", step.name))?;
        if !status.success() {
            return Err(format!("step `{}` failed ({status})", step.name));
        }
    }
    eprintln!("==> xtask ci: all steps passed");
    Ok(())
}

/// A program some steps need, with the Debian package that brings it.
struct Tool {
    program: &'static str,
    package: &'static str,
    /// The steps that run it: the tool is installed only when one of them runs.
    steps: &'static [&'static str],
}

/// Tools installed when missing, all in this one place: a real `redis-server` for the shared rate
/// limiter's tests and benchmarks, and valgrind for the benchmarks' instruction counts.
const TOOLS: &[Tool] = &[
    Tool {
        program: "redis-server",
        package: "redis-server",
        steps: &["tests", "bench-smoke"],
    },
    Tool {
        program: "valgrind",
        package: "valgrind",
        steps: &["bench-smoke"],
    },
];

/// Installs the tool's Debian package when the program is missing and this runs as root, as CI
/// does; otherwise says which command installs it.
fn ensure_installed(tool: &Tool) -> crate::CommandResult {
    if is_installed(tool.program) {
        return Ok(());
    }
    if !running_as_root() {
        return Err(format!(
            "{} is not installed; the checks need it: sudo apt-get update && sudo apt-get install -y {}",
            tool.program, tool.package
        ));
    }
    eprintln!("==> xtask ci: installing {} (apt-get)", tool.package);
    for apt in [
        &["update"][..],
        &["install", "-y", "--no-install-recommends", tool.package],
    ] {
        let status = std::process::Command::new("apt-get")
            .args(apt)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("could not run apt-get: {e}"))?;
        if !status.success() {
            return Err(format!("apt-get {} failed ({status})", apt.join(" ")));
        }
    }
    if is_installed(tool.program) {
        Ok(())
    } else {
        Err(format!(
            "{} is still missing after apt-get install",
            tool.program
        ))
    }
}

fn is_installed(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn parse_skips(args: &[String]) -> Result<Vec<&'static str>, String> {
    let mut skipped = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--skip" => {
                let name = iter.next().ok_or("--skip needs a step name")?;
                let step = STEPS
                    .iter()
                    .find(|s| s.name == name)
                    .ok_or_else(|| format!("no step named `{name}`"))?;
                skipped.push(step.name);
            }
            other => return Err(format!("unknown argument `{other}` for `xtask ci`")),
        }
    }
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_of_an_unknown_step_is_refused() {
        let err = parse_skips(&["--skip".into(), "nope".into()]).unwrap_err();
        assert!(err.contains("nope"));
    }

    #[test]
    fn skip_names_a_known_step() {
        assert_eq!(
            parse_skips(&["--skip".into(), "docs".into()]).unwrap(),
            vec!["docs"]
        );
    }
}
