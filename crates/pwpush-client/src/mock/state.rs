//! Everything the mock remembers between requests.

use std::collections::HashMap;
use std::time::Duration;

use time::OffsetDateTime;

use api_core::mock_kit::MockClock;

use super::options::MockOptions;
use super::push::PushRecord;
use super::user::User;

/// Per-push passphrase attempts and per-user e-mail notifications: 5 a minute each.
pub(crate) const PER_MINUTE_LIMIT: usize = 5;

#[derive(Debug)]
pub(crate) struct MockState {
    pub(crate) options: MockOptions,
    pub(crate) base_url: String,
    pub(crate) clock: MockClock,
    pub(crate) users: Vec<User>,
    pub(crate) pushes: Vec<PushRecord>,
    /// Secret requests created, as (url token, owner).
    pub(crate) secret_requests: Vec<(String, u64)>,
    pub(crate) created: usize,
    passphrase_attempts: HashMap<String, Vec<OffsetDateTime>>,
    notify_calls: HashMap<u64, Vec<OffsetDateTime>>,
}

impl MockState {
    pub(crate) fn new(options: MockOptions, base_url: String, clock: MockClock) -> Self {
        let mut state = Self {
            options,
            base_url,
            clock,
            users: Vec::new(),
            pushes: Vec::new(),
            secret_requests: Vec::new(),
            created: 0,
            passphrase_attempts: HashMap::new(),
            notify_calls: HashMap::new(),
        };
        state.add_user("owner@example.com");
        state
    }

    pub(crate) fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub(crate) fn add_user(&mut self, email: &str) -> String {
        let id = u64::try_from(self.users.len())
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let token = random_token(20);
        let base = i64::try_from(id).unwrap_or(0) * 10_000;
        self.users.push(User {
            id,
            email: email.to_owned(),
            token: token.clone(),
            accounts: vec![
                (base + 2992, format!("Company of {email}")),
                (base + 2923, "Law Firm".to_owned()),
            ],
        });
        token
    }

    pub(crate) fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|user| user.id == id)
    }

    pub(crate) fn push_mut(&mut self, url_token: &str) -> Option<&mut PushRecord> {
        self.pushes
            .iter_mut()
            .find(|push| push.url_token == url_token)
    }

    pub(crate) fn new_url_token(&self) -> String {
        loop {
            let token = random_token(fastrand::usize(11..=19));
            if !self.pushes.iter().any(|push| push.url_token == token) {
                return token;
            }
        }
    }

    /// Records one attempt and tells whether it is over the limit of the last minute.
    pub(crate) fn passphrase_attempt_over_limit(&mut self, url_token: &str) -> bool {
        let now = self.now();
        over_limit(
            self.passphrase_attempts
                .entry(url_token.to_owned())
                .or_default(),
            now,
        )
    }

    pub(crate) fn notify_call_over_limit(&mut self, user_id: u64) -> bool {
        let now = self.now();
        over_limit(self.notify_calls.entry(user_id).or_default(), now)
    }
}

fn over_limit(calls: &mut Vec<OffsetDateTime>, now: OffsetDateTime) -> bool {
    let window = Duration::from_secs(60);
    calls.retain(|at| now - *at < window);
    calls.push(now);
    calls.len() > PER_MINUTE_LIMIT
}

fn random_token(length: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_-";
    (0..length)
        .map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())]))
        .collect()
}
