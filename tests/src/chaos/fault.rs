//! The faults the chaos proxy injects, and the weighted mix they are drawn from.

use std::fmt;

/// One misbehaviour of the network or of the service, applied to one request.
///
/// Each fault says whether the service saw the request first ([`Fault::upstream_acts`]): a 503 from
/// an overloaded load balancer and a 429 from a rate limiter come before the service, while a 500,
/// a gateway error, a lost connection or a slow answer come after it acted. The suites count on
/// this to know whether a create really happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// 429 without `Retry-After`; the service never saw the request.
    TooManyRequests,
    /// 429 with `Retry-After` (the proxy's configured seconds); the service never saw the request.
    TooManyRequestsRetryAfter,
    /// 500 with a small JSON error body, after the service acted.
    InternalServerError,
    /// 502 with an HTML page, as a load balancer sends it, after the service acted.
    BadGatewayHtml,
    /// 503 with a JSON error body; the service never saw the request.
    ServiceUnavailable,
    /// 504 with an empty body, after the service acted.
    GatewayTimeout,
    /// The service acted, then the connection is reset before any response byte is written.
    ResetBeforeHeaders,
    /// The service acted; the headers and half the body are written, then the connection is reset.
    ResetMidBody,
    /// The service acted; `Content-Length` promises more than is sent, then the connection closes.
    TruncatedBody,
    /// The service acted; the answer is held back longer than the client's attempt timeout.
    SlowResponse,
    /// The service acted; the status is kept but the body is cut in half and ends in a control
    /// character, so it is never valid JSON.
    InvalidJson,
}

impl Fault {
    /// Every fault, in a fixed order (the order of draws and reports).
    pub const ALL: [Fault; 11] = [
        Fault::TooManyRequests,
        Fault::TooManyRequestsRetryAfter,
        Fault::InternalServerError,
        Fault::BadGatewayHtml,
        Fault::ServiceUnavailable,
        Fault::GatewayTimeout,
        Fault::ResetBeforeHeaders,
        Fault::ResetMidBody,
        Fault::TruncatedBody,
        Fault::SlowResponse,
        Fault::InvalidJson,
    ];

    /// True when the request reaches the service before the fault strikes, so the service may
    /// have acted on it.
    pub fn upstream_acts(self) -> bool {
        !matches!(
            self,
            Fault::TooManyRequests | Fault::TooManyRequestsRetryAfter | Fault::ServiceUnavailable
        )
    }

    /// A short stable name, for reports.
    pub fn name(self) -> &'static str {
        match self {
            Fault::TooManyRequests => "429",
            Fault::TooManyRequestsRetryAfter => "429+Retry-After",
            Fault::InternalServerError => "500",
            Fault::BadGatewayHtml => "502 HTML",
            Fault::ServiceUnavailable => "503",
            Fault::GatewayTimeout => "504",
            Fault::ResetBeforeHeaders => "reset before headers",
            Fault::ResetMidBody => "reset mid-body",
            Fault::TruncatedBody => "truncated body",
            Fault::SlowResponse => "slow response",
            Fault::InvalidJson => "invalid JSON",
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which faults are drawn, with integer weights. Every fault of [`Fault::ALL`] with weight 1 by
/// default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultMix {
    weighted: Vec<(Fault, u32)>,
}

impl FaultMix {
    /// Every fault, equally likely.
    pub fn all() -> Self {
        Self::only(&Fault::ALL)
    }

    /// These faults, equally likely.
    pub fn only(faults: &[Fault]) -> Self {
        Self {
            weighted: faults.iter().map(|f| (*f, 1)).collect(),
        }
    }

    /// Every fault except these, equally likely.
    pub fn all_except(excluded: &[Fault]) -> Self {
        let kept: Vec<Fault> = Fault::ALL
            .into_iter()
            .filter(|f| !excluded.contains(f))
            .collect();
        Self::only(&kept)
    }

    /// The faults and their weights.
    pub fn weighted(&self) -> &[(Fault, u32)] {
        &self.weighted
    }

    /// Picks a fault for a draw `r` in `0..total_weight()`; `None` for an empty mix.
    pub(crate) fn pick(&self, r: u64) -> Option<Fault> {
        let mut r = r;
        for (fault, weight) in &self.weighted {
            let weight = u64::from(*weight);
            if r < weight {
                return Some(*fault);
            }
            r -= weight;
        }
        None
    }

    /// The sum of the weights.
    pub(crate) fn total_weight(&self) -> u64 {
        self.weighted.iter().map(|(_, w)| u64::from(*w)).sum()
    }
}

impl Default for FaultMix {
    fn default() -> Self {
        Self::all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_covers_every_fault_of_the_mix_once_per_weight() {
        let mix = FaultMix::all();
        let picked: Vec<Fault> = (0..mix.total_weight())
            .filter_map(|r| mix.pick(r))
            .collect();
        assert_eq!(picked, Fault::ALL.to_vec());
        assert_eq!(mix.pick(mix.total_weight()), None);
    }

    #[test]
    fn faults_before_the_service_are_429_and_503_only() {
        let before: Vec<Fault> = Fault::ALL
            .into_iter()
            .filter(|f| !f.upstream_acts())
            .collect();
        assert_eq!(
            before,
            vec![
                Fault::TooManyRequests,
                Fault::TooManyRequestsRetryAfter,
                Fault::ServiceUnavailable
            ]
        );
    }
}
