//! Wrapper objects: Hubcash wraps each resource in an object named after its type (`{"Sale":
//! {...}}`, `{"Sales": [...]}`; reference 3).

use serde::{Deserialize, Serialize};

use super::catalog::{HubcashBrand, HubcashCurrency};
use super::notification::HubcashNotification;
use super::sale::HubcashCard;

/// `{"Card": {...}}`
#[derive(Debug, Serialize, Deserialize)]
pub struct Card<T> {
    /// The card.
    #[serde(rename = "Card")]
    pub card: T,
}

/// `{"Sale": {...}}`
#[derive(Debug, Serialize, Deserialize)]
pub struct Sale<T> {
    /// The sale.
    #[serde(rename = "Sale")]
    pub sale: T,
}

/// `{"Brand": {...}}`
#[derive(Debug, Deserialize)]
pub struct Brand {
    /// The brand.
    #[serde(rename = "Brand")]
    pub brand: HubcashBrand,
}

/// `{"Notification": {...}}`
#[derive(Debug, Deserialize)]
pub struct Notification {
    /// The notification.
    #[serde(rename = "Notification")]
    pub notification: HubcashNotification,
}

/// `{"Cards": [...]}`
#[derive(Debug, Deserialize)]
pub struct Cards {
    /// The cards.
    #[serde(rename = "Cards")]
    pub cards: Vec<HubcashCard>,
}

/// `{"Currencies": [...]}`
#[derive(Debug, Deserialize)]
pub struct Currencies {
    /// The currencies.
    #[serde(rename = "Currencies")]
    pub currencies: Vec<HubcashCurrency>,
}

/// `{"Brands": [...]}`
#[derive(Debug, Deserialize)]
pub struct Brands {
    /// The brands.
    #[serde(rename = "Brands")]
    pub brands: Vec<HubcashBrand>,
}

/// `{"Notifications": [...]}`
#[derive(Debug, Deserialize)]
pub struct Notifications {
    /// The notifications.
    #[serde(rename = "Notifications")]
    pub notifications: Vec<HubcashNotification>,
}
