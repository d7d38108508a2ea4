//! Limits checked before a push is sent, so a bad value fails here with a typed error instead of
//! being silently replaced by the server's default.

use std::ops::RangeInclusive;

/// What the client accepts before sending a push. The defaults are the server's stock settings;
/// a self-hosted instance with other settings can set its own.
///
/// ```
/// use pwpush_client::Limits;
///
/// // An instance configured with PWP__PW__EXPIRE_AFTER_DAYS_MAX=365.
/// let limits = Limits::default().expire_after_days(1..=365);
/// assert!(limits.days_range().contains(&200));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    max_payload_chars: usize,
    max_qr_chars: usize,
    max_files: usize,
    days: RangeInclusive<u32>,
    views: RangeInclusive<u32>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_payload_chars: 1_048_576,
            max_qr_chars: 1024,
            max_files: 10,
            days: 1..=90,
            views: 1..=100,
        }
    }
}

impl Limits {
    /// Most characters in a text payload (default 1 MiB of characters).
    pub fn max_payload_chars(mut self, chars: usize) -> Self {
        self.max_payload_chars = chars;
        self
    }

    /// Most characters in a QR push (default 1024).
    pub fn max_qr_chars(mut self, chars: usize) -> Self {
        self.max_qr_chars = chars;
        self
    }

    /// Most files in one push (default 10).
    pub fn max_files(mut self, files: usize) -> Self {
        self.max_files = files;
        self
    }

    /// Allowed `expire_after_days` (default 1..=90).
    pub fn expire_after_days(mut self, range: RangeInclusive<u32>) -> Self {
        self.days = range;
        self
    }

    /// Allowed `expire_after_views` (default 1..=100).
    pub fn expire_after_views(mut self, range: RangeInclusive<u32>) -> Self {
        self.views = range;
        self
    }

    /// The allowed days.
    pub fn days_range(&self) -> &RangeInclusive<u32> {
        &self.days
    }

    /// The allowed views.
    pub fn views_range(&self) -> &RangeInclusive<u32> {
        &self.views
    }

    pub(crate) fn check_text(&self, payload: &str) -> Result<(), String> {
        if payload.is_empty() {
            return Err("the payload is empty".to_owned());
        }
        let chars = payload.chars().count();
        if chars > self.max_payload_chars {
            return Err(format!(
                "the payload has {chars} characters; the limit is {}",
                self.max_payload_chars
            ));
        }
        Ok(())
    }

    pub(crate) fn check_qr(&self, payload: &str) -> Result<(), String> {
        if payload.is_empty() {
            return Err("the QR payload is empty".to_owned());
        }
        let chars = payload.chars().count();
        if chars > self.max_qr_chars {
            return Err(format!(
                "the QR payload has {chars} characters; the limit is {}",
                self.max_qr_chars
            ));
        }
        Ok(())
    }

    /// URL pushes take http and https only (the server refuses `data:`, `javascript:`, `ftp:` ...).
    /// The message names the scheme, never the URL, which is the secret.
    pub(crate) fn check_url(&self, payload: &str) -> Result<(), String> {
        self.check_text(payload)?;
        match url::Url::parse(payload) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(()),
            Ok(url) => Err(format!(
                "a URL push needs an http or https URL, not `{}:`",
                url.scheme()
            )),
            Err(_) => Err("a URL push needs an http or https URL; this is not a URL".to_owned()),
        }
    }

    pub(crate) fn check_files(&self, count: usize) -> Result<(), String> {
        match count {
            0 => Err("a file push needs at least one file".to_owned()),
            n if n > self.max_files => Err(format!(
                "{n} files; a push takes at most {}",
                self.max_files
            )),
            _ => Ok(()),
        }
    }

    pub(crate) fn check_days(&self, days: u32) -> Result<(), String> {
        if self.days.contains(&days) {
            Ok(())
        } else {
            Err(format!(
                "expire_after_days {days} is outside {}..={}",
                self.days.start(),
                self.days.end()
            ))
        }
    }

    pub(crate) fn check_views(&self, views: u32) -> Result<(), String> {
        if self.views.contains(&views) {
            Ok(())
        } else {
            Err(format!(
                "expire_after_views {views} is outside {}..={}",
                self.views.start(),
                self.views.end()
            ))
        }
    }
}

/// A URL token: the server makes them from `[a-z0-9_-]`; anything else cannot be one, and an empty
/// token would address a different route. The message never repeats the token.
pub(crate) fn check_url_token(token: &str) -> Result<(), String> {
    if token.is_empty() {
        return Err("the URL token is empty".to_owned());
    }
    if token.len() > 64 {
        return Err("the URL token is too long to be one".to_owned());
    }
    if !token
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(
            "the URL token has characters a token never has (expected letters, digits, `_`, `-`)"
                .to_owned(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_push_refuses_other_schemes_without_echoing_the_url() {
        let limits = Limits::default();
        let Err(message) = limits.check_url("javascript:alert('secret-value')") else {
            panic!("javascript: must be refused");
        };
        assert!(!message.contains("secret-value"));
        assert!(limits.check_url("ftp://example.com/x").is_err());
        assert!(limits.check_url("https://example.com/x").is_ok());
    }

    #[test]
    fn payload_limit_counts_characters_not_bytes() {
        let limits = Limits::default().max_payload_chars(2);
        assert!(limits.check_text("££").is_ok());
        assert!(limits.check_text("£££").is_err());
    }

    #[test]
    fn default_ranges_match_the_server() {
        let limits = Limits::default();
        assert!(
            limits.check_days(90).is_ok()
                && limits.check_days(91).is_err()
                && limits.check_days(0).is_err()
        );
        assert!(limits.check_views(100).is_ok() && limits.check_views(101).is_err());
        assert!(limits.check_files(10).is_ok() && limits.check_files(11).is_err());
    }

    #[test]
    fn url_token_check_refuses_path_characters() {
        assert!(check_url_token("abc_12-x").is_ok());
        assert!(check_url_token("../etc").is_err());
        assert!(check_url_token("").is_err());
    }
}
