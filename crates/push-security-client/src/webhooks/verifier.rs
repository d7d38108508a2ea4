//! Checking a delivery's signature and age.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use api_core::SecretString;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

use super::error::WebhookError;
use super::event::WebhookEvent;
use super::signature::SignatureHeader;

type HmacSha256 = Hmac<Sha256>;

/// The name of the header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Signature";

/// How far the signed timestamp may be from the local clock by default: 35 minutes, as Push's
/// webhook documentation suggests for rejecting old events.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(35 * 60);

type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// Verifies `X-Signature` headers with one webhook signing secret.
///
/// Cheap to clone; share one per receiver. Debug never shows the secret.
#[derive(Clone)]
pub struct WebhookVerifier {
    secret: SecretString,
    tolerance: Duration,
    now: Clock,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &self.secret)
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl WebhookVerifier {
    /// A verifier for the signing secret shown when the webhook was created in the Push admin
    /// console (it starts with `psws_`), with the [`DEFAULT_TOLERANCE`] and the system clock.
    ///
    /// ```
    /// use push_security_client::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::new(std::env::var("PUSH_SECURITY_WEBHOOK_SECRET").unwrap_or_default());
    /// assert!(!format!("{verifier:?}").contains("psws_"));
    /// ```
    pub fn new(secret: impl Into<SecretString>) -> Self {
        Self {
            secret: secret.into(),
            tolerance: DEFAULT_TOLERANCE,
            now: Arc::new(OffsetDateTime::now_utc),
        }
    }

    /// Sets how far the signed timestamp may lie from the local clock, in either direction.
    ///
    /// ```
    /// use std::time::Duration;
    /// use push_security_client::webhooks::WebhookVerifier;
    ///
    /// let strict = WebhookVerifier::new("psws_secret").tolerance(Duration::from_secs(300));
    /// # let _ = strict;
    /// ```
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Replaces the clock, so tests can verify recorded deliveries at the time they were signed.
    ///
    /// ```
    /// use push_security_client::webhooks::WebhookVerifier;
    /// use time::macros::datetime;
    ///
    /// let verifier = WebhookVerifier::new("psws_secret").with_clock(|| datetime!(2024-01-01 00:00 UTC));
    /// # let _ = verifier;
    /// ```
    pub fn with_clock(mut self, now: impl Fn() -> OffsetDateTime + Send + Sync + 'static) -> Self {
        self.now = Arc::new(now);
        self
    }

    /// Checks `header` (the value of [`SIGNATURE_HEADER`]) against the raw request body.
    ///
    /// The delivery is accepted when any `v1` value matches (Push may send several while a
    /// secret is rotated) and the timestamp is within the tolerance. Comparisons are constant
    /// time; hex digits may be in either case.
    ///
    /// ```
    /// use push_security_client::webhooks::{WebhookError, WebhookVerifier};
    ///
    /// let verifier = WebhookVerifier::new("psws_secret");
    /// let body = br#"{"id":"evt-1"}"#;
    /// let now = time::OffsetDateTime::now_utc().unix_timestamp();
    /// let header = verifier.signature_header(now, body)?;
    /// assert!(verifier.verify(&header, body).is_ok());
    /// assert!(matches!(
    ///     verifier.verify(&header, br#"{"id":"evt-2"}"#),
    ///     Err(WebhookError::SignatureMismatch)
    /// ));
    /// # Ok::<(), WebhookError>(())
    /// ```
    pub fn verify(&self, header: &str, body: &[u8]) -> Result<SignatureHeader, WebhookError> {
        let parsed = SignatureHeader::parse(header)?;
        let mac = self.mac_over(parsed.timestamp_text(), body)?;
        // verify_slice compares in constant time; a clone per candidate keeps each check independent.
        let matched = parsed
            .signatures()
            .iter()
            .any(|candidate| mac.clone().verify_slice(candidate).is_ok());
        if !matched {
            return Err(WebhookError::SignatureMismatch);
        }
        self.check_window(parsed.timestamp())?;
        Ok(parsed)
    }

    /// [`verify`](Self::verify), then decodes the body into a [`WebhookEvent`].
    ///
    /// ```
    /// use push_security_client::webhooks::WebhookVerifier;
    ///
    /// let verifier = WebhookVerifier::new("psws_secret");
    /// let body = br#"{"version":"1","id":"evt-1","timestamp":1700000000,"category":"AUDIT","object":"API_KEY_ADDED"}"#;
    /// let header = verifier.signature_header(time::OffsetDateTime::now_utc().unix_timestamp(), body)?;
    /// let event = verifier.verify_event(&header, body)?;
    /// assert_eq!(event.object.as_str(), "API_KEY_ADDED");
    /// # Ok::<(), push_security_client::webhooks::WebhookError>(())
    /// ```
    pub fn verify_event(&self, header: &str, body: &[u8]) -> Result<WebhookEvent, WebhookError> {
        self.verify(header, body)?;
        serde_json::from_slice(body).map_err(|source| WebhookError::InvalidPayload {
            source: api_core::DecodeError::from_json(source),
        })
    }

    /// The header Push would send for `body` at `timestamp` (UNIX seconds), written as Push writes
    /// it: upper-case hex, as in the example of Push's webhook documentation
    /// (`v1=0E01666E58BC2E6C...`). A receiver under test thus sees what production sends; one
    /// that only accepts lower case fails its tests instead of the first real delivery.
    /// Meant for tests of a receiver and for the mock service.
    ///
    /// ```
    /// use push_security_client::webhooks::WebhookVerifier;
    ///
    /// let header = WebhookVerifier::new("psws_secret").signature_header(1_700_000_000, b"{}")?;
    /// assert!(header.starts_with("t=1700000000,v1="));
    /// # Ok::<(), push_security_client::webhooks::WebhookError>(())
    /// ```
    pub fn signature_header(&self, timestamp: i64, body: &[u8]) -> Result<String, WebhookError> {
        let text = timestamp.to_string();
        let digest = self.mac_over(&text, body)?.finalize().into_bytes();
        Ok(format!("t={text},v1={}", hex::encode_upper(digest)))
    }

    fn mac_over(&self, timestamp_text: &str, body: &[u8]) -> Result<HmacSha256, WebhookError> {
        let mut mac = HmacSha256::new_from_slice(self.secret.expose_secret().as_bytes())
            .map_err(|_| WebhookError::UnusableSecret)?;
        mac.update(timestamp_text.as_bytes());
        mac.update(b".");
        mac.update(body);
        Ok(mac)
    }

    fn check_window(&self, timestamp: i64) -> Result<(), WebhookError> {
        let now = (self.now)().unix_timestamp();
        let tolerance = self.tolerance;
        let limit = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
        let difference = now.saturating_sub(timestamp);
        if difference > limit {
            return Err(WebhookError::TimestampTooOld {
                age: Duration::from_secs(difference.unsigned_abs()),
                tolerance,
            });
        }
        if difference < -limit {
            return Err(WebhookError::TimestampInFuture {
                ahead: Duration::from_secs(difference.unsigned_abs()),
                tolerance,
            });
        }
        Ok(())
    }
}
