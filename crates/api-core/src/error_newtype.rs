//! [`error_newtype!`](crate::error_newtype): an API crate's own `Error`, wrapping api-core's and
//! answering the same questions, with a `detail()` typed to that crate's error body.

/// Declares an API crate's `Error`: api-core's [`Error`](crate::Error) inside, every question of
/// the workspace's error vocabulary forwarded to it (so the answers are computed in one place),
/// and `detail()` returning the crate's own typed error body instead of a downcast.
///
/// The generated type displays exactly as the error inside, keeps its source chain, and its Debug
/// output is the inner error's (which redacts bodies that may carry secrets). `core()` gives the
/// error inside for matching on its kind.
///
/// ```
/// use std::any::Any;
/// use std::fmt;
///
/// /// The example API's error body.
/// #[derive(Debug)]
/// pub struct Problem {
///     code: String,
/// }
///
/// impl fmt::Display for Problem {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str(&self.code)
///     }
/// }
///
/// impl api_core::ErrorDetail for Problem {
///     fn as_any(&self) -> &dyn Any {
///         self
///     }
///     fn code(&self) -> Option<&str> {
///         Some(&self.code)
///     }
/// }
///
/// api_core::error_newtype! {
///     /// Everything a call of the example client can fail with.
///     pub struct Error;
///     detail = Problem;
/// }
///
/// let inner = api_core::ApiError::new("getThing", api_core::StatusCode::NOT_FOUND)
///     .with_detail(Problem { code: "NO_SUCH_THING".into() });
/// let error = Error::from(api_core::Error::Api(Box::new(inner)));
/// assert!(error.is_not_found());
/// assert_eq!(error.api_code(), Some("NO_SUCH_THING"));
/// assert_eq!(error.detail().map(|p| p.code.as_str()), Some("NO_SUCH_THING"));
/// ```
#[macro_export]
macro_rules! error_newtype {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident;
        detail = $detail:ty;
    ) => {
        $(#[$meta])*
        $vis struct $name($crate::Error);

        impl $name {
            /// The HTTP status of the server's answer, when one arrived.
            pub fn status(&self) -> ::core::option::Option<$crate::StatusCode> {
                self.0.status()
            }

            /// True when the server answered 404 Not Found.
            pub fn is_not_found(&self) -> bool {
                self.0.is_not_found()
            }

            /// True when the server refused the credentials or what they may do (401 or 403).
            pub fn is_unauthorized(&self) -> bool {
                self.0.is_unauthorized()
            }

            /// True when the server asked the client to slow down (429, or a `Retry-After` longer
            /// than the retry policy allows).
            pub fn is_rate_limited(&self) -> bool {
                self.0.is_rate_limited()
            }

            /// How long the server asked to wait before trying again (`Retry-After`), when it
            /// said so.
            pub fn retry_after(&self) -> ::core::option::Option<::core::time::Duration> {
                self.0.retry_after()
            }

            /// True when the server may have acted on the request: it left the machine and no
            /// answer says it was refused. Check it before repeating a non-idempotent call by hand.
            pub fn may_have_been_processed(&self) -> bool {
                self.0.may_have_been_processed()
            }

            /// True when trying again may succeed: connection failures, attempt timeouts, 408,
            /// 429, 500, 502, 503 and 504. Whether a retry is safe also depends on
            /// [`may_have_been_processed`](Self::may_have_been_processed).
            pub fn is_retryable(&self) -> bool {
                self.0.is_retryable()
            }

            /// True when a deadline ran out, the client's or the connection's.
            pub fn is_timeout(&self) -> bool {
                self.0.is_timeout()
            }

            /// True when the request was refused before sending, because of what was passed.
            pub fn is_invalid_request(&self) -> bool {
                self.0.is_invalid_request()
            }

            /// The request id the server gave with its error answer, to quote to its support.
            pub fn request_id(&self) -> ::core::option::Option<&str> {
                self.0.request_id()
            }

            /// The API's own error code, as its error body sent it.
            pub fn api_code(&self) -> ::core::option::Option<&str> {
                self.0.api_code()
            }

            /// The API's human-readable message, as its error body sent it. Show it; never
            /// branch on it.
            pub fn api_message(&self) -> ::core::option::Option<&str> {
                self.0.api_message()
            }

            /// The API's error body, typed, when the server sent one this crate could read.
            pub fn detail(&self) -> ::core::option::Option<&$detail> {
                self.0.detail::<$detail>()
            }

            /// The error answer's evidence (status, raw body, `Retry-After`, request id), when
            /// the server answered with an error.
            pub fn api_error(&self) -> ::core::option::Option<&$crate::ApiError> {
                self.0.api_error()
            }

            /// The classified error inside, for matching on its kind (configuration, invalid
            /// request, transport, timeout, API answer, decode, ...).
            pub fn core(&self) -> &$crate::Error {
                &self.0
            }

            /// The classified error inside, by value.
            pub fn into_core(self) -> $crate::Error {
                self.0
            }
        }

        impl ::core::convert::From<$crate::Error> for $name {
            fn from(error: $crate::Error) -> Self {
                Self(error)
            }
        }

        impl ::core::convert::From<$name> for $crate::Error {
            fn from(error: $name) -> Self {
                error.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        // The inner error's Debug already redacts bodies and secrets.
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl ::std::error::Error for $name {
            fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::std::error::Error::source(&self.0)
            }
        }
    };
}
