//! A signed-in user of the fake server.

#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) id: u64,
    pub(crate) email: String,
    pub(crate) token: String,
    /// Pro accounts this user belongs to.
    pub(crate) accounts: Vec<(i64, String)>,
}
