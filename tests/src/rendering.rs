//! Everything a caller can print about one call: the request builder's Debug, and the result's
//! Debug, or the error's Debug, Display and whole source chain.

use std::error::Error as StdError;
use std::fmt;

/// The renderings of one call's request and result.
pub fn render_call<T, E>(request_debug: String, result: &Result<T, E>) -> Vec<String>
where
    T: fmt::Debug,
    E: fmt::Debug + fmt::Display + StdError,
{
    let mut out = vec![request_debug];
    match result {
        Ok(value) => {
            out.push(format!("{value:?}"));
            out.push(format!("{value:#?}"));
        }
        Err(error) => out.extend(render_error(error)),
    }
    out
}

/// An error's Debug (plain and pretty), Display, and the Display and Debug of every source.
pub fn render_error<E>(error: &E) -> Vec<String>
where
    E: fmt::Debug + fmt::Display + StdError,
{
    let mut out = vec![
        format!("{error:?}"),
        format!("{error:#?}"),
        error.to_string(),
    ];
    let mut source = error.source();
    while let Some(cause) = source {
        out.push(cause.to_string());
        out.push(format!("{cause:?}"));
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(Inner);
    #[derive(Debug)]
    struct Inner;

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("outer failed")
        }
    }
    impl fmt::Display for Inner {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("inner cause")
        }
    }
    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }
    impl StdError for Inner {}

    #[test]
    fn an_error_is_rendered_with_its_whole_source_chain() {
        let result: Result<u8, Outer> = Err(Outer(Inner));
        let lines = render_call("Request".to_owned(), &result);
        assert_eq!(lines[0], "Request");
        assert!(lines.contains(&"outer failed".to_owned()));
        assert!(lines.contains(&"inner cause".to_owned()));
        assert!(lines.contains(&"Inner".to_owned()));
    }
}
