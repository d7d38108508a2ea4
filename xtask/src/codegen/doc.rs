//! Doc comments from spec prose: made safe for rustdoc (`-D warnings`) and emitted as `#[doc]`
//! attributes, which prettyplease prints as `///` lines.

use proc_macro2::TokenStream;
use quote::quote;

/// `///` lines for `text`, one attribute per line (an empty string gives nothing).
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .trim_end()
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    quote! { #( #[doc = #lines] )* }
}

/// `//!` lines for a module.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .trim_end()
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    quote! { #( #![doc = #lines] )* }
}

/// Spec prose as Markdown rustdoc accepts without warnings: brackets and angle brackets outside code
/// spans are escaped (they would read as broken links or HTML tags) and bare URLs get `<...>`.
pub fn prose(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if let Some(url_len) = url_at(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>' | '*' | '_' | '#') && needs_escape(c, &out) {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the doc comment.
        out.push('`');
    }
    out
}

/// Emphasis markers and headings only matter at a word or line start; brackets and angles always.
fn needs_escape(c: char, before: &str) -> bool {
    match c {
        '*' | '_' => before
            .chars()
            .last()
            .is_none_or(|p| p.is_whitespace() || p == '('),
        '#' => before.is_empty() || before.ends_with('\n'),
        _ => true,
    }
}

/// The length of an `http(s)://` URL starting `text`, if any.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '`'))
        .unwrap_or(text.len());
    // A sentence's full stop or comma is not part of the URL.
    let trimmed = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_outside_code_are_escaped() {
        assert_eq!(prose("a [b] `[c]`"), r"a \[b\] `[c]`");
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            prose("see https://example.com/x."),
            "see <https://example.com/x>."
        );
    }

    #[test]
    fn angle_brackets_are_escaped() {
        assert_eq!(prose("a <id> b"), r"a \<id\> b");
    }

    #[test]
    fn unbalanced_backtick_is_closed() {
        assert_eq!(prose("a `b"), "a `b`");
    }

    #[test]
    fn underscores_inside_words_stay() {
        assert_eq!(prose("expire_after_days"), "expire_after_days");
    }
}
