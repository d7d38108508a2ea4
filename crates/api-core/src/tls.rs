//! Which TLS backend the HTTP client uses, as api-core's features select it.
//!
//! api-core never touches process-wide TLS state: it installs no rustls default provider, and its
//! features map onto reqwest's own TLS features (`rustls` with reqwest's aws-lc-rs provider, or
//! `native-tls`), never `rustls-no-provider`, which would make every `reqwest::Client::new()` of
//! the application panic unless the application installed a provider first. A provider the
//! application installs as the process default is used by reqwest for our clients too: that is
//! the application's choice to make, not ours.

use crate::error::Error;

/// Selects the backend the features name. With both, `native-tls` wins: enabling it on top of the
/// default `rustls` is how a user asks for the platform's TLS.
#[cfg(feature = "native-tls")]
pub(crate) fn select_backend(
    builder: reqwest::ClientBuilder,
    _https: bool,
) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_native())
}

/// Selects the backend the features name: rustls, with reqwest's own provider unless the
/// application installed a process default.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
pub(crate) fn select_backend(
    builder: reqwest::ClientBuilder,
    _https: bool,
) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_rustls())
}

/// Without a TLS feature only plain HTTP can work (a loopback mock server): an `https` base URL
/// is refused at `build()` rather than failing on every call.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
pub(crate) fn select_backend(
    builder: reqwest::ClientBuilder,
    https: bool,
) -> Result<reqwest::ClientBuilder, Error> {
    if https {
        return Err(Error::config(
            "the base URL uses https but no TLS backend is compiled in: enable the `rustls` \
             (default) or `native-tls` feature of the client crate",
        ));
    }
    Ok(builder)
}

#[cfg(all(test, not(any(feature = "rustls", feature = "native-tls"))))]
mod tests {
    use super::*;

    #[test]
    fn without_a_tls_feature_only_plain_http_builds() {
        assert!(select_backend(reqwest::Client::builder(), false).is_ok());
        assert!(matches!(
            select_backend(reqwest::Client::builder(), true),
            Err(Error::Config { .. })
        ));
    }
}
