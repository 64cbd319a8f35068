//! The check digits of the Argentine 22-digit account key: a CBU (Clave Bancaria Uniforme, a
//! bank account) or a CVU (Clave Virtual Uniforme, a virtual account; it starts with `000`).
//! Both use the same rule (BCRA's):
//!
//! - the first block is 8 digits: bank (3), branch (4), then a check digit over those 7 with
//!   the weights 7, 1, 3, 9, 7, 1, 3;
//! - the second block is 14 digits: the account (13), then a check digit over those 13 with
//!   the weights 3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3;
//! - a check digit is `(10 - sum % 10) % 10`, the sum being each digit times its weight.
//!
//! Every weight is prime to 10, so a single mistyped digit always fails the check. A number
//! that fails it is not refused outright: HG.Cash's own documentation gives example numbers
//! that fail it (see the tests), so the engine asks the merchant to confirm instead.

/// Weights of the bank and branch digits (the first 7), for the first check digit.
pub const BANK_BRANCH_WEIGHTS: [u32; 7] = [7, 1, 3, 9, 7, 1, 3];

/// Weights of the account digits (13, after the first check digit), for the second one.
pub const ACCOUNT_WEIGHTS: [u32; 13] = [3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3];

/// The check digit of `digits` (0 to 9 each) under `weights`: `(10 - sum % 10) % 10`.
fn check_digit(digits: &[u32], weights: &[u32]) -> u32 {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    (10 - sum % 10) % 10
}

/// The digits of `text` when it is exactly `N` ASCII digits.
fn digits<const N: usize>(text: &str) -> Option<[u32; N]> {
    let bytes = text.as_bytes();
    if bytes.len() != N || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut out = [0u32; N];
    for (slot, b) in out.iter_mut().zip(bytes) {
        *slot = u32::from(b - b'0');
    }
    Some(out)
}

/// True when `number` is 22 digits whose two check digits are right. Anything else (another
/// length, a space, a letter) is `false`; the shape is checked with its own message where the
/// number is read ([`crate::BankDestination::from_fields`]).
pub fn check_digits_ok(number: &str) -> bool {
    let Some(all) = digits::<22>(number) else {
        return false;
    };
    let (first, second) = all.split_at(8);
    let (bank_branch, first_check) = first.split_at(7);
    let (account, second_check) = second.split_at(13);
    first_check == [check_digit(bank_branch, &BANK_BRANCH_WEIGHTS)]
        && second_check == [check_digit(account, &ACCOUNT_WEIGHTS)]
}

/// The 22-digit key for a bank and branch (7 digits) and an account (13 digits), with both
/// check digits put in; `None` when either part is not that many digits. For generated
/// sandbox data and tests.
pub fn with_check_digits(bank_branch: &str, account: &str) -> Option<String> {
    let first = digits::<7>(bank_branch)?;
    let second = digits::<13>(account)?;
    let first_check = check_digit(&first, &BANK_BRANCH_WEIGHTS);
    let second_check = check_digit(&second, &ACCOUNT_WEIGHTS);
    Some(format!("{bank_branch}{first_check}{account}{second_check}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand, digit by digit:
    /// - CBU `285 0590 9 | 0940090418135 6` (bank 285): 2·7+8·1+5·3+0·9+5·7+9·1+0·3 = 81,
    ///   check (10-1)%10 = 9; 0·3+9·9+4·7+0·1+0·3+9·9+0·7+4·1+1·3+8·9+1·7+3·1+5·3 = 294,
    ///   check 6.
    /// - CBU `110 0015 6 | 0000000000002 4` (the documentation's example with its check
    ///   digits put right): 1·7+1·1+0+0+0+1·1+5·3 = 24, check 6; 2·3 = 6, check 4.
    /// - CVU `000 0003 1 | 0001234567890 7`: 3·3 = 9, check 1; 1·1+2·3+3·9+4·7+5·1+6·3+7·9
    ///   +8·7+9·1 = 213, check 7.
    /// - CVU `000 0003 1 | 0011798732884 4` (HG.Cash's real-looking webhook example): first
    ///   check 1 as above; 1·7+1·1+7·3+9·9+8·7+7·1+3·3+2·9+8·7+8·1+4·3 = 276, check 4.
    /// - CVU `000 0151 5 | 0003762612013 1` (the same example's account): 1·7+5·1+1·3 = 15,
    ///   check 5; 3·1+7·3+6·9+2·7+6·1+1·3+2·9+0+1·1+3·3 = 129, check 1.
    const VALID: [&str; 5] = [
        "2850590909400904181356",
        "1100015600000000000024",
        "0000003100012345678907",
        "0000003100117987328844",
        "0000151500037626120131",
    ];

    #[test]
    fn numbers_worked_by_hand_pass() {
        for number in VALID {
            assert!(check_digits_ok(number), "{number}");
        }
    }

    #[test]
    fn the_providers_documentation_examples_fail_the_check() {
        // HG.Cash's own document (`../shared/seeds/hgcash.txt`) §3.3 and §5: `toCBU`, `toCVU`
        // and `fromCBU` as the documents print them. Their check digits are wrong (6 not 4 and 4 not 1; 7 not 1;
        // 0 not 4 and 7 not 0), which is why a failing number cannot be a hard refusal.
        for number in [
            "1100015400000000000021",
            "0000003100012345678901",
            "1700015400000000000010",
        ] {
            assert!(!check_digits_ok(number), "{number}");
        }
    }

    #[test]
    fn any_single_mistyped_digit_fails() {
        for number in VALID {
            for at in 0..22 {
                for replacement in b'0'..=b'9' {
                    let mut bytes = number.as_bytes().to_vec();
                    if bytes[at] == replacement {
                        continue;
                    }
                    bytes[at] = replacement;
                    let typo = String::from_utf8(bytes).expect("ascii");
                    assert!(!check_digits_ok(&typo), "{typo}");
                }
            }
        }
    }

    #[test]
    fn only_22_ascii_digits_can_pass() {
        for bad in [
            "",
            "285059090940090418135",
            "28505909094009041813560",
            "2850590909400904181 56",
            "28505909094009041813S6",
            "２850590909400904181356",
        ] {
            assert!(!check_digits_ok(bad), "{bad:?}");
        }
    }

    #[test]
    fn check_digits_are_put_in_where_they_belong() {
        assert_eq!(
            with_check_digits("2850590", "0940090418135").as_deref(),
            Some("2850590909400904181356")
        );
        assert_eq!(
            with_check_digits("0000003", "0001234567890").as_deref(),
            Some("0000003100012345678907")
        );
        assert_eq!(with_check_digits("285059", "0940090418135"), None);
        assert_eq!(with_check_digits("2850590", "094009041813x"), None);
    }
}
