//! `cargo xtask release plan` and `release check` on this workspace.

use std::fs;
use std::path::Path;
use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn plan_lists_api_core_first_and_every_client_after_it() {
    let output = xtask(&["release", "plan"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("#  crate"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let crates: Vec<&str> = rows
        .iter()
        .filter_map(|row| row.split_whitespace().nth(1))
        .collect();
    assert_eq!(crates.first(), Some(&"api-core"), "{stdout}");
    for client in ["push-security-client", "pushauth-client", "pwpush-client"] {
        assert!(
            crates.contains(&client),
            "{client} missing from the plan:\n{stdout}"
        );
    }
    for unpublished in ["xtask", "workspace-tests"] {
        assert!(
            !crates.contains(&unpublished),
            "{unpublished} is publish = false:\n{stdout}"
        );
    }
}

const PUBLISHED: [&str; 4] = [
    "api-core",
    "push-security-client",
    "pushauth-client",
    "pwpush-client",
];

/// Runs git in `dir` with a fixed identity, so the test does not depend on the machine's git config.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=release test",
            "-c",
            "user.email=release@test.invalid",
        ])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?} failed");
}

/// A copy of this workspace's files (what git would see, without `target/`) in a fresh repository where every
/// published crate was released at its current version: CHANGELOGs dated, committed, tagged.
fn released_copy() -> tempfile::TempDir {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let listed = Command::new("git")
        .current_dir(real)
        .args(["ls-files", "--cached", "--others", "--exclude-standard"])
        .output()
        .unwrap();
    let scratch = tempfile::tempdir().unwrap();
    for file in String::from_utf8(listed.stdout).unwrap().lines() {
        let (from, to) = (real.join(file), scratch.path().join(file));
        if from.is_file() {
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(&from, &to).unwrap();
        }
    }
    // Released: nothing is left under Unreleased (the real CHANGELOGs may hold pending entries).
    for crate_name in PUBLISHED {
        fs::write(
            scratch.path().join("crates").join(crate_name).join("CHANGELOG.md"),
            "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- First release.\n",
        )
        .unwrap();
    }
    git(scratch.path(), &["init", "--quiet"]);
    git(scratch.path(), &["add", "--all"]);
    git(
        scratch.path(),
        &["commit", "--quiet", "--message", "released"],
    );
    for crate_name in PUBLISHED {
        let manifest = fs::read_to_string(
            scratch
                .path()
                .join("crates")
                .join(crate_name)
                .join("Cargo.toml"),
        )
        .unwrap();
        let doc: toml_edit::DocumentMut = manifest.parse().unwrap();
        let version = doc["package"]["version"].as_str().unwrap().to_owned();
        git(
            scratch.path(),
            &["tag", &format!("{crate_name}-v{version}")],
        );
    }
    scratch
}

fn plan_rows(workspace: &Path) -> Vec<Vec<String>> {
    let mut plan = Command::new(env!("CARGO_BIN_EXE_xtask"));
    plan.arg("release")
        .arg("--workspace")
        .arg(workspace)
        .arg("plan");
    rows_of(&mut plan)
}

/// The table `release plan` printed, row by row, cell by cell.
fn rows_of(plan: &mut Command) -> Vec<Vec<String>> {
    let output = plan.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("#  crate"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], crate_name: &str) -> &'a [String] {
    rows.iter().find(|r| r[1] == crate_name).unwrap()
}

#[test]
fn plan_after_a_release_is_empty_until_something_changes() {
    let scratch = released_copy();
    let rows = plan_rows(scratch.path());
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row[4], "none", "{row:?}");
        assert_eq!(row[5], "-", "{row:?}");
        assert_eq!(row[6], "unchanged", "{row:?}");
    }
}

/// A source change and a listed fix in api-core, after the release.
fn fix_core(root: &Path) {
    let lib = root.join("crates/api-core/src/lib.rs");
    let mut source = fs::read_to_string(&lib).unwrap();
    source.push_str("\n// A change after the release.\n");
    fs::write(&lib, source).unwrap();
    let changelog = root.join("crates/api-core/CHANGELOG.md");
    let text = fs::read_to_string(&changelog).unwrap();
    let text = text.replacen(
        "## [Unreleased]\n",
        "## [Unreleased]\n\n### Fixed\n\n- A fix.\n",
        1,
    );
    fs::write(&changelog, text).unwrap();
}

#[test]
fn plan_run_inside_a_second_clone_acts_on_that_clone() {
    // The binary under test was built from this checkout into its target directory; run from
    // another clone (as with a CARGO_TARGET_DIR shared by both), it must read the clone it runs in.
    let scratch = released_copy();
    fix_core(scratch.path());

    let mut plan = Command::new(env!("CARGO_BIN_EXE_xtask"));
    plan.args(["release", "plan"])
        .current_dir(scratch.path().join("crates").join("pwpush-client"))
        // `cargo test` sets this for the test process; a directly started binary has no such hint.
        .env_remove("CARGO_MANIFEST_DIR");
    let rows = rows_of(&mut plan);

    let core = row(&rows, "api-core");
    assert_eq!(core[4], "1 file", "{core:?}");
    assert_eq!(core[6], "CHANGELOG lists a fix", "{core:?}");
    let pwpush = row(&rows, "pwpush-client");
    assert_eq!(pwpush[6], "needs the new api-core", "{pwpush:?}");
}

#[test]
fn plan_releases_a_changed_core_and_every_client_that_needs_it() {
    let scratch = released_copy();
    let root = scratch.path();
    fix_core(root);
    // A workspace dependency only push-security-client uses, changed in the root manifest.
    let manifest = root.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    assert!(text.contains("hmac = \"0.12\""));
    fs::write(
        &manifest,
        text.replace("hmac = \"0.12\"", "hmac = \"0.12.1\""),
    )
    .unwrap();

    let rows = plan_rows(root);

    let core = row(&rows, "api-core");
    assert_eq!(rows[0][1], "api-core");
    assert_eq!(core[4], "1 file");
    assert_eq!(core[6], "CHANGELOG lists a fix");
    let patch_of = |version: &str| {
        let v = semver::Version::parse(version).unwrap();
        semver::Version::new(v.major, v.minor, v.patch + 1).to_string()
    };
    assert_eq!(core[5], patch_of(&core[2]));
    for client in ["pushauth-client", "pwpush-client"] {
        let r = row(&rows, client);
        assert_eq!(r[4], "none", "{r:?}");
        assert_eq!(r[5], patch_of(&r[2]), "{r:?}");
        assert_eq!(r[6], "needs the new api-core", "{r:?}");
    }
    let push_security = row(&rows, "push-security-client");
    assert_eq!(push_security[4], "workspace: dependencies.hmac");
    assert!(
        push_security[6].contains("Unreleased is empty"),
        "{push_security:?}"
    );
    assert!(
        push_security[6].contains("needs the new api-core"),
        "{push_security:?}"
    );
}
