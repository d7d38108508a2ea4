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
//! [`MockPwPush::inject_fault`], [`MockPwPush::created_count`], [`MockPwPush::requests`].
//! The server stops when the handle is dropped.
//!
//! ```no_run
//! use pwpush_client::Client;
//! use pwpush_client::mock::MockPwPush;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockPwPush::start().await?;
//! let client = Client::builder().base_url(server.base_url()).bearer_token(server.token()).build()?;
//! let push = client.pushes().create_text("s3cr3t").expire_after_views(1).await?;
//! assert_eq!(server.created_count(), 1);
//! # let _ = push;
//! # Ok(())
//! # }
//! ```

mod auth;
mod body;
mod call;
mod clock;
mod create;
mod fault;
mod info;
mod locale;
mod options;
mod owner;
mod push;
mod read;
mod reply;
mod routes;
mod server;
mod state;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use fault::Fault;
pub use options::{MockEdition, MockOptions};
pub use state::RecordedRequest;

use server::{Shared, lock};
use state::MockState;

/// A running fake Password Pusher server. Dropping it stops the server.
pub struct MockPwPush {
    base_url: String,
    token: String,
    email: String,
    shared: Shared,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl fmt::Debug for MockPwPush {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockPwPush")
            .field("base_url", &self.base_url)
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
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let state = MockState::new(options, base_url.clone());
        let (token, email) = state
            .users
            .first()
            .map(|u| (u.token.clone(), u.email.clone()))
            .unwrap_or_default();
        let shared: Shared = Arc::new(Mutex::new(state));
        let router = Router::new()
            .fallback(server::dispatch)
            .layer(DefaultBodyLimit::max(body::MAX_BODY_BYTES))
            .with_state(shared.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serving = axum::serve(listener, router).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            // The only error is the listener failing, which ends the fake server; tests then see
            // connection errors, which is what a dead server gives.
            let _ = serving.await;
        });
        Ok(Self {
            base_url,
            token,
            email,
            shared,
            shutdown: Some(shutdown),
            task,
        })
    }

    /// The server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A valid API token of the default user (who owns what it creates).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The default user's e-mail, for the legacy `X-User-Email` + `X-User-Token` pair.
    pub fn user_email(&self) -> &str {
        &self.email
    }

    /// Adds another user and returns their token (to act as an authenticated non-owner).
    pub fn add_user(&self, email: &str) -> String {
        lock(&self.shared).add_user(email)
    }

    /// Pro account ids of the default user.
    pub fn account_ids(&self) -> Vec<i64> {
        lock(&self.shared)
            .users
            .first()
            .map(|u| u.accounts.iter().map(|(id, _)| *id).collect())
            .unwrap_or_default()
    }

    /// Moves the server's clock forward: day and duration expiry and the per-minute limits follow it.
    pub fn advance_clock(&self, by: Duration) {
        lock(&self.shared).clock.advance(by);
    }

    /// Runs the server's background jobs: expires pushes whose days are up, then deletes expired
    /// anonymous pushes (later lookups answer 404 `not-found`). Returns how many were deleted.
    pub fn purge_expired(&self) -> usize {
        let mut state = lock(&self.shared);
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
        let mut state = lock(&self.shared);
        let now = state.now();
        state
            .push_mut(url_token)
            .map(|push| push.expire(now))
            .is_some()
    }

    /// Marks every pending e-mail notification as sent.
    pub fn complete_email_notifications(&self) {
        let mut state = lock(&self.shared);
        let now = state.now();
        for entry in state.pushes.iter_mut().flat_map(|p| p.audit.iter_mut()) {
            if let Some(notice) = entry.notice.as_mut() {
                notice.completed_at.get_or_insert(now);
            }
        }
    }

    /// Queues a fault; faults apply in the order they were added.
    pub fn inject_fault(&self, fault: Fault) {
        lock(&self.shared).faults.push(fault);
    }

    /// How many pushes have been created successfully.
    pub fn created_count(&self) -> usize {
        lock(&self.shared).created
    }

    /// How many Pro secret requests have been created.
    pub fn secret_requests_count(&self) -> usize {
        lock(&self.shared).secret_requests.len()
    }

    /// Whether a push with this token is still stored (false after a purge).
    pub fn push_exists(&self, url_token: &str) -> bool {
        lock(&self.shared)
            .pushes
            .iter()
            .any(|push| push.url_token == url_token)
    }

    /// Every request the server has received, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared).recorded.clone()
    }
}

impl Drop for MockPwPush {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.task.abort();
    }
}
