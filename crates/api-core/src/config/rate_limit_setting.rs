//! The rate-limit choice of a client builder (`rate_limit`, `rate_limiter`, `redis_rate_limit`,
//! `no_rate_limit`), turned into one limiter by `build()`. Every API crate's builder forwards its
//! four setters here through [`config_passthrough!`](crate::config_passthrough), so the rules
//! (what combines with what, which errors `build()` reports) are written once.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::rate_limit::{RateLimiter, TokenBucket};
use crate::secret::SecretString;

/// What the builder was told about pacing requests.
#[derive(Clone, Default)]
pub(super) enum RateChoice {
    /// Requests go out as fast as they come (api-core's default).
    #[default]
    Off,
    /// A token bucket of this client's own, unless a Redis limit shares it.
    Bucket { per_second: f64, burst: u32 },
    /// A limiter the caller built (and may share between clients).
    Limiter(Arc<dyn RateLimiter>),
}

/// The rate-limit settings of a [`ClientConfigBuilder`](super::ClientConfigBuilder).
#[derive(Clone, Default)]
pub(super) struct RateLimitSetting {
    pub(super) choice: RateChoice,
    /// Held back from the burst of a bucket built here (see `TokenBucket::with_latency_allowance`).
    pub(super) latency_allowance: Option<Duration>,
    /// What a shared Redis limit is keyed on (an API key, a server); the base URL when unset.
    pub(super) scope: Option<SecretString>,
    #[cfg(feature = "redis")]
    pub(super) redis: Option<crate::RedisRateLimit>,
}

impl RateLimitSetting {
    /// The limiter every attempt waits on, or `None` for no limit. `api` and `base_url` key a
    /// shared Redis limit when no scope was given.
    pub(super) fn resolve(
        self,
        api: &str,
        base_url: &str,
    ) -> Result<Option<Arc<dyn RateLimiter>>, Error> {
        #[cfg(feature = "redis")]
        if let Some(shared) = self.redis {
            let RateChoice::Bucket { per_second, burst } = self.choice else {
                return Err(Error::config(
                    "redis_rate_limit(..) needs a rate from rate_limit(per_second, burst) and \
                     cannot be combined with rate_limiter(..) or no_rate_limit()",
                ));
            };
            let scope = match &self.scope {
                Some(scope) => scope.expose_secret(),
                None => base_url.trim_end_matches('/'),
            };
            let limiter = shared.limiter(api, scope, per_second, burst)?;
            return Ok(Some(Arc::new(limiter)));
        }
        #[cfg(not(feature = "redis"))]
        let _ = (api, base_url);
        Ok(match self.choice {
            RateChoice::Off => None,
            RateChoice::Limiter(limiter) => Some(limiter),
            RateChoice::Bucket { per_second, burst } => {
                let bucket = TokenBucket::try_new(per_second, burst)?;
                let bucket = match self.latency_allowance {
                    Some(allowance) => bucket.with_latency_allowance(allowance),
                    None => bucket,
                };
                Some(Arc::new(bucket))
            }
        })
    }
}

// The scope may be an API key: Debug says only whether one is set.
impl fmt::Debug for RateLimitSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("RateLimit");
        match &self.choice {
            RateChoice::Off => out.field("choice", &"off"),
            RateChoice::Bucket { per_second, burst } => {
                out.field("per_second", per_second).field("burst", burst)
            }
            RateChoice::Limiter(limiter) => out.field("limiter", limiter),
        };
        out.field("latency_allowance", &self.latency_allowance)
            .field("scoped", &self.scope.is_some());
        #[cfg(feature = "redis")]
        out.field("redis", &self.redis.is_some());
        out.finish()
    }
}
