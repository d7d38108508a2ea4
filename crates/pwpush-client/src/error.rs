//! The crate's error type.

use std::time::Duration;

use api_core::StatusCode;

use crate::created::ExpiryAdjustment;
use crate::error_detail::PwPushError;

/// Everything a call can fail with.
///
/// Most errors come from api-core ([`Error::Core`]): transport, timeouts, the server's error
/// answers (with a typed [`PwPushError`] from [`Error::detail`]), bodies that do not decode, and
/// requests refused before sending. Messages never hold a token, a payload, a passphrase, a URL
/// token or a query string.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An error of the shared HTTP core. Converting an api-core error into this one refines its
    /// [`PwPushError`] with the operation that failed (see [`Error::detail`]).
    #[error(transparent)]
    Core(api_core::Error),
    /// Strict mode: the server replaced the requested expiry with its own values (it does that
    /// silently for values outside its range). The push exists.
    #[error("{operation}: the server changed the requested expiry ({})", describe(.adjustments))]
    ExpiryAdjusted {
        /// The operation called.
        operation: &'static str,
        /// The push the server created.
        push: Box<crate::Push>,
        /// What differs from the request.
        adjustments: Vec<ExpiryAdjustment>,
    },
    /// The server lacks what the call needs (for example an API v2 or Pro-only feature); the
    /// request was not sent.
    #[error("{operation}: not supported by this server: {reason}")]
    Unsupported {
        /// The operation called.
        operation: &'static str,
        /// Why.
        reason: String,
    },
    /// The server's API version could not be learned (`GET /api/v2/version`, then
    /// `/api/v1/version.json`), so the operation that needed it was never sent. Set
    /// `ClientBuilder::api_version` to skip the probe.
    #[error("could not learn the server's API version")]
    VersionProbe(#[source] api_core::Error),
}

impl From<api_core::Error> for Error {
    fn from(mut error: api_core::Error) -> Self {
        refine_detail(&mut error);
        Error::Core(error)
    }
}

/// Replaces the parser's status-and-body reading with one that also knows the operation: the
/// server answers several errors in the same shape, in the caller's language, and only the
/// operation tells them apart.
fn refine_detail(error: &mut api_core::Error) {
    let (api_core::Error::Api(api) | api_core::Error::RateLimited { error: api, .. }) = error
    else {
        return;
    };
    let refined = PwPushError::for_operation(
        api.operation,
        api.status,
        api.body.as_bytes(),
        api.retry_after.is_some(),
    );
    if let Some(detail) = refined {
        api.detail = Some(Box::new(detail));
    }
}

fn describe(adjustments: &[ExpiryAdjustment]) -> String {
    adjustments
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Error {
    pub(crate) fn invalid(operation: &'static str, message: impl Into<String>) -> Self {
        Error::Core(api_core::Error::invalid_request(operation, message))
    }

    /// The server's typed error, when it answered with one. Its kind comes from the status, the
    /// body's structure and the operation, never from the message, which the server translates.
    pub fn detail(&self) -> Option<&PwPushError> {
        self.core().and_then(api_core::Error::detail::<PwPushError>)
    }

    /// The api-core error inside, if this is one.
    pub fn core(&self) -> Option<&api_core::Error> {
        match self {
            Error::Core(core) | Error::VersionProbe(core) => Some(core),
            Error::ExpiryAdjusted { .. } | Error::Unsupported { .. } => None,
        }
    }

    /// The HTTP status of the server's answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.core().and_then(api_core::Error::status)
    }

    /// How long the server asked to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.core().and_then(api_core::Error::retry_after)
    }

    /// True when the server may have acted on the operation although it failed: a create that
    /// timed out after sending, or one whose expiry the server changed (the push exists). False
    /// when the operation was never sent (invalid input, a failed version probe, a feature the
    /// server lacks) or was refused.
    pub fn may_have_been_processed(&self) -> bool {
        match self {
            Error::Core(core) => core.may_have_been_processed(),
            Error::ExpiryAdjusted { .. } => true,
            Error::VersionProbe(_) | Error::Unsupported { .. } => false,
        }
    }

    /// Whether trying again soon may succeed. False for the per-push passphrase limit and the
    /// per-user notification limit: they carry no `Retry-After`, and each new attempt within the
    /// minute counts against the limit again.
    pub fn is_retryable(&self) -> bool {
        if matches!(
            self.detail(),
            Some(
                PwPushError::TooManyPassphraseAttempts { .. }
                    | PwPushError::TooManyNotifications { .. }
            )
        ) {
            return false;
        }
        self.core().is_some_and(api_core::Error::is_retryable)
    }

    /// Whether a deadline ran out.
    pub fn is_timeout(&self) -> bool {
        self.core().is_some_and(api_core::Error::is_timeout)
    }

    /// Whether the request was refused before sending (bad input).
    pub fn is_invalid_request(&self) -> bool {
        matches!(self, Error::Core(core) if core.is_invalid_request())
    }

    /// Whether the server answered 429 (or asked to wait longer than the retry policy allows).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::Core(core) if core.is_rate_limited())
    }

    /// 404 for what was asked for: the push never existed, or it expired and was purged. A 404
    /// from a route the server lacks ([`PwPushError::RouteNotFound`]: a feature turned off, an
    /// older server) is not one.
    pub fn is_not_found(&self) -> bool {
        self.core().is_some_and(api_core::Error::is_not_found)
            && self.detail() != Some(&PwPushError::RouteNotFound)
    }

    /// 401 or 403: the credentials were refused (missing, unknown, or not allowed this push).
    /// [`detail`](Self::detail) tells which, and [`is_passphrase_incorrect`](Self::is_passphrase_incorrect)
    /// a wrong passphrase from a wrong token.
    pub fn is_unauthorized(&self) -> bool {
        self.core().is_some_and(api_core::Error::is_unauthorized)
    }

    /// The request id the server gave with its error answer.
    pub fn request_id(&self) -> Option<&str> {
        self.core().and_then(api_core::Error::request_id)
    }

    /// The server's error code as sent: Password Pusher has one, `not-found`.
    pub fn api_code(&self) -> Option<&str> {
        self.core().and_then(api_core::Error::api_code)
    }

    /// The server's message as sent. It is translated into the caller's language: show it,
    /// never branch on it.
    pub fn api_message(&self) -> Option<&str> {
        self.core().and_then(api_core::Error::api_message)
    }

    /// 401 because the passphrase was missing or wrong.
    pub fn is_passphrase_incorrect(&self) -> bool {
        matches!(self.detail(), Some(PwPushError::PassphraseIncorrect { .. }))
    }

    /// 429 on a read: more than 5 passphrase attempts on this push within a minute.
    pub fn is_too_many_passphrase_attempts(&self) -> bool {
        matches!(
            self.detail(),
            Some(PwPushError::TooManyPassphraseAttempts { .. })
        )
    }

    /// 401 with an empty body: a token is needed, or the one sent is not valid.
    pub fn is_unauthenticated(&self) -> bool {
        self.detail() == Some(&PwPushError::Unauthenticated)
    }
}
