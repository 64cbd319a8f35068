//! The cached session token and when it is renewed: at 4/5 of its lifetime (§2.3, U4).
//! Held by [`super::client::HpayClient`], filled and read by the session's calls.

use std::time::Duration;

use chrono::{DateTime, Utc};
use paydesk_domain::{Currency, Secret};

use super::assumptions;
use super::errors::malformed;
use crate::error::ProviderError;

pub(super) struct CachedToken {
    pub(super) token: Secret,
    pub(super) renew_at: DateTime<Utc>,
    /// The account currency `/getToken/` reported (`balance.currency`).
    pub(super) currency: Option<Currency>,
}

/// When a token granted at `now` for `lifetime` is renewed: after
/// [`assumptions::RENEW_AT_NUMERATOR`]/[`assumptions::RENEW_AT_DENOMINATOR`] of it. Checked
/// arithmetic: a lifetime no clock can add is an error, never a panic.
pub(super) fn renew_at(
    now: DateTime<Utc>,
    lifetime: Duration,
) -> Result<DateTime<Utc>, ProviderError> {
    let too_long = || malformed(format!("a token lifetime of {lifetime:?} cannot be used"));
    let renew_after = lifetime
        .checked_mul(assumptions::RENEW_AT_NUMERATOR)
        .and_then(|d| d.checked_div(assumptions::RENEW_AT_DENOMINATOR))
        .ok_or_else(too_long)?;
    let renew_after = chrono::Duration::from_std(renew_after).map_err(|_| too_long())?;
    now.checked_add_signed(renew_after).ok_or_else(too_long)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn renewal_at_four_fifths_and_never_a_panic() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        assert_eq!(
            renew_at(now, Duration::from_secs(15 * 60)),
            Ok(Utc.with_ymd_and_hms(2026, 3, 1, 12, 12, 0).unwrap())
        );
        for absurd in [
            Duration::MAX,
            Duration::from_secs(u64::MAX / 2),
            Duration::from_secs(1 << 60),
        ] {
            let error = renew_at(now, absurd).expect_err("absurd lifetime");
            assert_eq!(error.kind, crate::ErrorKind::Malformed);
        }
        assert!(renew_at(DateTime::<Utc>::MAX_UTC, Duration::from_secs(60)).is_err());
    }
}
