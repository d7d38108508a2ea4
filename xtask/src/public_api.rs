//! `cargo xtask public-api [--check]`: each published crate's public surface, one item a line, in
//! `crates/<crate>/public-api.txt`.
//!
//! The listing is rendered from rustdoc's JSON output by the `public-api` library. rustdoc writes JSON only
//! behind `-Z unstable-options`; there is no nightly toolchain in CI, so the command sets `RUSTC_BOOTSTRAP=1`
//! for that one rustdoc run, in a target directory of its own so the flag never touches the regular build
//! cache. The JSON format changes between Rust releases: the listing is only as stable as the pair
//! (toolchain, `public-api` pin), so a format this xtask was not built for is refused with a clear message
//! rather than half-read. docs/releasing.md says how a reviewer reads a listing's diff.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use similar::TextDiff;

/// The rustdoc JSON format the pinned `public-api` (and its `rustdoc-types`) reads: rustc 1.95's.
const FORMAT_VERSION: u64 = 57;
/// Each crate's listing, relative to its directory. Not in the package: the manifests' `include` lists name
/// what ships.
const LISTING: &str = "public-api.txt";

const USAGE: &str = "usage: cargo xtask public-api [--check]

Writes crates/<crate>/public-api.txt for every published crate; --check fails when a listing differs
from the crate's current public API, showing the difference.";

pub fn run(args: &[String]) -> crate::CommandResult {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        [flag] if flag == "help" || flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            return Ok(());
        }
        _ => return Err(format!("unexpected arguments {args:?}\n{USAGE}")),
    };
    let root = crate::workspace::root()?;
    let crates = published_crates(&root)?;
    let target_dir = target_dir(&root);
    let mut drifted = Vec::new();
    for krate in &crates {
        let listing = render(&root, &target_dir, krate)?;
        let path = krate.dir.join(LISTING);
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let on_disk = std::fs::read_to_string(&path).ok();
        if on_disk.as_deref() == Some(listing.as_str()) {
            eprintln!("public-api: {shown} is up to date");
            continue;
        }
        if check {
            eprint!("{}", report(&shown, on_disk.as_deref(), &listing));
            drifted.push(shown);
        } else {
            std::fs::write(&path, &listing)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("public-api: wrote {shown}");
        }
    }
    if drifted.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the public API changed without its listing: {}; run `cargo xtask public-api`, review the diff \
             (docs/releasing.md) and commit it",
            drifted.join(", ")
        ))
    }
}

/// A crate whose surface is listed.
#[derive(Debug)]
struct Crate {
    name: String,
    dir: PathBuf,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<MetadataPackage>,
}

#[derive(Deserialize)]
struct MetadataPackage {
    name: String,
    manifest_path: PathBuf,
    /// `None`: any registry; `Some([])`: `publish = false`.
    publish: Option<Vec<String>>,
}

/// Every workspace member that is published, in name order.
fn published_crates(root: &Path) -> Result<Vec<Crate>, String> {
    let metadata: Metadata = crate::cargo::metadata(root, &["--no-deps"])?;
    let mut crates: Vec<Crate> = metadata
        .packages
        .into_iter()
        .filter(|p| p.publish.as_ref().is_none_or(|r| !r.is_empty()))
        .map(|p| Crate {
            dir: p
                .manifest_path
                .parent()
                .map_or_else(|| p.manifest_path.clone(), Path::to_path_buf),
            name: p.name,
        })
        .collect();
    crates.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(crates)
}

/// The crate's listing: rustdoc JSON with every feature on, rendered one item a line.
fn render(root: &Path, target_dir: &Path, krate: &Crate) -> Result<String, String> {
    eprintln!("public-api: rustdoc JSON of {}", krate.name);
    let status = crate::cargo::command()
        .current_dir(root)
        .args(["rustdoc", "--quiet", "--lib", "--all-features", "--package"])
        .arg(&krate.name)
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        // rustdoc's JSON output is unstable; stable rustc allows it with this flag. See the module doc.
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .map_err(|e| format!("could not run cargo rustdoc for {}: {e}", krate.name))?;
    if !status.success() {
        return Err(format!(
            "cargo rustdoc failed for {} ({status})",
            krate.name
        ));
    }
    let json_path = target_dir
        .join("doc")
        .join(format!("{}.json", krate.name.replace('-', "_")));
    let json = std::fs::read_to_string(&json_path)
        .map_err(|e| format!("cannot read {}: {e}", json_path.display()))?;
    check_format_version(&json)?;
    let api = public_api::Builder::from_rustdoc_json(&json_path)
        // `impl<T> From<T> for T` and friends: the same for every type, noise in a review.
        .omit_blanket_impls(true)
        .build()
        .map_err(|e| format!("cannot read the public API of {}: {e}", krate.name))?;
    Ok(api.to_string())
}

/// Refuses rustdoc JSON of a format the pinned renderer was not written for.
fn check_format_version(json: &str) -> Result<(), String> {
    #[derive(Deserialize)]
    struct Header {
        format_version: u64,
    }
    let header: Header = serde_json::from_str(json)
        .map_err(|e| format!("rustdoc JSON without a format version: {e}"))?;
    if header.format_version == FORMAT_VERSION {
        Ok(())
    } else {
        Err(format!(
            "rustdoc wrote JSON format {}, the listings are rendered from format {FORMAT_VERSION} (rustc 1.95); \
             use that toolchain, or move the `public-api` pin in Cargo.toml to the release that reads format {} \
             and regenerate every listing in one commit",
            header.format_version, header.format_version
        ))
    }
}

/// A unified diff of the checked-in listing against the current surface.
fn report(shown: &str, on_disk: Option<&str>, current: &str) -> String {
    let Some(on_disk) = on_disk else {
        return format!("missing: {shown}\n");
    };
    let diff = TextDiff::from_lines(on_disk, current);
    format!(
        "differs: {shown}\n{}",
        diff.unified_diff().context_radius(2).header(
            &format!("{shown} (checked in)"),
            &format!("{shown} (current surface)")
        )
    )
}

/// `public-api` under the workspace's target directory.
fn target_dir(root: &Path) -> PathBuf {
    crate::workspace::target_dir(root).join("public-api")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_of_the_pinned_format_is_accepted() {
        assert!(check_format_version(r#"{"format_version": 57, "index": {}}"#).is_ok());
    }

    #[test]
    fn json_of_another_format_is_refused_naming_both_versions() {
        let err = check_format_version(r#"{"format_version": 58}"#).unwrap_err();
        assert!(err.contains("format 58"), "{err}");
        assert!(err.contains("format 57"), "{err}");
    }

    #[test]
    fn drift_report_shows_the_added_and_removed_lines() {
        let report = report(
            "crates/x/public-api.txt",
            Some("pub fn x::a()\npub fn x::b()\n"),
            "pub fn x::a()\npub fn x::c()\n",
        );
        assert!(report.contains("-pub fn x::b()"), "{report}");
        assert!(report.contains("+pub fn x::c()"), "{report}");
    }

    #[test]
    fn missing_listing_is_reported_as_missing() {
        assert_eq!(
            report("a/public-api.txt", None, "x\n"),
            "missing: a/public-api.txt\n"
        );
    }
}
