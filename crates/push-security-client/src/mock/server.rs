//! Starting and stopping the mock: [`MockBuilder`] and the [`MockPushSecurity`] handle.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use api_core::mock_kit::{Fault, MockKit, RecordedRequest, RunningServer};
use fastrand::Rng;

use super::controls::{ControlsConfig, MockControls, default_random_faults};
use super::data::records::Identified;
use super::data::{DatasetSize, Organisation, generate};
use super::gate::PushSecurityAnswers;
use super::paging::TokenKey;
use super::rate_limit::MockRateLimit;
use super::state::{MockState, Shared, UsedByShape};

/// Configures a mock before it starts. Get one from [`MockPushSecurity::builder`].
#[derive(Clone, Debug)]
pub struct MockBuilder {
    seed: u64,
    size: DatasetSize,
    latency: Duration,
    error_rate: f64,
    random_faults: Vec<Fault>,
    rate_limit: Option<MockRateLimit>,
    retry_after_header: bool,
    used_by_shape: UsedByShape,
    chatops_working: bool,
}

impl Default for MockBuilder {
    fn default() -> Self {
        Self {
            seed: 42,
            size: DatasetSize::default(),
            latency: Duration::ZERO,
            error_rate: 0.0,
            random_faults: default_random_faults(),
            rate_limit: Some(MockRateLimit::PUSH_DEFAULT),
            retry_after_header: false,
            used_by_shape: UsedByShape::default(),
            chatops_working: true,
        }
    }
}

impl MockBuilder {
    /// Seeds the generated data, the API keys, the tokens and the random faults (default 42).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The size of the generated organisation.
    pub fn dataset(mut self, size: DatasetSize) -> Self {
        self.size = size;
        self
    }

    /// Shorthand for [`DatasetSize::scaled_to_accounts`]: `accounts` accounts and everything else
    /// in proportion.
    pub fn accounts(mut self, accounts: usize) -> Self {
        self.size = DatasetSize::scaled_to_accounts(accounts);
        self
    }

    /// Delays every answer (default none).
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Answers this share of requests (0.0 to 1.0) with a seeded random fault (default 0); see
    /// [`MockControls::set_error_rate`].
    pub fn error_rate(mut self, rate: f64) -> Self {
        self.error_rate = rate;
        self
    }

    /// The faults random draws pick from (default: [`default_random_faults`](super::default_random_faults)).
    pub fn random_faults(mut self, faults: &[Fault]) -> Self {
        self.random_faults = faults.to_vec();
        self
    }

    /// The rate limit enforced per API key (default [`MockRateLimit::PUSH_DEFAULT`]: 10 per
    /// second, capacity 20).
    pub fn rate_limit(mut self, limit: MockRateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Turns the rate limit off.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = None;
        self
    }

    /// Whether 429 answers carry `Retry-After` (default false, as Push documents none).
    pub fn retry_after_header(mut self, on: bool) -> Self {
        self.retry_after_header = on;
        self
    }

    /// The shape of the `usedBy` answer (default: the list envelope).
    pub fn used_by_shape(mut self, shape: UsedByShape) -> Self {
        self.used_by_shape = shape;
        self
    }

    /// Whether the chat integration works, i.e. ChatOps may be switched on (default true).
    pub fn chatops_working(mut self, working: bool) -> Self {
        self.chatops_working = working;
        self
    }

    /// Generates the organisation and starts serving on `127.0.0.1` at a free port, on the
    /// current Tokio runtime. Fails only when no local port can be bound.
    pub async fn start(self) -> std::io::Result<MockPushSecurity> {
        let mut rng = Rng::with_seed(self.seed);
        let full_access_key = format!("psk_mock_full_{:016x}", rng.u64(..));
        let read_only_key = format!("psk_mock_read_{:016x}", rng.u64(..));
        let token_key = TokenKey(rng.u64(..));
        let kit = MockKit::new();
        let controls = MockControls::new(
            ControlsConfig {
                latency: self.latency,
                error_rate: self.error_rate,
                random_faults: self.random_faults,
                fault_seed: rng.u64(..),
                rate_limit: self.rate_limit,
                retry_after_header: self.retry_after_header,
                chatops_working: self.chatops_working,
            },
            kit.clone(),
        );
        let org = generate(self.seed, &self.size);
        let state: Shared = Arc::new(MockState::new(
            org,
            controls.clone(),
            (full_access_key.clone(), read_only_key.clone()),
            token_key,
            self.used_by_shape,
            kit.clock().clone(),
        ));
        let app = super::routes::router(state.clone()).layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::gate::gate,
        ));
        let app = kit.layer(app, Arc::new(PushSecurityAnswers(controls.clone())));
        let server = RunningServer::start(app).await?;
        let base_url = server.base_url();
        let client = builder_for(&base_url, &full_access_key)
            .build()
            .map_err(std::io::Error::other)?;
        Ok(MockPushSecurity {
            inner: Arc::new(Inner {
                address: server.address(),
                base_url,
                full_access_key,
                read_only_key,
                controls,
                state,
                kit,
                client,
                _server: server,
            }),
        })
    }
}

fn builder_for(base_url: &str, api_key: &str) -> crate::ClientBuilder {
    crate::Client::builder()
        .base_url(base_url.to_owned())
        .api_key(api_key.to_owned())
}

/// A running fake of the Push Security API on `127.0.0.1`.
///
/// It serves every operation of the REST API over a generated organisation, with the filters,
/// both paging styles, the API-key check (full-access and read-only keys), the documented rate
/// limit and test controls. See the [module docs](super) for an example.
///
/// Cheap to clone: every clone steers the same mock, from any task or thread; the server stops
/// when the last clone is dropped.
#[derive(Clone)]
pub struct MockPushSecurity {
    inner: Arc<Inner>,
}

struct Inner {
    address: SocketAddr,
    base_url: String,
    full_access_key: String,
    read_only_key: String,
    controls: MockControls,
    state: Shared,
    kit: MockKit,
    client: crate::Client,
    // Dropped with the last handle, which stops the server.
    _server: RunningServer,
}

impl MockPushSecurity {
    /// Starts a mock with the defaults: seed 42, a small organisation, the documented rate
    /// limit, no latency and no faults.
    pub async fn start() -> std::io::Result<Self> {
        Self::builder().start().await
    }

    /// Configures a mock before starting it.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// `http://127.0.0.1:<port>`: pass it to the client's `base_url`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The socket the mock listens on.
    pub fn address(&self) -> SocketAddr {
        self.inner.address
    }

    /// A key allowed to call every endpoint.
    pub fn full_access_key(&self) -> &str {
        &self.inner.full_access_key
    }

    /// A key allowed to read only; writes are refused with 403 (the status is UNVERIFIED upstream).
    pub fn read_only_key(&self) -> &str {
        &self.inner.read_only_key
    }

    /// A client builder already pointed at this mock with the full-access key; add your own
    /// settings before `build()`.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        builder_for(&self.inner.base_url, &self.inner.full_access_key)
    }

    /// A client for this mock with the full-access key and the default settings (rate limited
    /// at 10 requests per second, burst 10). Every call returns a clone of the same client, so
    /// they share one rate limiter, as clones of a client do.
    pub fn client(&self) -> crate::Client {
        self.inner.client.clone()
    }

    /// Queues a fault: the next matching requests (one unless [`Fault::times`] says more) get it
    /// instead of their normal answer, before the key check and the rate limit. Status faults
    /// carry the mock's JSON error body (a 504 is empty; a 429 has `Retry-After` when
    /// [`MockControls::set_retry_after_header`] is on or the fault sets one).
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use push_security_client::mock::{Fault, MockPushSecurity};
    /// let mock = MockPushSecurity::start().await?;
    /// mock.inject(Fault::status(503).times(2));
    /// mock.inject(Fault::html(502).on_path_containing("/v1/accounts"));
    /// # Ok(()) }
    /// ```
    pub fn inject(&self, fault: Fault) {
        self.inner.kit.inject(fault);
    }

    /// Moves the mock's clock forward: the rate-limit buckets refill as if that time had passed.
    pub fn advance_clock(&self, by: Duration) {
        self.inner.kit.advance_clock(by);
    }

    /// Every request received, oldest first, the API key redacted.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.kit.requests()
    }

    /// How many requests were received, whatever the answer (since the start or the last
    /// [`MockControls::reset_counters`]).
    pub fn request_count(&self) -> usize {
        self.inner.kit.request_count()
    }

    /// Latency, the seeded error rate, the rate limit and counters.
    pub fn controls(&self) -> &MockControls {
        &self.inner.controls
    }

    /// Fills every key's rate-limit bucket again, as after a quiet period.
    pub fn refill_rate_limit(&self) {
        self.inner.state.buckets.reset();
    }

    /// The most requests the rate limit let through (all keys together) within any span of
    /// `window` since the start or the last [`refill_rate_limit`](Self::refill_rate_limit): a
    /// test of client-side pacing checks it against the limit. Requests are counted only while a
    /// rate limit is set.
    pub fn most_admitted_within(&self, window: std::time::Duration) -> usize {
        self.inner.state.buckets.most_admitted_within(window)
    }

    /// How many records of each kind the mock holds right now.
    pub fn counts(&self) -> DatasetCounts {
        let org = self.inner.state.read();
        DatasetCounts {
            employees: org.employees.len(),
            apps: org.apps.len(),
            other_apps: org.other_apps.len(),
            accounts: org.accounts.len(),
            other_accounts: org.other_accounts.len(),
            browsers: org.browsers.len(),
            browser_extensions: org.browser_extensions.len(),
            findings: org.findings.len(),
            open_findings: org.findings.iter().filter(|f| f.state == "OPEN").count(),
            detections: org.detections.len(),
            app_banners: org.app_banners.len(),
            enabled_app_banners: org.app_banners.iter().filter(|b| b.enabled).count(),
            blocked_urls: org.blocked_urls.len(),
        }
    }

    /// The ids of every account, in the order the list endpoint returns them.
    pub fn account_ids(&self) -> Vec<String> {
        self.ids(|org| &org.accounts)
    }

    /// The ids of every employee, in list order.
    pub fn employee_ids(&self) -> Vec<String> {
        self.ids(|org| &org.employees)
    }

    /// The ids of every app, in list order.
    pub fn app_ids(&self) -> Vec<String> {
        self.ids(|org| &org.apps)
    }

    /// The ids of every detection, newest first (list order).
    pub fn detection_ids(&self) -> Vec<String> {
        self.ids(|org| &org.detections)
    }

    fn ids<T: Identified>(&self, rows: fn(&Organisation) -> &[T]) -> Vec<String> {
        rows(&self.inner.state.read())
            .iter()
            .map(|record| record.id().to_owned())
            .collect()
    }

    /// The UNIX time every generated timestamp lies before; filters relative to it select
    /// predictable slices of the data.
    pub fn data_epoch(&self) -> i64 {
        super::data::DATA_EPOCH
    }
}

impl std::fmt::Debug for MockPushSecurity {
    /// The address and the dataset's size; never the keys or the records.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockPushSecurity")
            .field("base_url", &self.inner.base_url)
            .field("counts", &self.counts())
            .finish_non_exhaustive()
    }
}

/// How many records of each kind a mock holds; see [`MockPushSecurity::counts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DatasetCounts {
    /// Employees.
    pub employees: usize,
    /// Apps.
    pub apps: usize,
    /// "Other" apps.
    pub other_apps: usize,
    /// Accounts.
    pub accounts: usize,
    /// Accounts on "other" apps.
    pub other_accounts: usize,
    /// Browsers.
    pub browsers: usize,
    /// Browser extensions.
    pub browser_extensions: usize,
    /// Findings in any state.
    pub findings: usize,
    /// Findings in the `OPEN` state.
    pub open_findings: usize,
    /// Detections.
    pub detections: usize,
    /// App banners, enabled or not.
    pub app_banners: usize,
    /// Enabled app banners (what the list shows by default).
    pub enabled_app_banners: usize,
    /// Blocked URL patterns.
    pub blocked_urls: usize,
}
