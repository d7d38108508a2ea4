//! The HTTP client behind every [`Client`](crate::Client): api-core always builds it, the user
//! shapes it through [`configure_http`](crate::ClientConfigBuilder::configure_http), and the
//! rules that protect credentials are applied last, so no hook can undo them.
//!
//! There is deliberately no way to hand in a ready-made `reqwest::Client`: its redirect policy
//! cannot be read or replaced, and reqwest strips only `Authorization` (not an API key header)
//! when it follows a redirect to another host, so such a client could carry a credential to an
//! origin the user never configured.

use std::time::Duration;

use http::HeaderMap;
use http::header::LOCATION;
use url::Url;

use crate::error::Error;
use crate::redirect_refusal::RedirectRefusal;
use crate::tls;

/// How many redirects are followed, all within the origin of the first request.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// A user's change to the `reqwest::ClientBuilder`, applied once in `build()`.
pub(crate) type HttpHook =
    Box<dyn FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// Builds the client: api-core's TLS backend and connect timeout, then the user's hooks in the
/// order they were given (so a hook may change either), then the redirect policy, which no hook
/// can change.
pub(crate) fn build_http_client(
    base_url: &Url,
    connect_timeout: Duration,
    hooks: Vec<HttpHook>,
) -> Result<reqwest::Client, Error> {
    let builder = reqwest::Client::builder().connect_timeout(connect_timeout);
    let builder = tls::select_backend(builder, base_url.scheme() == "https")?;
    let builder = hooks
        .into_iter()
        .fold(builder, |builder, hook| hook(builder));
    builder
        .redirect(same_origin_redirects())
        .build()
        .map_err(|e| {
            Error::config(format!(
                "the HTTP client could not be built: {}",
                e.without_url()
            ))
        })
}

/// A redirect to another origin would carry our auth headers to a host the user never
/// configured, so only same-origin redirects are followed; any other ends the call with the 3xx
/// response, which the attempt loop turns into [`Error::Redirect`].
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Statuses reqwest would follow; other 3xx (300, 304) are answers, not redirects.
pub(crate) fn is_followable_redirect(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Why the redirect response that ended an attempt at `response_url` was not followed.
pub(crate) fn refusal_reason(
    base_url: &Url,
    response_url: &Url,
    headers: &HeaderMap,
) -> RedirectRefusal {
    let target = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|location| response_url.join(location).ok());
    match target {
        None => RedirectRefusal::NoUsableLocation,
        Some(target) if target.origin() != base_url.origin() => RedirectRefusal::CrossOrigin {
            target_origin: target.origin().ascii_serialization(),
        },
        Some(_) => RedirectRefusal::SameOriginNotFollowed {
            limit: MAX_REDIRECTS,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn refusal_names_only_the_origin_of_a_cross_origin_target() {
        let base = Url::parse("https://api.example.com/v1").unwrap();
        let at = Url::parse("https://api.example.com/v1/things").unwrap();
        let reason = refusal_reason(
            &base,
            &at,
            &location("https://evil.example.net:8443/steal?token=s3cr3t"),
        );
        assert_eq!(
            reason,
            RedirectRefusal::CrossOrigin {
                target_origin: "https://evil.example.net:8443".into()
            }
        );
        assert!(!reason.to_string().contains("s3cr3t"));
    }

    #[test]
    fn a_scheme_change_is_another_origin_and_a_relative_location_is_not() {
        let base = Url::parse("https://api.example.com").unwrap();
        let at = Url::parse("https://api.example.com/a").unwrap();
        assert!(matches!(
            refusal_reason(&base, &at, &location("http://api.example.com/a")),
            RedirectRefusal::CrossOrigin { .. }
        ));
        assert_eq!(
            refusal_reason(&base, &at, &location("/b")),
            RedirectRefusal::SameOriginNotFollowed {
                limit: MAX_REDIRECTS
            }
        );
        assert_eq!(
            refusal_reason(&base, &at, &HeaderMap::new()),
            RedirectRefusal::NoUsableLocation
        );
    }

    #[test]
    fn the_client_builds_more_than_once() {
        let base = Url::parse("http://127.0.0.1:9").unwrap();
        assert!(build_http_client(&base, Duration::from_secs(1), Vec::new()).is_ok());
        assert!(build_http_client(&base, Duration::from_secs(1), Vec::new()).is_ok());
    }
}
