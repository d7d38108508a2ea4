//! What the mock remembers: sessions and registered devices, behind one lock that is never held across an
//! await. Faults, recorded requests and the clock are the shared mock kit's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use api_core::mock_kit::MockClock;

use super::session::{MockSession, SentNotification};
use super::timestamp::TimestampStyle;
use super::wire::SessionJson;

/// The documented default lifetime of a session: 24 hours.
pub(crate) const DEFAULT_SECONDS_TO_EXPIRE: i64 = 86_400;
/// The status of a session nobody has answered yet.
pub(crate) const PENDING: &str = "sent";

/// Shared between the handle and the server's handlers.
pub(crate) type Shared = Arc<Mutex<State>>;

pub(crate) fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    // A panicking handler cannot leave the maps half-updated in a way later requests would trip over.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) api_key: String,
    pub(crate) clock: MockClock,
    pub(crate) style: TimestampStyle,
    pub(crate) devices: HashMap<String, u32>,
    /// Sessions by id, held in the shape tests read them back in.
    pub(crate) sessions: HashMap<String, MockSession>,
    pub(crate) creation_order: Vec<String>,
}

impl State {
    pub(crate) fn new(api_key: String, clock: MockClock) -> Self {
        Self {
            api_key,
            clock,
            style: TimestampStyle::default(),
            devices: HashMap::new(),
            sessions: HashMap::new(),
            creation_order: Vec::new(),
        }
    }

    /// Stores a new pending session and returns its id. `None` when the expiry is past the end of time.
    pub(crate) fn create(
        &mut self,
        user: String,
        notification: SentNotification,
        seconds_to_expire: i64,
    ) -> Option<String> {
        let now = self.clock.now();
        let expires_at = now.checked_add(time::Duration::seconds(seconds_to_expire))?;
        let id = format!("mock-session-{}", self.creation_order.len() + 1);
        let notification_count = self.devices.get(&user).copied().unwrap_or(0);
        self.sessions.insert(
            id.clone(),
            MockSession {
                id: id.clone(),
                user,
                notification,
                seconds_to_expire,
                status: PENDING.to_owned(),
                detail: None,
                notification_count,
                expires_at,
                updated_at: now,
            },
        );
        self.creation_order.push(id.clone());
        Some(id)
    }

    /// The session with `id`, with a pending session turned `expired` once its time is up.
    pub(crate) fn session_mut(&mut self, id: &str) -> Option<&mut MockSession> {
        let now = self.clock.now();
        let session = self.sessions.get_mut(id)?;
        if session.status == PENDING && now >= session.expires_at {
            session.status = "expired".to_owned();
            session.updated_at = session.expires_at;
        }
        Some(session)
    }

    /// Sets the status (and detail) of a session and stamps `updatedAt`.
    pub(crate) fn set_status(&mut self, id: &str, status: &str, detail: Option<String>) -> bool {
        let now = self.clock.now();
        match self.session_mut(id) {
            Some(session) => {
                session.status = status.to_owned();
                session.detail = detail;
                session.updated_at = now;
                true
            }
            None => false,
        }
    }

    pub(crate) fn to_json(&self, session: &MockSession) -> SessionJson {
        SessionJson {
            id: session.id.clone(),
            status: session.status.clone(),
            notification_count: session.notification_count,
            detail: session.detail.clone(),
            expires_at: self.style.format(session.expires_at),
            updated_at: self.style.format(session.updated_at),
        }
    }

    /// A copy of the session with `id`, expired first if its time is up.
    pub(crate) fn snapshot(&mut self, id: &str) -> Option<MockSession> {
        self.session_mut(id).cloned()
    }
}
