//! The allow-list a crate's package (`cargo package --list`) is checked against.
//!
//! A package holds what a user's build and crates.io page need and nothing else: the manifest, README,
//! CHANGELOG, both license files, the sources under `src/` (generated code and the mock included) and, for an
//! API client, its `openapi.yaml`. Tests, fixtures and examples stay in the repository.

use std::path::Path;

/// Files Cargo itself adds to every package.
const CARGO_FILES: [&str; 4] = [
    "Cargo.toml",
    "Cargo.toml.orig",
    "Cargo.lock",
    ".cargo_vcs_info.json",
];
/// Files every package must hold.
const REQUIRED: [&str; 6] = [
    "Cargo.toml",
    "README.md",
    "CHANGELOG.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "src/lib.rs",
];
const SPEC: &str = "openapi.yaml";

/// API client crates (`<api>-client`, see docs/architecture.md) also ship the spec their code is generated from.
pub fn ships_spec(crate_name: &str) -> bool {
    crate_name.ends_with("-client")
}

/// Whether `file` (relative to the crate directory, `/` separators) may be in the crate's package.
pub fn is_allowed(crate_name: &str, file: &str) -> bool {
    CARGO_FILES.contains(&file)
        || REQUIRED.contains(&file)
        || (ships_spec(crate_name) && file == SPEC)
        || (file.starts_with("src/") && file.ends_with(".rs"))
}

/// What is wrong with one crate's package list; empty when it holds exactly the allowed files.
///
/// `sources_on_disk` are the `.rs` files under the crate's `src/`, relative to the crate directory: each must
/// be packaged, or the published crate would not build.
pub fn problems(crate_name: &str, listed: &[String], sources_on_disk: &[String]) -> Vec<String> {
    let with_spec = ships_spec(crate_name);
    let mut problems = Vec::new();
    for file in listed {
        if !is_allowed(crate_name, file) {
            problems.push(format!(
                "{crate_name}: `{file}` is packaged but not on the allow-list"
            ));
        }
    }
    let required = REQUIRED.iter().copied().chain(with_spec.then_some(SPEC));
    for file in required
        .map(str::to_owned)
        .chain(sources_on_disk.iter().cloned())
    {
        if !listed.contains(&file) {
            problems.push(format!(
                "{crate_name}: `{file}` is missing from the package"
            ));
        }
    }
    problems
}

/// `cargo package --list` of one crate. Dirty files are allowed: the list is the same either way, and the
/// publish step itself decides whether a dirty tree may be published.
pub fn package_list(root: &Path, crate_name: &str) -> Result<Vec<String>, String> {
    let output = crate::cargo::command()
        .current_dir(root)
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--package",
            crate_name,
        ])
        .output()
        .map_err(|e| format!("could not run cargo package: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo package --list -p {crate_name} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8(output.stdout)
        .map_err(|_| format!("cargo package --list -p {crate_name} printed a non-UTF-8 path"))?;
    Ok(stdout.lines().map(|l| l.replace('\\', "/")).collect())
}

/// The `.rs` files under `<crate_dir>/src`, relative to `crate_dir`, with `/` separators.
pub fn sources_on_disk(crate_dir: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut pending = vec![crate_dir.join("src")];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(crate_dir).unwrap_or(&path);
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(files: &[&str]) -> Vec<String> {
        files.iter().map(|f| f.to_string()).collect()
    }

    const CLIENT: &[&str] = &[
        ".cargo_vcs_info.json",
        "CHANGELOG.md",
        "Cargo.lock",
        "Cargo.toml",
        "Cargo.toml.orig",
        "LICENSE-APACHE",
        "LICENSE-MIT",
        "README.md",
        "openapi.yaml",
        "src/generated/mod.rs",
        "src/lib.rs",
        "src/mock/mod.rs",
    ];

    #[test]
    fn client_package_with_exactly_the_allowed_files_passes() {
        let sources = list(&["src/generated/mod.rs", "src/lib.rs", "src/mock/mod.rs"]);
        assert_eq!(
            problems("pwpush-client", &list(CLIENT), &sources),
            Vec::<String>::new()
        );
    }

    #[test]
    fn test_fixtures_and_examples_in_a_package_are_refused() {
        let mut files = list(CLIENT);
        files.push("tests/fixtures/getApp.json".into());
        files.push("examples/quickstart.rs".into());
        let found = problems("pwpush-client", &files, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("tests/fixtures/getApp.json"));
        assert!(found[1].contains("examples/quickstart.rs"));
    }

    #[test]
    fn client_package_without_its_spec_or_a_license_is_refused() {
        let files: Vec<String> = list(CLIENT)
            .into_iter()
            .filter(|f| f != "openapi.yaml" && f != "LICENSE-MIT")
            .collect();
        let found = problems("pushauth-client", &files, &[]);
        assert!(
            found
                .iter()
                .any(|p| p.contains("`openapi.yaml` is missing")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("`LICENSE-MIT` is missing")),
            "{found:?}"
        );
    }

    #[test]
    fn core_package_must_not_carry_a_spec() {
        let found = problems("api-core", &list(CLIENT), &[]);
        assert_eq!(
            found,
            vec!["api-core: `openapi.yaml` is packaged but not on the allow-list"]
        );
    }

    #[test]
    fn source_file_left_out_of_the_package_is_refused() {
        let sources = list(&["src/lib.rs", "src/mock/state.rs"]);
        let found = problems("pwpush-client", &list(CLIENT), &sources);
        assert_eq!(
            found,
            vec!["pwpush-client: `src/mock/state.rs` is missing from the package"]
        );
    }
}
