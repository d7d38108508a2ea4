//! What the proxy did: requests received, requests that reached the service, faults by kind.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use super::fault::Fault;

/// Live counters, shared by the proxy's connection tasks.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    requests: AtomicU64,
    forwarded: AtomicU64,
    upstream_errors: AtomicU64,
    faults: [AtomicU64; Fault::ALL.len()],
    /// What the service saw, by request key.
    deliveries: Mutex<HashMap<u64, Delivery>>,
}

/// One distinct request the service saw, and how many times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Method and target, as on the request line.
    pub request_line: String,
    /// The request body.
    pub body: Vec<u8>,
    /// How many times the service saw it.
    pub count: u32,
}

impl Counters {
    pub(crate) fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn forwarded(&self, key: u64, request_line: impl FnOnce() -> String, body: &[u8]) {
        self.forwarded.fetch_add(1, Ordering::Relaxed);
        self.deliveries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert_with(|| Delivery {
                request_line: request_line(),
                body: body.to_vec(),
                count: 0,
            })
            .count += 1;
    }

    pub(crate) fn deliveries(&self) -> Vec<Delivery> {
        self.deliveries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect()
    }

    pub(crate) fn upstream_error(&self) {
        self.upstream_errors.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn fault(&self, fault: Fault) {
        self.faults[index(fault)].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> ChaosReport {
        ChaosReport {
            requests: self.requests.load(Ordering::Relaxed),
            forwarded: self.forwarded.load(Ordering::Relaxed),
            upstream_errors: self.upstream_errors.load(Ordering::Relaxed),
            faults: Fault::ALL
                .into_iter()
                .map(|f| (f, self.faults[index(f)].load(Ordering::Relaxed)))
                .collect(),
        }
    }
}

fn index(fault: Fault) -> usize {
    Fault::ALL.iter().position(|f| *f == fault).unwrap_or(0)
}

/// A snapshot of the proxy's counters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChaosReport {
    /// Requests the proxy received from the client (every attempt counts).
    pub requests: u64,
    /// Requests passed on to the service (it saw them and may have acted).
    pub forwarded: u64,
    /// Requests the proxy could not pass on (the service was unreachable); a suite expects 0.
    pub upstream_errors: u64,
    /// Faults injected, by kind (every kind present, zero or not).
    pub faults: BTreeMap<Fault, u64>,
}

impl ChaosReport {
    /// Faults injected, all kinds together.
    pub fn total_faults(&self) -> u64 {
        self.faults.values().sum()
    }

    /// Faults of one kind.
    pub fn count(&self, fault: Fault) -> u64 {
        self.faults.get(&fault).copied().unwrap_or(0)
    }

    /// The kinds never injected (a suite checks that its mix was really exercised).
    pub fn kinds_not_injected(&self) -> Vec<Fault> {
        self.faults
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(f, _)| *f)
            .collect()
    }
}

impl fmt::Display for ChaosReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} requests, {} forwarded, {} faults (",
            self.requests,
            self.forwarded,
            self.total_faults()
        )?;
        let mut first = true;
        for (fault, n) in &self.faults {
            if *n == 0 {
                continue;
            }
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{fault}: {n}")?;
        }
        f.write_str(")")
    }
}
