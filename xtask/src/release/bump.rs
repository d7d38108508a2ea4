//! `cargo xtask release bump <crate|all> <major|minor|patch|current>`: new versions, the requirements of
//! dependents, and dated CHANGELOG sections, written all at once or not at all.

use std::path::{Path, PathBuf};

use semver::Version;

use super::changelog;
use super::manifests::Workspace;
use super::version::{Impact, Level, compatible};

/// Which crates a bump names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    All,
    One(String),
}

/// One crate's new version and why it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bumped {
    pub name: String,
    pub from: Version,
    pub to: Version,
    pub why: String,
}

/// Bumps the named crates by `level` (`None`: keep the version, for a first release), gives every crate
/// that needs a bumped crate a release of its own with a `Requires ...` entry, points each versioned path
/// dependency at the new versions, and moves each released crate's Unreleased CHANGELOG entries under the
/// new version.
pub fn bump(
    root: &Path,
    targets: &Targets,
    level: Option<Level>,
    date: &str,
) -> Result<Vec<Bumped>, String> {
    let mut workspace = Workspace::load(root)?;
    let publishable: Vec<String> = workspace
        .members
        .iter()
        .filter(|m| m.publishable)
        .map(|m| m.name.clone())
        .collect();
    let named = match targets {
        Targets::All => publishable.clone(),
        Targets::One(name) => {
            if !workspace.member(name)?.publishable {
                return Err(format!(
                    "{name} is not published (publish = false); there is nothing to bump"
                ));
            }
            vec![name.clone()]
        }
    };

    let mut bumped: Vec<Bumped> = Vec::new();
    for name in &named {
        let from = workspace.version(name)?;
        let to = level.map_or_else(|| from.clone(), |level| level.apply(&from));
        let why = level.map_or_else(
            || "release at the current version".to_owned(),
            |l| format!("{} bump", l.as_str()),
        );
        bumped.push(Bumped {
            name: name.clone(),
            from,
            to,
            why,
        });
    }
    add_dependents(&workspace, &publishable, &mut bumped)?;

    let mut changelogs: Vec<(PathBuf, String)> = Vec::new();
    for entry in &bumped {
        let member = workspace.member(&entry.name)?;
        let path = root.join(&member.dir).join("CHANGELOG.md");
        let mut text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for need in workspace.shipping_dependencies(member) {
            if let Some(moved) = bumped.iter().find(|b| b.name == need && b.from != b.to) {
                text = changelog::add_changed_entry(
                    &text,
                    &requires_entry(&need, &moved.from, &moved.to),
                )
                .map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        let released = changelog::release(&text, &entry.to.to_string(), date).map_err(|e| {
            format!(
                "{}: {e}; list the changes first, or bump only the crates that changed",
                path.display()
            )
        })?;
        changelogs.push((path, released));
    }

    for entry in bumped.iter().filter(|b| b.from != b.to) {
        workspace.set_version(&entry.name, &entry.to)?;
        workspace.set_requirement(&entry.name, &entry.to);
    }
    let mut writes = Vec::new();
    for (path, text) in workspace.rendered() {
        let unchanged = std::fs::read_to_string(&path).is_ok_and(|old| old == text);
        if !unchanged {
            writes.push((path, text));
        }
    }
    writes.extend(changelogs);
    for (path, text) in writes {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(bumped)
}

/// Adds a release for every publishable crate that needs a crate whose version moves, until none is left: a
/// patch release, or a breaking one when the needed crate leaves its caret range (a client re-exports api-core
/// types, so their identity is part of the client's API).
fn add_dependents(
    workspace: &Workspace,
    publishable: &[String],
    bumped: &mut Vec<Bumped>,
) -> Result<(), String> {
    loop {
        let mut added = Vec::new();
        for name in publishable
            .iter()
            .filter(|n| !bumped.iter().any(|b| &b.name == *n))
        {
            let needs = workspace.shipping_dependencies(workspace.member(name)?);
            let moved: Vec<&Bumped> = bumped
                .iter()
                .filter(|b| b.from != b.to && needs.contains(&b.name))
                .collect();
            if moved.is_empty() {
                continue;
            }
            let from = workspace.version(name)?;
            let breaking = moved.iter().any(|b| !compatible(&b.from, &b.to));
            let level = if breaking {
                Impact::Breaking.level_for(&from)
            } else {
                Level::Patch
            };
            let listed: Vec<String> = moved
                .iter()
                .map(|b| format!("{} {}", b.name, b.to))
                .collect();
            let why = format!(
                "needs {}{}",
                listed.join(", "),
                if breaking { " (breaking)" } else { "" }
            );
            added.push(Bumped {
                name: name.clone(),
                to: level.apply(&from),
                from,
                why,
            });
        }
        if added.is_empty() {
            return Ok(());
        }
        bumped.extend(added);
    }
}

/// The CHANGELOG entry of a crate whose dependency `need` moves from `from` to `to`.
fn requires_entry(need: &str, from: &Version, to: &Version) -> String {
    if compatible(from, to) {
        format!("Requires `{need}` {to}.")
    } else {
        format!("**Breaking**: requires `{need}` {to}, whose types are part of this crate's API.")
    }
}

/// Today's date in UTC, as CHANGELOG headings write it.
pub fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// Checks a `--date` argument is a real `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<String, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map(|date| date.to_string())
        .map_err(|e| format!("`{text}` is not a YYYY-MM-DD date: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_entry_is_marked_breaking_only_outside_the_caret_range() {
        let v = |t: &str| Version::parse(t).unwrap();
        assert_eq!(
            requires_entry("api-core", &v("0.1.0"), &v("0.1.1")),
            "Requires `api-core` 0.1.1."
        );
        assert!(requires_entry("api-core", &v("0.1.0"), &v("0.2.0")).starts_with("**Breaking**"));
    }

    #[test]
    fn dates_are_checked_and_written_as_iso_dates() {
        assert_eq!(parse_date("2026-01-02").unwrap(), "2026-01-02");
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("02/01/2026").is_err());
        assert_eq!(today().len(), "2026-01-02".len());
    }
}
