//! What one attempt brought back, and what the attempt loop does with it: succeed, fail, or
//! wait and try again. Plain functions that take the outcome by value, so the attempt loop's
//! future (part of every call's box) holds none of it while it waits to retry.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use tracing::Span;
use url::Url;

use super::Client;
use crate::classify::{self, AttemptOutcome};
use crate::error::Error;
use crate::interceptor::AttemptResponse;
use crate::redirect_refusal::RedirectRefusal;
use crate::request::Request;
use crate::response::{self, Response};
use crate::retry::{GiveUpReason, RetryState, RetryStep};
use crate::telemetry;
use crate::transport;

/// What one attempt brought back before classification.
pub(super) struct Received {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) truncated: bool,
    /// Set for a redirect the transport did not follow.
    pub(super) redirect: Option<RedirectRefusal>,
}

/// What is kept of a response before its body is read.
pub(super) struct ResponseHead {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) declared_len: Option<u64>,
    pub(super) redirect: Option<RedirectRefusal>,
}

impl ResponseHead {
    /// Takes the head off `response` (its headers are moved, not cloned). By value in and out, so
    /// the exchange's future never borrows its response: a borrowed local keeps a slot of its own
    /// there beside the body reader that holds the same response.
    pub(super) fn split(
        mut response: reqwest::Response,
        base_url: &Url,
    ) -> (Self, reqwest::Response) {
        let status = response.status();
        let declared_len = response.content_length();
        let headers = std::mem::take(response.headers_mut());
        let redirect = transport::is_followable_redirect(status)
            .then(|| transport::refusal_reason(base_url, response.url(), &headers));
        let head = ResponseHead {
            status,
            headers,
            declared_len,
            redirect,
        };
        (head, response)
    }
}

/// Which attempt ended, when it started (read only when interceptors want its duration), and
/// its span.
pub(super) struct AttemptEnd<'s> {
    pub(super) attempt: u32,
    pub(super) started: Option<Instant>,
    pub(super) span: &'s Span,
}

/// What the attempt loop does next.
pub(super) enum Settled {
    /// The call is over, with this result.
    Done(Result<Response, Error>),
    /// Wait this long and try again; the error is what the call ends with if it cannot.
    RetryAfter(Duration, Error),
}

impl Client {
    /// Reports the attempt (interceptors, span, rate limiter) and decides what follows it.
    pub(super) fn settle(
        &self,
        req: &Request,
        retry: &mut RetryState<'_>,
        ended: AttemptEnd<'_>,
        received: Result<Received, Error>,
    ) -> Settled {
        let inner = &*self.inner;
        if let Some(started) = ended.started {
            let elapsed = inner.clock.now().saturating_duration_since(started);
            self.observe(req, ended.attempt, elapsed, &received);
        }
        let classifier = inner.retry_classifier.as_deref();
        let span = ended.span;
        let (step, error) = match received {
            Ok(received) => {
                telemetry::record_status(span, received.status);
                if let Some(limiter) = &inner.rate_limiter {
                    let retry_after =
                        classify::retry_after(&received.headers, inner.clock.system_time());
                    limiter.on_response(received.status, retry_after);
                }
                if received.status.is_success() {
                    if received.truncated {
                        // Too large to decode; retrying would read the same body again.
                        return Settled::Done(Err(Error::ResponseTooLarge {
                            operation: req.operation(),
                            limit: inner.max_response_bytes,
                        }));
                    }
                    retry.on_success();
                    return Settled::Done(Ok(Response::from_parts(
                        req.operation(),
                        received.status,
                        received.headers,
                        received.body,
                    )));
                }
                if let Some(reason) = received.redirect {
                    // Not retried: the same request would be redirected the same way.
                    return Settled::Done(Err(Error::Redirect {
                        operation: req.operation(),
                        status: received.status,
                        reason,
                    }));
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
        telemetry::record_error(span, &error);
        match step {
            RetryStep::RetryAfter(delay) => Settled::RetryAfter(delay, error),
            RetryStep::GiveUp(reason) => {
                tracing::debug!(parent: span, reason = ?reason, "giving up");
                Settled::Done(Err(final_error(error, reason)))
            }
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
}

/// The error a call ends with: a `Retry-After` longer than the policy allows makes the answer a
/// rate limit that says how long to wait.
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
