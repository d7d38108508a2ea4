//! The drift report: a unified diff per file that differs, and the files that should not be there.

use std::path::Path;

use similar::TextDiff;

use super::files::Drift;

/// A readable report of `drift` in `dir` (paths shown relative to `root`).
pub fn report(root: &Path, dir: &Path, drift: &[Drift]) -> String {
    let shown = dir.strip_prefix(root).unwrap_or(dir);
    let mut out = String::new();
    for entry in drift {
        match entry {
            Drift::Differs {
                path,
                on_disk,
                expected,
            } => {
                let name = format!("{}/{path}", shown.display());
                match on_disk {
                    None => out.push_str(&format!("missing: {name}\n")),
                    Some(actual) => {
                        out.push_str(&format!("differs: {name}\n"));
                        let diff = TextDiff::from_lines(actual.as_str(), expected.as_str());
                        out.push_str(
                            &diff
                                .unified_diff()
                                .context_radius(3)
                                .header(
                                    &format!("{name} (checked in)"),
                                    &format!("{name} (generated)"),
                                )
                                .to_string(),
                        );
                    }
                }
            }
            Drift::Stale { path } => {
                out.push_str(&format!(
                    "not generated (remove it): {}/{path}\n",
                    shown.display()
                ));
            }
        }
    }
    out
}
