//! A seeded chaos proxy on loopback, between an SDK client and a mock service.
//!
//! ```no_run
//! use workspace_tests::chaos::{ChaosConfig, ChaosProxy};
//!
//! # async fn demo(service_base_url: &str) -> std::io::Result<()> {
//! let proxy = ChaosProxy::start(service_base_url, ChaosConfig::new(7).fault_rate(0.1)).await?;
//! // Point the client at proxy.base_url() instead of the service ...
//! println!("{}", proxy.report());
//! # Ok(()) }
//! ```

mod connection;
mod decide;
mod fault;
mod http1;
mod stats;
mod upstream;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

pub use decide::request_key;
pub use fault::{Fault, FaultMix};
pub use stats::{ChaosReport, Delivery};

use connection::Shared;
use decide::{Decider, Plan};
use stats::Counters;

/// How the proxy misbehaves. Faults are drawn per request from `seed` (see [`request_key`]).
#[derive(Clone, Debug)]
pub struct ChaosConfig {
    seed: u64,
    rate: f64,
    mix: FaultMix,
    retry_after_secs: u64,
    slow_delay: Duration,
}

impl ChaosConfig {
    /// No faults yet, every kind in the mix, `Retry-After: 1`, slow answers held 2 s.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            rate: 0.0,
            mix: FaultMix::all(),
            retry_after_secs: 1,
            slow_delay: Duration::from_secs(2),
        }
    }

    /// The share of requests (0.0 to 1.0) that get a fault.
    pub fn fault_rate(mut self, rate: f64) -> Self {
        self.rate = rate.clamp(0.0, 1.0);
        self
    }

    /// The faults drawn from.
    pub fn mix(mut self, mix: FaultMix) -> Self {
        self.mix = mix;
        self
    }

    /// The `Retry-After` seconds of [`Fault::TooManyRequestsRetryAfter`].
    pub fn retry_after_secs(mut self, secs: u64) -> Self {
        self.retry_after_secs = secs;
        self
    }

    /// How long [`Fault::SlowResponse`] holds the answer back; make it longer than the client's
    /// attempt timeout.
    pub fn slow_delay(mut self, delay: Duration) -> Self {
        self.slow_delay = delay;
        self
    }
}

/// A running proxy. Dropping it stops it and every connection it serves.
#[derive(Debug)]
pub struct ChaosProxy {
    address: SocketAddr,
    base_url: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl ChaosProxy {
    /// Listens on a free port of 127.0.0.1 and passes requests on to `upstream_base_url`
    /// (`http://127.0.0.1:<port>` of a mock service).
    pub async fn start(upstream_base_url: &str, config: ChaosConfig) -> std::io::Result<Self> {
        let http = upstream::http_client().map_err(std::io::Error::other)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            upstream_base_url: upstream_base_url.to_owned(),
            http,
            decider: Decider::new(Plan {
                seed: config.seed,
                rate: config.rate,
                mix: config.mix,
            }),
            counters: Counters::default(),
            retry_after_secs: config.retry_after_secs,
            slow_delay: config.slow_delay,
        });
        let accepting = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            // Owned here so that aborting this task aborts every connection task with it.
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        if let Ok((stream, _)) = accepted {
                            let _ = stream.set_nodelay(true);
                            connections.spawn(connection::serve(stream, Arc::clone(&accepting)));
                        }
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        Ok(Self {
            address,
            base_url: format!("http://{address}"),
            shared,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`: give it to the client as its base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The proxy's socket address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The counters so far.
    pub fn report(&self) -> ChaosReport {
        self.shared.counters.snapshot()
    }

    /// Changes the fault rate from the next request on (0.0 turns faults off).
    pub fn set_fault_rate(&self, rate: f64) {
        self.shared.decider.set_rate(rate);
    }

    /// Changes the faults drawn from the next request on.
    pub fn set_mix(&self, mix: FaultMix) {
        self.shared.decider.set_mix(mix);
    }

    /// How many times the proxy received the request with this [`request_key`]: the attempts
    /// of a call, when every call sends a distinct request.
    pub fn attempts_of(&self, key: u64) -> u32 {
        self.shared
            .decider
            .occurrences()
            .get(&key)
            .copied()
            .unwrap_or(0)
    }

    /// How many times each distinct request was received, in no particular order.
    pub fn attempts_per_request(&self) -> Vec<u32> {
        self.shared.decider.occurrences().into_values().collect()
    }

    /// Every distinct request the service saw, with how many times, in no particular order.
    /// For a create with a unique body, a count above 1 is a duplicate.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.counters.deliveries()
    }

    /// How many times the service saw requests whose body contains `needle` (a create's unique
    /// marker).
    pub fn deliveries_containing(&self, needle: &str) -> u32 {
        let needle = needle.as_bytes();
        self.deliveries()
            .iter()
            .filter(|d| d.body.windows(needle.len()).any(|w| w == needle))
            .map(|d| d.count)
            .sum()
    }
}

impl Drop for ChaosProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}
