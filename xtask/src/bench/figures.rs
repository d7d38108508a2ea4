//! The `name: value` lines the benchmark programs print, read into a map.

use std::collections::BTreeMap;

/// Every measurement one benchmark program printed, by name.
#[derive(Debug, Default, Clone)]
pub struct Figures {
    values: BTreeMap<String, String>,
}

impl Figures {
    /// Reads every `name: value` line of `output`; other lines are ignored. A later line with
    /// the same name replaces an earlier one.
    pub fn parse(output: &str) -> Self {
        let values = output
            .lines()
            .filter_map(|line| line.split_once(": "))
            .filter(|(name, _)| is_name(name))
            .map(|(name, value)| (name.to_owned(), value.trim().to_owned()))
            .collect();
        Figures { values }
    }

    /// The value of `name` as printed.
    pub fn text(&self, name: &str) -> Result<&str, String> {
        self.values
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("the benchmark printed no `{name}`"))
    }

    /// The value of `name` as a number.
    pub fn number(&self, name: &str) -> Result<f64, String> {
        let text = self.text(name)?;
        text.parse()
            .map_err(|_| format!("`{name}` is not a number: `{text}`"))
    }

    /// Whether `name` was printed at all.
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}

/// Names are dotted snake_case paths: `overhead.get.c1.ratio`, `prefetch_ratio`.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_value_lines_are_read_and_other_lines_ignored() {
        let figures = Figures::parse(
            "overhead.get.c1.ratio: 0.981\n  .. progress: not a figure\nError: Something\nmemory.peak_rss_kib: 8056\n",
        );
        assert_eq!(figures.number("overhead.get.c1.ratio").unwrap(), 0.981);
        assert_eq!(figures.text("memory.peak_rss_kib").unwrap(), "8056");
        assert!(!figures.has("Error"));
        assert!(!figures.has("  .. progress"));
    }

    #[test]
    fn a_missing_or_non_numeric_figure_is_an_error_naming_it() {
        let figures = Figures::parse("rate_limit.no_limiter.completed: true\n");
        assert!(
            figures
                .number("prefetch_ratio")
                .unwrap_err()
                .contains("prefetch_ratio")
        );
        assert!(
            figures
                .number("rate_limit.no_limiter.completed")
                .unwrap_err()
                .contains("not a number")
        );
    }
}
