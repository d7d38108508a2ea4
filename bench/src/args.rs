//! The few command-line options the benchmarks take: `--smoke` and `--name value` pairs.

use std::collections::HashMap;

use crate::BenchResult;

/// Parsed options of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    smoke: bool,
    values: HashMap<String, String>,
}

impl Args {
    /// Reads `--smoke` and `--name value` pairs; anything else is refused.
    pub fn parse(argv: impl IntoIterator<Item = String>) -> BenchResult<Self> {
        let mut args = Args::default();
        let mut argv = argv.into_iter();
        while let Some(arg) = argv.next() {
            let Some(name) = arg.strip_prefix("--") else {
                return Err(format!("unexpected argument `{arg}`").into());
            };
            if name == "smoke" {
                args.smoke = true;
                continue;
            }
            let value = argv
                .next()
                .ok_or_else(|| format!("`--{name}` needs a value"))?;
            args.values.insert(name.to_owned(), value);
        }
        Ok(args)
    }

    /// Whether to run for a moment only, with tiny counts (CI's smoke run).
    pub fn smoke(&self) -> bool {
        self.smoke
    }

    /// The number given as `--name`, or `default` when it is absent.
    pub fn number(&self, name: &str, default: u64) -> BenchResult<u64> {
        match self.values.get(name) {
            None => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|_| format!("`--{name}` must be a whole number, got `{text}`").into()),
        }
    }

    /// The text given as `--name`, if any.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(argv: &[&str]) -> BenchResult<Args> {
        Args::parse(argv.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn smoke_flag_and_named_numbers_are_read() {
        let args = parse(&["--smoke", "--items", "1000"]).unwrap();
        assert!(args.smoke());
        assert_eq!(args.number("items", 5).unwrap(), 1000);
        assert_eq!(args.number("absent", 5).unwrap(), 5);
    }

    #[test]
    fn a_name_without_its_value_is_refused() {
        assert!(parse(&["--items"]).is_err());
    }

    #[test]
    fn a_non_numeric_number_is_refused() {
        let args = parse(&["--items", "many"]).unwrap();
        assert!(args.number("items", 1).is_err());
    }

    #[test]
    fn a_bare_word_is_refused() {
        assert!(parse(&["items"]).is_err());
    }
}
