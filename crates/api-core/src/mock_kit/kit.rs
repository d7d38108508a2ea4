//! The state every mock shares: queued faults, recorded requests and the clock.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::clock::MockClock;
use super::fault::Fault;
use super::record::RecordedRequest;

/// The parts of a mock that are the same for every service: the queue of injected [`Fault`]s,
/// the request recorder and the [`MockClock`]. Cheap to clone; clones share everything.
///
/// A mock wraps its router with [`layer`](Self::layer) so every request is recorded and checked
/// against the queued faults before the service sees it.
#[derive(Clone, Default)]
pub struct MockKit {
    inner: Arc<KitInner>,
}

#[derive(Default)]
struct KitInner {
    faults: Mutex<Vec<Fault>>,
    recorded: Mutex<Vec<RecordedRequest>>,
    clock: MockClock,
}

impl fmt::Debug for MockKit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockKit")
            .field("queued_faults", &lock(&self.inner.faults).len())
            .field("requests", &lock(&self.inner.recorded).len())
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A test that panicked while holding the lock must not hide the state from the next one.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MockKit {
    /// An empty kit: no faults, no requests, a clock at the current time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a fault; faults apply in the order they were injected, each to as many matching
    /// requests as its count says.
    pub fn inject(&self, fault: Fault) {
        if fault.remaining > 0 {
            lock(&self.inner.faults).push(fault);
        }
    }

    /// Removes every queued fault.
    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
    }

    /// The first queued fault matching `path`, counted as used once.
    pub fn take_fault(&self, path: &str) -> Option<Fault> {
        let mut faults = lock(&self.inner.faults);
        let index = faults.iter().position(|fault| fault.matches(path))?;
        let fault = &mut faults[index];
        fault.remaining -= 1;
        let taken = fault.clone();
        if fault.remaining == 0 {
            faults.remove(index);
        }
        Some(taken)
    }

    /// The mock's clock.
    pub fn clock(&self) -> &MockClock {
        &self.inner.clock
    }

    /// Moves the mock's clock forward.
    pub fn advance_clock(&self, by: Duration) {
        self.inner.clock.advance(by);
    }

    /// Records a request.
    pub fn record(&self, request: RecordedRequest) {
        lock(&self.inner.recorded).push(request);
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.inner.recorded).clone()
    }

    /// How many requests were received, whatever the answer.
    pub fn request_count(&self) -> usize {
        lock(&self.inner.recorded).len()
    }

    /// Forgets the recorded requests (the count starts again at zero).
    pub fn clear_requests(&self) {
        lock(&self.inner.recorded).clear();
    }
}
