//! What crates.io already holds, read from its sparse index (the same files Cargo reads), through `curl`
//! so xtask needs no HTTP client of its own.

use std::process::Command;
use std::time::{Duration, Instant};

use semver::Version;
use serde::Deserialize;

const INDEX: &str = "https://index.crates.io";

/// One line of a crate's index file.
#[derive(Debug, Deserialize)]
struct IndexEntry {
    vers: Version,
    #[serde(default)]
    yanked: bool,
}

/// The path of a crate's file in the index: `ap/i-/api-core`, `3/s/syn`, `2/cc`.
pub fn index_path(crate_name: &str) -> String {
    let name = crate_name.to_ascii_lowercase();
    match name.len() {
        1 => format!("1/{name}"),
        2 => format!("2/{name}"),
        3 => format!("3/{}/{name}", &name[..1]),
        _ => format!("{}/{}/{name}", &name[..2], &name[2..4]),
    }
}

/// Versions listed in an index file; yanked ones are left out.
pub fn parse_index_file(text: &str) -> Result<Vec<Version>, String> {
    let mut versions = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let entry: IndexEntry = serde_json::from_str(line)
            .map_err(|e| format!("unexpected line in the crates.io index: {e}"))?;
        if !entry.yanked {
            versions.push(entry.vers);
        }
    }
    versions.sort();
    Ok(versions)
}

/// The crate's published, non-yanked versions, oldest first; empty when crates.io does not know the crate.
pub fn published_versions(crate_name: &str) -> Result<Vec<Version>, String> {
    let url = format!("{INDEX}/{}", index_path(crate_name));
    // --fail turns 404 (an unknown crate) into exit status 22; no-cache asks the CDN for a fresh copy.
    let output = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--fail",
            "--location",
            "--max-time",
            "30",
        ])
        .args(["--header", "Cache-Control: no-cache", &url])
        .output()
        .map_err(|e| format!("could not run curl to read {url} (is curl installed?): {e}"))?;
    if output.status.code() == Some(22) && String::from_utf8_lossy(&output.stderr).contains("404") {
        return Ok(Vec::new());
    }
    if !output.status.success() {
        return Err(format!(
            "could not read {url}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| format!("{url} is not UTF-8"))?;
    parse_index_file(&text)
}

/// Polls the index until `version` of the crate is listed, so the next crate's build can resolve it.
pub fn wait_until_listed(
    crate_name: &str,
    version: &Version,
    timeout: Duration,
) -> Result<(), String> {
    let started = Instant::now();
    loop {
        match published_versions(crate_name) {
            Ok(versions) if versions.contains(version) => return Ok(()),
            Ok(_) => {}
            Err(e) => eprintln!("    (index not readable yet: {e})"),
        }
        if started.elapsed() >= timeout {
            return Err(format!(
                "{crate_name} {version} did not appear on the crates.io index within {} s",
                timeout.as_secs()
            ));
        }
        eprintln!("    waiting for {crate_name} {version} to appear on the index...");
        std::thread::sleep(Duration::from_secs(5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_follow_the_sparse_index_layout() {
        assert_eq!(index_path("a"), "1/a");
        assert_eq!(index_path("cc"), "2/cc");
        assert_eq!(index_path("syn"), "3/s/syn");
        assert_eq!(index_path("api-core"), "ap/i-/api-core");
        assert_eq!(index_path("PwPush-Client"), "pw/pu/pwpush-client");
    }

    #[test]
    fn yanked_versions_do_not_count_as_published() {
        let text = concat!(
            r#"{"name":"x","vers":"0.1.0","deps":[],"cksum":"00","features":{},"yanked":false}"#,
            "\n",
            r#"{"name":"x","vers":"0.1.1","deps":[],"cksum":"00","features":{},"yanked":true}"#,
            "\n",
        );
        assert_eq!(parse_index_file(text).unwrap(), vec![Version::new(0, 1, 0)]);
    }

    #[test]
    fn malformed_index_line_is_an_error() {
        assert!(parse_index_file("{not json").is_err());
    }
}
