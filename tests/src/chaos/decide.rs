//! The seeded choice of a fault for each request.
//!
//! A draw depends only on the seed, the request (method, target, body) and how many times that
//! same request was seen before, never on arrival order. Concurrent suites therefore inject the
//! same faults into the same requests on every run, and a failure reproduces from its seed.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use fastrand::Rng;

use super::fault::{Fault, FaultMix};

/// What the proxy was told to inject.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub(crate) seed: u64,
    pub(crate) rate: f64,
    pub(crate) mix: FaultMix,
}

/// Draws faults and remembers how often each request was seen.
#[derive(Debug)]
pub(crate) struct Decider {
    plan: Mutex<Plan>,
    seen: Mutex<HashMap<u64, u32>>,
}

impl Decider {
    pub(crate) fn new(plan: Plan) -> Self {
        Self {
            plan: Mutex::new(plan),
            seen: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn set_rate(&self, rate: f64) {
        self.plan
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .rate = rate.clamp(0.0, 1.0);
    }

    pub(crate) fn set_mix(&self, mix: FaultMix) {
        self.plan.lock().unwrap_or_else(PoisonError::into_inner).mix = mix;
    }

    /// The fault for this occurrence of the request with `key`, if one is drawn.
    pub(crate) fn decide(&self, key: u64) -> Option<Fault> {
        let occurrence = {
            let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
            let count = seen.entry(key).or_insert(0);
            *count += 1;
            *count
        };
        let plan = self
            .plan
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let mut rng = Rng::with_seed(splitmix(plan.seed ^ splitmix(key ^ u64::from(occurrence))));
        if plan.rate <= 0.0 || rng.f64() >= plan.rate {
            return None;
        }
        let total = plan.mix.total_weight();
        if total == 0 {
            return None;
        }
        plan.mix.pick(rng.u64(..total))
    }

    /// How many times each distinct request was received.
    pub(crate) fn occurrences(&self) -> HashMap<u64, u32> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The key of a request: FNV-1a over method, target and body (stable across runs and builds,
/// unlike the std hasher).
pub fn request_key(method: &str, target: &str, body: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in [method.as_bytes(), b" ", target.as_bytes(), b"\n", body] {
        for byte in part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// SplitMix64's finaliser: spreads nearby keys and occurrence numbers over the seed space.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decider(seed: u64, rate: f64) -> Decider {
        Decider::new(Plan {
            seed,
            rate,
            mix: FaultMix::all(),
        })
    }

    #[test]
    fn the_same_request_sequence_gets_the_same_faults_whatever_the_order() {
        let keys: Vec<u64> = (0..500)
            .map(|i| request_key("GET", &format!("/items/{i}"), b""))
            .collect();
        let forward = decider(9, 0.3);
        let a: Vec<Option<Fault>> = keys.iter().map(|k| forward.decide(*k)).collect();
        let backward = decider(9, 0.3);
        let mut b: Vec<Option<Fault>> = keys.iter().rev().map(|k| backward.decide(*k)).collect();
        b.reverse();
        assert_eq!(a, b);
        let other_seed = decider(10, 0.3);
        let c: Vec<Option<Fault>> = keys.iter().map(|k| other_seed.decide(*k)).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn the_fault_rate_is_close_to_the_plan() {
        let d = decider(1, 0.1);
        let faults = (0..20_000u64)
            .filter(|i| d.decide(request_key("GET", &i.to_string(), b"")).is_some())
            .count();
        assert!(
            (1_700..=2_300).contains(&faults),
            "{faults} faults in 20000"
        );
    }

    #[test]
    fn a_repeated_request_draws_again() {
        let d = decider(3, 0.5);
        let key = request_key("POST", "/p.json", b"{}");
        let draws: Vec<Option<Fault>> = (0..64).map(|_| d.decide(key)).collect();
        assert!(draws.iter().any(Option::is_some));
        assert!(draws.iter().any(Option::is_none));
        assert_eq!(d.occurrences().get(&key), Some(&64));
    }
}
