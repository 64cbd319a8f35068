//! Seeded HPAY data: the history generator (compact records, a million in seconds) and the
//! small static tables the simulator serves (products, customers, FX rates, countries).

use rand::Rng;
use rust_decimal::Decimal;

use super::state::{Book, Payment, PaymentText, Status};
use crate::rng;

/// Products sold through payment links, with the description template they go with.
pub(crate) const PRODUCTS: &[(&str, &str)] = &[
    (
        "Achat de sac pour enfant",
        "Sac d'école pour enfant de 4 à 10 ans",
    ),
    (
        "Amazon Achat de carte cadeau",
        "Achat en ligne de Chèques-cadeaux et cartes cadeaux",
    ),
    (
        "Recharge crédit Orange",
        "Recharge de crédit téléphonique Orange",
    ),
    ("Forfait internet MTN 10 Go", "Forfait data mensuel MTN"),
    ("Abonnement Canal+ Évasion", "Abonnement télévision un mois"),
    ("Carte cadeau Google Play", "Carte prépayée Google Play"),
    ("Facture SENELEC", "Paiement de facture d'électricité"),
    (
        "Billet de bus Dakar-Thiès",
        "Billet aller simple, départ gare routière",
    ),
    ("Carte Steam 20 USD", "Code de recharge Steam"),
    ("Livraison repas", "Commande de repas livrée à domicile"),
    (
        "Cours de soutien scolaire",
        "Dix heures de cours de mathématiques",
    ),
    ("Réservation hôtel Abidjan", "Une nuit en chambre double"),
    ("Pagne wax 6 yards", "Tissu wax imprimé, 6 yards"),
    ("Facture Sénégalaise des Eaux", "Paiement de facture d'eau"),
];

/// Customer names (West Africa), used in generated descriptions.
pub(crate) const CUSTOMERS: &[&str] = &[
    "Aminata Diop",
    "Moussa Traoré",
    "Fatou Ndiaye",
    "Ibrahima Sow",
    "Awa Koné",
    "Cheikh Fall",
    "Mariam Ouédraogo",
    "Kouassi Yao",
    "Adjoa Mensah",
    "Sékou Camara",
    "Binta Bâ",
    "Oumar Cissé",
    "Nafissatou Sy",
    "Yacouba Sanogo",
    "Rokhaya Gueye",
    "Koffi Agbodjan",
];

/// Units of XOF for one unit of each currency the FX helper quotes (`/getFees/`).
/// USD is the reference's own example (558.427617).
pub(crate) const FX_TO_XOF: &[(&str, &str)] = &[
    ("XOF", "1"),
    ("XAF", "1"),
    ("USD", "558.427617"),
    ("EUR", "655.957"),
    ("CAD", "405.118512"),
    ("GBP", "760.331245"),
    ("MAD", "60.512874"),
    ("NGN", "0.371128"),
    ("GNF", "0.064931"),
    ("GHS", "37.845112"),
];

/// A country the simulator lists (`/getCountry/`): code, name, currency, prefix, msisdn lengths.
pub(crate) const COUNTRIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("BF", "Burkina Faso", "XOF", "226", "8", "11"),
    ("BJ", "Benin", "XOF", "229", "8", "11"),
    ("CA", "Canada", "CAD", "1", "10", "11"),
    ("CI", "Côte d'Ivoire", "XOF", "225", "10", "13"),
    ("CM", "Cameroon", "XAF", "237", "9", "12"),
    ("DZ", "Algeria", "DZD", "213", "10", "15"),
    ("FR", "France", "EUR", "33", "9", "11"),
    ("GN", "Guinea", "GNF", "224", "9", "12"),
    ("ML", "Mali", "XOF", "223", "8", "11"),
    ("NE", "Niger", "XOF", "227", "8", "11"),
    ("SN", "Senegal", "XOF", "221", "9", "12"),
    ("TG", "Togo", "XOF", "228", "8", "11"),
];

const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A transaction id: 10 to 14 characters of `[A-Za-z0-9]` (§9.1).
pub(crate) fn transaction_id(rng: &mut impl Rng) -> String {
    let len = rng.random_range(10..=14);
    (0..len)
        .map(|_| char::from(ID_ALPHABET[rng.random_range(0..ID_ALPHABET.len())]))
        .collect()
}

/// A session token: base64-looking text of 30 to 46 characters (§3.1).
pub(crate) fn token(rng: &mut impl Rng) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let len = rng.random_range(30..=46);
    (0..len)
        .map(|_| char::from(B64[rng.random_range(0..B64.len())]))
        .collect()
}

/// An amount in minor units: mostly small everyday purchases, some large ones.
fn amount_minor(rng: &mut impl Rng, scale: u32) -> i64 {
    let roll = rng.random_range(0..1000u32);
    // Major units, XOF-sized; two-decimal currencies get a smaller range with cents.
    if scale == 0 {
        let major: i64 = match roll {
            0..=599 => rng.random_range(5..=200) * 100,
            600..=899 => rng.random_range(200..=1000) * 100,
            _ => rng.random_range(1000..=5000) * 100,
        };
        major
    } else {
        let cents: i64 = match roll {
            0..=599 => rng.random_range(500..=5_000),
            600..=899 => rng.random_range(5_000..=40_000),
            _ => rng.random_range(40_000..=250_000),
        };
        let factor = 10i64.pow(scale.saturating_sub(2));
        cents.saturating_mul(factor)
    }
}

/// Fills `book` with `size` payments spread evenly (with jitter) over the 90 days before
/// `now`, oldest first. Returns nothing; the book's balances are credited for paid ones.
pub(crate) fn generate(
    book: &mut Book,
    seed: u64,
    size: usize,
    now: i64,
    scale: u32,
    fee_rate: Decimal,
) {
    let mut rng = rng::seeded(seed, "hpay/history");
    let span: i64 = 90 * 24 * 3600;
    let start = now - span;
    let size_i = i64::try_from(size.max(1)).unwrap_or(i64::MAX);
    let step = (span / size_i).max(1);
    book.reserve(size);
    for i in 0..size {
        let i = i64::try_from(i).unwrap_or(i64::MAX);
        let created = (start + i.saturating_mul(step) + rng.random_range(0..step)).min(now - 1);
        let amount = amount_minor(&mut rng, scale);
        let fees = super::state::fee_for(amount, fee_rate);
        let age = now - created;
        let paid_percent = if age > 2 * 24 * 3600 { 85 } else { 50 };
        let paid = rng.random_range(0..100u32) < paid_percent;
        let paid_at = paid.then(|| (created + rng.random_range(60..7200)).min(now));
        let text = PaymentText::Generated {
            product: rng.random_range(0..PRODUCTS.len()) as u8,
            customer: rng.random_range(0..CUSTOMERS.len()) as u8,
            order: rng.random_range(10_000..1_000_000u32),
        };
        let mut id = transaction_id(&mut rng);
        while book.contains(&id) {
            id = transaction_id(&mut rng);
        }
        book.push(Payment {
            id,
            amount,
            fees,
            status: if paid { Status::Paid } else { Status::Unpaid },
            created,
            paid_at,
            text,
            urls: None,
        });
    }
}
