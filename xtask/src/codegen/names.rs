//! Rust names from spec names: types and variants in PascalCase, fields and methods in snake_case.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords that need `r#` (or, for the few that cannot be raw, a trailing underscore).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// PascalCase type or variant name; a leading digit gets a `V` so the name stays an identifier.
pub fn type_name(raw: &str) -> String {
    let name = raw.to_upper_camel_case();
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    }
}

/// snake_case field, method or module name.
pub fn snake_name(raw: &str) -> String {
    let name = raw.to_snake_case();
    match name.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{name}"),
        Some(_) => name,
    }
}

/// An identifier token for a snake_case or PascalCase name, raw where it is a keyword.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_wire_names_become_snake_case_fields() {
        assert_eq!(snake_name("secondsToExpire"), "seconds_to_expire");
        assert_eq!(snake_name("nextToken"), "next_token");
        assert_eq!(snake_name("expire_after_days"), "expire_after_days");
    }

    #[test]
    fn enum_values_become_pascal_case_variants() {
        assert_eq!(type_name("invalidRequest"), "InvalidRequest");
        assert_eq!(type_name("CRITICAL"), "Critical");
        assert_eq!(type_name("text/plain"), "TextPlain");
        assert_eq!(type_name("1h"), "V1h");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("user").to_string(), "user");
    }
}
