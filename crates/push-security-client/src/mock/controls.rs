//! What a test can steer while the mock runs, and what it can count.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use fastrand::Rng;

use super::rate_limit::MockRateLimit;

/// A failure the mock can answer instead of the real response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// 500 with a small JSON error body.
    InternalServerError,
    /// 502 with an HTML page, as a load balancer sends (a non-JSON error body).
    BadGateway,
    /// 503 with a JSON error body.
    ServiceUnavailable,
    /// 504 with an empty body.
    GatewayTimeout,
    /// 429, with or without `Retry-After` as [`MockControls::set_retry_after_header`] says.
    TooManyRequests,
    /// 200 whose body is cut-off JSON.
    MalformedJson,
}

impl FaultKind {
    /// Every kind, the default set random faults are drawn from.
    pub const ALL: [FaultKind; 6] = [
        Self::InternalServerError,
        Self::BadGateway,
        Self::ServiceUnavailable,
        Self::GatewayTimeout,
        Self::TooManyRequests,
        Self::MalformedJson,
    ];
}

#[derive(Debug)]
struct FaultPlan {
    rate: f64,
    kinds: Vec<FaultKind>,
    queued: VecDeque<FaultKind>,
    rng: Rng,
}

#[derive(Debug)]
pub(crate) struct ControlsInner {
    latency_micros: AtomicU64,
    faults: Mutex<FaultPlan>,
    rate_limit: Mutex<Option<MockRateLimit>>,
    retry_after_header: AtomicBool,
    chatops_working: AtomicBool,
    requests: AtomicU64,
    rate_limited: AtomicU64,
    faults_injected: AtomicU64,
}

/// Steers a running mock and reads its counters. Cheap to clone; every clone steers the same mock.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use std::time::Duration;
/// use push_security_client::mock::{FaultKind, MockPushSecurity};
///
/// let mock = MockPushSecurity::start().await?;
/// mock.controls().set_latency(Duration::from_millis(20));
/// mock.controls().fail_next(FaultKind::BadGateway, 2);
/// // ... run the code under test ...
/// println!("{} requests, {} answered 429", mock.controls().requests(), mock.controls().rate_limited());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct MockControls {
    inner: Arc<ControlsInner>,
}

pub(crate) struct ControlsConfig {
    pub(crate) latency: Duration,
    pub(crate) error_rate: f64,
    pub(crate) fault_kinds: Vec<FaultKind>,
    pub(crate) fault_seed: u64,
    pub(crate) rate_limit: Option<MockRateLimit>,
    pub(crate) retry_after_header: bool,
    pub(crate) chatops_working: bool,
}

impl MockControls {
    pub(crate) fn new(config: ControlsConfig) -> Self {
        Self {
            inner: Arc::new(ControlsInner {
                latency_micros: AtomicU64::new(duration_micros(config.latency)),
                faults: Mutex::new(FaultPlan {
                    rate: config.error_rate.clamp(0.0, 1.0),
                    kinds: config.fault_kinds,
                    queued: VecDeque::new(),
                    rng: Rng::with_seed(config.fault_seed),
                }),
                rate_limit: Mutex::new(config.rate_limit),
                retry_after_header: AtomicBool::new(config.retry_after_header),
                chatops_working: AtomicBool::new(config.chatops_working),
                requests: AtomicU64::new(0),
                rate_limited: AtomicU64::new(0),
                faults_injected: AtomicU64::new(0),
            }),
        }
    }

    /// Delays every answer by `latency` (applied once per request, before it is handled).
    pub fn set_latency(&self, latency: Duration) {
        self.inner
            .latency_micros
            .store(duration_micros(latency), Ordering::Relaxed);
    }

    /// The delay added to every answer.
    pub fn latency(&self) -> Duration {
        Duration::from_micros(self.inner.latency_micros.load(Ordering::Relaxed))
    }

    /// Answers this share of requests (0.0 to 1.0) with a fault drawn from the configured kinds.
    /// The draws come from a generator seeded by the mock's seed, so a run is repeatable.
    pub fn set_error_rate(&self, rate: f64) {
        self.faults().rate = rate.clamp(0.0, 1.0);
    }

    /// The kinds random faults are drawn from (all of [`FaultKind::ALL`] by default).
    pub fn set_fault_kinds(&self, kinds: &[FaultKind]) {
        self.faults().kinds = kinds.to_vec();
    }

    /// Answers the next `times` requests (that pass the key check) with `kind`, before any
    /// random fault is drawn.
    pub fn fail_next(&self, kind: FaultKind, times: usize) {
        self.faults()
            .queued
            .extend(std::iter::repeat_n(kind, times));
    }

    /// Changes the rate limit; `None` turns it off.
    pub fn set_rate_limit(&self, limit: Option<MockRateLimit>) {
        *self
            .inner
            .rate_limit
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = limit;
    }

    /// Whether 429 answers carry `Retry-After` (in whole seconds, at least 1). Off by default:
    /// Push does not document the header (UNVERIFIED), so clients must cope without it.
    pub fn set_retry_after_header(&self, on: bool) {
        self.inner.retry_after_header.store(on, Ordering::Relaxed);
    }

    /// When false, switching ChatOps on for an employee is refused with
    /// `CHATOPS_NOT_IN_WORKING_STATE`, as when the chat integration is broken.
    pub fn set_chatops_working(&self, working: bool) {
        self.inner.chatops_working.store(working, Ordering::Relaxed);
    }

    /// Requests received, whatever the answer.
    pub fn requests(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// Requests answered 429, by the rate limit or by an injected fault.
    pub fn rate_limited(&self) -> u64 {
        self.inner.rate_limited.load(Ordering::Relaxed)
    }

    /// Requests answered with an injected fault (of any kind).
    pub fn faults_injected(&self) -> u64 {
        self.inner.faults_injected.load(Ordering::Relaxed)
    }

    /// Sets every counter back to zero.
    pub fn reset_counters(&self) {
        self.inner.requests.store(0, Ordering::Relaxed);
        self.inner.rate_limited.store(0, Ordering::Relaxed);
        self.inner.faults_injected.store(0, Ordering::Relaxed);
    }

    fn faults(&self) -> std::sync::MutexGuard<'_, FaultPlan> {
        self.inner
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn count_request(&self) {
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn count_rate_limited(&self) {
        self.inner.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn rate_limit(&self) -> Option<MockRateLimit> {
        *self
            .inner
            .rate_limit
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn retry_after_header(&self) -> bool {
        self.inner.retry_after_header.load(Ordering::Relaxed)
    }

    pub(crate) fn chatops_working(&self) -> bool {
        self.inner.chatops_working.load(Ordering::Relaxed)
    }

    /// The fault to answer this request with, if any; counts it.
    pub(crate) fn draw_fault(&self) -> Option<FaultKind> {
        let fault = {
            let mut plan = self.faults();
            if let Some(queued) = plan.queued.pop_front() {
                Some(queued)
            } else if plan.rate > 0.0 && !plan.kinds.is_empty() && plan.rng.f64() < plan.rate {
                let count = plan.kinds.len();
                let index = plan.rng.usize(..count);
                Some(plan.kinds[index])
            } else {
                None
            }
        };
        if let Some(kind) = fault {
            self.inner.faults_injected.fetch_add(1, Ordering::Relaxed);
            if kind == FaultKind::TooManyRequests {
                self.count_rate_limited();
            }
        }
        fault
    }
}

fn duration_micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}
