//! `cargo xtask release plan`: which crates changed since their last `<crate>-v<version>` tag, the version
//! each should get, and the order to publish them in.

use std::collections::BTreeMap;
use std::path::Path;

use semver::Version;

use super::changelog;
use super::git;
use super::manifests::{self, Workspace};
use super::metadata::Members;
use super::package_list;
use super::version::{Impact, Level, compatible};

/// What is known about one crate before deciding its next version.
#[derive(Debug, Clone)]
pub struct Facts {
    pub name: String,
    pub version: Version,
    pub last_release: Option<Version>,
    /// Shipped files changed since the last release (relative to the crate directory), CHANGELOG excluded.
    pub changed_files: Vec<String>,
    /// Root manifest entries the crate inherits that changed since the last release.
    pub changed_inherited: Vec<String>,
    /// The worst impact listed under the CHANGELOG's Unreleased section.
    pub listed_impact: Option<Impact>,
    /// Workspace crates it needs in a user's build.
    pub needs: Vec<String>,
}

/// One line of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub version: Version,
    pub last_release: Option<Version>,
    pub changes: String,
    /// `None`: nothing to release.
    pub next: Option<Version>,
    /// The `bump` level that gives `next`; `None` when the manifest already holds it.
    pub bump: Option<Level>,
    pub why: String,
}

impl Row {
    /// Whether the planned release is out of the caret range of the last one.
    fn breaks_users(&self) -> bool {
        match (&self.last_release, &self.next) {
            (Some(last), Some(next)) => !compatible(last, next),
            _ => false,
        }
    }
}

/// Decides each crate's next version. `facts` must be in publish order, so a crate is decided after
/// everything it needs.
pub fn decide(facts: &[Facts]) -> Result<Vec<Row>, String> {
    let mut rows: Vec<Row> = Vec::new();
    for crate_facts in facts {
        let Facts { name, version, .. } = crate_facts;
        let changes = describe_changes(crate_facts);
        // Crates it needs that get a release in this plan, and whether that release breaks their users.
        let released_needs: Vec<(&str, bool)> = crate_facts
            .needs
            .iter()
            .filter_map(|need| {
                let row = rows.iter().find(|r| &r.name == need && r.next.is_some())?;
                Some((need.as_str(), row.breaks_users()))
            })
            .collect();
        let (next, bump, why) = match &crate_facts.last_release {
            None => (Some(version.clone()), None, "first release".to_owned()),
            Some(last) if version < last => {
                return Err(format!(
                    "{name} is at {version}, below its last release {last}"
                ));
            }
            Some(last) if version > last => (
                Some(version.clone()),
                None,
                format!("already bumped from {last}; not tagged yet"),
            ),
            Some(_) => {
                let changed_itself = !crate_facts.changed_files.is_empty()
                    || !crate_facts.changed_inherited.is_empty();
                let mut impact = crate_facts.listed_impact;
                let mut reasons = Vec::new();
                match impact {
                    Some(listed) => reasons.push(format!("CHANGELOG lists {}", listed.described())),
                    None if changed_itself => {
                        impact = Some(Impact::Fix);
                        reasons.push(
                            "changed, but CHANGELOG Unreleased is empty: describe it first"
                                .to_owned(),
                        );
                    }
                    None => {}
                }
                for (need, breaking) in &released_needs {
                    // The clients re-export api-core types, so a breaking core release breaks them too.
                    let (need_impact, reason) = if *breaking {
                        (
                            Impact::Breaking,
                            format!("needs a breaking release of {need}"),
                        )
                    } else {
                        (Impact::Fix, format!("needs the new {need}"))
                    };
                    impact = impact.max(Some(need_impact));
                    reasons.push(reason);
                }
                match impact {
                    None => (None, None, "unchanged".to_owned()),
                    Some(impact) => {
                        let level = impact.level_for(version);
                        (Some(level.apply(version)), Some(level), reasons.join("; "))
                    }
                }
            }
        };
        rows.push(Row {
            name: name.clone(),
            version: version.clone(),
            last_release: crate_facts.last_release.clone(),
            changes,
            next,
            bump,
            why,
        });
    }
    Ok(rows)
}

fn describe_changes(facts: &Facts) -> String {
    if facts.last_release.is_none() {
        return "-".to_owned();
    }
    let mut parts = Vec::new();
    if !facts.changed_files.is_empty() {
        let count = facts.changed_files.len();
        parts.push(format!("{count} file{}", if count == 1 { "" } else { "s" }));
    }
    if !facts.changed_inherited.is_empty() {
        parts.push(format!("workspace: {}", facts.changed_inherited.join(", ")));
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join("; ")
    }
}

/// The plan as a fixed-width table, publish order top to bottom.
pub fn render(rows: &[Row]) -> String {
    let header = [
        "#",
        "crate",
        "version",
        "last release",
        "changes since",
        "next",
        "why",
    ];
    let lines: Vec<[String; 7]> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            [
                (i + 1).to_string(),
                r.name.clone(),
                r.version.to_string(),
                r.last_release
                    .as_ref()
                    .map_or_else(|| "unreleased".to_owned(), Version::to_string),
                r.changes.clone(),
                r.next
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), Version::to_string),
                r.why.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.len());
        }
    }
    let format_line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut out = format_line(&header.map(str::to_owned));
    for line in &lines {
        out.push_str(&format_line(line));
    }
    out
}

/// The `bump` commands that carry out the plan.
pub fn next_steps(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter_map(|row| match (&row.next, row.bump, &row.last_release) {
            (Some(_), Some(level), _) => Some(format!(
                "cargo xtask release bump {} {}",
                row.name,
                level.as_str()
            )),
            (Some(_), None, None) => Some(format!("cargo xtask release bump {} current", row.name)),
            _ => None,
        })
        .collect()
}

/// Gathers the facts from git, the manifests and the changelogs, in publish order.
pub fn gather(root: &Path) -> Result<Vec<Facts>, String> {
    let members = Members::load(root)?;
    let manifests = Workspace::load(root)?;
    let mut facts = Vec::new();
    for package in members.publish_order()? {
        let dir = members.relative_dir(package);
        let changelog_text = std::fs::read_to_string(package.dir().join("CHANGELOG.md"))
            .map_err(|e| format!("{}: cannot read CHANGELOG.md: {e}", package.name))?;
        let listed_impact = changelog::unreleased_impact(&changelog_text)
            .map_err(|e| format!("{}/CHANGELOG.md: {e}", dir.display()))?;
        let last_release = git::last_release(root, &package.name)?;
        let (changed_files, changed_inherited) = match &last_release {
            None => (Vec::new(), Vec::new()),
            Some(last) => {
                let prefix = format!("{}/", dir.to_string_lossy().replace('\\', "/"));
                let files = git::changed_since(root, &package.name, last, &dir)?
                    .into_iter()
                    .filter_map(|path| path.strip_prefix(&prefix).map(str::to_owned))
                    .filter(|file| {
                        file != "CHANGELOG.md" && package_list::is_allowed(&package.name, file)
                    })
                    .collect();
                let then_text = git::file_at_release(root, &package.name, last, "Cargo.toml")?;
                let then =
                    manifests::parse_doc(&then_text, "the root Cargo.toml at the last release")?;
                let member = manifests.member(&package.name)?;
                let now_entries = manifests.inherited_entries(member, None);
                let then_entries = manifests.inherited_entries(member, Some(&then));
                (files, changed_keys(&now_entries, &then_entries))
            }
        };
        facts.push(Facts {
            name: package.name.clone(),
            version: package.version.clone(),
            last_release,
            changed_files,
            changed_inherited,
            listed_impact,
            needs: package
                .shipping_path_dependencies()
                .map(|d| d.name.clone())
                .collect(),
        });
    }
    Ok(facts)
}

fn changed_keys(now: &BTreeMap<String, String>, then: &BTreeMap<String, String>) -> Vec<String> {
    now.iter()
        .filter(|(key, value)| then.get(*key) != Some(*value))
        .map(|(key, _)| key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    fn facts(name: &str, version: &str, last: Option<&str>, needs: &[&str]) -> Facts {
        Facts {
            name: name.to_owned(),
            version: v(version),
            last_release: last.map(v),
            changed_files: Vec::new(),
            changed_inherited: Vec::new(),
            listed_impact: None,
            needs: needs.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn crates_never_tagged_are_released_at_their_current_version() {
        let rows = decide(&[
            facts("api-core", "0.1.0", None, &[]),
            facts("pwpush-client", "0.1.0", None, &["api-core"]),
        ])
        .unwrap();
        assert_eq!(rows[0].next, Some(v("0.1.0")));
        assert_eq!(rows[1].why, "first release");
        assert_eq!(
            next_steps(&rows),
            vec![
                "cargo xtask release bump api-core current",
                "cargo xtask release bump pwpush-client current"
            ]
        );
    }

    #[test]
    fn dependent_of_a_compatibly_changed_crate_gets_a_patch_release() {
        let mut core = facts("api-core", "0.1.0", Some("0.1.0"), &[]);
        core.changed_files = vec!["src/retry.rs".into()];
        core.listed_impact = Some(Impact::Addition);
        let client = facts("pwpush-client", "0.3.2", Some("0.3.2"), &["api-core"]);
        let other = facts("pushauth-client", "1.0.0", Some("1.0.0"), &[]);
        let rows = decide(&[core, client, other]).unwrap();
        assert_eq!(rows[0].next, Some(v("0.1.1")));
        assert_eq!(rows[1].next, Some(v("0.3.3")));
        assert_eq!(rows[1].why, "needs the new api-core");
        assert_eq!(rows[2].next, None);
        assert_eq!(rows[2].why, "unchanged");
    }

    #[test]
    fn dependent_of_a_breaking_release_gets_a_breaking_release() {
        let mut core = facts("api-core", "0.1.0", Some("0.1.0"), &[]);
        core.listed_impact = Some(Impact::Breaking);
        let mut client = facts("pwpush-client", "1.3.2", Some("1.3.2"), &["api-core"]);
        client.listed_impact = Some(Impact::Fix);
        let rows = decide(&[core, client]).unwrap();
        assert_eq!(rows[0].next, Some(v("0.2.0")));
        assert_eq!(rows[0].bump, Some(Level::Minor));
        assert_eq!(rows[1].next, Some(v("2.0.0")));
        assert_eq!(rows[1].bump, Some(Level::Major));
        assert!(
            rows[1].why.contains("needs a breaking release of api-core"),
            "{}",
            rows[1].why
        );
    }

    #[test]
    fn change_without_a_changelog_entry_is_planned_as_a_fix_and_flagged() {
        let mut core = facts("api-core", "1.2.0", Some("1.2.0"), &[]);
        core.changed_inherited = vec!["dependencies.reqwest".into()];
        let rows = decide(&[core]).unwrap();
        assert_eq!(rows[0].next, Some(v("1.2.1")));
        assert!(rows[0].why.contains("Unreleased is empty"));
        assert_eq!(rows[0].changes, "workspace: dependencies.reqwest");
    }

    #[test]
    fn version_already_above_the_last_tag_is_kept() {
        let rows = decide(&[facts("api-core", "0.2.0", Some("0.1.4"), &[])]).unwrap();
        assert_eq!(rows[0].next, Some(v("0.2.0")));
        assert_eq!(rows[0].bump, None);
        assert!(next_steps(&rows).is_empty());
    }

    #[test]
    fn version_below_the_last_tag_is_an_error() {
        assert!(decide(&[facts("api-core", "0.1.0", Some("0.2.0"), &[])]).is_err());
    }

    #[test]
    fn table_lists_rows_in_the_given_order_under_aligned_headers() {
        let rows = decide(&[
            facts("api-core", "0.1.0", None, &[]),
            facts("pwpush-client", "0.1.0", None, &["api-core"]),
        ])
        .unwrap();
        let table = render(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("#  crate          version  last release"));
        assert!(lines[1].starts_with("1  api-core       0.1.0    unreleased"));
        assert!(lines[2].starts_with("2  pwpush-client  0.1.0    unreleased"));
    }

    #[test]
    fn inherited_entries_that_differ_or_are_new_count_as_changes() {
        let now = BTreeMap::from([
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
            ("c".to_owned(), "3".to_owned()),
        ]);
        let then = BTreeMap::from([
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "9".to_owned()),
        ]);
        assert_eq!(changed_keys(&now, &then), vec!["b", "c"]);
    }
}
