//! What a test can steer while the mock runs that is Push Security's own (latency, the seeded
//! error rate, the rate limit, ChatOps), and what it can count.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use api_core::mock_kit::{Fault, MockKit};
use fastrand::Rng;

use super::rate_limit::MockRateLimit;

/// The faults a seeded error rate draws from unless told otherwise: 500, a 502 HTML page, 503,
/// 504, 429 and a 200 with cut-off JSON.
///
/// ```
/// use push_security_client::mock::{Fault, default_random_faults};
/// assert!(default_random_faults().contains(&Fault::html(502)));
/// ```
pub fn default_random_faults() -> Vec<Fault> {
    vec![
        Fault::status(500),
        Fault::html(502),
        Fault::status(503),
        Fault::status(504),
        Fault::status(429),
        Fault::malformed_body(200),
    ]
}

#[derive(Debug)]
struct FaultPlan {
    rate: f64,
    faults: Vec<Fault>,
    rng: Rng,
}

#[derive(Debug)]
pub(crate) struct ControlsInner {
    latency_micros: AtomicU64,
    random: Mutex<FaultPlan>,
    rate_limit: Mutex<Option<MockRateLimit>>,
    retry_after_header: AtomicBool,
    chatops_working: AtomicBool,
    rate_limited: AtomicU64,
    faults_injected: AtomicU64,
    kit: MockKit,
}

/// Steers a running mock's Push-specific behaviour and reads its counters. Cheap to clone; every
/// clone steers the same mock. Faults for the next requests go through
/// [`MockPushSecurity::inject`](super::MockPushSecurity::inject), as in every mock of the workspace.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use std::time::Duration;
/// use push_security_client::mock::{Fault, MockPushSecurity};
///
/// let mock = MockPushSecurity::start().await?;
/// mock.controls().set_latency(Duration::from_millis(20));
/// mock.controls().set_random_faults(&[Fault::status(503), Fault::drop_connection()]);
/// mock.controls().set_error_rate(0.1);
/// // ... run the code under test ...
/// println!("{} requests, {} answered 429", mock.request_count(), mock.controls().rate_limited());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct MockControls {
    inner: Arc<ControlsInner>,
}

pub(crate) struct ControlsConfig {
    pub(crate) latency: Duration,
    pub(crate) error_rate: f64,
    pub(crate) random_faults: Vec<Fault>,
    pub(crate) fault_seed: u64,
    pub(crate) rate_limit: Option<MockRateLimit>,
    pub(crate) retry_after_header: bool,
    pub(crate) chatops_working: bool,
}

impl MockControls {
    pub(crate) fn new(config: ControlsConfig, kit: MockKit) -> Self {
        Self {
            inner: Arc::new(ControlsInner {
                latency_micros: AtomicU64::new(duration_micros(config.latency)),
                random: Mutex::new(FaultPlan {
                    rate: config.error_rate.clamp(0.0, 1.0),
                    faults: config.random_faults,
                    rng: Rng::with_seed(config.fault_seed),
                }),
                rate_limit: Mutex::new(config.rate_limit),
                retry_after_header: AtomicBool::new(config.retry_after_header),
                chatops_working: AtomicBool::new(config.chatops_working),
                rate_limited: AtomicU64::new(0),
                faults_injected: AtomicU64::new(0),
                kit,
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

    /// Answers this share of requests (0.0 to 1.0) that pass the key check and the rate limit
    /// with a fault drawn from [`set_random_faults`](Self::set_random_faults). The draws come from
    /// a generator seeded by the mock's seed, so a run is repeatable.
    pub fn set_error_rate(&self, rate: f64) {
        self.random().rate = rate.clamp(0.0, 1.0);
    }

    /// The faults random draws pick from ([`default_random_faults`] by default). Each draw is
    /// served once, whatever the fault's count or path filter.
    pub fn set_random_faults(&self, faults: &[Fault]) {
        self.random().faults = faults.to_vec();
    }

    /// Changes the rate limit; `None` turns it off.
    pub fn set_rate_limit(&self, limit: Option<MockRateLimit>) {
        *self
            .inner
            .rate_limit
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = limit;
    }

    /// Whether 429 answers carry `Retry-After` (in whole seconds, at least 1) when the fault does
    /// not set one. Off by default: Push does not document the header (UNVERIFIED), so clients
    /// must cope without it.
    pub fn set_retry_after_header(&self, on: bool) {
        self.inner.retry_after_header.store(on, Ordering::Relaxed);
    }

    /// When false, switching ChatOps on for an employee is refused with
    /// `CHATOPS_NOT_IN_WORKING_STATE`, as when the chat integration is broken.
    pub fn set_chatops_working(&self, working: bool) {
        self.inner.chatops_working.store(working, Ordering::Relaxed);
    }

    /// Requests answered 429, by the rate limit or by a fault (injected or drawn).
    pub fn rate_limited(&self) -> u64 {
        self.inner.rate_limited.load(Ordering::Relaxed)
    }

    /// Requests answered with a fault, injected or drawn by the error rate (delays not counted).
    pub fn faults_injected(&self) -> u64 {
        self.inner.faults_injected.load(Ordering::Relaxed)
    }

    /// Sets every counter back to zero and forgets the recorded requests.
    pub fn reset_counters(&self) {
        self.inner.rate_limited.store(0, Ordering::Relaxed);
        self.inner.faults_injected.store(0, Ordering::Relaxed);
        self.inner.kit.clear_requests();
    }

    fn random(&self) -> std::sync::MutexGuard<'_, FaultPlan> {
        self.inner
            .random
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn count_rate_limited(&self) {
        self.inner.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a fault that answered (or dropped) a request.
    pub(crate) fn count_fault(&self, fault: &Fault) {
        if fault.answer_status().is_none() && !fault.drops_connection() {
            return;
        }
        self.inner.faults_injected.fetch_add(1, Ordering::Relaxed);
        if fault.answer_status() == Some(429) {
            self.count_rate_limited();
        }
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

    /// A fault drawn by the error rate for this request, if any.
    pub(crate) fn draw_random_fault(&self) -> Option<Fault> {
        let mut plan = self.random();
        if plan.rate > 0.0 && !plan.faults.is_empty() && plan.rng.f64() < plan.rate {
            let count = plan.faults.len();
            let index = plan.rng.usize(..count);
            Some(plan.faults[index].clone())
        } else {
            None
        }
    }
}

fn duration_micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}
