//! The session: HPAY's token is fetched with `/getToken/`, cached, renewed at 4/5 of its
//! lifetime or at once after an auth refusal (§2.3, U4), and calls are paced (U15).

use std::time::Instant;

use paydesk_domain::Secret;

use super::client::{HpayClient, parse, to_json};
use super::errors::malformed;
use super::token::{CachedToken, renew_at};
use super::wire::{GetTokenRequest, GetTokenResponse, TokenGrant};
use crate::error::ProviderError;
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
        let (bytes, _) = self.send(&request).await?;
        let wire: GetTokenResponse = parse(&bytes)?;
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
