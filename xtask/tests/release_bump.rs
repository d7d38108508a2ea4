//! `cargo xtask release bump` on a scratch copy of this workspace's manifests, with changelogs written here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use semver::Version;
use toml_edit::DocumentMut;

const DATE: &str = "2026-01-02";
const HISTORY: &str = "## [0.1.0] - 2025-01-01\n\n### Added\n\n- First release.\n";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The real workspace's manifests copied into a temporary directory, with a CHANGELOG per publishable crate.
struct Scratch {
    dir: tempfile::TempDir,
    members: Vec<String>,
}

impl Scratch {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let real = workspace_root();
        let root_manifest = fs::read_to_string(real.join("Cargo.toml")).unwrap();
        fs::write(dir.path().join("Cargo.toml"), &root_manifest).unwrap();
        let doc: DocumentMut = root_manifest.parse().unwrap();
        let members: Vec<String> = doc["workspace"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_owned())
            .collect();
        for member in &members {
            fs::create_dir_all(dir.path().join(member)).unwrap();
            fs::copy(
                real.join(member).join("Cargo.toml"),
                dir.path().join(member).join("Cargo.toml"),
            )
            .unwrap();
        }
        let scratch = Self { dir, members };
        for crate_dir in scratch.crate_dirs() {
            scratch.write(&format!("{crate_dir}/CHANGELOG.md"), &changelog(""));
        }
        scratch
    }

    fn crate_dirs(&self) -> Vec<String> {
        self.members
            .iter()
            .filter(|m| m.starts_with("crates/"))
            .cloned()
            .collect()
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap()
    }

    fn write(&self, relative: &str, text: &str) {
        fs::write(self.path(relative), text).unwrap();
    }

    fn manifest(&self, relative_dir: &str) -> DocumentMut {
        let path = if relative_dir.is_empty() {
            "Cargo.toml".to_owned()
        } else {
            format!("{relative_dir}/Cargo.toml")
        };
        self.read(&path).parse().unwrap()
    }

    fn version(&self, crate_dir: &str) -> Version {
        Version::parse(
            self.manifest(crate_dir)["package"]["version"]
                .as_str()
                .unwrap(),
        )
        .unwrap()
    }

    /// Every file of the scratch workspace with its text, to compare before and after.
    fn snapshot(&self) -> Vec<(String, String)> {
        let mut files = vec![("Cargo.toml".to_owned(), self.read("Cargo.toml"))];
        for member in &self.members {
            for name in ["Cargo.toml", "CHANGELOG.md"] {
                let relative = format!("{member}/{name}");
                if self.path(&relative).exists() {
                    files.push((relative.clone(), self.read(&relative)));
                }
            }
        }
        files
    }

    fn bump(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("release")
            .arg("--workspace")
            .arg(self.dir.path())
            .arg("bump")
            .args(args)
            .args(["--date", DATE])
            .output()
            .unwrap()
    }
}

fn changelog(unreleased: &str) -> String {
    format!("# Changelog\n\nNotable changes.\n\n## [Unreleased]\n\n{unreleased}{HISTORY}")
}

fn succeeded(output: &Output) -> bool {
    if !output.status.success() {
        eprintln!("stderr: {}", String::from_utf8_lossy(&output.stderr));
    }
    output.status.success()
}

fn minor(version: &Version) -> Version {
    Version::new(version.major, version.minor + 1, 0)
}

fn patch(version: &Version) -> Version {
    Version::new(version.major, version.minor, version.patch + 1)
}

fn workspace_requirement(scratch: &Scratch, name: &str) -> String {
    scratch.manifest("")["workspace"]["dependencies"][name]["version"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Clients with their versions before the bump.
fn clients(scratch: &Scratch) -> Vec<(String, Version)> {
    scratch
        .crate_dirs()
        .into_iter()
        .filter(|d| d != "crates/api-core")
        .map(|d| {
            let version = scratch.version(&d);
            (d, version)
        })
        .collect()
}

/// Lines that differ between two texts of the same length in lines.
fn changed_lines(before: &str, after: &str) -> Vec<(String, String)> {
    let before: Vec<&str> = before.lines().collect();
    let after: Vec<&str> = after.lines().collect();
    assert_eq!(before.len(), after.len());
    before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, a)| (b.to_string(), a.to_string()))
        .collect()
}

#[test]
fn breaking_bump_of_api_core_raises_requirements_and_gives_each_client_a_breaking_release() {
    let scratch = Scratch::new();
    scratch.write(
        "crates/api-core/CHANGELOG.md",
        &changelog("### Changed\n\n- **Breaking**: renamed a setter.\n\n"),
    );
    let core_before = scratch.version("crates/api-core");
    let clients = clients(&scratch);
    assert!(!clients.is_empty());
    let root_before = scratch.read("Cargo.toml");

    assert!(succeeded(&scratch.bump(&["api-core", "minor"])));

    let core_after = scratch.version("crates/api-core");
    assert_eq!(core_after, minor(&core_before));
    assert_eq!(
        workspace_requirement(&scratch, "api-core"),
        core_after.to_string()
    );
    assert_eq!(
        scratch.read("crates/api-core/CHANGELOG.md"),
        format!(
            "# Changelog\n\nNotable changes.\n\n## [Unreleased]\n\n## [{core_after}] - {DATE}\n\n### Changed\n\n- **Breaking**: renamed a setter.\n\n{HISTORY}"
        )
    );
    for (client, before) in &clients {
        let after = scratch.version(client);
        // api-core leaves the caret range, and the clients re-export its types: a breaking release for them too.
        let expected = if before.major == 0 {
            minor(before)
        } else {
            Version::new(before.major + 1, 0, 0)
        };
        assert_eq!(after, expected, "{client}");
        let name = client.trim_start_matches("crates/");
        assert_eq!(
            workspace_requirement(&scratch, name),
            after.to_string(),
            "{client}"
        );
        assert_eq!(
            scratch.read(&format!("{client}/CHANGELOG.md")),
            format!(
                "# Changelog\n\nNotable changes.\n\n## [Unreleased]\n\n## [{after}] - {DATE}\n\n### Changed\n\n- **Breaking**: requires `api-core` {core_after}, whose types are part of this crate's API.\n\n{HISTORY}"
            ),
            "{client}"
        );
    }

    // Only the requirement lines of the root manifest moved; comments and layout are untouched.
    let changed = changed_lines(&root_before, &scratch.read("Cargo.toml"));
    assert_eq!(changed.len(), 1 + clients.len(), "{changed:#?}");
    for (before, after) in changed {
        let digits_masked = |line: &str| line.replace(|c: char| c.is_ascii_digit(), "#");
        assert_eq!(digits_masked(&before), digits_masked(&after));
    }
}

#[test]
fn patch_bump_of_api_core_gives_each_client_a_patch_release() {
    let scratch = Scratch::new();
    scratch.write(
        "crates/api-core/CHANGELOG.md",
        &changelog("### Fixed\n\n- Retry-After dates in the past no longer panic.\n\n"),
    );
    let core_before = scratch.version("crates/api-core");
    let clients = clients(&scratch);

    assert!(succeeded(&scratch.bump(&["api-core", "patch"])));

    let core_after = scratch.version("crates/api-core");
    assert_eq!(core_after, patch(&core_before));
    assert_eq!(
        workspace_requirement(&scratch, "api-core"),
        core_after.to_string()
    );
    for (client, before) in &clients {
        assert_eq!(scratch.version(client), patch(before), "{client}");
        let text = scratch.read(&format!("{client}/CHANGELOG.md"));
        assert!(
            text.contains(&format!(
                "### Changed\n\n- Requires `api-core` {core_after}.\n"
            )),
            "{client}: {text}"
        );
    }
}

#[test]
fn bump_of_a_client_leaves_api_core_and_the_other_clients_alone() {
    let scratch = Scratch::new();
    scratch.write(
        "crates/pwpush-client/CHANGELOG.md",
        &changelog("### Fixed\n\n- Expiry in days is sent as a number.\n\n"),
    );
    let before = scratch.snapshot();
    let pwpush_before = scratch.version("crates/pwpush-client");

    assert!(succeeded(&scratch.bump(&["pwpush-client", "patch"])));

    let pwpush_after = scratch.version("crates/pwpush-client");
    assert_eq!(pwpush_after, patch(&pwpush_before));
    assert_eq!(
        workspace_requirement(&scratch, "pwpush-client"),
        pwpush_after.to_string()
    );
    let after = scratch.snapshot();
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, _)| b.0.as_str())
        .collect();
    assert_eq!(
        changed,
        vec![
            "Cargo.toml",
            "crates/pwpush-client/Cargo.toml",
            "crates/pwpush-client/CHANGELOG.md"
        ]
    );
}

#[test]
fn first_release_dates_every_changelog_without_changing_versions() {
    let scratch = Scratch::new();
    for crate_dir in scratch.crate_dirs() {
        scratch.write(
            &format!("{crate_dir}/CHANGELOG.md"),
            &changelog("### Added\n\n- Everything.\n\n"),
        );
    }
    let manifests_before: Vec<String> = scratch
        .members
        .iter()
        .map(|m| scratch.read(&format!("{m}/Cargo.toml")))
        .collect();
    let root_before = scratch.read("Cargo.toml");

    assert!(succeeded(&scratch.bump(&["all", "current"])));

    assert_eq!(scratch.read("Cargo.toml"), root_before);
    for (member, before) in scratch.members.iter().zip(&manifests_before) {
        assert_eq!(
            &scratch.read(&format!("{member}/Cargo.toml")),
            before,
            "{member}"
        );
    }
    for crate_dir in scratch.crate_dirs() {
        let version = scratch.version(&crate_dir);
        let text = scratch.read(&format!("{crate_dir}/CHANGELOG.md"));
        assert!(
            text.contains(&format!(
                "## [Unreleased]\n\n## [{version}] - {DATE}\n\n### Added\n\n- Everything.\n"
            )),
            "{crate_dir}: {text}"
        );
    }
}

#[test]
fn bump_with_an_empty_unreleased_section_is_refused_and_writes_nothing() {
    let scratch = Scratch::new();
    // Every scratch CHANGELOG starts with an empty Unreleased section: a crate named for a release must say
    // what the release changes.
    let before = scratch.snapshot();

    let output = scratch.bump(&["pushauth-client", "patch"]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("pushauth-client/CHANGELOG.md"), "{stderr}");
    assert!(stderr.contains("Unreleased"), "{stderr}");
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn bump_of_an_unpublished_member_is_refused() {
    let scratch = Scratch::new();
    let before = scratch.snapshot();

    let output = scratch.bump(&["xtask", "patch"]);

    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not published"));
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn unknown_bump_level_is_refused() {
    let scratch = Scratch::new();
    let output = scratch.bump(&["api-core", "huge"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("huge"));
}
