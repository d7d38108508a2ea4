//! The output protocol xtask reads: one `name: value` line per measurement on stdout.

use std::fmt::Display;
use std::io::Write;

/// Prints one measurement. Names are dotted paths (`overhead.get.c1.ratio`); values are plain
/// numbers or words, never containing a newline.
pub fn emit(name: &str, value: impl Display) {
    let mut out = std::io::stdout().lock();
    // A closed stdout means nobody reads the figures; the benchmark itself still succeeded.
    let _ = writeln!(out, "{name}: {value}");
}

/// Prints a ratio or rate with three decimals.
pub fn emit_f64(name: &str, value: f64) {
    emit(name, format!("{value:.3}"));
}

/// Progress for the person watching, on stderr so it never mixes with the figures.
pub fn progress(message: impl Display) {
    eprintln!("  .. {message}");
}
