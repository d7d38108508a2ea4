//! The core client: the attempt loop that turns a [`Request`] into a [`Response`] or an
//! [`Error`], with auth, timeouts, the rate limiter, retries and tracing.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use futures::future::{BoxFuture, Either};
use http::header::{ACCEPT, USER_AGENT};
use http::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

mod attempt;

use attempt::{AttemptEnd, Received, ResponseHead, Settled};

use crate::api_info::ApiInfo;
use crate::auth::Auth;
use crate::client_parts::ClientParts;
use crate::clock::Clock;
use crate::config::ClientConfigBuilder;
use crate::error::{Error, TimeoutScope};
use crate::interceptor::AttemptContext;
use crate::request::Request;
use crate::response::{self, Response};
use crate::retry::RetryState;
use crate::retry_budget::RetryBudget;
use crate::telemetry::{self, CallFields};

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
    ///
    /// The future owns a clone of the client (a reference count), so it is `'static` and can be
    /// spawned. It is boxed, and that is the call's only box: the attempt loop's state is
    /// kilobytes, and every future that awaits this one (the generated builders', the user's own)
    /// holds a pointer to it instead of a copy moved from layer to layer.
    pub fn execute(&self, req: Request) -> BoxFuture<'static, Result<Response, Error>> {
        Box::pin(self.clone().call(req, Ok))
    }

    /// [`execute`](Self::execute), then decodes the body as the request's
    /// [`BodyExpectation`](crate::BodyExpectation) says; `'static` and boxed once, like `execute`.
    pub fn send_json<T: DeserializeOwned + 'static>(
        &self,
        req: Request,
    ) -> BoxFuture<'static, Result<T, Error>> {
        let expectation = req.expectation();
        Box::pin(
            self.clone()
                .call(req, move |response| response.decode(expectation)),
        )
    }

    /// The call under its span, then `finish` on its response. One future owns the client and
    /// the request (a wrapper awaiting this one would hold a second copy of the request). A
    /// disabled span (no subscriber wants it) would still be entered and left on every poll, so
    /// the work is instrumented only when the span is live.
    ///
    /// An `async` block rather than an `async fn`: an `async fn` keeps each argument twice in
    /// its state, as passed and as moved into its body, and the request is 350 bytes.
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn would keep its arguments twice"
    )]
    fn call<T>(
        self,
        req: Request,
        finish: impl FnOnce(Response) -> Result<T, Error> + Send,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        async move {
            let span = self.inner.info.spans.call(&self.call_fields(&req));
            let result = if span.is_disabled() {
                self.execute_with_deadline(&req).await
            } else {
                self.execute_with_deadline(&req)
                    .instrument(span.clone())
                    .await
            };
            telemetry::record_call_result(&span, &result);
            finish(result?)
        }
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

    /// Attempts until one succeeds or the retry policy gives up.
    ///
    /// Not an `async fn`, which keeps every argument twice. Each attempt's exchange is boxed, and
    /// its outcome is settled by a plain function that takes it by value, so nothing of it stays
    /// in this future during the retry wait: the call's box stays under 1 KiB, where allocation
    /// is cheap (docs/benchmarks.md, "Instructions per call").
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn would keep its arguments twice"
    )]
    fn attempt_loop<'a>(
        &'a self,
        req: &'a Request,
        url: &'a Url,
        overall: Option<Duration>,
    ) -> impl Future<Output = Result<Response, Error>> + Send + 'a {
        async move {
            let inner = &*self.inner;
            let policy = req.retry_policy_override().unwrap_or(&inner.retry_policy);
            let mut retry = RetryState::new(policy, &inner.clock, &inner.retry_budget);
            let mut attempt = 0u32;
            loop {
                attempt = attempt.saturating_add(1);
                if let Some(limiter) = &inner.rate_limiter {
                    limiter.acquire().await;
                }
                let span = inner.info.spans.attempt(&self.call_fields(req), attempt);
                // Only interceptors are told how long an attempt took; without them the clock
                // is not read for it.
                let observed = !inner.interceptors.is_empty();
                let attempt_started = observed.then(|| inner.clock.now());
                let exchange = Box::pin(self.send_once(req, url, attempt));
                let received = if span.is_disabled() {
                    exchange.await
                } else {
                    exchange.instrument(span.clone()).await
                };
                let ended = AttemptEnd {
                    attempt,
                    started: attempt_started,
                    span: &span,
                };
                let (delay, error) = match self.settle(req, &mut retry, ended, received) {
                    Settled::Done(result) => return result,
                    Settled::RetryAfter(delay, error) => (delay, error),
                };
                // Waiting past the overall deadline only to be cut off would hide the real error.
                if let Some(overall) = overall {
                    let elapsed = inner.clock.now().saturating_duration_since(retry.started());
                    if elapsed.saturating_add(delay) >= overall {
                        tracing::debug!(parent: &span, "giving up: the overall deadline is too close");
                        return Err(error);
                    }
                }
                // Dropped before the wait, so this future (inside the call's box) does not hold it.
                drop(error);
                telemetry::record_retry_delay(&span, delay);
                drop(span);
                inner.clock.sleep(delay).await;
            }
        }
    }

    /// One attempt: build the request, send it, read the body under the limit, all within the
    /// attempt timeout.
    ///
    /// Not an `async fn`: the request is built and handed to reqwest before anything is awaited,
    /// so the future holds only what crosses an await (reqwest's boxed future, then the response
    /// and the timer). As an `async fn` it was twice the size, and the attempt loop's future, the
    /// call's box, holds it.
    fn send_once<'a>(
        &'a self,
        req: &Request,
        url: &Url,
        attempt: u32,
    ) -> impl Future<Output = Result<Received, Error>> + Send + 'a {
        let inner = &*self.inner;
        let operation = req.operation();
        let built = req
            .attach_body(inner.http.request(req.method().clone(), url.clone()))
            .and_then(|builder| builder.build().map_err(|e| Error::transport(operation, e)));
        let mut request = match built {
            Ok(request) => request,
            Err(error) => return Either::Left(std::future::ready(Err(error))),
        };
        self.layer_headers(req, attempt, request.headers_mut());
        let limit = inner.max_response_bytes;
        let timeout = req
            .attempt_timeout_override()
            .unwrap_or(inner.attempt_timeout);
        let pending = inner.http.execute(request);
        let exchange = async move {
            let response = pending.await.map_err(|e| Error::transport(operation, e))?;
            let (head, response) = ResponseHead::split(response, &inner.base_url);
            // An error body is kept only in part; reading megabytes of it would be waste.
            let limit = if head.status.is_success() {
                limit
            } else {
                limit.min(MAX_ERROR_BODY_READ)
            };
            let body = response::read_limited(response, limit, head.declared_len)
                .await
                .map_err(|e| Error::transport(operation, e))?;
            Ok(Received {
                status: head.status,
                headers: head.headers,
                body: body.bytes,
                truncated: body.truncated,
                redirect: head.redirect,
            })
        };
        let clock = &inner.clock;
        let started = clock.now();
        Either::Right(clock.timeout(timeout, exchange).map(move |finished| {
            finished.unwrap_or_else(|| {
                Err(Error::Timeout {
                    operation,
                    elapsed: clock.now().saturating_duration_since(started),
                    scope: TimeoutScope::Attempt,
                })
            })
        }))
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
    fn a_call_is_one_pointer_to_its_boxed_state_whatever_awaits_it() {
        let client = Client::builder(INFO).build().unwrap();
        let pointer = std::mem::size_of::<BoxFuture<'static, ()>>();
        // Unboxed, the attempt loop made these futures kilobytes, and every layer above them
        // (generated builders, the user's own futures) copied that on each move.
        let executed = client.execute(Request::get("get_thing", "/things"));
        assert_eq!(std::mem::size_of_val(&executed), pointer);
        let decoded = client.send_json::<serde_json::Value>(Request::get("get_thing", "/things"));
        assert_eq!(std::mem::size_of_val(&decoded), pointer);
    }

    /// glibc serves blocks of up to 1,032 bytes from its per-thread cache, in tens of
    /// instructions; a larger block costs hundreds to a couple of thousand, and the box is made
    /// on every call (docs/benchmarks.md, "Instructions per call"). A new compiler may lay the
    /// states out differently: if this fails, find what grew with `-Zprint-type-sizes`.
    #[tokio::test]
    async fn a_call_and_each_attempt_fit_the_allocators_small_block_cache() {
        const SMALL_BLOCK: usize = 1024;
        let client = Client::builder(INFO).build().unwrap();
        let request = Request::post("create_thing", "/things")
            .json(&serde_json::json!({"name": "x"}))
            .unwrap();
        let url = request.url(client.base_url()).unwrap();
        let call = client.send_json::<serde_json::Value>(request.clone());
        let call_state = std::mem::size_of_val(&*call);
        assert!(
            call_state <= SMALL_BLOCK,
            "a call's box holds {call_state} bytes"
        );
        let attempt = client.send_once(&request, &url, 1);
        let attempt_state = std::mem::size_of_val(&attempt);
        assert!(
            attempt_state <= SMALL_BLOCK,
            "an attempt's box holds {attempt_state} bytes"
        );
    }

    #[tokio::test]
    async fn a_calls_future_owns_what_it_needs_so_it_can_be_spawned() {
        let server = httpmock::MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method("GET").path("/things");
                then.status(200).json_body(serde_json::json!({"things": 3}));
            })
            .await;
        let client = Client::builder(INFO)
            .base_url(server.base_url())
            .build()
            .unwrap();
        let call = client.send_json::<serde_json::Value>(Request::get("get_thing", "/things"));
        // The future keeps a clone of the client: the caller's may go.
        drop(client);
        let answer = tokio::spawn(call).await.unwrap().unwrap();
        assert_eq!(answer, serde_json::json!({"things": 3}));
    }
}
