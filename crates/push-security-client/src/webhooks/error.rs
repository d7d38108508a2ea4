//! The one error type of webhook verification.

use std::time::Duration;

/// Why a webhook delivery was rejected.
///
/// Messages never contain the signing secret, the body or the signature values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The `X-Signature` header is not a comma-separated list of `key=value` pairs.
    #[error("malformed webhook signature header: {reason}")]
    MalformedHeader {
        /// What is wrong with the header, in words.
        reason: &'static str,
    },
    /// The header has no `t=` element.
    #[error("webhook signature header has no timestamp (t=)")]
    MissingTimestamp,
    /// The `t=` element is not an integer number of seconds.
    #[error("webhook signature timestamp is not an integer number of seconds")]
    InvalidTimestamp,
    /// The header has no `v1=` element.
    #[error("webhook signature header has no v1 signature")]
    MissingSignature,
    /// A `v1=` element is not the hex encoding of a 32-byte HMAC-SHA256 value.
    #[error("webhook v1 signature is not 64 hexadecimal digits")]
    InvalidSignatureHex,
    /// The signature matched but the delivery is older than the tolerance window (a replay, or a
    /// delivery that sat in a queue too long).
    #[error("webhook timestamp is {}s old, beyond the tolerance of {}s", age.as_secs(), tolerance.as_secs())]
    TimestampTooOld {
        /// How old the signed timestamp is.
        age: Duration,
        /// The window in force.
        tolerance: Duration,
    },
    /// The signature matched but the signed timestamp lies further in the future than the tolerance.
    #[error("webhook timestamp is {}s in the future, beyond the tolerance of {}s", ahead.as_secs(), tolerance.as_secs())]
    TimestampInFuture {
        /// How far ahead of the local clock the signed timestamp is.
        ahead: Duration,
        /// The window in force.
        tolerance: Duration,
    },
    /// No `v1` value is the HMAC of this body under this secret: wrong secret, or the body or
    /// timestamp was altered.
    #[error("no webhook v1 signature matches the body")]
    SignatureMismatch,
    /// The signing secret cannot key HMAC-SHA256. HMAC takes keys of any length, so this is
    /// reported rather than expected.
    #[error("the webhook signing secret cannot be used as an HMAC-SHA256 key")]
    UnusableSecret,
    /// The signature is valid but the body is not a webhook event envelope.
    #[error("webhook body is not a valid event envelope")]
    InvalidPayload {
        /// Where and why decoding stopped.
        #[source]
        source: api_core::DecodeError,
    },
}

impl WebhookError {
    /// True when the delivery was authentic but outside the time window.
    pub fn is_timestamp_out_of_window(&self) -> bool {
        matches!(
            self,
            Self::TimestampTooOld { .. } | Self::TimestampInFuture { .. }
        )
    }

    /// True when the header could not even be read (as opposed to a signature that does not match).
    pub fn is_malformed_header(&self) -> bool {
        matches!(
            self,
            Self::MalformedHeader { .. }
                | Self::MissingTimestamp
                | Self::InvalidTimestamp
                | Self::MissingSignature
                | Self::InvalidSignatureHex
        )
    }
}
