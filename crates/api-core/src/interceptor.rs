//! [`Interceptor`]: the application's view of each attempt, for tracing propagation, metrics and
//! headers of its own, without owning the transport.

use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};

use crate::error::Error;

/// Observes and amends every attempt of every call of a client (retries included). Register one
/// with `.interceptor(Arc::new(..))` on a client builder; several run in the order registered.
///
/// Every method has a no-op default, so an implementation names only what it needs. The methods
/// are synchronous and run on the call's task: keep them short (record, do not block).
///
/// Credentials stay out of reach: [`before_attempt`](Self::before_attempt) sees the headers
/// without the client's auth headers, and the auth headers are applied after every interceptor
/// ran, replacing any header of the same name an interceptor set. An interceptor can neither
/// read the credential nor replace it nor send it elsewhere.
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use api_core::{AttemptContext, AttemptResponse, HeaderMap, HeaderValue, Interceptor};
///
/// /// Tags each attempt with the application's correlation id and counts server errors.
/// #[derive(Debug, Default)]
/// struct Correlate {
///     server_errors: AtomicU64,
/// }
///
/// impl Interceptor for Correlate {
///     fn before_attempt(&self, _: &AttemptContext<'_>, headers: &mut HeaderMap) {
///         headers.insert("x-correlation-id", HeaderValue::from_static("job-42"));
///     }
///     fn after_response(&self, _: &AttemptContext<'_>, response: &AttemptResponse<'_>) {
///         if response.status().is_server_error() {
///             self.server_errors.fetch_add(1, Ordering::Relaxed);
///         }
///     }
/// }
///
/// let interceptor: Arc<dyn Interceptor> = Arc::new(Correlate::default());
/// # let _ = interceptor;
/// ```
pub trait Interceptor: Send + Sync {
    /// Before an attempt is sent: may add, change or remove headers (except the auth headers,
    /// which it does not see and cannot set).
    fn before_attempt(&self, attempt: &AttemptContext<'_>, headers: &mut HeaderMap) {
        let _ = (attempt, headers);
    }

    /// After an attempt got a response of any status, its body read (or cut at the limit).
    fn after_response(&self, attempt: &AttemptContext<'_>, response: &AttemptResponse<'_>) {
        let _ = (attempt, response);
    }

    /// After an attempt failed without a response: connection failure, transport error or
    /// attempt timeout.
    fn after_error(&self, attempt: &AttemptContext<'_>, error: &Error) {
        let _ = (attempt, error);
    }
}

/// Which attempt of which call an [`Interceptor`] is looking at.
#[derive(Clone, Copy, Debug)]
pub struct AttemptContext<'a> {
    pub(crate) api: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) path_template: &'static str,
    pub(crate) attempt: u32,
}

impl AttemptContext<'_> {
    /// The API's short name (the `api` of the tracing spans).
    pub fn api(&self) -> &'static str {
        self.api
    }

    /// The operation called, such as `"list_accounts"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The path template, such as `"/users/{id}"`: never a concrete path, which may hold a secret.
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// The attempt number, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

/// What an attempt got back, as an [`Interceptor`] sees it. The body is not shown: a successful
/// one may carry secrets.
#[derive(Clone, Copy, Debug)]
pub struct AttemptResponse<'a> {
    pub(crate) status: StatusCode,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) elapsed: Duration,
}

impl AttemptResponse<'_> {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (a request id, rate-limit headers, ...).
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// How long the attempt took, from sending to the end of the body.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}
