//! A fake PushAuth service for tests (feature `mock`).
//!
//! [`MockPushAuth::start`] runs an HTTP server on `127.0.0.1` inside your test's tokio runtime, with the three
//! session endpoints, the documented JSON shapes and status codes, the `X-API-Key` check and expiry after
//! `secondsToExpire`. Your test plays the user's phone: register devices, then accept, reject or fail a
//! session, expire it, or serve a status the client has never seen. It can also inject failures and count
//! requests. Every handle is cheap to clone and can be moved into a spawned task; the server stops when the
//! last clone is dropped.
//!
//! The mock keeps its own idea of the wire format (it does not reuse the client's models), and it is stricter
//! than the real service is known to be: it refuses unknown JSON fields, so a client that sends more than
//! the documented fields fails. Where the real service's behaviour is UNVERIFIED, the mock picks one answer,
//! as this table says:
//!
//! | situation | the mock answers |
//! |---|---|
//! | missing or wrong `X-API-Key` | `401` `unauthorized` (UNVERIFIED) |
//! | invalid JSON, unknown field, empty `user`, negative `secondsToExpire` | `400` `badRequest` |
//! | unknown session id | `400` `badRequest`, the only error the reference documents for GET and PATCH |
//! | PATCH with any status but `canceled` | `400` `badRequest` |
//! | PATCH on a session that is no longer `sent` | `400` `badRequest` (UNVERIFIED) |
//! | a user with no registered device | `201` with `notificationCount: 0` (UNVERIFIED) |
//!
//! # Example: a test of your own sign-in flow
//!
//! ```
//! use pushauth_client::mock::{Answer, MockPushAuth};
//!
//! // In your crate this is a `#[tokio::test]`.
//! async fn sign_in_is_approved_when_the_user_accepts() -> Result<(), Box<dyn std::error::Error>> {
//!     let mock = MockPushAuth::start().await?;
//!     mock.register_device("user-42");
//!     let client = mock.client();
//!
//!     let session = client.sessions().create("user-42").await?;
//!     mock.answer_with_detail(&session.id, Answer::Accept, "Face ID")?;
//!
//!     let done = client.sessions().wait(&session.id).await?;
//!     assert!(done.status.is_accepted());
//!     assert_eq!(done.detail.as_deref(), Some("Face ID"));
//!     Ok(())
//! }
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! #     sign_in_is_approved_when_the_user_accepts().await
//! # }
//! ```

mod fault;
mod routes;
mod session;
mod state;
mod timestamp;
mod wire;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_core::mock_kit::{MockKit, RunningServer};

pub use api_core::mock_kit::{Fault, RecordedRequest};
pub use session::{Answer, MockError, MockSession, SentNotification};
pub use timestamp::TimestampStyle;

use crate::{Client, ClientBuilder};
use state::{PENDING, Shared, State, lock};

/// The API key every mock accepts.
const MOCK_API_KEY: &str = "mock-pushauth-api-key";

/// A running fake PushAuth service. Cheap to clone: every clone steers the same server, from any
/// task or thread; the server stops when the last clone is dropped.
#[derive(Clone)]
pub struct MockPushAuth {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    api_key: String,
    shared: Shared,
    kit: MockKit,
    client: Client,
    // Dropped with the last handle, which stops the server.
    _server: RunningServer,
}

impl fmt::Debug for MockPushAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockPushAuth")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

impl MockPushAuth {
    /// Starts the server on a free port of `127.0.0.1`, inside the current tokio runtime.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// assert!(mock.base_url().starts_with("http://127.0.0.1:"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start() -> std::io::Result<Self> {
        let kit = MockKit::new();
        let shared: Shared = Arc::new(Mutex::new(State::new(
            MOCK_API_KEY.to_owned(),
            kit.clock().clone(),
        )));
        let router = kit.layer(
            routes::router(shared.clone()),
            Arc::new(fault::PushAuthAnswers),
        );
        let server = RunningServer::start(router).await?;
        let base_url = server.base_url();
        let client = builder_for(&base_url, MOCK_API_KEY)
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Self {
            inner: Arc::new(Inner {
                base_url,
                api_key: MOCK_API_KEY.to_owned(),
                shared,
                kit,
                client,
                _server: server,
            }),
        })
    }

    /// The URL to give the client: `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The API key the mock accepts in `X-API-Key`; any other key gets `401`.
    pub fn api_key(&self) -> &str {
        &self.inner.api_key
    }

    /// A client for this mock, with its API key and the crate's default settings. Every call
    /// returns a clone of the same client (one connection pool).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// let session = mock.client().sessions().create("user-42").await?;
    /// assert_eq!(mock.sessions_created(), 1);
    /// # let _ = session;
    /// # Ok(())
    /// # }
    /// ```
    pub fn client(&self) -> Client {
        self.inner.client.clone()
    }

    /// A client builder already pointed at this mock with its API key; add your own settings
    /// before `build()`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// let client = mock.client_builder().attempt_timeout(std::time::Duration::from_secs(2)).build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        builder_for(&self.inner.base_url, &self.inner.api_key)
    }

    /// Registers one more device for `user`. A session's `notificationCount` is the number of devices its user
    /// had when it was created; a user with none gets sessions with `notificationCount: 0`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// mock.register_device("user-42"); // a phone
    /// mock.register_device("user-42"); // and a tablet: notificationCount 2
    /// # Ok(())
    /// # }
    /// ```
    pub fn register_device(&self, user: &str) {
        let mut state = lock(&self.inner.shared);
        let devices = state.devices.entry(user.to_owned()).or_insert(0);
        *devices = devices.saturating_add(1);
    }

    /// Answers a pending session as the user's phone would, with no detail string.
    ///
    /// ```no_run
    /// # use pushauth_client::mock::{Answer, MockPushAuth};
    /// # async fn example(mock: &MockPushAuth, session_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// mock.answer(session_id, Answer::Reject)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn answer(&self, id: &str, answer: Answer) -> Result<(), MockError> {
        self.settle(id, answer.status(), None)
    }

    /// Answers a pending session with a detail string, which the service returns in `detail`.
    ///
    /// ```no_run
    /// # use pushauth_client::mock::{Answer, MockPushAuth};
    /// # async fn example(mock: &MockPushAuth, session_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// mock.answer_with_detail(session_id, Answer::Error, "biometrics unavailable")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn answer_with_detail(
        &self,
        id: &str,
        answer: Answer,
        detail: &str,
    ) -> Result<(), MockError> {
        self.settle(id, answer.status(), Some(detail.to_owned()))
    }

    /// Expires a pending session now, as if its `secondsToExpire` had passed.
    ///
    /// ```no_run
    /// # use pushauth_client::mock::MockPushAuth;
    /// # async fn example(mock: &MockPushAuth, session_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// mock.expire_now(session_id)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn expire_now(&self, id: &str) -> Result<(), MockError> {
        self.settle(id, "expired", None)
    }

    /// Gives a session any status string, whatever its current status: for statuses the service may send
    /// but nobody has documented (`dismissed`, say).
    ///
    /// ```no_run
    /// # use pushauth_client::mock::MockPushAuth;
    /// # async fn example(mock: &MockPushAuth, session_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// mock.set_status(session_id, "dismissed")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_status(&self, id: &str, status: &str) -> Result<(), MockError> {
        if lock(&self.inner.shared).set_status(id, status, None) {
            Ok(())
        } else {
            Err(MockError::UnknownSession(id.to_owned()))
        }
    }

    /// Moves the mock's clock forward, so sessions expire without waiting. The clock also follows tokio's
    /// clock, so a test under `#[tokio::test(start_paused = true)]` sees sessions expire as time auto-advances.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// mock.advance_clock(std::time::Duration::from_secs(86_400)); // every default session is now expired
    /// # Ok(())
    /// # }
    /// ```
    pub fn advance_clock(&self, by: Duration) {
        self.inner.kit.advance_clock(by);
    }

    /// Chooses how `expiresAt` and `updatedAt` are written from now on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// use pushauth_client::mock::TimestampStyle;
    /// mock.set_timestamp_style(TimestampStyle::OffsetWithoutColon); // "2026-03-01T12:04:05.123-0500"
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_timestamp_style(&self, style: TimestampStyle) {
        lock(&self.inner.shared).style = style;
    }

    /// Queues a fault: the next matching requests (one unless [`Fault::times`] says more) get it
    /// instead of their normal answer. Status faults carry PushAuth's JSON error body
    /// `{code, message}`, the code following the status (400 `badRequest`, 401 `unauthorized`,
    /// 403 `forbidden`, 5xx `internalError`, anything else `invalidRequest`; the service's
    /// mapping beyond 400 is UNVERIFIED).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// use pushauth_client::mock::Fault;
    /// mock.inject(Fault::status(503).retry_after(1).times(2));
    /// mock.inject(Fault::html(502).on_path_containing("/v1/push/sessions/"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        self.inner.kit.inject(fault);
    }

    /// How many requests reached the server, including refused and faulted ones.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// assert_eq!(mock.request_count(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn request_count(&self) -> usize {
        self.inner.kit.request_count()
    }

    /// Every request the server received, oldest first, the API key redacted.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// mock.client().sessions().create("user-42").await?;
    /// let sent = &mock.requests()[0];
    /// assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/v1/push/sessions"));
    /// assert_eq!(sent.header("x-api-key"), Some("[REDACTED]"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.kit.requests()
    }

    /// How many sessions were created.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let mock = pushauth_client::mock::MockPushAuth::start().await?;
    /// assert_eq!(mock.sessions_created(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn sessions_created(&self) -> usize {
        lock(&self.inner.shared).creation_order.len()
    }

    /// The session with `id`, as the mock holds it now.
    ///
    /// ```no_run
    /// # use pushauth_client::mock::MockPushAuth;
    /// # fn example(mock: &MockPushAuth, session_id: &str) {
    /// let session = mock.session(session_id).expect("the flow created a session");
    /// assert_eq!(session.notification.title.as_deref(), Some("Sign in to Acme?"));
    /// # }
    /// ```
    pub fn session(&self, id: &str) -> Option<MockSession> {
        lock(&self.inner.shared).snapshot(id)
    }

    /// The most recently created session: handy when the code under test creates it.
    ///
    /// ```no_run
    /// # use pushauth_client::mock::{Answer, MockPushAuth};
    /// # fn example(mock: &MockPushAuth) -> Result<(), Box<dyn std::error::Error>> {
    /// let session = mock.latest_session().expect("the flow created a session");
    /// mock.answer(&session.id, Answer::Accept)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn latest_session(&self) -> Option<MockSession> {
        let mut state = lock(&self.inner.shared);
        let id = state.creation_order.last()?.clone();
        state.snapshot(&id)
    }

    fn settle(&self, id: &str, status: &str, detail: Option<String>) -> Result<(), MockError> {
        let mut state = lock(&self.inner.shared);
        let current = match state.session_mut(id) {
            Some(session) => session.status.clone(),
            None => return Err(MockError::UnknownSession(id.to_owned())),
        };
        if current != PENDING {
            return Err(MockError::NotPending {
                id: id.to_owned(),
                status: current,
            });
        }
        state.set_status(id, status, detail);
        Ok(())
    }
}

fn builder_for(base_url: &str, api_key: &str) -> ClientBuilder {
    Client::builder()
        .api_key(api_key.to_owned())
        .base_url(base_url)
}
