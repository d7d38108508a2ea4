//! What a handler needs to know about the request besides its body.

use super::auth::Caller;
use super::locale::{Locale, Message};

#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) caller: Caller,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) user_agent: String,
    pub(crate) referrer: String,
    /// The language of translated messages.
    pub(crate) locale: Locale,
}

impl Call {
    /// A translated message in the caller's language.
    pub(crate) fn say(&self, message: Message) -> &'static str {
        self.locale.text(message)
    }

    pub(crate) fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `page`: absent is 1, below 1 is 1, not an integer or above 200 is an error.
    pub(crate) fn page(&self) -> Result<usize, ()> {
        match self.query("page") {
            None => Ok(1),
            Some(raw) => match raw.trim().parse::<i64>() {
                Ok(page) if page > 200 => Err(()),
                Ok(page) => Ok(usize::try_from(page.max(1)).unwrap_or(1)),
                Err(_) => Err(()),
            },
        }
    }
}
