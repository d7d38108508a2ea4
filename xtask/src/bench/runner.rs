//! Builds the measured programs (package `sdk-bench`, release mode) and runs them, collecting the
//! `name: value` lines each prints. Progress lines on their stderr go straight to the terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::figures::Figures;

/// Builds `sdk-bench` in release mode and returns the path of its executable.
pub fn build_bench_binary() -> Result<PathBuf, String> {
    eprintln!("==> xtask bench: cargo build --release -p sdk-bench");
    let output = crate::cargo::command()
        .args([
            "build",
            "--release",
            "--package",
            "sdk-bench",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("building sdk-bench failed ({})", output.status));
    }
    executable_from_messages(&String::from_utf8_lossy(&output.stdout))
        .ok_or_else(|| "cargo reported no sdk-bench executable".to_owned())
}

/// The `executable` of the `sdk-bench` binary artifact among cargo's JSON messages.
fn executable_from_messages(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "sdk-bench")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// Runs one benchmark program; its failure (exit status other than 0) fails the run.
pub fn run(binary: &Path, args: &[&str]) -> Result<Figures, String> {
    eprintln!("==> xtask bench: sdk-bench {}", args.join(" "));
    let output = Command::new(binary)
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "benchmark `{}` failed ({})\n{stdout}",
            args.join(" "),
            output.status
        ));
    }
    Ok(Figures::parse(&stdout))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_executable_is_found_among_cargo_messages() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"api_core"},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"sdk-bench"},"executable":"/t/release/sdk-bench"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(
            executable_from_messages(messages),
            Some(PathBuf::from("/t/release/sdk-bench"))
        );
        assert_eq!(executable_from_messages("not json\n"), None);
    }
}
