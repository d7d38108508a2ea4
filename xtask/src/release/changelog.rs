//! Reading and rewriting a Keep a Changelog file.
//!
//! The file holds `## [Unreleased]` followed by one `## [x.y.z] - YYYY-MM-DD` section per release, each split
//! into `### Added`, `### Changed`, `### Deprecated`, `### Removed`, `### Fixed` and `### Security` lists.
//! A release moves the Unreleased lists under a new dated heading and leaves Unreleased empty.

use super::version::Impact;

const UNRELEASED: &str = "## [Unreleased]";
const KINDS: [&str; 6] = [
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
];
/// How an entry says it breaks users, whatever list it sits in.
const BREAKING_MARK: &str = "**Breaking**";

/// Where the Unreleased section sits in the file, in lines.
struct Unreleased {
    heading: usize,
    /// One past the last line of the section: the next `## ` heading, or the end of the file.
    end: usize,
}

fn find_unreleased(lines: &[&str]) -> Result<Unreleased, String> {
    let heading = lines
        .iter()
        .position(|line| line.trim_end().eq_ignore_ascii_case(UNRELEASED))
        .ok_or_else(|| format!("no `{UNRELEASED}` heading"))?;
    let end = lines[heading + 1..]
        .iter()
        .position(|line| line.starts_with("## "))
        .map_or(lines.len(), |offset| heading + 1 + offset);
    Ok(Unreleased { heading, end })
}

/// The worst impact of the entries under Unreleased, or `None` when it lists nothing.
///
/// `Removed` entries and entries marked `**Breaking**` are breaking; `Added`, `Changed` and `Deprecated` are
/// additions; `Fixed` and `Security` are fixes. A heading outside Keep a Changelog's six is an error, so a
/// typo cannot hide a change from the release plan.
pub fn unreleased_impact(text: &str) -> Result<Option<Impact>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let section = find_unreleased(&lines)?;
    let mut worst = None;
    let mut kind = None;
    for line in &lines[section.heading + 1..section.end] {
        if let Some(heading) = line.strip_prefix("### ") {
            let heading = heading.trim();
            if !KINDS.contains(&heading) {
                return Err(format!(
                    "unknown list `### {heading}` under Unreleased (expected one of {})",
                    KINDS.join(", ")
                ));
            }
            kind = Some(heading);
            continue;
        }
        if !line.trim_start().starts_with("- ") {
            continue;
        }
        let kind = kind.ok_or_else(|| {
            format!(
                "entry `{}` under Unreleased is outside any `### ` list",
                line.trim()
            )
        })?;
        let impact = if line.contains(BREAKING_MARK) || kind == "Removed" {
            Impact::Breaking
        } else if matches!(kind, "Fixed" | "Security") {
            Impact::Fix
        } else {
            Impact::Addition
        };
        worst = worst.max(Some(impact));
    }
    Ok(worst)
}

/// Appends `entry` to the `### Changed` list under Unreleased, creating the list when it is missing.
pub fn add_changed_entry(text: &str, entry: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let section = find_unreleased(&lines)?;
    let body = &lines[section.heading + 1..section.end];
    let bullet = format!("- {entry}");
    let mut out: Vec<String> = lines[..=section.heading]
        .iter()
        .map(|l| l.to_string())
        .collect();
    match body
        .iter()
        .position(|line| line.trim_end() == "### Changed")
    {
        Some(list) => {
            // The list ends at the next `### ` heading; the entry goes after its last non-blank line.
            let list_end = body[list + 1..]
                .iter()
                .position(|line| line.starts_with("### "))
                .map_or(body.len(), |offset| list + 1 + offset);
            let last_text = body[list + 1..list_end]
                .iter()
                .rposition(|line| !line.trim().is_empty())
                .map_or(list, |offset| list + 1 + offset);
            out.extend(body[..=last_text].iter().map(|l| l.to_string()));
            if last_text == list {
                out.push(String::new());
            }
            out.push(bullet);
            out.extend(body[last_text + 1..].iter().map(|l| l.to_string()));
        }
        None => {
            let mut kept: Vec<String> = body.iter().map(|l| l.to_string()).collect();
            while kept.last().is_some_and(|l| l.trim().is_empty()) {
                kept.pop();
            }
            out.extend(kept);
            out.extend([
                String::new(),
                "### Changed".to_owned(),
                String::new(),
                bullet,
            ]);
            if section.end < lines.len() {
                out.push(String::new());
            }
        }
    }
    out.extend(lines[section.end..].iter().map(|l| l.to_string()));
    Ok(join_lines(&out))
}

/// Moves the Unreleased lists under `## [version] - date`, leaving an empty Unreleased section above it.
/// Refuses when Unreleased lists nothing: a release says what it changes.
pub fn release(text: &str, version: &str, date: &str) -> Result<String, String> {
    if unreleased_impact(text)?.is_none() {
        return Err("nothing is listed under `## [Unreleased]`".to_owned());
    }
    let lines: Vec<&str> = text.lines().collect();
    let section = find_unreleased(&lines)?;
    let body = &lines[section.heading + 1..section.end];
    let first = body
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(body.len());
    let last = body
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(first, |i| i + 1);

    let mut out: Vec<String> = lines[..=section.heading]
        .iter()
        .map(|l| l.to_string())
        .collect();
    out.push(String::new());
    out.push(format!("## [{version}] - {date}"));
    out.push(String::new());
    out.extend(body[first..last].iter().map(|l| l.to_string()));
    if section.end < lines.len() {
        out.push(String::new());
    }
    out.extend(lines[section.end..].iter().map(|l| l.to_string()));
    Ok(join_lines(&out))
}

fn join_lines(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "# Changelog\n\nIntro.\n\n";

    #[test]
    fn removed_entry_makes_the_release_breaking() {
        let text = format!("{HEAD}## [Unreleased]\n\n### Added\n\n- a\n\n### Removed\n\n- b\n");
        assert_eq!(unreleased_impact(&text).unwrap(), Some(Impact::Breaking));
    }

    #[test]
    fn breaking_mark_in_changed_makes_the_release_breaking() {
        let text = format!("{HEAD}## [Unreleased]\n\n### Changed\n\n- **Breaking**: renamed x\n");
        assert_eq!(unreleased_impact(&text).unwrap(), Some(Impact::Breaking));
    }

    #[test]
    fn fixes_alone_are_a_fix_and_additions_outrank_them() {
        let fixes = format!(
            "{HEAD}## [Unreleased]\n\n### Fixed\n\n- x\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- y\n"
        );
        assert_eq!(unreleased_impact(&fixes).unwrap(), Some(Impact::Fix));
        let both = format!("{HEAD}## [Unreleased]\n\n### Fixed\n\n- x\n\n### Deprecated\n\n- y\n");
        assert_eq!(unreleased_impact(&both).unwrap(), Some(Impact::Addition));
    }

    #[test]
    fn empty_unreleased_has_no_impact_even_with_older_releases_below() {
        let text =
            format!("{HEAD}## [Unreleased]\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- y\n");
        assert_eq!(unreleased_impact(&text).unwrap(), None);
    }

    #[test]
    fn unknown_list_heading_is_an_error() {
        let text = format!("{HEAD}## [Unreleased]\n\n### Improved\n\n- x\n");
        assert!(unreleased_impact(&text).unwrap_err().contains("Improved"));
    }

    #[test]
    fn missing_unreleased_heading_is_an_error() {
        assert!(unreleased_impact(HEAD).unwrap_err().contains("Unreleased"));
    }

    #[test]
    fn release_moves_entries_under_a_dated_heading_and_keeps_history() {
        let text = format!(
            "{HEAD}## [Unreleased]\n\n### Fixed\n\n- x\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- y\n"
        );
        let released = release(&text, "0.1.1", "2025-02-03").unwrap();
        assert_eq!(
            released,
            format!(
                "{HEAD}## [Unreleased]\n\n## [0.1.1] - 2025-02-03\n\n### Fixed\n\n- x\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- y\n"
            )
        );
        assert_eq!(unreleased_impact(&released).unwrap(), None);
    }

    #[test]
    fn release_of_an_empty_unreleased_section_is_refused() {
        let text =
            format!("{HEAD}## [Unreleased]\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- y\n");
        assert!(release(&text, "0.1.1", "2025-02-03").is_err());
    }

    #[test]
    fn changed_entry_is_appended_to_an_existing_list() {
        let text = format!("{HEAD}## [Unreleased]\n\n### Changed\n\n- x\n\n### Fixed\n\n- z\n");
        let out = add_changed_entry(&text, "y").unwrap();
        assert_eq!(
            out,
            format!("{HEAD}## [Unreleased]\n\n### Changed\n\n- x\n- y\n\n### Fixed\n\n- z\n")
        );
    }

    #[test]
    fn changed_list_is_created_when_missing() {
        let text =
            format!("{HEAD}## [Unreleased]\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- y\n");
        let out = add_changed_entry(&text, "Requires `api-core` 0.2.0.").unwrap();
        assert_eq!(
            out,
            format!(
                "{HEAD}## [Unreleased]\n\n### Changed\n\n- Requires `api-core` 0.2.0.\n\n## [0.1.0] - 2025-01-01\n\n### Added\n\n- y\n"
            )
        );
        assert_eq!(unreleased_impact(&out).unwrap(), Some(Impact::Addition));
    }
}
