//! Writes a generated section of docs/benchmarks.md between its markers, leaving the hand-written
//! text around it (definitions, findings) untouched.

use std::path::{Path, PathBuf};

/// docs/benchmarks.md of the workspace xtask runs in.
pub fn benchmarks_doc() -> Result<PathBuf, String> {
    Ok(crate::workspace::root()?.join("docs").join("benchmarks.md"))
}

/// Replaces what lies between `<!-- bench:<section>:begin -->` and `<!-- bench:<section>:end -->`
/// in the file at `path` with `body`.
pub fn write_section(path: &Path, section: &str, body: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let updated = replace_section(&text, section, body)?;
    std::fs::write(path, updated).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "==> xtask bench: wrote the `{section}` section of {}",
        path.display()
    );
    Ok(())
}

fn replace_section(text: &str, section: &str, body: &str) -> Result<String, String> {
    let begin = format!("<!-- bench:{section}:begin -->");
    let end = format!("<!-- bench:{section}:end -->");
    let start = text
        .find(&begin)
        .ok_or_else(|| format!("docs/benchmarks.md has no `{begin}` marker"))?
        + begin.len();
    let stop = text[start..]
        .find(&end)
        .ok_or_else(|| format!("docs/benchmarks.md has no `{end}` marker after `{begin}`"))?
        + start;
    Ok(format!(
        "{}\n{}\n{}",
        &text[..start],
        body.trim_end(),
        &text[stop..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_section_is_replaced() {
        let text = "# Bench\nintro\n<!-- bench:runtime:begin -->\nold run\n<!-- bench:runtime:end -->\n\
                    <!-- bench:build:begin -->\nold build\n<!-- bench:build:end -->\nfindings\n";
        let updated = replace_section(text, "runtime", "new run\n").unwrap();
        assert_eq!(
            updated,
            "# Bench\nintro\n<!-- bench:runtime:begin -->\nnew run\n<!-- bench:runtime:end -->\n\
             <!-- bench:build:begin -->\nold build\n<!-- bench:build:end -->\nfindings\n"
        );
    }

    #[test]
    fn a_missing_marker_is_an_error_naming_it() {
        let err = replace_section("no markers\n", "build", "x").unwrap_err();
        assert!(err.contains("bench:build:begin"), "{err}");
        let err = replace_section("<!-- bench:build:begin -->\n", "build", "x").unwrap_err();
        assert!(err.contains("bench:build:end"), "{err}");
    }
}
