//! Which workspace xtask works on, decided when it runs.
//!
//! `cargo xtask` is an alias of `cargo run --package xtask`: cargo picks the workspace by walking up
//! from the current directory, builds that workspace's xtask and runs it there. xtask follows the
//! same rule instead of remembering where it was compiled: with a `CARGO_TARGET_DIR` shared by two
//! clones, one binary serves both, and a path compiled into it would point at whichever clone built
//! it last.

use std::path::{Path, PathBuf};

/// The root of the workspace containing the current directory.
pub fn root() -> Result<PathBuf, String> {
    let here =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    enclosing_root(&here)
}

/// Cargo's target directory for the workspace at `root`: `$CARGO_TARGET_DIR`, else `<root>/target`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The nearest directory at or above `start` whose `Cargo.toml` has a `[workspace]` table.
pub fn enclosing_root(start: &Path) -> Result<PathBuf, String> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        let doc: toml_edit::DocumentMut = text
            .parse()
            .map_err(|e| format!("{} is not valid TOML: {e}", manifest.display()))?;
        if doc.contains_key("workspace") {
            return Ok(dir.to_path_buf());
        }
    }
    Err(format!(
        "no Cargo.toml with a [workspace] table at or above {}; run `cargo xtask` inside the workspace",
        start.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_member_directory_resolves_to_the_workspace_above_it() {
        let scratch = tempfile::tempdir().unwrap();
        write(
            &scratch.path().join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/a\"]\n",
        );
        write(
            &scratch.path().join("crates/a/Cargo.toml"),
            "[package]\nname = \"a\"\n",
        );
        let src = scratch.path().join("crates/a/src");
        std::fs::create_dir_all(&src).unwrap();

        assert_eq!(enclosing_root(&src).unwrap(), scratch.path());
        assert_eq!(enclosing_root(scratch.path()).unwrap(), scratch.path());
    }

    #[test]
    fn a_package_manifest_without_a_workspace_table_is_passed_over() {
        let scratch = tempfile::tempdir().unwrap();
        write(
            &scratch.path().join("lonely/Cargo.toml"),
            "[package]\nname = \"lonely\"\n",
        );
        let start = scratch.path().join("lonely");
        // A package manifest without [workspace] is passed over. The temporary directory may itself
        // sit inside some workspace on a developer's machine; then that one is found instead.
        match enclosing_root(&start) {
            Ok(found) => assert!(!found.starts_with(scratch.path()), "{}", found.display()),
            Err(err) => assert!(err.contains("lonely"), "{err}"),
        }
    }
}
