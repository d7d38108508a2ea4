//! The few git questions a release asks: which release tags exist, what changed since one, is the tree clean.

use std::path::Path;
use std::process::Command;

use semver::Version;

use super::version::{tag_name, version_in_tag};

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("git {} printed non-UTF-8 text", args.join(" ")))
}

/// The highest version tagged `<crate>-v<version>`, if the crate was ever released.
pub fn last_release(root: &Path, crate_name: &str) -> Result<Option<Version>, String> {
    let pattern = format!("{crate_name}-v*");
    let tags = git(root, &["tag", "--list", &pattern])?;
    Ok(tags
        .lines()
        .filter_map(|tag| version_in_tag(crate_name, tag.trim()))
        .max())
}

/// Files under `dir` (relative to `root`) that differ between the release tag and the working tree,
/// including files added since and not yet committed. Paths are relative to `root`.
pub fn changed_since(
    root: &Path,
    crate_name: &str,
    version: &Version,
    dir: &Path,
) -> Result<Vec<String>, String> {
    let tag = tag_name(crate_name, version);
    let dir = dir.to_string_lossy();
    let mut files: Vec<String> = git(
        root,
        &["diff", "--name-only", "--relative", &tag, "--", &dir],
    )?
    .lines()
    .map(str::to_owned)
    .collect();
    let untracked = git(
        root,
        &["ls-files", "--others", "--exclude-standard", "--", &dir],
    )?;
    files.extend(untracked.lines().map(str::to_owned));
    files.sort();
    files.dedup();
    Ok(files)
}

/// The text of `path` (relative to `root`) as it was at the crate's release tag.
pub fn file_at_release(
    root: &Path,
    crate_name: &str,
    version: &Version,
    path: &str,
) -> Result<String, String> {
    let tag = tag_name(crate_name, version);
    git(root, &["show", &format!("{tag}:./{path}")])
}

/// Tracked files with uncommitted changes, and untracked files that are not ignored.
pub fn uncommitted(root: &Path) -> Result<Vec<String>, String> {
    Ok(git(root, &["status", "--porcelain"])?
        .lines()
        .map(str::to_owned)
        .collect())
}

pub fn tag_exists(root: &Path, tag: &str) -> Result<bool, String> {
    Ok(!git(root, &["tag", "--list", tag])?.trim().is_empty())
}

/// An annotated tag on HEAD marking a published release.
pub fn create_release_tag(
    root: &Path,
    crate_name: &str,
    version: &Version,
) -> Result<String, String> {
    let tag = tag_name(crate_name, version);
    let message = format!("{crate_name} {version}");
    git(root, &["tag", "--annotate", &tag, "--message", &message])?;
    Ok(tag)
}
