//! The Pro edition's integer-coded push lifetimes.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

/// How long a push (or a secret request) lives on the Pro edition, sent as `expire_after_duration`
/// (or `close_after_duration`): an integer code from 0 to 17.
///
/// The list is open: a code this crate does not know is kept as [`ExpireAfterDuration::Unknown`] and
/// sent back unchanged. The open-source server ignores the field and uses `expire_after_days`.
///
/// ```
/// use pwpush_client::ExpireAfterDuration;
///
/// assert_eq!(ExpireAfterDuration::OneWeek.code(), 12);
/// assert_eq!(ExpireAfterDuration::from_code(12), ExpireAfterDuration::OneWeek);
/// assert_eq!(ExpireAfterDuration::from_days(30), Some(ExpireAfterDuration::OneMonth));
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExpireAfterDuration {
    /// Code 0: 15 minutes.
    FifteenMinutes,
    /// Code 1: 30 minutes.
    ThirtyMinutes,
    /// Code 2: 45 minutes.
    FortyFiveMinutes,
    /// Code 3: 1 hour.
    OneHour,
    /// Code 4: 6 hours.
    SixHours,
    /// Code 5: 12 hours.
    TwelveHours,
    /// Code 6: 1 day.
    OneDay,
    /// Code 7: 2 days.
    TwoDays,
    /// Code 8: 3 days.
    ThreeDays,
    /// Code 9: 4 days.
    FourDays,
    /// Code 10: 5 days.
    FiveDays,
    /// Code 11: 6 days.
    SixDays,
    /// Code 12: 1 week.
    OneWeek,
    /// Code 13: 2 weeks.
    TwoWeeks,
    /// Code 14: 3 weeks.
    ThreeWeeks,
    /// Code 15: 1 month.
    OneMonth,
    /// Code 16: 2 months.
    TwoMonths,
    /// Code 17: 3 months.
    ThreeMonths,
    /// A code this crate does not know (a newer server, or a value outside 0..=17).
    Unknown(i32),
}

/// Known codes in order, so that `KNOWN[code]` is the variant for `code`.
const KNOWN: [ExpireAfterDuration; 18] = [
    ExpireAfterDuration::FifteenMinutes,
    ExpireAfterDuration::ThirtyMinutes,
    ExpireAfterDuration::FortyFiveMinutes,
    ExpireAfterDuration::OneHour,
    ExpireAfterDuration::SixHours,
    ExpireAfterDuration::TwelveHours,
    ExpireAfterDuration::OneDay,
    ExpireAfterDuration::TwoDays,
    ExpireAfterDuration::ThreeDays,
    ExpireAfterDuration::FourDays,
    ExpireAfterDuration::FiveDays,
    ExpireAfterDuration::SixDays,
    ExpireAfterDuration::OneWeek,
    ExpireAfterDuration::TwoWeeks,
    ExpireAfterDuration::ThreeWeeks,
    ExpireAfterDuration::OneMonth,
    ExpireAfterDuration::TwoMonths,
    ExpireAfterDuration::ThreeMonths,
];

/// Lifetimes of the known codes, in seconds (a month counted as 30 days).
const SECONDS: [u64; 18] = [
    15 * MINUTE,
    30 * MINUTE,
    45 * MINUTE,
    HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    3 * DAY,
    4 * DAY,
    5 * DAY,
    6 * DAY,
    7 * DAY,
    14 * DAY,
    21 * DAY,
    30 * DAY,
    60 * DAY,
    90 * DAY,
];

impl ExpireAfterDuration {
    /// Every known duration, shortest first.
    pub const ALL: [ExpireAfterDuration; 18] = KNOWN;

    /// The variant for an integer code; codes outside 0..=17 become [`ExpireAfterDuration::Unknown`].
    pub fn from_code(code: i32) -> Self {
        usize::try_from(code)
            .ok()
            .and_then(|index| KNOWN.get(index).copied())
            .unwrap_or(ExpireAfterDuration::Unknown(code))
    }

    /// The integer code sent to the server.
    pub fn code(self) -> i32 {
        match self {
            ExpireAfterDuration::Unknown(code) => code,
            known => KNOWN
                .iter()
                .position(|candidate| *candidate == known)
                .and_then(|index| i32::try_from(index).ok())
                .unwrap_or(-1),
        }
    }

    /// The lifetime this code stands for (a month counted as 30 days); `None` for an unknown code.
    pub fn as_duration(self) -> Option<Duration> {
        usize::try_from(self.code())
            .ok()
            .and_then(|index| SECONDS.get(index))
            .map(|seconds| Duration::from_secs(*seconds))
    }

    /// The code for a whole number of days, the way the official CLI maps `--days`: 1 to 6 days,
    /// 7 (one week), 14, 21, 30, 60 and 90. `None` for any other number.
    pub fn from_days(days: u32) -> Option<Self> {
        let seconds = u64::from(days) * DAY;
        SECONDS
            .iter()
            .position(|candidate| *candidate == seconds)
            .map(|index| KNOWN[index])
    }
}

impl fmt::Display for ExpireAfterDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl From<i32> for ExpireAfterDuration {
    fn from(code: i32) -> Self {
        Self::from_code(code)
    }
}

impl From<ExpireAfterDuration> for i32 {
    fn from(duration: ExpireAfterDuration) -> Self {
        duration.code()
    }
}

impl Serialize for ExpireAfterDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(self.code())
    }
}

impl<'de> Deserialize<'de> for ExpireAfterDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i32::deserialize(deserializer).map(Self::from_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips() {
        for (index, duration) in ExpireAfterDuration::ALL.iter().enumerate() {
            let code = i32::try_from(index).unwrap_or(-1);
            assert_eq!(duration.code(), code);
            assert_eq!(ExpireAfterDuration::from_code(code), *duration);
        }
    }

    #[test]
    fn unknown_code_is_kept_and_sent_back() {
        let duration = ExpireAfterDuration::from_code(42);
        assert_eq!(duration, ExpireAfterDuration::Unknown(42));
        assert_eq!(serde_json::to_string(&duration).ok().as_deref(), Some("42"));
        assert_eq!(duration.as_duration(), None);
    }

    #[test]
    fn days_map_like_the_official_cli() {
        assert_eq!(
            ExpireAfterDuration::from_days(1),
            Some(ExpireAfterDuration::OneDay)
        );
        assert_eq!(
            ExpireAfterDuration::from_days(7),
            Some(ExpireAfterDuration::OneWeek)
        );
        assert_eq!(
            ExpireAfterDuration::from_days(90),
            Some(ExpireAfterDuration::ThreeMonths)
        );
        assert_eq!(ExpireAfterDuration::from_days(8), None);
    }

    #[test]
    fn fifteen_minutes_lasts_fifteen_minutes() {
        assert_eq!(
            ExpireAfterDuration::FifteenMinutes.as_duration(),
            Some(Duration::from_secs(900))
        );
    }
}
