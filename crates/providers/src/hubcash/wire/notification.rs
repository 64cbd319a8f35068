//! A status-change notification (reference 5.9 and 8), as listed by `GET /notifications`,
//! read by `GET /notifications/{NotificationId}` and POSTed to the merchant's URL.

use serde::{Deserialize, Serialize};

use super::lenient::opt_text;
use super::status::HubcashSaleStatus;

/// The sale a notification is about, with the status it led to (frozen at creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashNotificationSale {
    /// The sale.
    pub sale_id: String,
    /// The status the change led to, as sent (an undocumented one is kept raw).
    pub status: HubcashSaleStatus,
}

/// A status-change notification. Unsigned: treat it as a hint only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HubcashNotification {
    /// Identifier.
    pub notification_id: String,
    /// Last change (a resend updates it).
    #[serde(default, deserialize_with = "opt_text")]
    pub date_updated: Option<String>,
    /// Creation.
    pub date_added: String,
    /// Last HTTP status Hubcash got from the merchant's URL; 0 when none.
    pub last_response_code: u16,
    /// The sale and its new status.
    pub sale: HubcashNotificationSale,
}
