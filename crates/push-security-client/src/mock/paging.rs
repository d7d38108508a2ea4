//! Both paging styles of the API: `offset`/`limit` with `paging.next`, and opaque `nextToken`s.

use serde::Serialize;
use serde_json::{Value, json};

use super::error::{MockError, MockResult};
use super::query::Query;

/// Which paging parameters an endpoint takes, as the spec's `x-pagination` style says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `limit` + `offset`; answers `paging.next`.
    Offset,
    /// `limit` + `offset` or `nextToken`; answers both `paging.next` and `paging.nextToken`.
    OffsetToken,
    /// `limit` + `nextToken`; answers `paging.nextToken` only.
    Token,
}

impl Style {
    pub(crate) fn params(self) -> &'static [&'static str] {
        match self {
            Self::Offset => &["limit", "offset"],
            Self::OffsetToken => &["limit", "offset", "nextToken"],
            Self::Token => &["limit", "nextToken"],
        }
    }

    fn offsets(self) -> bool {
        self != Self::Token
    }

    fn tokens(self) -> bool {
        self != Self::Offset
    }
}

/// The page size when `limit` is left out: the server's documented default.
const DEFAULT_LIMIT: i64 = 50;

/// The largest `limit` a list accepts. Only the lists of the vendor reference document one (50);
/// the newer lists (detections, browser extensions) document none, and a public integration pages
/// detections with `limit=200` and `limit=500` (W00glin/pushsec-trend-int, push-integration.ps1),
/// so the mock serves any size there, as the service is seen to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MaxLimit {
    /// `limit` from 1 to 50, as the reference documents; more is a 400.
    Documented,
    /// `limit` from 1 up; the page holds that many records.
    NoneDocumented,
}

impl MaxLimit {
    const DOCUMENTED: i64 = 50;

    fn check(self, limit: i64) -> MockResult<()> {
        match self {
            Self::Documented if !(1..=Self::DOCUMENTED).contains(&limit) => {
                Err(MockError::bad_request("limit must be between 1 and 50"))
            }
            Self::NoneDocumented if limit < 1 => {
                Err(MockError::bad_request("limit must be at least 1"))
            }
            _ => Ok(()),
        }
    }
}

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageRequest {
    start: usize,
    limit: usize,
    style: Style,
}

/// Makes tokens opaque (and specific to one mock instance) without keeping server-side state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenKey(pub(crate) u64);

impl TokenKey {
    fn encode(self, offset: usize) -> String {
        let mixed = (offset as u64) ^ self.0;
        format!("nt_{mixed:016x}{:04x}", self.checksum(mixed))
    }

    fn decode(self, token: &str) -> Option<usize> {
        let hex = token.strip_prefix("nt_")?;
        if hex.len() != 20 {
            return None;
        }
        let mixed = u64::from_str_radix(hex.get(..16)?, 16).ok()?;
        let check = u16::from_str_radix(hex.get(16..)?, 16).ok()?;
        (check == self.checksum(mixed))
            .then(|| usize::try_from(mixed ^ self.0).ok())
            .flatten()
    }

    fn checksum(self, mixed: u64) -> u16 {
        let folded = (mixed ^ self.0.rotate_left(17)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (folded >> 48) as u16
    }
}

impl PageRequest {
    pub(crate) fn parse(
        query: &Query,
        key: TokenKey,
        style: Style,
        max_limit: MaxLimit,
    ) -> MockResult<Self> {
        let limit = query.int("limit")?.unwrap_or(DEFAULT_LIMIT);
        max_limit.check(limit)?;
        let token = if style.tokens() {
            query.string("nextToken")?
        } else {
            None
        };
        if token.is_some() && query.contains("offset") {
            return Err(MockError::bad_request(
                "nextToken cannot be set when offset is also set",
            ));
        }
        let start = match token {
            Some(token) => key
                .decode(token)
                .ok_or_else(|| MockError::bad_request("nextToken is not valid"))?,
            None => {
                let offset = query.int("offset")?.unwrap_or(0);
                usize::try_from(offset)
                    .map_err(|_| MockError::bad_request("offset must not be negative"))?
            }
        };
        Ok(Self {
            start,
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            style,
        })
    }

    /// The `{result, paging}` envelope for this page of `items`.
    pub(crate) fn envelope<T: Serialize>(self, items: &[T], key: TokenKey) -> Value {
        let start = self.start.min(items.len());
        let end = start.saturating_add(self.limit).min(items.len());
        let more = end < items.len();
        let mut paging = json!({ "moreResults": more });
        if more {
            if self.style.offsets() {
                paging["next"] = Value::String(end.to_string());
            }
            if self.style.tokens() {
                paging["nextToken"] = Value::String(key.encode(end));
            }
        }
        json!({ "result": &items[start..end], "paging": paging })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_forgeries() {
        let key = TokenKey(0x1234_5678_9abc_def0);
        let token = key.encode(150);
        assert_eq!(key.decode(&token), Some(150));
        assert_eq!(key.decode("nt_00000000000000960000"), None);
        assert_eq!(key.decode("150"), None);
        assert_eq!(TokenKey(7).decode(&token), None);
    }
}
