//! What every request handler shares.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use api_core::mock_kit::MockClock;

use super::controls::MockControls;
use super::data::Organisation;
use super::paging::TokenKey;
use super::rate_limit::KeyedBuckets;

/// The shape the mock answers `GET /v1/accounts/{id}/usedBy` with. Push documents a single bare
/// object although the call takes paging parameters; the real shape is UNVERIFIED, so tests can
/// try both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum UsedByShape {
    /// `{"result": [...], "paging": {...}}`, paged like the other lists.
    #[default]
    Envelope,
    /// The first usage as a bare object, as the vendor's reference shows.
    BareObject,
}

pub(crate) struct MockState {
    org: RwLock<Organisation>,
    pub(crate) controls: MockControls,
    pub(crate) full_access_key: String,
    pub(crate) read_only_key: String,
    pub(crate) buckets: KeyedBuckets,
    pub(crate) token_key: TokenKey,
    pub(crate) used_by_shape: UsedByShape,
    /// The mock's clock; the rate limit refills on it.
    pub(crate) clock: MockClock,
}

pub(crate) type Shared = Arc<MockState>;

impl std::fmt::Debug for MockState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockState")
            .field("used_by_shape", &self.used_by_shape)
            .finish_non_exhaustive()
    }
}

impl MockState {
    pub(crate) fn new(
        org: Organisation,
        controls: MockControls,
        keys: (String, String),
        token_key: TokenKey,
        used_by_shape: UsedByShape,
        clock: MockClock,
    ) -> Self {
        Self {
            org: RwLock::new(org),
            controls,
            full_access_key: keys.0,
            read_only_key: keys.1,
            buckets: KeyedBuckets::default(),
            token_key,
            used_by_shape,
            clock,
        }
    }

    // A handler that panicked (a bug) must not wedge every later request, hence into_inner.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Organisation> {
        self.org.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Organisation> {
        self.org.write().unwrap_or_else(PoisonError::into_inner)
    }
}
