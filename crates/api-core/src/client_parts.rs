//! [`ClientParts`]: what the builder checked, handed to the client in one piece; the builder makes
//! it and the client is made of it, so neither module needs the other's internals.

use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::api_info::ApiInfo;
use crate::auth::Auth;
use crate::classify::RetryClassifier;
use crate::clock::Clock;
use crate::error::ErrorDetailParser;
use crate::interceptor::Interceptor;
use crate::rate_limit::RateLimiter;
use crate::retry::RetryPolicy;
use crate::retry_budget::RetryBudget;

/// Everything `build()` checked, handed to the client in one piece.
pub(crate) struct ClientParts {
    pub(crate) info: ApiInfo,
    pub(crate) base_url: Url,
    pub(crate) auth: Auth,
    pub(crate) auth_headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) default_headers: HeaderMap,
    pub(crate) http: reqwest::Client,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) overall_timeout: Option<Duration>,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) retry_budget: RetryBudget,
    pub(crate) rate_limiter: Option<Arc<dyn RateLimiter>>,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry_classifier: Option<Arc<dyn RetryClassifier>>,
    pub(crate) error_detail_parser: Option<Arc<dyn ErrorDetailParser>>,
    pub(crate) clock: Clock,
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
}
