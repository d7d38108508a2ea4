//! An application with the three SDK clients in its graph that does what the reqwest and rustls
//! docs tell applications to do, in the order the first argument names. It exits 0 when nothing
//! panicked and the SDK left the process-wide rustls provider alone; `tests/tests/process_tls.rs`
//! runs it once per order, each in a fresh process, because a provider once installed stays
//! installed for the life of the process.
//!
//! Orders:
//! - `app-client-first`: the application builds its own `reqwest::Client::new()` before any SDK
//!   client, with no provider installed (reqwest's `rustls-no-provider` anywhere in the graph would
//!   make this panic).
//! - `provider-after-sdk`: SDK clients first, then the application installs its provider with
//!   `install_default().expect(..)` (this panics if an SDK installed one already).
//! - `provider-before-sdk`: the application installs its provider, then builds SDK clients and its
//!   own reqwest client.
//! - `no-provider`: SDK clients and the application's reqwest client, no provider ever installed.

use std::process::ExitCode;

use rustls::crypto::CryptoProvider;

fn main() -> ExitCode {
    let order = std::env::args().nth(1).unwrap_or_default();
    let outcome = match order.as_str() {
        "app-client-first" => app_client_first(),
        "provider-after-sdk" => provider_after_sdk(),
        "provider-before-sdk" => provider_before_sdk(),
        "no-provider" => no_provider(),
        other => Err(format!("unknown order `{other}`")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{order}: {message}");
            ExitCode::FAILURE
        }
    }
}

fn app_client_first() -> Result<(), String> {
    app_clients()?;
    build_sdk_clients()?;
    app_clients()?;
    provider_untouched()
}

fn provider_after_sdk() -> Result<(), String> {
    build_sdk_clients()?;
    provider_untouched()?;
    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("the application installs the first process provider");
    app_clients()?;
    build_sdk_clients()
}

fn provider_before_sdk() -> Result<(), String> {
    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("the application installs the first process provider");
    build_sdk_clients()?;
    app_clients()
}

fn no_provider() -> Result<(), String> {
    build_sdk_clients()?;
    app_clients()?;
    provider_untouched()
}

/// The application's own reqwest clients: the default one, and one on rustls by name, because with
/// `native-tls` also in the graph (`--all-features`) the default one would not touch rustls.
fn app_clients() -> Result<(), String> {
    let _default = reqwest::Client::new();
    reqwest::Client::builder()
        .tls_backend_rustls()
        .build()
        .map_err(|e| format!("the application's rustls client: {e}"))?;
    Ok(())
}

/// One client of each API, with https base URLs so that the TLS stack is set up, and one forced onto
/// rustls for the same reason as in [`app_clients`].
fn build_sdk_clients() -> Result<(), String> {
    push_security_client::Client::builder()
        .api_key("probe-key")
        .configure_http(|http| http.tls_backend_rustls())
        .build()
        .map_err(|e| format!("push-security on rustls: {e}"))?;
    push_security_client::Client::builder()
        .api_key("probe-key")
        .build()
        .map_err(|e| format!("push-security: {e}"))?;
    pwpush_client::Client::builder()
        .base_url("https://pwpush.example.org")
        .bearer_token("probe-token")
        .build()
        .map_err(|e| format!("pwpush: {e}"))?;
    pushauth_client::Client::builder()
        .api_key("probe-key")
        .build()
        .map_err(|e| format!("pushauth: {e}"))?;
    Ok(())
}

fn provider_untouched() -> Result<(), String> {
    match CryptoProvider::get_default() {
        None => Ok(()),
        Some(_) => Err("an SDK client installed a process-wide rustls provider".into()),
    }
}
