//! `cargo xtask release check`: what crates.io and docs.rs need from each manifest, the package allow-list,
//! and that the declared `rust-version` is not below what the dependency graph requires.

use std::path::Path;

use serde::Deserialize;

use super::metadata::{Members, Package};
use super::package_list;

const LICENSE: &str = "MIT OR Apache-2.0";

/// Problems with what crates.io shows and with how a crate is published.
pub fn manifest_problems(members: &Members) -> Vec<String> {
    let mut problems = Vec::new();
    for package in &members.packages {
        let under_crates = members.relative_dir(package).starts_with("crates");
        let name = &package.name;
        match (under_crates, package.is_publishable()) {
            (true, false) => problems.push(format!(
                "{name}: crates under crates/ are published; remove `publish = false`"
            )),
            (false, true) => problems.push(format!(
                "{name}: only crates under crates/ are published; add `publish = false`"
            )),
            (false, false) => continue,
            (true, true) => {}
        }
        problems.extend(published_crate_problems(package));
    }
    problems
}

fn published_crate_problems(package: &Package) -> Vec<String> {
    let name = &package.name;
    let mut problems = Vec::new();
    let mut require = |present: bool, what: &str| {
        if !present {
            problems.push(format!("{name}: {what}"));
        }
    };
    require(
        package
            .description
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty()),
        "needs a description",
    );
    require(
        package.license.as_deref() == Some(LICENSE),
        "license must be `MIT OR Apache-2.0`",
    );
    require(package.repository.is_some(), "needs a repository");
    require(
        package.homepage.is_some() || package.documentation.is_some(),
        "needs a homepage or documentation URL",
    );
    require(package.readme.is_some(), "needs a readme");
    require(
        (1..=5).contains(&package.keywords.len()),
        "needs 1 to 5 keywords",
    );
    require(
        (1..=5).contains(&package.categories.len()),
        "needs 1 to 5 categories",
    );
    require(package.rust_version.is_some(), "needs a rust-version");
    let docs_rs = package
        .metadata
        .as_ref()
        .and_then(|m| m.get("docs").and_then(|d| d.get("rs")));
    let all_features = docs_rs
        .and_then(|d| d.get("all-features"))
        .and_then(|v| v.as_bool())
        == Some(true);
    require(
        all_features,
        "[package.metadata.docs.rs] needs `all-features = true`",
    );
    let cfg_docsrs = docs_rs
        .and_then(|d| d.get("rustdoc-args"))
        .and_then(|v| v.as_array())
        .is_some_and(|args| args.windows(2).any(|w| w[0] == "--cfg" && w[1] == "docsrs"));
    require(
        cfg_docsrs,
        "[package.metadata.docs.rs] needs `rustdoc-args = [\"--cfg\", \"docsrs\"]`",
    );
    for dependency in package.shipping_path_dependencies() {
        if dependency.req == "*" {
            problems.push(format!(
                "{name}: path dependency `{}` needs a version too, or crates.io cannot resolve it",
                dependency.name
            ));
        }
    }
    problems
}

/// Package allow-list problems of every publishable crate.
pub fn package_problems(members: &Members) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    for package in members.packages.iter().filter(|p| p.is_publishable()) {
        let listed = package_list::package_list(&members.root, &package.name)?;
        let sources = package_list::sources_on_disk(package.dir())?;
        problems.extend(package_list::problems(&package.name, &listed, &sources));
    }
    Ok(problems)
}

#[derive(Debug, Deserialize)]
struct Resolved {
    packages: Vec<ResolvedPackage>,
    resolve: Resolve,
    workspace_members: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ResolvedPackage {
    id: String,
    name: String,
    version: String,
    rust_version: Option<String>,
    publish: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct Resolve {
    nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
struct Node {
    id: String,
    deps: Vec<NodeDep>,
}

#[derive(Debug, Deserialize)]
struct NodeDep {
    pkg: String,
    dep_kinds: Vec<DepKind>,
}

#[derive(Debug, Deserialize)]
struct DepKind {
    kind: Option<String>,
}

/// The highest `rust-version` among the locked dependencies a user's build compiles (normal and build
/// dependencies of the published crates, all features on), with the crate that sets it.
pub struct DependencyFloor {
    pub version: (u64, u64, u64),
    pub set_by: String,
}

pub fn dependency_floor(root: &Path) -> Result<Option<DependencyFloor>, String> {
    let resolved: Resolved = crate::cargo::metadata(root, &["--all-features"])?;
    Ok(floor_of(&resolved))
}

fn floor_of(resolved: &Resolved) -> Option<DependencyFloor> {
    let package = |id: &str| resolved.packages.iter().find(|p| p.id == id);
    let mut pending: Vec<&str> = resolved
        .workspace_members
        .iter()
        .filter(|id| package(id).is_some_and(|p| p.publish.as_ref().is_none_or(|r| !r.is_empty())))
        .map(String::as_str)
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    let mut floor: Option<DependencyFloor> = None;
    while let Some(id) = pending.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let Some(node) = resolved.resolve.nodes.iter().find(|n| n.id == id) else {
            continue;
        };
        for dep in &node.deps {
            if dep
                .dep_kinds
                .iter()
                .any(|k| k.kind.as_deref() != Some("dev"))
            {
                pending.push(&dep.pkg);
            }
        }
        if resolved.workspace_members.iter().any(|m| m == id) {
            continue;
        }
        let Some(found) = package(id) else { continue };
        let Some(version) = found.rust_version.as_deref().and_then(parse_rust_version) else {
            continue;
        };
        if floor.as_ref().is_none_or(|f| version > f.version) {
            floor = Some(DependencyFloor {
                version,
                set_by: format!("{} {}", found.name, found.version),
            });
        }
    }
    floor
}

/// `1.88` or `1.88.0` as a comparable triple.
pub fn parse_rust_version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

/// Published crates whose declared `rust-version` is below the dependency floor.
pub fn msrv_problems(members: &Members, floor: &DependencyFloor) -> Vec<String> {
    let (major, minor, patch) = floor.version;
    members
        .packages
        .iter()
        .filter(|p| p.is_publishable())
        .filter_map(|p| {
            let declared = p.rust_version.as_deref().and_then(parse_rust_version)?;
            (declared < floor.version).then(|| {
                format!(
                    "{}: rust-version {} is below {major}.{minor}.{patch}, which {} requires",
                    p.name,
                    p.rust_version.as_deref().unwrap_or_default(),
                    floor.set_by
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_versions_compare_by_number_not_by_text() {
        assert!(parse_rust_version("1.9").unwrap() < parse_rust_version("1.88").unwrap());
        assert_eq!(parse_rust_version("1.88"), parse_rust_version("1.88.0"));
        assert_eq!(parse_rust_version("1.x"), None);
    }

    fn resolved(json: serde_json::Value) -> Resolved {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn floor_counts_shipped_dependencies_and_ignores_dev_and_unpublished_ones() {
        let graph = resolved(serde_json::json!({
            "workspace_members": ["core", "xtask"],
            "packages": [
                {"id": "core", "name": "core", "version": "0.1.0", "rust_version": "1.95", "publish": null},
                {"id": "xtask", "name": "xtask", "version": "0.1.0", "rust_version": null, "publish": []},
                {"id": "time", "name": "time", "version": "0.3.0", "rust_version": "1.88.0", "publish": null},
                {"id": "deep", "name": "deep", "version": "1.0.0", "rust_version": "1.80", "publish": null},
                {"id": "mock", "name": "mock", "version": "1.0.0", "rust_version": "1.99", "publish": null},
                {"id": "syn", "name": "syn", "version": "3.0.0", "rust_version": "1.98", "publish": null}
            ],
            "resolve": {"nodes": [
                {"id": "core", "deps": [
                    {"pkg": "time", "dep_kinds": [{"kind": null}]},
                    {"pkg": "mock", "dep_kinds": [{"kind": "dev"}]}
                ]},
                {"id": "time", "deps": [{"pkg": "deep", "dep_kinds": [{"kind": "build"}]}]},
                {"id": "deep", "deps": []},
                {"id": "mock", "deps": []},
                {"id": "xtask", "deps": [{"pkg": "syn", "dep_kinds": [{"kind": null}]}]},
                {"id": "syn", "deps": []}
            ]}
        }));
        let floor = floor_of(&graph).unwrap();
        assert_eq!(floor.version, (1, 88, 0));
        assert_eq!(floor.set_by, "time 0.3.0");
    }
}
