//! Limits checked before a push is sent: only those the server itself refuses with an error
//! (`app/models/push.rb` in pglombardo/PasswordPusher: payload length, QR length, URL scheme, file
//! count). Expiry ranges are instance settings the server never refuses: an out-of-range value is
//! replaced by the instance default, which the client reports as an adjustment. They are checked
//! here only when the caller states them.

use std::ops::RangeInclusive;

/// What the client refuses before sending a push. The defaults are the limits the server's code
/// enforces with an error; expiry ranges are unchecked unless set, because the server accepts any
/// value and substitutes its default (see [`CreatedPush::adjustments`](crate::CreatedPush::adjustments)).
///
/// ```
/// use pwpush_client::Limits;
///
/// // Refuse before sending what this instance (PWP__PW__EXPIRE_AFTER_DAYS_MAX=365) would replace.
/// let limits = Limits::default().expire_after_days(1..=365);
/// assert!(limits.days_range().is_some_and(|days| days.contains(&200)));
/// assert!(Limits::default().days_range().is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    max_payload_chars: usize,
    max_qr_chars: usize,
    max_files: usize,
    days: Option<RangeInclusive<u32>>,
    views: Option<RangeInclusive<u32>>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_payload_chars: 1_048_576,
            max_qr_chars: 1024,
            max_files: 10,
            days: None,
            views: None,
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

    /// Most files in one push (default 10, the server's stock `max_file_uploads`; an instance
    /// that raises it refuses only above its own value).
    pub fn max_files(mut self, files: usize) -> Self {
        self.max_files = files;
        self
    }

    /// Refuse `expire_after_days` outside `range` before sending (default: unchecked; the stock
    /// server range is 1..=90 and the server replaces other values with its default).
    pub fn expire_after_days(mut self, range: RangeInclusive<u32>) -> Self {
        self.days = Some(range);
        self
    }

    /// Refuse `expire_after_views` outside `range` before sending (default: unchecked; the stock
    /// server range is 1..=100 and the server replaces other values with its default).
    pub fn expire_after_views(mut self, range: RangeInclusive<u32>) -> Self {
        self.views = Some(range);
        self
    }

    /// The days checked before sending, if any.
    pub fn days_range(&self) -> Option<&RangeInclusive<u32>> {
        self.days.as_ref()
    }

    /// The views checked before sending, if any.
    pub fn views_range(&self) -> Option<&RangeInclusive<u32>> {
        self.views.as_ref()
    }

    pub(crate) fn check_text(&self, payload: &str) -> Result<(), String> {
        if payload.is_empty() {
            return Err("the payload is empty".to_owned());
        }
        if let Some(chars) = chars_over(payload, self.max_payload_chars) {
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
        if let Some(chars) = chars_over(payload, self.max_qr_chars) {
            return Err(format!(
                "the QR payload has {chars} characters; the limit is {}",
                self.max_qr_chars
            ));
        }
        Ok(())
    }

    /// URL pushes take http and https only (the server refuses `data:`, `javascript:`, `ftp:` ...).
    /// Like the server (`Push#valid_url?` reads only the scheme), nothing else about the URL is
    /// checked. The message names the scheme, never the URL, which is the secret.
    pub(crate) fn check_url(&self, payload: &str) -> Result<(), String> {
        self.check_text(payload)?;
        match url_scheme(payload) {
            Some(scheme)
                if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
            {
                Ok(())
            }
            Some(scheme) if scheme.len() <= 16 => Err(format!(
                "a URL push needs an http or https URL, not `{}:`",
                scheme.to_ascii_lowercase()
            )),
            _ => Err("a URL push needs an http or https URL".to_owned()),
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
        check_range("expire_after_days", days, self.days.as_ref())
    }

    pub(crate) fn check_views(&self, views: u32) -> Result<(), String> {
        check_range("expire_after_views", views, self.views.as_ref())
    }
}

fn check_range(field: &str, value: u32, range: Option<&RangeInclusive<u32>>) -> Result<(), String> {
    match range {
        Some(range) if !range.contains(&value) => Err(format!(
            "{field} {value} is outside {}..={}",
            range.start(),
            range.end()
        )),
        _ => Ok(()),
    }
}

/// The scheme of an RFC 3986 URI reference (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` before
/// the first `:`), or `None` when it has none.
pub(crate) fn url_scheme(text: &str) -> Option<&str> {
    let (scheme, _) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_ok).then_some(scheme)
}

/// A URL token: the server makes them from `[a-z0-9_-]`; anything else cannot be one, and an empty
/// token would address a different route. No length is checked: the server has no limit of its
/// own to match. The message never repeats the token.
pub(crate) fn check_url_token(token: &str) -> Result<(), String> {
    if token.is_empty() {
        return Err("the URL token is empty".to_owned());
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

/// The number of characters in `text` when it is more than `limit`. A text of at most `limit`
/// bytes has at most `limit` characters, so only longer ones are counted (counting walks every
/// byte of what may be a megabyte payload).
fn chars_over(text: &str, limit: usize) -> Option<usize> {
    if text.len() <= limit {
        return None;
    }
    let chars = text.chars().count();
    (chars > limit).then_some(chars)
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
        // The server reads only the scheme (`Push#valid_url?`), case-insensitively.
        assert!(limits.check_url("HTTPS://example.com/x").is_ok());
        assert!(limits.check_url("http:relative").is_ok());
        assert!(limits.check_url("no scheme here").is_err());
    }

    #[test]
    fn payload_limit_counts_characters_not_bytes() {
        let limits = Limits::default().max_payload_chars(2);
        assert!(limits.check_text("££").is_ok());
        assert!(limits.check_text("£££").is_err());
    }

    /// pglombardo/PasswordPusher `app/models/push.rb#set_expire_limits` replaces an out-of-range
    /// expiry with the default instead of refusing it; `check_files_for_file` refuses more than
    /// `max_file_uploads` (10 in `config/defaults/settings.yml`).
    #[test]
    fn only_the_limits_the_server_refuses_are_checked_by_default() {
        let limits = Limits::default();
        assert!(limits.check_days(0).is_ok() && limits.check_days(365).is_ok());
        assert!(limits.check_views(0).is_ok() && limits.check_views(1000).is_ok());
        assert!(limits.check_files(10).is_ok() && limits.check_files(11).is_err());
    }

    #[test]
    fn stated_expiry_ranges_are_checked() {
        let limits = Limits::default()
            .expire_after_days(1..=90)
            .expire_after_views(1..=100);
        assert!(limits.check_days(90).is_ok() && limits.check_days(91).is_err());
        assert!(limits.check_views(100).is_ok() && limits.check_views(101).is_err());
    }

    #[test]
    fn payload_limits_count_characters_not_bytes() {
        let limits = Limits::default().max_payload_chars(3).max_qr_chars(3);
        // Six bytes, three characters: within the limit although longer than it in bytes.
        assert!(limits.check_text("ééé").is_ok());
        assert!(limits.check_qr("ééé").is_ok());
        let refused = limits.check_text("éééé").unwrap_err();
        assert!(refused.contains("has 4 characters"), "{refused}");
        assert!(limits.check_qr("abcd").is_err());
    }

    #[test]
    fn url_token_check_refuses_path_characters() {
        assert!(check_url_token("abc_12-x").is_ok());
        assert!(check_url_token("../etc").is_err());
        assert!(check_url_token("").is_err());
        assert!(check_url_token(&"a".repeat(200)).is_ok());
    }
}
