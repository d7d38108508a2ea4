//! Running cargo from xtask: one place that finds the cargo binary and keeps `cargo run`'s own
//! variables away from the cargo commands xtask starts.

use std::path::Path;
use std::process::Command;

use serde::de::DeserializeOwned;

/// A `cargo` command (the cargo running xtask, `$CARGO`, else the one on `PATH`) without the
/// variables `cargo run` set for xtask itself (`CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`, ...).
/// Build scripts such as ring's ask to rerun when those change, so passing them on would rebuild
/// half the dependency graph here, and again on the next plain `cargo build`.
pub fn command() -> Command {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(is_set_by_cargo_run) {
            command.env_remove(name);
        }
    }
    command
}

/// `cargo metadata --format-version 1 <flags> --manifest-path <root>/Cargo.toml`, decoded.
pub fn metadata<T: DeserializeOwned>(root: &Path, flags: &[&str]) -> Result<T, String> {
    let output = command()
        .args(["metadata", "--format-version", "1"])
        .args(flags)
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("could not run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cannot read cargo metadata output: {e}"))
}

fn is_set_by_cargo_run(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_MANIFEST_")
        || matches!(
            name,
            "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_variables_of_xtask_are_not_passed_on() {
        assert!(is_set_by_cargo_run("CARGO_PKG_NAME"));
        assert!(is_set_by_cargo_run("CARGO_MANIFEST_DIR"));
        assert!(is_set_by_cargo_run("CARGO_PRIMARY_PACKAGE"));
        assert!(!is_set_by_cargo_run("CARGO_HOME"));
        assert!(!is_set_by_cargo_run("CARGO_TARGET_DIR"));
        assert!(!is_set_by_cargo_run("CARGO"));
    }
}
