//! The workspace's manifests as editable documents: what `bump` reads and rewrites.
//!
//! Edits go through `toml_edit`, so comments, key order and formatting survive and a version bump shows in
//! review as the handful of lines it really changes. Only manifests are read (no `cargo metadata`), which
//! lets `bump` run on a scratch copy that holds nothing but manifests and changelogs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use semver::Version;
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// Dependency tables whose entries end up in a user's build.
const SHIPPING_KINDS: [&str; 2] = ["dependencies", "build-dependencies"];
const ALL_KINDS: [&str; 3] = ["dependencies", "build-dependencies", "dev-dependencies"];

#[derive(Debug)]
pub struct Member {
    pub name: String,
    /// The member's directory, relative to the workspace root.
    pub dir: PathBuf,
    pub publishable: bool,
    doc: DocumentMut,
}

#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    root_doc: DocumentMut,
    pub members: Vec<Member>,
}

impl Workspace {
    pub fn load(root: &Path) -> Result<Self, String> {
        let root_doc = read_doc(&root.join("Cargo.toml"))?;
        let listed = root_doc
            .get("workspace")
            .and_then(|w| w.get("members"))
            .and_then(Item::as_array)
            .ok_or("the root Cargo.toml has no [workspace] members array")?;
        let mut members = Vec::new();
        for entry in listed {
            let dir = entry.as_str().ok_or("a workspace member is not a string")?;
            if dir.contains(['*', '?', '[']) {
                return Err(format!(
                    "workspace member `{dir}` is a glob; the release tool needs members listed one by one"
                ));
            }
            let doc = read_doc(&root.join(dir).join("Cargo.toml"))?;
            let name = doc
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(Item::as_str)
                .ok_or_else(|| format!("{dir}/Cargo.toml has no package name"))?
                .to_owned();
            let publishable = is_publishable(&doc, &root_doc);
            members.push(Member {
                name,
                dir: PathBuf::from(dir),
                publishable,
                doc,
            });
        }
        Ok(Self {
            root: root.to_path_buf(),
            root_doc,
            members,
        })
    }

    pub fn member(&self, name: &str) -> Result<&Member, String> {
        self.members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| format!("no workspace member is named `{name}`"))
    }

    /// The crate's own version. Publishable crates must state it themselves so each is released on its own.
    pub fn version(&self, name: &str) -> Result<Version, String> {
        let member = self.member(name)?;
        let item = member
            .doc
            .get("package")
            .and_then(|p| p.get("version"))
            .ok_or_else(|| format!("{name} has no package version"))?;
        let text = item.as_str().ok_or_else(|| {
            format!("{name} inherits its version from the workspace; give it its own `version = \"x.y.z\"`")
        })?;
        Version::parse(text).map_err(|e| format!("{name} has an invalid version `{text}`: {e}"))
    }

    pub fn set_version(&mut self, name: &str, version: &Version) -> Result<(), String> {
        self.version(name)?;
        let member = self
            .members
            .iter_mut()
            .find(|m| m.name == name)
            .ok_or_else(|| format!("no workspace member is named `{name}`"))?;
        let item = &mut member.doc["package"]["version"];
        replace_string(item, &version.to_string());
        Ok(())
    }

    /// Workspace members `member` needs in a user's build (normal and build dependencies).
    pub fn shipping_dependencies(&self, member: &Member) -> Vec<String> {
        let names: Vec<&str> = self.members.iter().map(|m| m.name.as_str()).collect();
        let mut found = Vec::new();
        for (_, table) in dependency_tables(&member.doc, &SHIPPING_KINDS) {
            for (key, entry) in table.iter() {
                let package = package_name(key, entry);
                if names.contains(&package)
                    && self.is_path_dependency(key, entry)
                    && !found.iter().any(|f| f == package)
                {
                    found.push(package.to_owned());
                }
            }
        }
        found.sort();
        found
    }

    /// Sets the version requirement of every versioned path dependency on `dependency` (in
    /// `[workspace.dependencies]` and in each member) to `version`. Returns how many entries changed.
    pub fn set_requirement(&mut self, dependency: &str, version: &Version) -> usize {
        let requirement = version.to_string();
        let mut changed = 0;
        if let Some(table) = self
            .root_doc
            .get_mut("workspace")
            .and_then(|w| w.get_mut("dependencies"))
            .and_then(Item::as_table_like_mut)
        {
            changed += set_requirement_in(table, dependency, &requirement);
        }
        for member in &mut self.members {
            for table in dependency_tables_mut(&mut member.doc, &ALL_KINDS) {
                changed += set_requirement_in(table, dependency, &requirement);
            }
        }
        changed
    }

    /// The entries of the root manifest that `member` inherits and that reach its published manifest:
    /// `[workspace.package]` keys and `[workspace.dependencies]` entries of its shipping dependencies, each as a
    /// canonical string. Comparing two of these maps tells whether a root manifest change touches the crate.
    pub fn inherited_entries(
        &self,
        member: &Member,
        root_doc: Option<&DocumentMut>,
    ) -> BTreeMap<String, String> {
        let root_doc = root_doc.unwrap_or(&self.root_doc);
        let workspace = root_doc.get("workspace");
        let mut entries = BTreeMap::new();
        if let Some(package) = member.doc.get("package").and_then(Item::as_table_like) {
            for (key, item) in package.iter() {
                if inherits(item) {
                    let source = workspace
                        .and_then(|w| w.get("package"))
                        .and_then(|p| p.get(key));
                    entries.insert(
                        format!("package.{key}"),
                        source.map(canonical).unwrap_or_default(),
                    );
                }
            }
        }
        for (kind, table) in dependency_tables(&member.doc, &SHIPPING_KINDS) {
            for (key, entry) in table.iter() {
                if inherits(entry) {
                    let source = workspace
                        .and_then(|w| w.get("dependencies"))
                        .and_then(|d| d.get(key));
                    entries.insert(
                        format!("{kind}.{key}"),
                        source.map(canonical).unwrap_or_default(),
                    );
                }
            }
        }
        entries
    }

    /// Every manifest with its current text, root first.
    pub fn rendered(&self) -> Vec<(PathBuf, String)> {
        let mut out = vec![(self.root.join("Cargo.toml"), self.root_doc.to_string())];
        for member in &self.members {
            out.push((
                self.root.join(&member.dir).join("Cargo.toml"),
                member.doc.to_string(),
            ));
        }
        out
    }

    fn is_path_dependency(&self, key: &str, entry: &Item) -> bool {
        if entry.get("path").is_some() {
            return true;
        }
        inherits(entry)
            && self
                .root_doc
                .get("workspace")
                .and_then(|w| w.get("dependencies"))
                .and_then(|d| d.get(key))
                .and_then(|d| d.get("path"))
                .is_some()
    }
}

pub fn parse_doc(text: &str, origin: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>()
        .map_err(|e| format!("cannot parse {origin}: {e}"))
}

fn read_doc(path: &Path) -> Result<DocumentMut, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_doc(&text, &path.display().to_string())
}

fn is_publishable(doc: &DocumentMut, root_doc: &DocumentMut) -> bool {
    let mut publish = doc.get("package").and_then(|p| p.get("publish"));
    if publish.is_some_and(inherits) {
        publish = root_doc
            .get("workspace")
            .and_then(|w| w.get("package"))
            .and_then(|p| p.get("publish"));
    }
    match publish {
        None => true,
        Some(item) => match (item.as_bool(), item.as_array()) {
            (Some(allowed), _) => allowed,
            (_, Some(registries)) => !registries.is_empty(),
            _ => true,
        },
    }
}

/// `x.workspace = true` or `x = { workspace = true, ... }`.
fn inherits(item: &Item) -> bool {
    item.get("workspace")
        .and_then(Item::as_bool)
        .unwrap_or(false)
}

fn package_name<'a>(key: &'a str, entry: &'a Item) -> &'a str {
    entry.get("package").and_then(Item::as_str).unwrap_or(key)
}

fn set_requirement_in(table: &mut dyn TableLike, dependency: &str, requirement: &str) -> usize {
    let mut changed = 0;
    for (key, entry) in table.iter_mut() {
        let Some(entry) = entry.as_table_like_mut() else {
            continue;
        };
        let package = entry
            .get("package")
            .and_then(Item::as_str)
            .unwrap_or(key.get());
        if package != dependency || !entry.contains_key("path") {
            continue;
        }
        // A path dependency without a version is left alone: for a dev-dependency that is what keeps it out
        // of the published manifest, and for a normal one `release check` already refuses it.
        if let Some(item) = entry.get_mut("version")
            && item.as_str() != Some(requirement)
        {
            replace_string(item, requirement);
            changed += 1;
        }
    }
    changed
}

fn dependency_tables<'a>(
    doc: &'a DocumentMut,
    kinds: &[&'static str],
) -> Vec<(&'static str, &'a dyn TableLike)> {
    let mut tables = Vec::new();
    for kind in kinds {
        if let Some(table) = doc.get(kind).and_then(Item::as_table_like) {
            tables.push((*kind, table));
        }
    }
    if let Some(targets) = doc.get("target").and_then(Item::as_table_like) {
        for (_, target) in targets.iter() {
            for kind in kinds {
                if let Some(table) = target.get(kind).and_then(Item::as_table_like) {
                    tables.push((*kind, table));
                }
            }
        }
    }
    tables
}

fn dependency_tables_mut<'a>(
    doc: &'a mut DocumentMut,
    kinds: &[&'static str],
) -> Vec<&'a mut dyn TableLike> {
    let mut tables: Vec<&'a mut dyn TableLike> = Vec::new();
    for (key, item) in doc.as_table_mut().iter_mut() {
        if kinds.contains(&key.get()) {
            tables.extend(item.as_table_like_mut());
        } else if key.get() == "target" {
            let Some(targets) = item.as_table_like_mut() else {
                continue;
            };
            for (_, target) in targets.iter_mut() {
                let Some(target) = target.as_table_like_mut() else {
                    continue;
                };
                for (kind, table) in target.iter_mut() {
                    if kinds.contains(&kind.get())
                        && let Some(table) = table.as_table_like_mut()
                    {
                        tables.push(table);
                    }
                }
            }
        }
    }
    tables
}

/// Replaces a string value and keeps the whitespace and comments around it.
fn replace_string(item: &mut Item, text: &str) {
    let decor = item.as_value().map(|v| v.decor().clone());
    let mut value = Value::from(text);
    if let Some(decor) = decor {
        *value.decor_mut() = decor;
    }
    *item = Item::Value(value);
}

/// A formatting-independent rendering of a TOML item: keys sorted, whitespace and comments dropped.
fn canonical(item: &Item) -> String {
    match item {
        Item::None => String::new(),
        Item::Value(value) => canonical_value(value),
        Item::Table(table) => canonical_table(table),
        Item::ArrayOfTables(tables) => {
            let parts: Vec<String> = tables.iter().map(|t| canonical_table(t)).collect();
            format!("[{}]", parts.join(","))
        }
    }
}

fn canonical_table(table: &dyn TableLike) -> String {
    let mut parts: Vec<String> = table
        .iter()
        .map(|(k, v)| format!("{k}={}", canonical(v)))
        .collect();
    parts.sort();
    format!("{{{}}}", parts.join(","))
}

fn canonical_value(value: &Value) -> String {
    match value {
        Value::InlineTable(table) => canonical_table(table),
        Value::Array(array) => {
            let parts: Vec<String> = array.iter().map(canonical_value).collect();
            format!("[{}]", parts.join(","))
        }
        scalar => {
            let mut bare = scalar.clone();
            bare.decor_mut().clear();
            bare.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_ignores_layout_and_key_order() {
        let a = parse_doc(
            "x = { version = \"1\", features = [\"a\", \"b\"] } # why\n",
            "a",
        )
        .unwrap();
        let b = parse_doc("x = {features=[ \"a\",\"b\" ],version=\"1\"}\n", "b").unwrap();
        assert_eq!(canonical(&a["x"]), canonical(&b["x"]));
        let c = parse_doc("x = { version = \"2\", features = [\"a\", \"b\"] }\n", "c").unwrap();
        assert_ne!(canonical(&a["x"]), canonical(&c["x"]));
    }

    #[test]
    fn replacing_a_string_keeps_its_trailing_comment() {
        let mut doc = parse_doc("version = \"0.1.0\" # kept\n", "t").unwrap();
        replace_string(&mut doc["version"], "0.2.0");
        assert_eq!(doc.to_string(), "version = \"0.2.0\" # kept\n");
    }

    #[test]
    fn publish_false_and_empty_registry_list_mean_not_publishable() {
        let root = parse_doc("[workspace.package]\npublish = false\n", "root").unwrap();
        let member = |text: &str| parse_doc(text, "member").unwrap();
        assert!(!is_publishable(
            &member("[package]\npublish = false\n"),
            &root
        ));
        assert!(!is_publishable(&member("[package]\npublish = []\n"), &root));
        assert!(!is_publishable(
            &member("[package]\npublish.workspace = true\n"),
            &root
        ));
        assert!(is_publishable(&member("[package]\nname = \"x\"\n"), &root));
    }
}
