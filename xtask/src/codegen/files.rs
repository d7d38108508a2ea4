//! The generated tree of one crate: building it in memory, comparing it with the disk, writing it.
//!
//! The generator owns its output directory: files it no longer produces are removed on write and
//! reported by the check.

use std::fs;
use std::path::{Path, PathBuf};

/// One generated file, its path relative to the output directory (always with `/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// A difference between the generated tree and the one on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Drift {
    /// The file is missing or differs: what is on disk (empty if missing) and what it should be.
    Differs {
        path: String,
        on_disk: Option<String>,
        expected: String,
    },
    /// A file in the output directory that the generator does not produce.
    Stale { path: String },
}

/// Every file under `dir`, relative, sorted; an absent directory has none.
fn existing_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = match fs::read_dir(dir.join(&relative)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(format!(
                    "cannot read {}: {e}",
                    dir.join(&relative).display()
                ));
            }
        };
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let path = relative.join(entry.file_name());
            if entry.path().is_dir() {
                pending.push(path);
            } else {
                found.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// What differs between `files` and the directory `dir`.
pub fn compare(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<Drift>, String> {
    let mut drift = Vec::new();
    for file in files {
        let on_disk = match fs::read_to_string(dir.join(&file.path)) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(format!(
                    "cannot read {}: {e}",
                    dir.join(&file.path).display()
                ));
            }
        };
        if on_disk.as_deref() != Some(file.contents.as_str()) {
            drift.push(Drift::Differs {
                path: file.path.clone(),
                on_disk,
                expected: file.contents.clone(),
            });
        }
    }
    for path in existing_files(dir)? {
        if !files.iter().any(|f| f.path == path) {
            drift.push(Drift::Stale { path });
        }
    }
    Ok(drift)
}

/// Makes `dir` hold exactly `files`; returns the paths it changed.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, String> {
    let mut changed = Vec::new();
    for drift in compare(dir, files)? {
        match drift {
            Drift::Differs { path, expected, .. } => {
                let target = dir.join(&path);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                fs::write(&target, expected)
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
                changed.push(path);
            }
            Drift::Stale { path } => {
                let target = dir.join(&path);
                fs::remove_file(&target)
                    .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
                changed.push(path);
            }
        }
    }
    remove_empty_dirs(dir)?;
    Ok(changed)
}

fn remove_empty_dirs(dir: &Path) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
            if fs::read_dir(&path)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false)
            {
                fs::remove_dir(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
        }
    }
    Ok(())
}
