//! HG.Cash's error body as it arrives: the observed `{"error": "..."}` (§2.2) with the
//! `code` and `details` the reference assumes (U3). Mapped to `ProviderError` in
//! `hgcash/errors.rs`.

use serde::{Deserialize, Deserializer};

use crate::error::ProviderError;
use crate::exact::WireDecimal;

use super::read;

/// Extra facts some errors carry (`details`); both are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ErrorDetails {
    /// With `INSUFFICIENT_NET_BALANCE`: the most that can be cashed out now.
    #[serde(rename = "maxWithdrawableAmount", default)]
    pub max_withdrawable_amount: Option<WireDecimal>,
    /// With `DUPLICATE_EXTERNAL_ID`: the earlier request (simulator only, non-contractual).
    #[serde(rename = "existingId", default)]
    pub existing_id: Option<String>,
}

/// The error envelope: `{"error": msg, "code"?: CODE, "details"?: {...}}` (observed + U3).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorEnvelope {
    /// The message.
    pub error: String,
    /// A machine code, when given.
    #[serde(default)]
    pub code: Option<String>,
    /// Details, when given and readable.
    #[serde(default, deserialize_with = "tolerant_details")]
    pub details: Option<ErrorDetails>,
}

fn tolerant_details<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ErrorDetails>, D::Error> {
    let raw = Option::<Box<serde_json::value::RawValue>>::deserialize(d)?;
    Ok(raw.and_then(|r| serde_json::from_str(r.get()).ok()))
}

/// Reads an error envelope.
pub fn parse_error(body: &[u8]) -> Result<ErrorEnvelope, ProviderError> {
    read(body, "error")
}
