//! What an account holds, as a provider last reported it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError};
use crate::provider::AccountId;

/// An account's balance in one currency at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// The account it belongs to.
    pub account: AccountId,
    /// What can be paid out now.
    pub available: Money,
    /// Money on its way in or held for payouts in flight, where the provider reports it.
    pub pending: Option<Money>,
    /// When the provider reported these figures.
    pub as_of: DateTime<Utc>,
}

impl Balance {
    /// A balance whose pending figure, if any, is in the same currency as the available one.
    pub fn new(
        account: AccountId,
        available: Money,
        pending: Option<Money>,
        as_of: DateTime<Utc>,
    ) -> Result<Balance, MoneyError> {
        if let Some(pending) = &pending {
            available.checked_cmp(pending)?;
        }
        Ok(Balance {
            account,
            available,
            pending,
            as_of,
        })
    }

    /// True when the figures are older than `max_age` at `now`: the UI marks them stale.
    pub fn is_stale(&self, now: DateTime<Utc>, max_age: Duration) -> bool {
        now.signed_duration_since(self.as_of) > max_age
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn pending_must_share_the_currency() {
        let gmd = Currency::from_code("GMD").expect("known");
        let cad = Currency::from_code("CAD").expect("known");
        let id = AccountId::new("a").expect("valid");
        let now = Utc::now();
        assert!(Balance::new(id.clone(), Money::zero(gmd), Some(Money::zero(cad)), now).is_err());
        let b = Balance::new(id, Money::zero(gmd), None, now).expect("valid");
        assert!(!b.is_stale(now, Duration::minutes(5)));
        assert!(b.is_stale(now + Duration::minutes(6), Duration::minutes(5)));
    }
}
