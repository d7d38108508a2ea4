//! An in-process fake Password Pusher server for tests and examples (feature `mock`).
//!
//! [`MockPwPush`] listens on `127.0.0.1` on a free port and behaves like the real server as far as
//! a client can tell: views are counted (except the owner's), the last allowed view still returns
//! the payload and later reads answer `expired: true` with `payload: null`; DELETE follows
//! `deletable_by_viewer`; passphrases are checked (401) and limited to 5 attempts a minute (429);
//! anonymous callers may create text pushes but not file pushes; an unknown token gets 401 with an
//! empty body everywhere except the version endpoints; lists and audit logs are paged by page number,
//! 50 per page; purged pushes answer 404 `not-found`. Both API v1 and v2 routes are served, and
//! [`MockOptions::pro`] adds the Pro edition's accounts, `account_id`, durations and requests.
//!
//! A test steers it: [`MockPwPush::advance_clock`], [`MockPwPush::purge_expired`],
//! [`MockPwPush::inject`] (a [`Fault`]), [`MockPwPush::created_count`], [`MockPwPush::requests`].
//! [`MockPwPush::client`] is a client ready for it, signed in as its default user. The handle is
//! cheap to clone and can be moved into a spawned task; the server stops when the last clone is
//! dropped.
//!
//! ```no_run
//! use pwpush_client::mock::MockPwPush;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockPwPush::start().await?;
//! let push = server.client().pushes().create_text("s3cr3t").expire_after_views(1).await?;
//! assert_eq!(server.created_count(), 1);
//! # let _ = push;
//! # Ok(())
//! # }
//! ```

mod auth;
mod body;
mod call;
mod create;
mod info;
mod locale;
mod options;
mod owner;
mod push;
mod rails_time;
mod read;
mod reply;
mod routes;
mod server;
mod state;
mod user;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_core::mock_kit::{MockKit, RunningServer};
use axum::Router;
use axum::extract::DefaultBodyLimit;

pub use api_core::mock_kit::{Fault, RecordedRequest};
pub use options::{MockEdition, MockOptions};

use crate::{Client, ClientBuilder};
use server::{Shared, lock};
use state::MockState;

/// A running fake Password Pusher server. Cheap to clone: every clone steers the same server,
/// from any task or thread; the server stops when the last clone is dropped.
#[derive(Clone)]
pub struct MockPwPush {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    token: String,
    email: String,
    shared: Shared,
    kit: MockKit,
    client: Client,
    // Dropped with the last handle, which stops the server.
    _server: RunningServer,
}

impl fmt::Debug for MockPwPush {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockPwPush")
            .field("base_url", &self.inner.base_url)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

impl MockPwPush {
    /// Starts an open-source 2.11 server with stock settings.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// let server = pwpush_client::mock::MockPwPush::start().await?;
    /// println!("listening on {}", server.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with(MockOptions::default()).await
    }

    /// Starts a server with these settings.
    ///
    /// ```no_run
    /// use pwpush_client::mock::{MockOptions, MockPwPush};
    /// # async fn demo() -> std::io::Result<()> {
    /// let pro = MockPwPush::start_with(MockOptions::pro()).await?;
    /// # let _ = pro;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start_with(options: MockOptions) -> std::io::Result<Self> {
        let kit = MockKit::new();
        let mut shared_state = None;
        let server = RunningServer::start_with(|base_url| {
            // Push links in answers are absolute, so the state needs the bound URL.
            let state = MockState::new(options, base_url.to_owned(), kit.clock().clone());
            let shared: Shared = Arc::new(Mutex::new(state));
            shared_state = Some(shared.clone());
            let router = Router::new()
                .fallback(server::dispatch)
                .layer(DefaultBodyLimit::max(body::MAX_BODY_BYTES))
                .with_state(shared);
            kit.layer(router, Arc::new(reply::PwPushAnswers))
        })
        .await?;
        let shared = shared_state.ok_or_else(|| std::io::Error::other("the mock has no state"))?;
        let base_url = server.base_url();
        let (token, email) = lock(&shared)
            .users
            .first()
            .map(|u| (u.token.clone(), u.email.clone()))
            .unwrap_or_default();
        let client = builder_for(&base_url, &token)
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Self {
            inner: Arc::new(Inner {
                base_url,
                token,
                email,
                shared,
                kit,
                client,
                _server: server,
            }),
        })
    }

    /// The server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A client for this server, signed in with the default user's API token (Bearer), with
    /// the crate's default settings. Every call returns a clone of the same client.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = pwpush_client::mock::MockPwPush::start().await?;
    /// let version = server.client().api_version().await?;
    /// # let _ = version;
    /// # Ok(())
    /// # }
    /// ```
    pub fn client(&self) -> Client {
        self.inner.client.clone()
    }

    /// A client builder already pointed at this server with the default user's token; add your
    /// own settings (or `.anonymous()`) before `build()`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = pwpush_client::mock::MockPwPush::start().await?;
    /// let anonymous = server.client_builder().anonymous().build()?;
    /// # let _ = anonymous;
    /// # Ok(())
    /// # }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        builder_for(&self.inner.base_url, &self.inner.token)
    }

    /// A valid API token of the default user (who owns what it creates).
    pub fn token(&self) -> &str {
        &self.inner.token
    }

    /// The default user's e-mail, for the legacy `X-User-Email` + `X-User-Token` pair.
    pub fn user_email(&self) -> &str {
        &self.inner.email
    }

    /// Adds another user and returns their token (to act as an authenticated non-owner).
    pub fn add_user(&self, email: &str) -> String {
        lock(&self.inner.shared).add_user(email)
    }

    /// Pro account ids of the default user.
    pub fn account_ids(&self) -> Vec<i64> {
        lock(&self.inner.shared)
            .users
            .first()
            .map(|u| u.accounts.iter().map(|(id, _)| *id).collect())
            .unwrap_or_default()
    }

    /// Moves the server's clock forward: day and duration expiry and the per-minute limits follow it.
    /// The clock also follows tokio's clock, so a test under `#[tokio::test(start_paused = true)]`
    /// sees pushes expire as time auto-advances.
    pub fn advance_clock(&self, by: Duration) {
        self.inner.kit.advance_clock(by);
    }

    /// Runs the server's background jobs: expires pushes whose days are up, then deletes expired
    /// anonymous pushes (later lookups answer 404 `not-found`). Returns how many were deleted.
    pub fn purge_expired(&self) -> usize {
        let mut state = lock(&self.inner.shared);
        let now = state.now();
        for push in &mut state.pushes {
            push.refresh(now);
        }
        let before = state.pushes.len();
        state
            .pushes
            .retain(|push| !(push.expired && push.owner.is_none()));
        before - state.pushes.len()
    }

    /// Expires a push as if its time were up (not a DELETE: `deleted` stays false). False if unknown.
    pub fn expire_push(&self, url_token: &str) -> bool {
        let mut state = lock(&self.inner.shared);
        let now = state.now();
        state
            .push_mut(url_token)
            .map(|push| push.expire(now))
            .is_some()
    }

    /// Marks every pending e-mail notification as sent.
    pub fn complete_email_notifications(&self) {
        let mut state = lock(&self.inner.shared);
        let now = state.now();
        for entry in state.pushes.iter_mut().flat_map(|p| p.audit.iter_mut()) {
            if let Some(notice) = entry.notice.as_mut() {
                notice.completed_at.get_or_insert(now);
            }
        }
    }

    /// Queues a fault: the next matching requests (one unless [`Fault::times`] says more) get it
    /// instead of their normal answer. Faults apply in the order they were added. A status fault
    /// answers with an empty JSON body, [`Fault::throttled`] the way the per-IP throttle does
    /// (429, `text/plain` "Retry later", `Retry-After`).
    ///
    /// ```no_run
    /// use pwpush_client::mock::{Fault, MockPwPush};
    /// # async fn demo() -> std::io::Result<()> {
    /// let server = MockPwPush::start().await?;
    /// server.inject(Fault::status(503).retry_after(1).times(2));
    /// server.inject(Fault::html(502).on_path_containing("/preview"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        self.inner.kit.inject(fault);
    }

    /// How many pushes have been created successfully.
    pub fn created_count(&self) -> usize {
        lock(&self.inner.shared).created
    }

    /// How many Pro secret requests have been created.
    pub fn secret_requests_count(&self) -> usize {
        lock(&self.inner.shared).secret_requests.len()
    }

    /// Whether a push with this token is still stored (false after a purge).
    pub fn push_exists(&self, url_token: &str) -> bool {
        lock(&self.inner.shared)
            .pushes
            .iter()
            .any(|push| push.url_token == url_token)
    }

    /// Every request the server has received, oldest first; credentials (`Authorization`,
    /// `X-User-Token`, a `passphrase` in the query) are redacted.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.kit.requests()
    }

    /// How many requests the server has received, whatever the answer.
    pub fn request_count(&self) -> usize {
        self.inner.kit.request_count()
    }
}

fn builder_for(base_url: &str, token: &str) -> ClientBuilder {
    let base_url = base_url.to_owned();
    // `ClientBuilder::base_url` checks its URL and returns a Result; the mock's own loopback URL
    // always passes, so it is handed to the core setter directly. When `base_url` returns `Self`,
    // this line becomes `.base_url(base_url)`.
    Client::builder()
        .bearer_token(token.to_owned())
        .base_url(base_url)
}
