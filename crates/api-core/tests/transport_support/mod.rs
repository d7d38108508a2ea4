//! Shared helpers of the transport tests: a client aimed at a loopback mock server, with
//! instant retry sleeps so that retries cost no wall time.

#![allow(dead_code)] // each test file uses a different subset

use std::error::Error as StdError;

use api_core::{ApiInfo, ClientConfigBuilder, Clock};

pub const INFO: ApiInfo = ApiInfo {
    api: "example",
    crate_name: "example-client",
    crate_version: "1.2.3",
    default_base_url: "https://api.example.test",
    spans: api_core::client_spans!(),
};

/// A builder aimed at `base_url` whose retry waits complete at once.
pub fn builder(base_url: &str) -> ClientConfigBuilder {
    ClientConfigBuilder::new(INFO)
        .base_url(base_url)
        .clock(instant_clock())
}

pub fn instant_clock() -> Clock {
    Clock::tokio()
        .with_rng_seed(1)
        .with_sleep(|_| std::future::ready(()))
}

/// Display, Debug and every source of `err`, as one string to search for leaks.
pub fn everything_printed(err: &api_core::Error) -> String {
    let mut text = format!("{err}\n{err:?}\n");
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    text
}

/// A port on 127.0.0.1 with nothing listening (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}
