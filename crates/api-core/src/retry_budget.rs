//! A per-client retry quota that stops retry storms while a service is down.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

const DEFAULT_CAPACITY: u32 = 500;
const DEFAULT_RETRY_COST: u32 = 5;
const DEFAULT_TIMEOUT_RETRY_COST: u32 = 10;
const DEFAULT_SUCCESS_REFILL: u32 = 1;

/// Token bucket retry quota shared by every clone of a client (AWS style): each retry spends,
/// success refills.
///
/// The bucket starts full with `capacity` tokens (default 500). A retry costs `retry_cost`
/// tokens (default 5), a retry after a timeout `timeout_retry_cost` (default 10, since timeouts
/// are the costliest failures to repeat). A call that succeeds on its first attempt puts
/// `success_refill` tokens back (default 1); a call that succeeds after retrying gives back the
/// cost of its last retry instead. The bucket never exceeds its capacity. When a retry cannot be
/// paid for, the call stops retrying and returns its last error.
///
/// With the defaults a client that only ever fails makes at most 100 retries in total before it
/// stops retrying, then answers each call after a single attempt until successes refill it.
///
/// Clones share one bucket. The setters build a fresh, full bucket: call them before handing the
/// budget to a client.
///
/// ```
/// use api_core::RetryBudget;
///
/// let budget = RetryBudget::new().capacity(50).retry_cost(10);
/// assert_eq!(budget.available(), 50);
/// ```
#[derive(Clone)]
pub struct RetryBudget {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    capacity: u32,
    retry_cost: u32,
    timeout_retry_cost: u32,
    success_refill: u32,
    available: AtomicU32,
}

impl RetryBudget {
    /// A full bucket with the defaults: capacity 500, retry 5, timeout retry 10, success refill 1.
    pub fn new() -> Self {
        Self::from_parts(
            DEFAULT_CAPACITY,
            DEFAULT_RETRY_COST,
            DEFAULT_TIMEOUT_RETRY_COST,
            DEFAULT_SUCCESS_REFILL,
        )
    }

    /// Sets the number of tokens the bucket holds when full (and starts with).
    pub fn capacity(self, capacity: u32) -> Self {
        let i = &self.inner;
        Self::from_parts(
            capacity,
            i.retry_cost,
            i.timeout_retry_cost,
            i.success_refill,
        )
    }

    /// Sets the cost of a retry after anything but a timeout; 0 makes such retries free.
    pub fn retry_cost(self, cost: u32) -> Self {
        let i = &self.inner;
        Self::from_parts(i.capacity, cost, i.timeout_retry_cost, i.success_refill)
    }

    /// Sets the cost of a retry after an attempt timed out; 0 makes such retries free.
    pub fn timeout_retry_cost(self, cost: u32) -> Self {
        let i = &self.inner;
        Self::from_parts(i.capacity, i.retry_cost, cost, i.success_refill)
    }

    /// Sets how many tokens a call that succeeds on its first attempt puts back.
    pub fn success_refill(self, tokens: u32) -> Self {
        let i = &self.inner;
        Self::from_parts(i.capacity, i.retry_cost, i.timeout_retry_cost, tokens)
    }

    /// The tokens left right now.
    pub fn available(&self) -> u32 {
        self.inner.available.load(Ordering::Relaxed)
    }

    fn from_parts(capacity: u32, retry_cost: u32, timeout_retry_cost: u32, refill: u32) -> Self {
        Self {
            inner: Arc::new(Inner {
                capacity,
                retry_cost,
                timeout_retry_cost,
                success_refill: refill,
                available: AtomicU32::new(capacity),
            }),
        }
    }

    /// Takes the cost of one retry; `None` when the bucket cannot pay it (nothing is taken).
    /// `Some(cost)` is what was taken, to give back if the call then succeeds.
    pub(crate) fn try_spend(&self, after_timeout: bool) -> Option<u32> {
        let cost = if after_timeout {
            self.inner.timeout_retry_cost
        } else {
            self.inner.retry_cost
        };
        self.inner
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |a| a.checked_sub(cost))
            .ok()
            .map(|_| cost)
    }

    /// Records a successful call: `last_retry_cost` is what its last retry spent, if it retried.
    pub(crate) fn record_success(&self, last_retry_cost: Option<u32>) {
        let tokens = last_retry_cost.unwrap_or(self.inner.success_refill);
        let capacity = self.inner.capacity;
        // The closure always returns Some, so the update cannot fail.
        let _ = self
            .inner
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |a| {
                Some(a.saturating_add(tokens).min(capacity))
            });
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("RetryBudget")
            .field("available", &self.available())
            .field("capacity", &i.capacity)
            .field("retry_cost", &i.retry_cost)
            .field("timeout_retry_cost", &i.timeout_retry_cost)
            .field("success_refill", &i.success_refill)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_budget_pays_for_100_retries() {
        let budget = RetryBudget::new();
        let paid = std::iter::from_fn(|| budget.try_spend(false))
            .take(1_000)
            .count();
        assert_eq!(paid, 100);
        assert_eq!(budget.available(), 0);
    }

    #[test]
    fn timeout_retries_cost_double() {
        let budget = RetryBudget::new().capacity(30);
        assert_eq!(budget.try_spend(true), Some(10));
        assert_eq!(budget.try_spend(false), Some(5));
        assert_eq!(budget.available(), 15);
    }

    #[test]
    fn a_retry_the_bucket_cannot_pay_takes_nothing() {
        let budget = RetryBudget::new().capacity(7);
        assert_eq!(budget.try_spend(true), None);
        assert_eq!(budget.available(), 7);
        assert_eq!(budget.try_spend(false), Some(5));
        assert_eq!(budget.try_spend(false), None);
        assert_eq!(budget.available(), 2);
    }

    #[test]
    fn success_after_retry_returns_the_last_retry_cost() {
        let budget = RetryBudget::new().capacity(20);
        let spent = budget.try_spend(true);
        assert_eq!(budget.available(), 10);
        budget.record_success(spent);
        assert_eq!(budget.available(), 20);
    }

    #[test]
    fn first_attempt_success_refills_one_token_up_to_capacity() {
        let budget = RetryBudget::new().capacity(6);
        let _ = budget.try_spend(false);
        budget.record_success(None);
        assert_eq!(budget.available(), 2);
        for _ in 0..10 {
            budget.record_success(None);
        }
        assert_eq!(budget.available(), 6);
    }

    #[test]
    fn clones_share_one_bucket() {
        let budget = RetryBudget::new().capacity(10);
        let clone = budget.clone();
        assert!(clone.try_spend(false).is_some());
        assert!(budget.try_spend(false).is_some());
        assert_eq!(budget.try_spend(false), None);
        assert_eq!(clone.available(), 0);
    }

    #[test]
    fn zero_cost_retries_are_unlimited() {
        let budget = RetryBudget::new().capacity(0).retry_cost(0);
        assert!((0..1_000).all(|_| budget.try_spend(false).is_some()));
    }
}
