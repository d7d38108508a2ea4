//! Parsing the `X-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`.

use super::error::WebhookError;

/// The number of bytes of an HMAC-SHA256 value.
const MAC_LEN: usize = 32;

/// More `v1` values than any key rotation needs; bounds the work a hostile header can cause.
const MAX_SIGNATURES: usize = 16;

/// The header is short in practice; a longer one is rejected before any work is done on it.
const MAX_HEADER_LEN: usize = 4096;

/// A parsed `X-Signature` header.
///
/// Elements other than `t` and `v1` (future signature schemes) are ignored.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    timestamp_text: String,
    timestamp: i64,
    signatures: Vec<[u8; MAC_LEN]>,
}

impl std::fmt::Debug for SignatureHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureHeader")
            .field("timestamp", &self.timestamp)
            .field("signatures", &self.signatures.len())
            .finish()
    }
}

impl SignatureHeader {
    /// Parses a header value.
    ///
    /// ```
    /// use push_security_client::webhooks::SignatureHeader;
    ///
    /// let header = SignatureHeader::parse(&format!("t=1700000000,v1={}", "AB".repeat(32)))?;
    /// assert_eq!(header.timestamp(), 1_700_000_000);
    /// assert_eq!(header.signature_count(), 1);
    /// # Ok::<(), push_security_client::webhooks::WebhookError>(())
    /// ```
    pub fn parse(value: &str) -> Result<Self, WebhookError> {
        if value.len() > MAX_HEADER_LEN {
            return Err(WebhookError::MalformedHeader {
                reason: "longer than 4096 bytes",
            });
        }
        if value.trim().is_empty() {
            return Err(WebhookError::MalformedHeader { reason: "empty" });
        }
        let mut timestamp: Option<&str> = None;
        let mut signatures = Vec::new();
        for element in value.split(',') {
            let element = element.trim();
            if element.is_empty() {
                return Err(WebhookError::MalformedHeader {
                    reason: "empty element between commas",
                });
            }
            let Some((key, val)) = element.split_once('=') else {
                return Err(WebhookError::MalformedHeader {
                    reason: "element without `=`",
                });
            };
            match key.trim() {
                "t" if timestamp.replace(val.trim()).is_some() => {
                    return Err(WebhookError::MalformedHeader {
                        reason: "more than one timestamp",
                    });
                }
                "t" => {}
                "v1" => {
                    if signatures.len() == MAX_SIGNATURES {
                        return Err(WebhookError::MalformedHeader {
                            reason: "more than 16 v1 signatures",
                        });
                    }
                    signatures.push(decode_mac(val.trim())?);
                }
                "" => {
                    return Err(WebhookError::MalformedHeader {
                        reason: "element with an empty key",
                    });
                }
                _ => {}
            }
        }
        let timestamp_text = timestamp.ok_or(WebhookError::MissingTimestamp)?;
        let timestamp = parse_timestamp(timestamp_text)?;
        if signatures.is_empty() {
            return Err(WebhookError::MissingSignature);
        }
        Ok(Self {
            timestamp_text: timestamp_text.to_owned(),
            timestamp,
            signatures,
        })
    }

    /// The signed timestamp, in UNIX seconds.
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// How many `v1` values the header carries.
    pub fn signature_count(&self) -> usize {
        self.signatures.len()
    }

    /// The timestamp exactly as it appeared in the header: the signed string starts with it.
    pub(crate) fn timestamp_text(&self) -> &str {
        &self.timestamp_text
    }

    pub(crate) fn signatures(&self) -> &[[u8; MAC_LEN]] {
        &self.signatures
    }
}

fn parse_timestamp(text: &str) -> Result<i64, WebhookError> {
    // Only plain decimal digits: `+5`, ` 5` or `5.0` are not what Push sends.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::InvalidTimestamp);
    }
    text.parse::<i64>()
        .map_err(|_| WebhookError::InvalidTimestamp)
}

fn decode_mac(text: &str) -> Result<[u8; MAC_LEN], WebhookError> {
    // `hex` accepts both cases, which is what the upper-case examples in the docs need.
    let bytes = hex::decode(text).map_err(|_| WebhookError::InvalidSignatureHex)?;
    bytes
        .try_into()
        .map_err(|_| WebhookError::InvalidSignatureHex)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig() -> String {
        "ab".repeat(32)
    }

    #[test]
    fn parses_timestamp_and_every_v1_value() {
        let header = SignatureHeader::parse(&format!("t=17,v1={},v1={}", sig(), "CD".repeat(32)))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(header.timestamp(), 17);
        assert_eq!(header.signature_count(), 2);
        assert_eq!(header.signatures()[1], [0xcd; 32]);
    }

    #[test]
    fn whitespace_around_elements_is_tolerated() {
        let header = SignatureHeader::parse(&format!(" t = 17 , v1 = {} ", sig()));
        assert_eq!(header.map(|h| h.timestamp()).ok(), Some(17));
    }

    #[test]
    fn unknown_schemes_are_ignored() {
        let header = SignatureHeader::parse(&format!("t=17,v0=whatever,v1={}", sig()));
        assert_eq!(header.map(|h| h.signature_count()).ok(), Some(1));
    }

    #[test]
    fn debug_shows_no_signature_bytes() {
        let header =
            SignatureHeader::parse(&format!("t=17,v1={}", sig())).unwrap_or_else(|e| panic!("{e}"));
        let debug = format!("{header:?}");
        assert!(!debug.contains("171"), "{debug}");
        assert!(debug.contains("signatures: 1"), "{debug}");
    }
}
