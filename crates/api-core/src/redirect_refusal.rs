//! [`RedirectRefusal`]: why a redirect was not followed, kept in [`Error::Redirect`](crate::Error::Redirect).

use std::fmt;

/// Why a redirect the server answered with was not followed.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectRefusal {
    /// The redirect leads to another origin (scheme, host or port), where the credentials must
    /// not go. Only the target's origin is kept: its path or query may hold a secret.
    CrossOrigin {
        /// The target's origin, such as `https://other.example.com:8443`.
        target_origin: String,
    },
    /// The response has no `Location` header, or one that is not a URL.
    NoUsableLocation,
    /// A same-origin redirect was not followed: more than the limit in a row, or a request body
    /// (a streamed upload) that cannot be sent a second time.
    SameOriginNotFollowed {
        /// How many redirects in a row are followed.
        limit: usize,
    },
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CrossOrigin { target_origin } => write!(
                f,
                "it leads to another origin ({target_origin}); redirects are followed only \
                 within the configured base URL's origin, so credentials never leave it"
            ),
            Self::NoUsableLocation => f.write_str("it has no usable Location header"),
            Self::SameOriginNotFollowed { limit } => write!(
                f,
                "more than {limit} redirects in a row, or a request body that cannot be sent twice"
            ),
        }
    }
}
