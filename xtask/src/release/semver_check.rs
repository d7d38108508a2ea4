//! API compatibility against the last published version, through cargo-semver-checks.

use std::path::Path;
use std::process::Stdio;

use semver::Version;

pub const INSTALL_HINT: &str = "install it with `cargo install cargo-semver-checks --locked`";

pub fn tool_installed() -> bool {
    crate::cargo::command()
        .args(["semver-checks", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Compares the crate's public API with `baseline` from crates.io; fails when the change needs a bigger
/// version bump than the one in the manifest.
pub fn check(root: &Path, crate_name: &str, baseline: &Version) -> Result<(), String> {
    let baseline = baseline.to_string();
    let status = crate::cargo::command()
        .current_dir(root)
        .args([
            "semver-checks",
            "check-release",
            "--package",
            crate_name,
            "--baseline-version",
            &baseline,
        ])
        .status()
        .map_err(|e| format!("could not run cargo semver-checks: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{crate_name}: cargo semver-checks against {baseline} failed; raise the version with `cargo xtask release bump` or undo the breaking change"
        ))
    }
}
