//! Building the default `reqwest` client with the TLS backend the features select.
//!
//! reqwest is compiled with `rustls-no-provider`, so that api-core does not pull in aws-lc-rs
//! (a C and assembly build that costs minutes). With the `rustls` feature, `ring` is installed
//! as the process-wide rustls provider before the first client is built. With `native-tls`,
//! reqwest uses the platform's TLS library instead (and prefers it when both are enabled).

use std::time::Duration;

use crate::error::Error;

/// How many redirects are followed, all within the origin of the first request.
const MAX_REDIRECTS: usize = 5;

/// The client used when the caller supplies none.
pub(crate) fn default_http_client(connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    install_crypto_provider()?;
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .redirect(same_origin_redirects())
        .build()
        .map_err(|e| {
            Error::config(format!(
                "the HTTP client could not be built: {}",
                e.without_url()
            ))
        })
}

/// A redirect to another origin would carry our auth headers (an API key header is not one
/// reqwest knows to strip) to a host the user never configured, so only same-origin redirects
/// are followed; any other ends the call with the 3xx response.
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

#[cfg(feature = "rustls")]
fn install_crypto_provider() -> Result<(), Error> {
    // Fails only when a provider is already installed (by us or by the application), which is
    // what we want either way.
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(())
}

#[cfg(all(not(feature = "rustls"), feature = "native-tls"))]
fn install_crypto_provider() -> Result<(), Error> {
    Ok(())
}

// Without a TLS feature reqwest would panic when building a client; say so as an error.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn install_crypto_provider() -> Result<(), Error> {
    Err(Error::config(
        "no TLS backend: enable the `rustls` or `native-tls` feature of api-core, \
         or supply a reqwest::Client with `http_client`",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    #[test]
    fn default_client_builds_more_than_once() {
        assert!(default_http_client(Duration::from_secs(1)).is_ok());
        assert!(default_http_client(Duration::from_secs(1)).is_ok());
    }

    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    #[test]
    fn without_a_tls_feature_the_default_client_is_a_config_error() {
        assert!(matches!(
            default_http_client(Duration::from_secs(1)),
            Err(Error::Config { .. })
        ));
    }
}
