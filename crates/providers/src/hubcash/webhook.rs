//! What Hubcash POSTs to the merchant's notification URL (reference 8): the same structure as
//! the `GET /notifications/{NotificationId}` answer, `{"Notification": {...}}`. Hubcash signs
//! nothing, so there is nothing to verify: a receiver takes `Sale.SaleId` as a hint, answers
//! 2xx, and reads the sale with its own credentials ([`super::HubcashClient::sale`]) before
//! believing any status.

use super::errors::unreadable;
use super::wire::{HubcashNotification, Unreadable, envelope};
use crate::error::ProviderError;

/// Reads a notification body: the documented `{"Notification": {...}}`, or the bare object.
pub fn parse_notification(body: &[u8]) -> Result<HubcashNotification, ProviderError> {
    // Tried in turn (not as an untagged enum: the lenient status reader needs the raw text).
    let wrapped = serde_json::from_slice::<envelope::Notification>(body);
    let error = match wrapped {
        Ok(wrapped) => return Ok(wrapped.notification),
        Err(e) => e,
    };
    match serde_json::from_slice::<HubcashNotification>(body) {
        Ok(bare) => Ok(bare),
        Err(_) => Err(unreadable(
            "notification",
            body,
            &Unreadable::new("the notification cannot be read", error),
        )),
    }
}
