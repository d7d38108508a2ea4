//! `cargo xtask publish [--dry-run] [--allow-dirty]`: checks, then crates.io in dependency order.
//!
//! A dry run packages and builds every publishable crate with `cargo publish --workspace --dry-run` (Cargo
//! resolves the crates' requirements on each other against the packages it has just built) and never uploads.
//! A real run publishes one crate at a time in publish order, waits until each version is on the crates.io
//! index before the next crate's build needs it, and tags each release `<crate>-v<version>`. Versions already
//! on crates.io are skipped, so an interrupted release is finished by running the command again.

use std::path::Path;
use std::time::Duration;

use semver::Version;

use super::checks;
use super::git;
use super::metadata::{Members, Package};
use super::overlay_cache;
use super::registry;
use super::semver_check;

/// How long a new version may take to show on the index.
const INDEX_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Debug, Default)]
struct Options {
    dry_run: bool,
    allow_dirty: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    for arg in args {
        match arg.as_str() {
            "--dry-run" => options.dry_run = true,
            "--allow-dirty" => options.allow_dirty = true,
            other => return Err(format!("unknown argument `{other}` for `xtask publish`")),
        }
    }
    Ok(options)
}

/// What crates.io holds of one crate.
struct RegistryState<'a> {
    package: &'a Package,
    /// `None` when the index could not be read (tolerated in a dry run only).
    published: Option<Vec<Version>>,
}

impl RegistryState<'_> {
    fn already_published(&self) -> bool {
        self.published
            .as_ref()
            .is_some_and(|v| v.contains(&self.package.version))
    }

    fn baseline(&self) -> Option<&Version> {
        self.published
            .as_ref()?
            .iter()
            .filter(|v| **v < self.package.version)
            .max()
    }
}

pub fn run(args: &[String], root: &Path) -> crate::CommandResult {
    let options = parse(args)?;
    let members = Members::load(root)?;
    let order = members.publish_order()?;
    let names: Vec<&str> = order.iter().map(|p| p.name.as_str()).collect();
    eprintln!("==> publish order: {}", names.join(" -> "));

    eprintln!("==> checking manifests and package contents");
    let mut problems = checks::manifest_problems(&members);
    problems.extend(checks::package_problems(&members)?);
    if !problems.is_empty() {
        return Err(format!(
            "the release checks failed:\n  {}",
            problems.join("\n  ")
        ));
    }

    if !options.dry_run && !options.allow_dirty {
        let uncommitted = git::uncommitted(root)?;
        if !uncommitted.is_empty() {
            return Err(format!(
                "the working tree has uncommitted changes; commit them so the tags match what is published:\n  {}",
                uncommitted.join("\n  ")
            ));
        }
    }

    eprintln!("==> reading the crates.io index");
    let mut states = Vec::new();
    for package in &order {
        let published = match registry::published_versions(&package.name) {
            Ok(versions) => Some(versions),
            Err(e) if options.dry_run => {
                eprintln!(
                    "warning: {e}; the semver check of {} is skipped",
                    package.name
                );
                None
            }
            Err(e) => return Err(e),
        };
        states.push(RegistryState { package, published });
    }

    semver_checks(root, &states, options.dry_run)?;

    if options.dry_run {
        let unpacked: Vec<String> = order
            .iter()
            .map(|p| format!("{}-{}", p.name, p.version))
            .collect();
        if let Some(home) = overlay_cache::cargo_home() {
            for stale in overlay_cache::forget(&home, &unpacked)? {
                eprintln!("    removed a stale unpacked copy: {}", stale.display());
            }
        }
        let names: Vec<&str> = order.iter().map(|p| p.name.as_str()).collect();
        let target = crate::workspace::target_dir(root);
        for stale in overlay_cache::forget_builds(&target, &names)? {
            eprintln!(
                "    removed a stale build of an unpacked copy: {}",
                stale.display()
            );
        }
        dry_run(root, options.allow_dirty)
    } else {
        publish_in_order(root, &states)
    }
}

fn semver_checks(root: &Path, states: &[RegistryState<'_>], dry_run: bool) -> crate::CommandResult {
    eprintln!("==> semver checks against the last published versions");
    let installed = semver_check::tool_installed();
    for state in states {
        let name = &state.package.name;
        let version = &state.package.version;
        if state.already_published() {
            eprintln!("    {name} {version}: already on crates.io, nothing to compare");
            continue;
        }
        let Some(baseline) = state.baseline() else {
            if state.published.is_some() {
                eprintln!(
                    "    {name} {version}: no earlier version on crates.io; semver check skipped (first release)"
                );
            }
            continue;
        };
        if !installed {
            let message = format!(
                "{name}: cargo-semver-checks is not installed; {}",
                semver_check::INSTALL_HINT
            );
            if dry_run {
                eprintln!("warning: {message} (a real publish refuses to go on without it)");
                continue;
            }
            return Err(message);
        }
        eprintln!("    {name} {version} against {baseline}");
        semver_check::check(root, name, baseline)?;
    }
    Ok(())
}

fn dry_run(root: &Path, allow_dirty: bool) -> crate::CommandResult {
    // Outside CI a developer's uncommitted work is expected; on CI (a fresh clone) the packaged files must
    // match the commit, which also catches a Cargo.lock that the build had to update.
    let on_ci = std::env::var_os("CI").is_some();
    let mut args = vec!["publish", "--workspace", "--dry-run"];
    if allow_dirty || !on_ci {
        args.push("--allow-dirty");
    }
    eprintln!("==> cargo {}", args.join(" "));
    cargo(root, &args)?;
    eprintln!("==> dry run passed; nothing was uploaded");
    Ok(())
}

fn publish_in_order(root: &Path, states: &[RegistryState<'_>]) -> crate::CommandResult {
    let mut tags = Vec::new();
    for state in states {
        let name = &state.package.name;
        let version = &state.package.version;
        if state.already_published() {
            eprintln!("==> {name} {version} is already on crates.io; skipped");
        } else {
            eprintln!("==> publishing {name} {version}");
            cargo(root, &["publish", "--package", name])?;
            registry::wait_until_listed(name, version, INDEX_TIMEOUT)?;
        }
        let tag = super::version::tag_name(name, version);
        if !git::tag_exists(root, &tag)? {
            git::create_release_tag(root, name, version)?;
            tags.push(tag);
        }
    }
    if tags.is_empty() {
        eprintln!("==> nothing new to tag");
    } else {
        eprintln!(
            "==> published; push the tags with: git push origin {}",
            tags.join(" ")
        );
    }
    Ok(())
}

fn cargo(root: &Path, args: &[&str]) -> crate::CommandResult {
    let status = crate::cargo::command()
        .current_dir(root)
        .args(args)
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed ({status})", args.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_publish_flag_is_refused() {
        assert!(parse(&["--yes".into()]).unwrap_err().contains("--yes"));
        let options = parse(&["--dry-run".into(), "--allow-dirty".into()]).unwrap();
        assert!(options.dry_run && options.allow_dirty);
    }
}
