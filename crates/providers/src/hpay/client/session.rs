//! The session behind every HPAY call: the token is fetched with `/getToken/`, cached, renewed
//! at 4/5 of its lifetime or at once after an auth refusal (§2.3, U4), and calls are paced
//! (U15). A child of `client.rs`: it adds methods to [`HpayClient`].

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use paydesk_domain::{Currency, Secret};

use super::{HpayClient, to_json};
use crate::error::ProviderError;
use crate::hpay::assumptions;
use crate::hpay::errors::{malformed, read};
use crate::hpay::wire::{GetTokenRequest, GetTokenResponse, TokenGrant};
use crate::http::{Repeat, Request};

impl HpayClient {
    pub(super) async fn fetch_token(
        &self,
        cache: &mut Option<CachedToken>,
    ) -> Result<TokenGrant, ProviderError> {
        *cache = None;
        let body = to_json(&GetTokenRequest {
            api_key: self.credentials.api_key.expose(),
            api_public_key: self.credentials.public_key.expose(),
            api_secret_key: self.credentials.secret_key.expose(),
            mode: self.mode,
        })?;
        // Asking for a token twice is harmless (several may coexist, U4).
        let request = Request::post("/getToken/")
            .json_text(body)
            .repeat(Repeat::Safe);
        let bytes = self.send(&request).await?;
        let wire: GetTokenResponse = read("/getToken/", &bytes)?;
        let grant = TokenGrant::try_from(wire).map_err(malformed)?;
        *cache = Some(CachedToken {
            token: grant.token.clone(),
            renew_at: renew_at((self.now)(), grant.lifetime)?,
            currency: grant.main_balance.map(|m| m.currency()),
        });
        Ok(grant)
    }

    pub(super) async fn current_token(&self) -> Result<Secret, ProviderError> {
        let mut cache = self.token.lock().await;
        if let Some(cached) = cache.as_ref()
            && (self.now)() < cached.renew_at
        {
            return Ok(cached.token.clone());
        }
        Ok(self.fetch_token(&mut cache).await?.token)
    }

    pub(super) async fn forget_token(&self, refused: &Secret) {
        let mut cache = self.token.lock().await;
        if cache.as_ref().is_some_and(|c| &c.token == refused) {
            *cache = None;
        }
    }

    /// Waits for this call's turn (U15), reserving the next slot before waiting.
    pub(super) async fn pace(&self) {
        if self.pacing.is_zero() {
            return;
        }
        let wait_until = {
            let mut next = self.next_call.lock().await;
            let now = Instant::now();
            let at = next.map_or(now, |n| n.max(now));
            *next = Some(at + self.pacing);
            at
        };
        tokio::time::sleep_until(wait_until.into()).await;
    }
}

/// The cached session token (held by [`HpayClient`]).
pub(crate) struct CachedToken {
    /// The token.
    pub(crate) token: Secret,
    /// When it is renewed.
    pub(crate) renew_at: DateTime<Utc>,
    /// The account currency `/getToken/` reported (`balance.currency`).
    pub(crate) currency: Option<Currency>,
}

/// When a token granted at `now` for `lifetime` is renewed: after
/// [`assumptions::RENEW_AT_NUMERATOR`]/[`assumptions::RENEW_AT_DENOMINATOR`] of it. Checked
/// arithmetic: a lifetime no clock can add is an error, never a panic.
fn renew_at(now: DateTime<Utc>, lifetime: Duration) -> Result<DateTime<Utc>, ProviderError> {
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
