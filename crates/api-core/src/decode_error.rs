//! The cause of a [`Error::Decode`](crate::Error::Decode), wrapped so the JSON library behind it is
//! not part of the public interface: replacing or upgrading it is not a breaking change for users.

use std::fmt;

/// Why a response body could not be decoded: where in the body, and what kind of problem.
///
/// `Display` gives the decoder's message, which can quote a value from the body; `Debug` shows only
/// the kind and the position.
pub struct DecodeError {
    inner: serde_json::Error,
}

/// What kind of problem stopped decoding.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The body is not valid JSON.
    Syntax,
    /// The body is valid JSON but not the shape the model expects.
    Data,
    /// The body ended before the JSON value did.
    Eof,
    /// Reading the body failed.
    Io,
}

impl DecodeError {
    /// Wraps the decoder's error; for the SDK crates, which decode bodies of their own.
    #[doc(hidden)]
    pub fn from_json(inner: serde_json::Error) -> Self {
        Self { inner }
    }

    /// The line (1-based) where decoding stopped; 0 when the problem is not tied to a position.
    pub fn line(&self) -> usize {
        self.inner.line()
    }

    /// The column (1-based) where decoding stopped; 0 when the problem is not tied to a position.
    pub fn column(&self) -> usize {
        self.inner.column()
    }

    /// What kind of problem it was.
    pub fn kind(&self) -> DecodeErrorKind {
        match self.inner.classify() {
            serde_json::error::Category::Syntax => DecodeErrorKind::Syntax,
            serde_json::error::Category::Data => DecodeErrorKind::Data,
            serde_json::error::Category::Eof => DecodeErrorKind::Eof,
            serde_json::error::Category::Io => DecodeErrorKind::Io,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

// The decoder's message can quote a value from the body, which may be a secret.
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} error at line {}, column {}",
            self.kind(),
            self.line(),
            self.column()
        )
    }
}

// The wrapped error is the cause's cause only in `Display`; as a source chain it stops here, so the
// third-party type never shows through `source()` either.
impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_and_kind_come_from_the_decoder() {
        let inner = serde_json::from_str::<u8>("\n  \"s3cr3t\"").unwrap_err();
        let err = DecodeError::from_json(inner);
        assert_eq!(err.kind(), DecodeErrorKind::Data);
        assert_eq!((err.line(), err.column()), (2, 10));
        let debug = format!("{err:?}");
        assert_eq!(debug, "Data error at line 2, column 10");
    }

    #[test]
    fn truncated_json_is_an_eof_error() {
        let inner = serde_json::from_str::<Vec<u8>>("[1, 2").unwrap_err();
        assert_eq!(DecodeError::from_json(inner).kind(), DecodeErrorKind::Eof);
    }
}
