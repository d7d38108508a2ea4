//! Release engineering: `cargo xtask release <plan|bump|check>` and `cargo xtask publish`.
//!
//! docs/releasing.md walks through a release with these commands and states the versioning policy.

mod bump;
mod changelog;
mod checks;
mod git;
mod manifests;
mod metadata;
mod overlay_cache;
mod package_list;
mod plan;
mod publish;
mod registry;
mod semver_check;
mod version;

use std::path::{Path, PathBuf};

use metadata::Members;
use version::Level;

const USAGE: &str = "usage: cargo xtask release <command> [--workspace <dir>]

commands:
  plan                                 crates changed since their last <crate>-v<version> tag, the version
                                       each should get, and the publish order
  bump <crate|all> <level> [--date D]  raise versions (level: major, minor, patch, or current for a first
                                       release), update dependents' requirements and date the CHANGELOGs
  check                                manifest metadata, package contents and rust-version floor";

/// `cargo xtask release ...`
pub fn run(args: &[String]) -> crate::CommandResult {
    let (root, args) = take_workspace(args)?;
    let Some((command, rest)) = args.split_first() else {
        return Err(USAGE.to_owned());
    };
    match command.as_str() {
        "plan" if rest.is_empty() => run_plan(&root),
        "bump" => run_bump(&root, rest),
        "check" if rest.is_empty() => run_check(&root),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!(
            "unknown release command or argument `{other} {}`\n{USAGE}",
            rest.join(" ")
        )),
    }
}

/// `cargo xtask publish [--dry-run] [--allow-dirty]`
pub fn publish(args: &[String]) -> crate::CommandResult {
    let (root, args) = take_workspace(args)?;
    publish::run(&args, &root)
}

/// Splits off `--workspace <dir>`; without it, the workspace around the current directory.
fn take_workspace(args: &[String]) -> Result<(PathBuf, Vec<String>), String> {
    let mut root = None;
    let mut rest = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--workspace" {
            let dir = iter.next().ok_or("--workspace needs a directory")?;
            root = Some(PathBuf::from(dir));
        } else {
            rest.push(arg.clone());
        }
    }
    let root = match root {
        Some(root) => root,
        None => crate::workspace::root()?,
    };
    Ok((root, rest))
}

fn run_plan(root: &Path) -> crate::CommandResult {
    let facts = plan::gather(root)?;
    let rows = plan::decide(&facts)?;
    println!("Release plan, in publish order:\n");
    print!("{}", plan::render(&rows));
    let steps = plan::next_steps(&rows);
    if steps.is_empty() {
        println!("\nNothing to bump.");
    } else {
        println!("\nTo carry it out (review each CHANGELOG's Unreleased section first):");
        for step in steps {
            println!("  {step}");
        }
    }
    Ok(())
}

fn run_bump(root: &Path, args: &[String]) -> crate::CommandResult {
    let mut positional = Vec::new();
    let mut date = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--date" {
            let text = iter.next().ok_or("--date needs a YYYY-MM-DD date")?;
            date = Some(bump::parse_date(text)?);
        } else {
            positional.push(arg.as_str());
        }
    }
    let [target, level] = positional[..] else {
        return Err(format!(
            "bump needs a crate (or `all`) and a level\n{USAGE}"
        ));
    };
    let targets = match target {
        "all" => bump::Targets::All,
        name => bump::Targets::One(name.to_owned()),
    };
    let level = match level {
        "current" => None,
        word => Some(Level::parse(word)?),
    };
    let date = date.unwrap_or_else(bump::today);
    let bumped = bump::bump(root, &targets, level, &date)?;
    for entry in &bumped {
        println!(
            "{:<24} {} -> {}  ({})",
            entry.name, entry.from, entry.to, entry.why
        );
    }
    println!("\nReview the diff, commit it, then run `cargo xtask publish --dry-run`.");
    Ok(())
}

fn run_check(root: &Path) -> crate::CommandResult {
    let members = Members::load(root)?;
    let order = members.publish_order()?;
    let names: Vec<&str> = order.iter().map(|p| p.name.as_str()).collect();
    println!("publish order: {}", names.join(" -> "));

    let mut problems = checks::manifest_problems(&members);
    problems.extend(checks::package_problems(&members)?);
    match checks::dependency_floor(root)? {
        Some(floor) => {
            let (major, minor, patch) = floor.version;
            println!(
                "rust-version floor of the dependencies: {major}.{minor}.{patch} (set by {})",
                floor.set_by
            );
            problems.extend(checks::msrv_problems(&members, &floor));
        }
        None => println!("no dependency states a rust-version"),
    }
    if problems.is_empty() {
        println!("release check passed: metadata, package contents and rust-version are in order");
        Ok(())
    } else {
        Err(format!(
            "the release check failed:\n  {}",
            problems.join("\n  ")
        ))
    }
}
