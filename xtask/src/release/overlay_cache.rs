//! Stale unpacked sources of `cargo publish --workspace`'s local overlay registry.
//!
//! A workspace dry run packages each crate and resolves the next crate's requirement on it from a local
//! overlay registry, whose sources Cargo unpacks under `$CARGO_HOME/registry/src/-<hash>/<name>-<version>`
//! (an overlay has no host name, hence the leading `-`). Cargo unpacks a version only once: while the
//! version number stays the same (as it does between releases), a second dry run from the same checkout
//! path builds the dependents against the sources of the first, however the crate changed since. Removing
//! those directories first makes every dry run build against what it has just packaged.
//!
//! The same holds for what Cargo compiled from them: it never re-reads a registry crate's sources, so
//! the library a previous dry run built from the overlay counts as fresh in the target directory. Its
//! fingerprint goes too, so Cargo compiles the crate again from the sources just unpacked.

use std::path::{Path, PathBuf};

/// Removes the overlay's unpacked sources named `<name>-<version>` (one entry of `unpacked_names` each)
/// under `cargo_home`; returns what was removed. Sources of real registries are left alone.
pub fn forget(cargo_home: &Path, unpacked_names: &[String]) -> Result<Vec<PathBuf>, String> {
    let sources = cargo_home.join("registry").join("src");
    let Ok(registries) = std::fs::read_dir(&sources) else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    for registry in registries.flatten() {
        let is_overlay = registry.file_name().to_string_lossy().starts_with('-');
        if !is_overlay {
            continue;
        }
        for name in unpacked_names {
            let unpacked = registry.path().join(name);
            if unpacked.is_dir() {
                std::fs::remove_dir_all(&unpacked)
                    .map_err(|e| format!("cannot remove {}: {e}", unpacked.display()))?;
                removed.push(unpacked);
            }
        }
    }
    Ok(removed)
}

/// Removes the fingerprints under `target_dir` (every profile) of the libraries Cargo built from an
/// overlay's copy of the crates in `crate_names`; returns what was removed. A build is known by its
/// dep-info file (`deps/<lib>-<hash>.d`), which lists the sources it was compiled from; builds of the
/// workspace's own paths are left alone.
pub fn forget_builds(target_dir: &Path, crate_names: &[&str]) -> Result<Vec<PathBuf>, String> {
    let Ok(profiles) = std::fs::read_dir(target_dir) else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    for profile in profiles.flatten() {
        let Ok(fingerprints) = std::fs::read_dir(profile.path().join(".fingerprint")) else {
            continue;
        };
        for fingerprint in fingerprints.flatten() {
            let unit = fingerprint.file_name().to_string_lossy().into_owned();
            let Some(hash) = crate_names
                .iter()
                .find_map(|name| unit.strip_prefix(name)?.strip_prefix('-'))
            else {
                continue;
            };
            let lib = unit[..unit.len() - hash.len() - 1].replace('-', "_");
            let dep_info = profile.path().join("deps").join(format!("{lib}-{hash}.d"));
            let from_overlay = std::fs::read_to_string(&dep_info)
                .is_ok_and(|sources| sources.contains("/registry/src/-"));
            if from_overlay {
                let path = fingerprint.path();
                std::fs::remove_dir_all(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
                removed.push(path);
            }
        }
    }
    Ok(removed)
}

/// Cargo's home: `$CARGO_HOME`, or `~/.cargo`.
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_overlays_copies_of_the_workspace_crates_are_removed() {
        let home = tempfile::tempdir().unwrap();
        let src = home.path().join("registry").join("src");
        let overlay = src.join("-14cd1cce6819ff87");
        let crates_io = src.join("index.crates.io-1949cf8c6b5b557f");
        for dir in [
            overlay.join("api-core-0.1.0"),
            overlay.join("serde-1.0.0"),
            crates_io.join("api-core-0.1.0"),
        ] {
            std::fs::create_dir_all(&dir).unwrap();
        }

        let removed = forget(home.path(), &["api-core-0.1.0".to_owned()]).unwrap();

        assert_eq!(removed, vec![overlay.join("api-core-0.1.0")]);
        assert!(overlay.join("serde-1.0.0").is_dir());
        assert!(crates_io.join("api-core-0.1.0").is_dir());
    }

    #[test]
    fn only_builds_made_from_an_overlay_copy_are_forgotten() {
        let target = tempfile::tempdir().unwrap();
        let debug = target.path().join("debug");
        let unit = |name: &str, hash: &str, source: &str| {
            std::fs::create_dir_all(debug.join(".fingerprint").join(format!("{name}-{hash}")))
                .unwrap();
            std::fs::create_dir_all(debug.join("deps")).unwrap();
            let lib = name.replace('-', "_");
            let dep_info = format!("/t/deps/lib{lib}-{hash}.rmeta: {source}/src/lib.rs\n");
            std::fs::write(debug.join("deps").join(format!("{lib}-{hash}.d")), dep_info).unwrap();
        };
        unit(
            "api-core",
            "aaa",
            "/home/.cargo/registry/src/-14cd1cce6819ff87/api-core-0.1.0",
        );
        unit("api-core", "bbb", "/work/crates/api-core");
        unit(
            "serde",
            "ccc",
            "/home/.cargo/registry/src/-14cd1cce6819ff87/serde-1.0.0",
        );

        let removed = forget_builds(target.path(), &["api-core"]).unwrap();

        assert_eq!(
            removed,
            vec![debug.join(".fingerprint").join("api-core-aaa")]
        );
        assert!(debug.join(".fingerprint").join("api-core-bbb").is_dir());
        assert!(debug.join(".fingerprint").join("serde-ccc").is_dir());
    }

    #[test]
    fn a_cargo_home_without_registry_sources_has_nothing_to_forget() {
        let home = tempfile::tempdir().unwrap();
        assert!(
            forget(home.path(), &["api-core-0.1.0".to_owned()])
                .unwrap()
                .is_empty()
        );
    }
}
