//! The retry policy (what a caller configures) and the per-call retry driver the attempt loop uses.

use std::time::{Duration, Instant};

use crate::backoff::full_jitter;
use crate::classify::{AttemptOutcome, RetryClassifier, RetryDecision, default_decision};
use crate::classify::{is_timeout, outcome_retry_after};
use crate::clock::Clock;
use crate::retry_budget::RetryBudget;

const DEFAULT_MAX_ATTEMPTS: u32 = 3;
const DEFAULT_BASE: Duration = Duration::from_millis(500);
const DEFAULT_CAP: Duration = Duration::from_secs(20);
const DEFAULT_TOTAL_BUDGET: Duration = Duration::from_secs(60);
const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How often and how patiently a call is retried.
///
/// Defaults: 3 attempts in total; full-jitter exponential backoff, the `n`-th retry (from 0)
/// waiting `rand(0, min(cap, base * 2^n))` with base 500 ms and cap 20 s; a total time budget of
/// 60 s for the call's attempts and waits; a server's `Retry-After` is honoured as the floor of
/// the next delay up to 60 s, and a longer one ends the call with [`Error::RateLimited`]
/// carrying the server's value.
///
/// Which outcomes are retryable at all is decided by the request's idempotency and the client's
/// [`RetryClassifier`]; the client's [`RetryBudget`] can stop retries early.
///
/// ```
/// use std::time::Duration;
/// use api_core::RetryPolicy;
///
/// let patient = RetryPolicy::new()
///     .max_attempts(5)
///     .backoff(Duration::from_secs(1), Duration::from_secs(30))
///     .total_budget(Duration::from_secs(120))
///     .max_retry_after(Duration::from_secs(90));
/// let once = RetryPolicy::no_retries();
/// # let _ = (patient, once);
/// ```
///
/// [`Error::RateLimited`]: crate::Error::RateLimited
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base: Duration,
    cap: Duration,
    total_budget: Duration,
    max_retry_after: Duration,
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            base: DEFAULT_BASE,
            cap: DEFAULT_CAP,
            total_budget: DEFAULT_TOTAL_BUDGET,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }

    /// A single attempt, never retried.
    pub fn no_retries() -> Self {
        Self::new().max_attempts(1)
    }

    /// Sets the number of attempts in total, the first included; 0 is taken as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff: the `n`-th retry (from 0) waits `rand(0, min(cap, base * 2^n))`.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.base = base;
        self.cap = cap;
        self
    }

    /// Sets the total time budget: no retry is started whose delay would end after this much
    /// time since the call began.
    pub fn total_budget(mut self, budget: Duration) -> Self {
        self.total_budget = budget;
        self
    }

    /// Sets the longest `Retry-After` the call waits for; a longer one ends the call with a
    /// rate-limited error carrying the server's value.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new()
    }
}

/// What the attempt loop does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryStep {
    /// Sleep this long with the client's [`Clock::sleep`], then make another attempt.
    RetryAfter(Duration),
    /// Stop and return this attempt's error.
    GiveUp(GiveUpReason),
}

/// Why the attempt loop stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GiveUpReason {
    /// The outcome is final: the default classification or the API's classifier says so.
    NotRetryable,
    /// The policy's attempts are used up.
    AttemptsExhausted,
    /// The client's retry budget cannot pay for another retry.
    BudgetExhausted,
    /// The next delay would end after the policy's total time budget.
    TotalBudgetExceeded,
    /// The server asked to wait longer than the policy allows; the call must fail with
    /// `Error::RateLimited` carrying this value.
    RetryAfterAboveMax {
        /// The server's `Retry-After`.
        retry_after: Duration,
    },
}

/// The retry driver of one call: the attempt loop reports each attempt, this decides what next.
///
/// Use, in `Client::execute` (one `RetryState` per call, created before the first attempt so
/// the total budget counts from the call's start):
///
/// ```text
/// let mut retry = RetryState::new(&policy, &clock, &budget);
/// loop {
///     limiter.acquire().await;                       // every attempt, retries included
///     let outcome = /* send one attempt */;
///     if /* 2xx */ { retry.on_success(); return Ok(response); }
///     let error = /* turn the outcome into an Error */;
///     match retry.after_attempt(&AttemptOutcome::Error(&error), req.is_idempotent(), classifier) {
///         RetryStep::RetryAfter(delay) => clock.sleep(delay).await,
///         RetryStep::GiveUp(GiveUpReason::RetryAfterAboveMax { retry_after }) =>
///             return Err(/* Error::RateLimited { retry_after: Some(retry_after), .. } */),
///         RetryStep::GiveUp(_) => return Err(error),
///     }
/// }
/// ```
///
/// `after_attempt` accepts the outcome either as [`AttemptOutcome::Response`] (status, headers,
/// body; `Retry-After` is read from the headers against [`Clock::system_time`]) or as
/// [`AttemptOutcome::Error`] (`Retry-After` from `Error::retry_after`). A 2xx given to
/// `after_attempt` is not retried unless the classifier says so.
///
/// It borrows the policy, clock and budget rather than cloning them: it lives in the attempt
/// loop's future, and every byte there is copied each time that future moves.
#[derive(Debug)]
pub(crate) struct RetryState<'a> {
    policy: &'a RetryPolicy,
    clock: &'a Clock,
    budget: &'a RetryBudget,
    started: Instant,
    attempts: u32,
    last_retry_cost: Option<u32>,
}

impl<'a> RetryState<'a> {
    /// Starts the driver for one call; the total time budget counts from now.
    pub(crate) fn new(policy: &'a RetryPolicy, clock: &'a Clock, budget: &'a RetryBudget) -> Self {
        Self {
            policy,
            clock,
            budget,
            started: clock.now(),
            attempts: 0,
            last_retry_cost: None,
        }
    }

    /// When the call started: the clock's reading when this driver was made.
    pub(crate) fn started(&self) -> Instant {
        self.started
    }

    /// Records one failed (or classifier-inspected) attempt and decides: retry after a delay, or
    /// give up. Checks, in order: classification (the classifier's `Some` wins over the
    /// default), attempts left, `Retry-After` against its maximum, the total time budget, then
    /// pays the retry from the budget (only when everything else allows the retry).
    pub(crate) fn after_attempt(
        &mut self,
        outcome: &AttemptOutcome<'_>,
        idempotent: bool,
        classifier: Option<&dyn RetryClassifier>,
    ) -> RetryStep {
        self.attempts = self.attempts.saturating_add(1);
        let decision = classifier
            .and_then(|c| c.classify(outcome, idempotent))
            .unwrap_or_else(|| default_decision(outcome, idempotent));
        if decision == RetryDecision::DoNotRetry {
            return RetryStep::GiveUp(GiveUpReason::NotRetryable);
        }
        if self.attempts >= self.policy.max_attempts {
            return RetryStep::GiveUp(GiveUpReason::AttemptsExhausted);
        }
        let retry_after = outcome_retry_after(outcome, self.clock.system_time());
        if let Some(retry_after) = retry_after
            && retry_after > self.policy.max_retry_after
        {
            return RetryStep::GiveUp(GiveUpReason::RetryAfterAboveMax { retry_after });
        }
        let retry_index = self.attempts - 1;
        let jitter = full_jitter(retry_index, self.policy.base, self.policy.cap, self.clock);
        let delay = retry_after.map_or(jitter, |floor| jitter.max(floor));
        let elapsed = self.clock.now().saturating_duration_since(self.started);
        if elapsed.saturating_add(delay) > self.policy.total_budget {
            return RetryStep::GiveUp(GiveUpReason::TotalBudgetExceeded);
        }
        match self.budget.try_spend(is_timeout(outcome)) {
            Some(cost) => {
                self.last_retry_cost = Some(cost);
                RetryStep::RetryAfter(delay)
            }
            None => RetryStep::GiveUp(GiveUpReason::BudgetExhausted),
        }
    }

    /// Records that the call succeeded, refilling the retry budget.
    pub(crate) fn on_success(&mut self) {
        self.budget.record_success(self.last_retry_cost.take());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::SystemTime;

    use http::header::RETRY_AFTER;
    use http::{HeaderMap, HeaderValue, StatusCode};

    use super::*;
    use crate::backoff::ceiling;

    const SEED: u64 = 77;

    fn clock() -> Clock {
        Clock::tokio().with_rng_seed(SEED)
    }

    /// The delays the seeded clock draws for retries 0, 1, 2, ... under `policy`.
    fn expected_jitter(policy: &RetryPolicy, retries: u32) -> Vec<Duration> {
        let reference = clock();
        (0..retries)
            .map(|n| full_jitter(n, policy.base, policy.cap, &reference))
            .collect()
    }

    fn status(code: u16, headers: &HeaderMap) -> AttemptOutcome<'_> {
        AttemptOutcome::Response {
            status: StatusCode::from_u16(code).unwrap(),
            headers,
            body: b"",
        }
    }

    fn delays_until_give_up(
        state: &mut RetryState<'_>,
        outcome: &AttemptOutcome<'_>,
        idempotent: bool,
    ) -> (Vec<Duration>, GiveUpReason) {
        let mut delays = Vec::new();
        loop {
            match state.after_attempt(outcome, idempotent, None) {
                RetryStep::RetryAfter(d) => delays.push(d),
                RetryStep::GiveUp(reason) => return (delays, reason),
            }
        }
    }

    #[test]
    fn defaults_match_the_documented_policy() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_attempts, 3);
        assert_eq!(p.base, Duration::from_millis(500));
        assert_eq!(p.cap, Duration::from_secs(20));
        assert_eq!(p.total_budget, Duration::from_secs(60));
        assert_eq!(p.max_retry_after, Duration::from_secs(60));
        assert_eq!(RetryPolicy::no_retries().max_attempts, 1);
        assert_eq!(RetryPolicy::new().max_attempts(0).max_attempts, 1);
    }

    #[test]
    fn retries_stop_at_max_attempts_with_jittered_delays() {
        let policy = RetryPolicy::new().max_attempts(4);
        let (owned_policy, owned_clock, owned_budget) =
            (policy.clone(), clock(), RetryBudget::new());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let headers = HeaderMap::new();
        let (delays, reason) = delays_until_give_up(&mut state, &status(503, &headers), true);
        assert_eq!(reason, GiveUpReason::AttemptsExhausted);
        assert_eq!(delays, expected_jitter(&policy, 3));
        for (n, d) in (0u32..).zip(&delays) {
            assert!(*d <= ceiling(n, policy.base, policy.cap));
        }
    }

    #[test]
    fn non_retryable_outcome_gives_up_at_once() {
        let (owned_policy, owned_clock, owned_budget) =
            (RetryPolicy::new(), clock(), RetryBudget::new());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let headers = HeaderMap::new();
        let step = state.after_attempt(&status(500, &headers), false, None);
        assert_eq!(step, RetryStep::GiveUp(GiveUpReason::NotRetryable));
    }

    #[test]
    fn retry_after_is_the_floor_of_the_delay() {
        let policy = RetryPolicy::new().max_attempts(2);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("45"));
        let (owned_policy, owned_clock, owned_budget) =
            (policy.clone(), clock(), RetryBudget::new());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(429, &headers), false, None);
        assert_eq!(step, RetryStep::RetryAfter(Duration::from_secs(45)));
    }

    #[test]
    fn jitter_above_a_short_retry_after_is_kept() {
        let policy = RetryPolicy::new()
            .max_attempts(2)
            .backoff(Duration::from_secs(10), Duration::from_secs(10));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("0"));
        let (owned_policy, owned_clock, owned_budget) =
            (policy.clone(), clock(), RetryBudget::new());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(429, &headers), false, None);
        assert_eq!(step, RetryStep::RetryAfter(expected_jitter(&policy, 1)[0]));
    }

    #[test]
    fn retry_after_http_date_is_measured_on_the_runtime_wall_clock() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let rt = clock().with_wall_clock(move || now);
        let mut headers = HeaderMap::new();
        let date = httpdate::fmt_http_date(now + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let (policy, budget) = (RetryPolicy::new(), RetryBudget::new());
        let mut state = RetryState::new(&policy, &rt, &budget);
        let step = state.after_attempt(&status(503, &headers), true, None);
        assert_eq!(step, RetryStep::RetryAfter(Duration::from_secs(30)));
    }

    #[test]
    fn retry_after_above_max_gives_up_with_the_server_value() {
        let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(10));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("11"));
        let (owned_policy, owned_clock, owned_budget) =
            (policy.clone(), clock(), RetryBudget::new());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(429, &headers), true, None);
        let retry_after = Duration::from_secs(11);
        assert_eq!(
            step,
            RetryStep::GiveUp(GiveUpReason::RetryAfterAboveMax { retry_after })
        );
    }

    #[test]
    fn total_budget_ends_retries_on_the_injected_clock() {
        let start = Instant::now();
        let offset = Arc::new(Mutex::new(Duration::ZERO));
        let clock_offset = Arc::clone(&offset);
        let rt = clock().with_clock(move || start + *clock_offset.lock().unwrap());
        let policy = RetryPolicy::new()
            .max_attempts(10)
            .backoff(Duration::ZERO, Duration::ZERO)
            .total_budget(Duration::from_secs(5));
        let budget = RetryBudget::new();
        let mut state = RetryState::new(&policy, &rt, &budget);
        let headers = HeaderMap::new();
        let outcome = status(502, &headers);
        assert_eq!(
            state.after_attempt(&outcome, true, None),
            RetryStep::RetryAfter(Duration::ZERO)
        );
        *offset.lock().unwrap() = Duration::from_secs(5);
        assert_eq!(
            state.after_attempt(&outcome, true, None),
            RetryStep::RetryAfter(Duration::ZERO)
        );
        *offset.lock().unwrap() = Duration::from_millis(5_001);
        assert_eq!(
            state.after_attempt(&outcome, true, None),
            RetryStep::GiveUp(GiveUpReason::TotalBudgetExceeded)
        );
    }

    #[test]
    fn a_delay_ending_past_the_total_budget_is_not_started() {
        let policy = RetryPolicy::new().total_budget(Duration::from_secs(5));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("6"));
        let (owned_policy, owned_clock, owned_budget) =
            (policy.clone(), clock(), RetryBudget::new());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(429, &headers), true, None);
        assert_eq!(step, RetryStep::GiveUp(GiveUpReason::TotalBudgetExceeded));
    }

    #[test]
    fn budget_exhaustion_stops_retrying() {
        let budget = RetryBudget::new().capacity(10);
        let policy = RetryPolicy::new().max_attempts(100);
        let headers = HeaderMap::new();
        let (owned_policy, owned_clock, owned_budget) = (policy.clone(), clock(), budget.clone());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let (delays, reason) = delays_until_give_up(&mut state, &status(500, &headers), true);
        assert_eq!(delays.len(), 2);
        assert_eq!(reason, GiveUpReason::BudgetExhausted);
        // The next call, sharing the budget, gets no retry at all.
        let (owned_policy, owned_clock, owned_budget) = (policy.clone(), clock(), budget.clone());
        let mut next = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let (delays, reason) = delays_until_give_up(&mut next, &status(500, &headers), true);
        assert!(delays.is_empty());
        assert_eq!(reason, GiveUpReason::BudgetExhausted);
    }

    #[test]
    fn success_after_retry_returns_the_retry_cost_to_the_budget() {
        let budget = RetryBudget::new().capacity(10);
        let headers = HeaderMap::new();
        let (owned_policy, owned_clock, owned_budget) =
            (RetryPolicy::new(), clock(), budget.clone());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        assert!(matches!(
            state.after_attempt(&status(503, &headers), true, None),
            RetryStep::RetryAfter(_)
        ));
        assert_eq!(budget.available(), 5);
        state.on_success();
        assert_eq!(budget.available(), 10);
    }

    #[test]
    fn a_refused_retry_spends_no_budget() {
        let budget = RetryBudget::new().capacity(10);
        let headers = HeaderMap::new();
        let (owned_policy, owned_clock, owned_budget) =
            (RetryPolicy::no_retries(), clock(), budget.clone());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(503, &headers), true, None);
        assert_eq!(step, RetryStep::GiveUp(GiveUpReason::AttemptsExhausted));
        assert_eq!(budget.available(), 10);
    }

    #[derive(Debug)]
    struct Fixed(Option<RetryDecision>);

    impl RetryClassifier for Fixed {
        fn classify(&self, _: &AttemptOutcome<'_>, _: bool) -> Option<RetryDecision> {
            self.0
        }
    }

    #[test]
    fn classifier_hook_overrides_default() {
        let headers = HeaderMap::new();
        let policy = RetryPolicy::new();
        let budget = RetryBudget::new();

        let retry_409 = Fixed(Some(RetryDecision::Retry));
        let (owned_policy, owned_clock, owned_budget) = (policy.clone(), clock(), budget.clone());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(409, &headers), false, Some(&retry_409));
        assert!(matches!(step, RetryStep::RetryAfter(_)));

        let never = Fixed(Some(RetryDecision::DoNotRetry));
        let (owned_policy, owned_clock, owned_budget) = (policy.clone(), clock(), budget.clone());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(503, &headers), true, Some(&never));
        assert_eq!(step, RetryStep::GiveUp(GiveUpReason::NotRetryable));

        let abstain = Fixed(None);
        let (owned_policy, owned_clock, owned_budget) = (policy.clone(), clock(), budget.clone());
        let mut state = RetryState::new(&owned_policy, &owned_clock, &owned_budget);
        let step = state.after_attempt(&status(503, &headers), true, Some(&abstain));
        assert!(matches!(step, RetryStep::RetryAfter(_)));
    }
}
