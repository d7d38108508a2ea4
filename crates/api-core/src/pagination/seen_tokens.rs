//! The page tokens a token listing has already followed, to catch a server that hands one out
//! again (which would otherwise page forever).

use std::collections::VecDeque;

/// How many of the most recent tokens are remembered. A looping server almost always repeats
/// the token it was just given or alternates between two; 256 catches cycles far longer than
/// that while memory stays bounded however long the listing is. A cycle longer than 256 pages
/// goes unnoticed (`max_items` still bounds such a listing).
const REMEMBERED: usize = 256;

/// The last [`REMEMBERED`] tokens followed, oldest first.
#[derive(Debug, Default)]
pub(super) struct SeenTokens(VecDeque<String>);

impl SeenTokens {
    /// Records `token`; false when it is already remembered. A linear scan is fine: it costs
    /// microseconds next to the request that produced the token.
    pub(super) fn insert(&mut self, token: &str) -> bool {
        if self.0.iter().any(|seen| seen == token) {
            return false;
        }
        if self.0.len() == REMEMBERED {
            self.0.pop_front();
        }
        self.0.push_back(token.to_owned());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::{REMEMBERED, SeenTokens};

    #[test]
    fn a_token_is_accepted_once() {
        let mut seen = SeenTokens::default();
        assert!(seen.insert("a"));
        assert!(seen.insert("b"));
        assert!(!seen.insert("a"));
    }

    #[test]
    fn memory_is_bounded_by_forgetting_the_oldest_token() {
        let mut seen = SeenTokens::default();
        for n in 0..=REMEMBERED {
            assert!(seen.insert(&n.to_string()));
        }
        assert_eq!(seen.0.len(), REMEMBERED);
        assert!(seen.insert("0"), "the oldest token was forgotten");
        assert!(!seen.insert(&REMEMBERED.to_string()));
    }
}
