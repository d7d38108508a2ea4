//! The workspace as Cargo resolves it (`cargo metadata`): names, versions, directories, the metadata
//! crates.io shows, and the publish order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use semver::Version;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct RawMetadata {
    packages: Vec<Package>,
    workspace_members: Vec<String>,
    workspace_root: PathBuf,
}

/// One workspace member, as `cargo metadata --no-deps` describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub version: Version,
    pub manifest_path: PathBuf,
    /// `None`: any registry; `Some([])`: `publish = false`.
    pub publish: Option<Vec<String>>,
    pub rust_version: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    pub documentation: Option<String>,
    pub readme: Option<PathBuf>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
    #[serde(default)]
    pub metadata: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Dependency {
    /// The package name (not the name it is renamed to).
    pub name: String,
    pub req: String,
    /// `None` for normal dependencies, else `"dev"` or `"build"`.
    pub kind: Option<String>,
    pub path: Option<PathBuf>,
}

impl Package {
    pub fn is_publishable(&self) -> bool {
        self.publish
            .as_ref()
            .is_none_or(|registries| !registries.is_empty())
    }

    pub fn dir(&self) -> &Path {
        self.manifest_path.parent().unwrap_or(&self.manifest_path)
    }

    /// Dependencies on other workspace members that a user's build needs (normal and build).
    pub fn shipping_path_dependencies(&self) -> impl Iterator<Item = &Dependency> {
        self.dependencies
            .iter()
            .filter(|d| d.path.is_some() && d.kind.as_deref() != Some("dev"))
    }
}

/// Every workspace member.
#[derive(Debug)]
pub struct Members {
    pub root: PathBuf,
    pub packages: Vec<Package>,
}

impl Members {
    pub fn load(root: &Path) -> Result<Self, String> {
        let raw: RawMetadata = crate::cargo::metadata(root, &["--no-deps"])?;
        let packages = raw
            .packages
            .into_iter()
            .filter(|p| raw.workspace_members.contains(&p.id))
            .collect();
        Ok(Self {
            root: raw.workspace_root,
            packages,
        })
    }

    /// Publishable members, each after every member it needs: the order crates.io must receive them in.
    pub fn publish_order(&self) -> Result<Vec<&Package>, String> {
        let publishable: Vec<&Package> = self
            .packages
            .iter()
            .filter(|p| p.is_publishable())
            .collect();
        let graph: Vec<(&str, Vec<&str>)> = publishable
            .iter()
            .map(|p| {
                let needs = p
                    .shipping_path_dependencies()
                    .map(|d| d.name.as_str())
                    .collect();
                (p.name.as_str(), needs)
            })
            .collect();
        let order = topological_order(&graph)?;
        Ok(order
            .iter()
            .filter_map(|name| publishable.iter().copied().find(|p| p.name == *name))
            .collect())
    }

    pub fn relative_dir(&self, package: &Package) -> PathBuf {
        package
            .dir()
            .strip_prefix(&self.root)
            .map_or_else(|_| package.dir().to_path_buf(), Path::to_path_buf)
    }
}

/// Orders `(name, needs)` so that every name comes after the names it needs; ties go alphabetically, so the
/// order is the same on every machine. Needs outside the graph are ignored; a cycle is an error.
pub fn topological_order<'a>(graph: &[(&'a str, Vec<&'a str>)]) -> Result<Vec<&'a str>, String> {
    let known: Vec<&str> = graph.iter().map(|(name, _)| *name).collect();
    let mut pending: BTreeMap<&str, Vec<&str>> = graph
        .iter()
        .map(|(name, needs)| {
            let inside = needs
                .iter()
                .copied()
                .filter(|n| known.contains(n) && n != name)
                .collect();
            (*name, inside)
        })
        .collect();
    let mut order = Vec::new();
    while !pending.is_empty() {
        let ready: Vec<&str> = pending
            .iter()
            .filter(|(_, needs)| needs.iter().all(|n| order.contains(n)))
            .map(|(name, _)| *name)
            .collect();
        let Some(next) = ready.first().copied() else {
            let stuck: Vec<&str> = pending.keys().copied().collect();
            return Err(format!(
                "the workspace crates {} depend on each other in a cycle",
                stuck.join(", ")
            ));
        };
        pending.remove(next);
        order.push(next);
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_comes_before_every_crate_that_needs_it() {
        let graph = vec![
            ("pwpush-client", vec!["api-core", "serde"]),
            ("api-core", vec!["reqwest"]),
            ("a-client", vec!["api-core"]),
        ];
        assert_eq!(
            topological_order(&graph).unwrap(),
            vec!["api-core", "a-client", "pwpush-client"]
        );
    }

    #[test]
    fn chains_are_ordered_through_every_level() {
        let graph = vec![("c", vec!["b"]), ("b", vec!["a"]), ("a", vec![])];
        assert_eq!(topological_order(&graph).unwrap(), vec!["a", "b", "c"]);
    }

    #[test]
    fn dependency_cycle_is_reported_with_its_members() {
        let graph = vec![("a", vec!["b"]), ("b", vec!["a"]), ("c", vec![])];
        let err = topological_order(&graph).unwrap_err();
        assert!(err.contains("a, b"), "{err}");
    }
}
