//! HPAY's fixed data: the small static tables the simulator serves (products, customers, FX
//! rates, countries) and random transaction ids and session tokens. The seeded history is
//! generated in `history`.

use rand::Rng;

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
