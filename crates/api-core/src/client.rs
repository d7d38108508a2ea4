//! The core client: the attempt loop that turns a [`Request`] into a [`Response`] or an
//! [`Error`], with auth, timeouts, the rate limiter, retries and tracing.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, USER_AGENT};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::api_info::ApiInfo;
use crate::auth::Auth;
use crate::classify::AttemptOutcome;
use crate::client_parts::ClientParts;
use crate::clock::Clock;
use crate::config::ClientConfigBuilder;
use crate::error::{Error, TimeoutScope};
use crate::interceptor::{AttemptContext, AttemptResponse};
use crate::redirect_refusal::RedirectRefusal;
use crate::request::Request;
use crate::response::{self, Response};
use crate::retry::{GiveUpReason, RetryState, RetryStep};
use crate::retry_budget::RetryBudget;
use crate::telemetry::{self, CallFields};
use crate::transport;

/// How much of a non-2xx body is read: enough for any error document the API crate's parser
/// understands, while [`ApiError`](crate::ApiError) keeps only its first 4 KiB.
const MAX_ERROR_BODY_READ: usize = 64 * 1024;

/// The cheap-to-clone core client. Clones share the connection pool, the rate limiter and the
/// retry budget.
///
/// Client crates wrap it; it can also be used directly:
///
/// ```no_run
/// use api_core::{ApiInfo, Auth, Client, Request};
///
/// const INFO: ApiInfo = ApiInfo {
///     api: "example",
///     crate_name: "example-client",
///     crate_version: "0.1.0",
///     default_base_url: "https://api.example.com",
///     spans: api_core::client_spans!(),
/// };
///
/// # async fn run() -> Result<(), api_core::Error> {
/// let client = Client::builder(INFO).auth(Auth::api_key("x-example-key", "k-123")).build()?;
/// let user: serde_json::Value = client
///     .send_json(Request::get("get_user", "/users/{id}").path_param("id", 42))
///     .await?;
/// println!("{user}");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

type Inner = ClientParts;

/// What one attempt brought back before classification.
struct Received {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    truncated: bool,
    /// Set for a redirect the transport did not follow.
    redirect: Option<RedirectRefusal>,
}

impl ClientConfigBuilder {
    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        self.into_parts().map(Client::from_parts)
    }
}

impl Client {
    /// A builder for a client of the API described by `info`.
    pub fn builder(info: ApiInfo) -> ClientConfigBuilder {
        ClientConfigBuilder::new(info)
    }

    pub(crate) fn from_parts(parts: ClientParts) -> Self {
        Self {
            inner: Arc::new(parts),
        }
    }

    /// The base URL every path is joined to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The calling crate's identity.
    pub fn info(&self) -> &ApiInfo {
        &self.inner.info
    }

    /// The configured credentials.
    pub fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    /// The clock every wait, timeout and timestamp of this client comes from; loops built on
    /// top of the client (polling) wait on it too.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The retry budget shared by every clone of this client.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.inner.retry_budget
    }

    /// Sends the request, retrying as the policy allows. `Ok` only for a 2xx response; any
    /// other status gives [`Error::Api`], or [`Error::RateLimited`] for 429.
    pub async fn execute(&self, req: Request) -> Result<Response, Error> {
        let span = self.inner.info.spans.call(&self.call_fields(&req));
        // Boxed: the attempt loop's state is kilobytes, and every caller's future (send_json,
        // the generated builders, the user's) would otherwise embed it and copy it on each move.
        // A disabled span (no subscriber wants it) would still be entered and left on every poll.
        let work = self.execute_with_deadline(&req);
        let result = if span.is_disabled() {
            Box::pin(work).await
        } else {
            Box::pin(work.instrument(span.clone())).await
        };
        telemetry::record_call_result(&span, &result);
        result
    }

    /// What the call's and attempts' spans may show of `req`: names and the path template.
    fn call_fields<'r>(&'r self, req: &'r Request) -> CallFields<'r> {
        let info = &self.inner.info;
        CallFields::new(
            info.api,
            req.operation(),
            req.method(),
            req.path_template(),
            &self.inner.base_url,
        )
    }

    /// [`execute`](Self::execute), then decodes the body as the request's
    /// [`BodyExpectation`](crate::BodyExpectation) says.
    pub async fn send_json<T: DeserializeOwned>(&self, req: Request) -> Result<T, Error> {
        let expectation = req.expectation();
        self.execute(req).await?.decode(expectation)
    }

    async fn execute_with_deadline(&self, req: &Request) -> Result<Response, Error> {
        // A bad path or parameter is the caller's mistake: report it before anything is sent.
        let url = req.url(&self.inner.base_url)?;
        let overall = req
            .overall_timeout_override()
            .or(self.inner.overall_timeout);
        let Some(limit) = overall else {
            return self.attempt_loop(req, &url, None).await;
        };
        let clock = &self.inner.clock;
        let started = clock.now();
        match clock
            .timeout(limit, self.attempt_loop(req, &url, Some(limit)))
            .await
        {
            Some(result) => result,
            None => {
                let elapsed = clock.now().saturating_duration_since(started);
                tracing::debug!(elapsed_ms = elapsed.as_millis() as u64, "overall timeout");
                Err(Error::Timeout {
                    operation: req.operation(),
                    elapsed,
                    scope: TimeoutScope::Overall,
                })
            }
        }
    }

    async fn attempt_loop(
        &self,
        req: &Request,
        url: &Url,
        overall: Option<Duration>,
    ) -> Result<Response, Error> {
        let inner = &*self.inner;
        let policy = req.retry_policy_override().unwrap_or(&inner.retry_policy);
        let mut retry = RetryState::new(policy, &inner.clock, &inner.retry_budget);
        let started = inner.clock.now();
        let classifier = inner.retry_classifier.as_deref();
        let mut attempt = 0u32;
        loop {
            attempt = attempt.saturating_add(1);
            if let Some(limiter) = &inner.rate_limiter {
                limiter.acquire().await;
            }
            let span = inner.info.spans.attempt(&self.call_fields(req), attempt);
            let attempt_started = inner.clock.now();
            let exchange = self.send_once(req, url, attempt);
            let received = if span.is_disabled() {
                exchange.await
            } else {
                exchange.instrument(span.clone()).await
            };
            let elapsed = inner.clock.now().saturating_duration_since(attempt_started);
            if !inner.interceptors.is_empty() {
                self.observe(req, attempt, elapsed, &received);
            }

            let (step, error) = match received {
                Ok(received) => {
                    telemetry::record_status(&span, received.status);
                    if let Some(limiter) = &inner.rate_limiter {
                        let retry_after = crate::classify::retry_after(
                            &received.headers,
                            inner.clock.system_time(),
                        );
                        limiter.on_response(received.status, retry_after);
                    }
                    if received.status.is_success() {
                        if received.truncated {
                            // Too large to decode; retrying would read the same body again.
                            return Err(Error::ResponseTooLarge {
                                operation: req.operation(),
                                limit: inner.max_response_bytes,
                            });
                        }
                        retry.on_success();
                        return Ok(Response::from_parts(
                            req.operation(),
                            received.status,
                            received.headers,
                            received.body,
                        ));
                    }
                    if let Some(reason) = received.redirect {
                        // Not retried: the same request would be redirected the same way.
                        return Err(Error::Redirect {
                            operation: req.operation(),
                            status: received.status,
                            reason,
                        });
                    }
                    let outcome = AttemptOutcome::Response {
                        status: received.status,
                        headers: &received.headers,
                        body: &received.body,
                    };
                    let step = retry.after_attempt(&outcome, req.is_idempotent(), classifier);
                    let error = response::error_from_response(
                        req.operation(),
                        received.status,
                        &received.headers,
                        &received.body,
                        inner.error_detail_parser.as_deref(),
                        inner.clock.system_time(),
                    );
                    (step, error)
                }
                Err(error) => {
                    let outcome = AttemptOutcome::Error(&error);
                    let step = retry.after_attempt(&outcome, req.is_idempotent(), classifier);
                    (step, error)
                }
            };
            telemetry::record_error(&span, &error);

            let delay = match step {
                RetryStep::RetryAfter(delay) => delay,
                RetryStep::GiveUp(reason) => {
                    tracing::debug!(parent: &span, reason = ?reason, "giving up");
                    return Err(final_error(error, reason));
                }
            };
            // Waiting past the overall deadline only to be cut off would hide the real error.
            if let Some(overall) = overall {
                let elapsed = inner.clock.now().saturating_duration_since(started);
                if elapsed.saturating_add(delay) >= overall {
                    tracing::debug!(parent: &span, "giving up: the overall deadline is too close");
                    return Err(error);
                }
            }
            telemetry::record_retry_delay(&span, delay);
            drop(span);
            inner.clock.sleep(delay).await;
        }
    }

    /// One attempt: build the request, send it, read the body under the limit, all within the
    /// attempt timeout.
    async fn send_once(&self, req: &Request, url: &Url, attempt: u32) -> Result<Received, Error> {
        let inner = &*self.inner;
        let operation = req.operation();
        let builder = inner.http.request(req.method().clone(), url.clone());
        let mut request = req
            .attach_body(builder)?
            .build()
            .map_err(|e| Error::transport(operation, e))?;
        self.layer_headers(req, attempt, request.headers_mut());
        let limit = inner.max_response_bytes;
        let timeout = req
            .attempt_timeout_override()
            .unwrap_or(inner.attempt_timeout);

        // Started outside the block, which then holds reqwest's boxed future rather than the
        // request itself: every byte of this future is copied as it is moved into the loop's.
        let pending = inner.http.execute(request);
        let exchange = async {
            let mut response = pending.await.map_err(|e| Error::transport(operation, e))?;
            let status = response.status();
            // The response is consumed below: its headers are taken, not cloned.
            let declared_len = response.content_length();
            let headers = std::mem::take(response.headers_mut());
            let redirect = transport::is_followable_redirect(status)
                .then(|| transport::refusal_reason(&inner.base_url, response.url(), &headers));
            // An error body is kept only in part; reading megabytes of it would be waste.
            let limit = if status.is_success() {
                limit
            } else {
                limit.min(MAX_ERROR_BODY_READ)
            };
            let body = response::read_limited(response, limit, declared_len)
                .await
                .map_err(|e| Error::transport(operation, e))?;
            Ok(Received {
                status,
                headers,
                body: body.bytes,
                truncated: body.truncated,
                redirect,
            })
        };
        let started = inner.clock.now();
        match inner.clock.timeout(timeout, exchange).await {
            Some(result) => result,
            None => Err(Error::Timeout {
                operation,
                elapsed: inner.clock.now().saturating_duration_since(started),
                scope: TimeoutScope::Attempt,
            }),
        }
    }

    /// Onto the body's own headers (its content type), in place: user agent and `Accept`, client
    /// defaults, then auth (unless anonymous), then the request's own headers, each layer
    /// replacing same-named headers of the one before; then the interceptors, which neither see
    /// nor change the auth headers. Written into reqwest's map, not a map of our own moved or
    /// copied into it: one map per attempt.
    fn layer_headers(&self, req: &Request, attempt: u32, headers: &mut HeaderMap) {
        let inner = &*self.inner;
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        replace_all(headers, &inner.default_headers);
        if !req.is_anonymous() {
            for (name, value) in &inner.auth_headers {
                headers.insert(name.clone(), value.clone());
            }
        }
        replace_all(headers, req.headers());
        if !inner.interceptors.is_empty() {
            self.intercept(req, attempt, headers);
        }
    }

    /// Runs the interceptors' `before_attempt` with the auth headers taken out, then puts
    /// exactly those back: whatever an interceptor did to a header of an auth name is undone,
    /// on anonymous calls too.
    fn intercept(&self, req: &Request, attempt: u32, headers: &mut HeaderMap) {
        let inner = &*self.inner;
        let mut protected = HeaderMap::new();
        for (name, _) in &inner.auth_headers {
            for value in headers.get_all(name) {
                protected.append(name.clone(), value.clone());
            }
            headers.remove(name);
        }
        let context = self.attempt_context(req, attempt);
        for interceptor in &inner.interceptors {
            interceptor.before_attempt(&context, headers);
        }
        for (name, _) in &inner.auth_headers {
            headers.remove(name);
        }
        for (name, value) in &protected {
            headers.append(name.clone(), value.clone());
        }
    }

    /// Tells the interceptors how an attempt ended.
    fn observe(
        &self,
        req: &Request,
        attempt: u32,
        elapsed: Duration,
        received: &Result<Received, Error>,
    ) {
        let context = self.attempt_context(req, attempt);
        for interceptor in &self.inner.interceptors {
            match received {
                Ok(received) => interceptor.after_response(
                    &context,
                    &AttemptResponse {
                        status: received.status,
                        headers: &received.headers,
                        elapsed,
                    },
                ),
                Err(error) => interceptor.after_error(&context, error),
            }
        }
    }

    fn attempt_context<'r>(&self, req: &'r Request, attempt: u32) -> AttemptContext<'r> {
        AttemptContext {
            api: self.inner.info.api,
            operation: req.operation(),
            method: req.method(),
            path_template: req.path_template(),
            attempt,
        }
    }
}

fn replace_all(target: &mut HeaderMap, layer: &HeaderMap) {
    for name in layer.keys() {
        target.remove(name);
    }
    for (name, value) in layer {
        target.append(name.clone(), value.clone());
    }
}

/// The error a call ends with. A `Retry-After` beyond the policy's maximum turns any error into
/// [`Error::RateLimited`] carrying the server's value.
fn final_error(error: Error, reason: GiveUpReason) -> Error {
    let GiveUpReason::RetryAfterAboveMax { retry_after } = reason else {
        return error;
    };
    match error {
        Error::Api(api) | Error::RateLimited { error: api, .. } => Error::RateLimited {
            error: api,
            retry_after: Some(retry_after),
        },
        other => other,
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("api", &inner.info.api)
            .field("base_url", &inner.base_url.as_str())
            .field("auth", &inner.auth.kind())
            .field("connect_timeout", &inner.connect_timeout)
            .field("attempt_timeout", &inner.attempt_timeout)
            .field("overall_timeout", &inner.overall_timeout)
            .field("retry_policy", &inner.retry_policy)
            .field("rate_limited", &inner.rate_limiter.is_some())
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("interceptors", &inner.interceptors.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFO: ApiInfo = ApiInfo {
        api: "test",
        crate_name: "test-client",
        crate_version: "0.0.0",
        default_base_url: "http://127.0.0.1:9",
        spans: crate::telemetry::Spans::CORE,
    };

    #[test]
    fn execute_keeps_the_attempt_loop_boxed_so_callers_futures_stay_small() {
        let client = Client::builder(INFO).build().unwrap();
        let call = client.execute(Request::get("get_thing", "/things"));
        // Unboxed, the attempt loop made this future about 2.6 KB, and every layer above it
        // (send_json, generated builders, the user's own futures) copied that on each move.
        let size = std::mem::size_of_val(&call);
        assert!(size <= 1024, "execute's future is {size} bytes");
    }
}
