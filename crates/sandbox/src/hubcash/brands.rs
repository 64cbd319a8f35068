//! The simulator's card brands (reference 6.3 ASSUMPTION table: a simplified subset of real
//! lengths and BIN prefixes, not a complete BIN table) and the longest-prefix lookup behind
//! `GET /brands/{number}`.

/// One brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brand {
    /// Name, case-sensitive.
    pub name: &'static str,
    /// Digits in a card number.
    pub number_digits: u32,
    /// Digits in the security code.
    pub number_security: u32,
    /// BIN prefixes: single values or inclusive ranges of equal length.
    pub prefixes: &'static [(&'static str, &'static str)],
}

/// The brand table.
pub const BRANDS: &[Brand] = &[
    Brand {
        name: "Visa",
        number_digits: 16,
        number_security: 3,
        prefixes: &[("4", "4")],
    },
    Brand {
        name: "Mastercard",
        number_digits: 16,
        number_security: 3,
        prefixes: &[("51", "55"), ("2221", "2720")],
    },
    Brand {
        name: "Elo",
        number_digits: 16,
        number_security: 3,
        prefixes: &[
            ("401178", "401178"),
            ("431274", "431274"),
            ("438935", "438935"),
            ("451416", "451416"),
            ("457393", "457393"),
            ("504175", "504175"),
            ("506699", "506778"),
            ("509000", "509999"),
            ("627780", "627780"),
            ("636297", "636297"),
            ("636368", "636368"),
            ("650031", "650033"),
        ],
    },
    Brand {
        name: "Hipercard",
        number_digits: 16,
        number_security: 3,
        prefixes: &[("606282", "606282"), ("3841", "3841")],
    },
    Brand {
        name: "Amex",
        number_digits: 15,
        number_security: 4,
        prefixes: &[("34", "34"), ("37", "37")],
    },
    Brand {
        name: "Diners",
        number_digits: 14,
        number_security: 3,
        prefixes: &[("300", "305"), ("36", "36"), ("38", "38")],
    },
];

/// The brand named exactly `name`.
pub fn by_name(name: &str) -> Option<(usize, &'static Brand)> {
    BRANDS.iter().enumerate().find(|(_, b)| b.name == name)
}

/// The brand whose prefix matches the most leading digits of `digits`.
pub fn by_number(digits: &str) -> Option<&'static Brand> {
    let mut best: Option<(usize, &'static Brand)> = None;
    for brand in BRANDS {
        for (low, high) in brand.prefixes {
            let len = low.len();
            let Some(head) = digits.get(..len) else {
                continue;
            };
            if head >= *low && head <= *high && best.is_none_or(|(l, _)| len > l) {
                best = Some((len, brand));
            }
        }
    }
    best.map(|(_, b)| b)
}

/// The image URL of a brand.
pub fn image(name: &str) -> String {
    format!(
        "https://api.hubcash.com/images/brand/{}.png",
        name.to_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        assert_eq!(by_number("4011").map(|b| b.name), Some("Visa"));
        assert_eq!(by_number("401178").map(|b| b.name), Some("Elo"));
        assert_eq!(by_number("2221").map(|b| b.name), Some("Mastercard"));
        assert_eq!(by_number("3841").map(|b| b.name), Some("Hipercard"));
        assert_eq!(by_number("9999"), None);
    }
}
