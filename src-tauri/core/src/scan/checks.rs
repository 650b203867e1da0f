//! Check characters and number plans: what makes a digit string a real 身份证号, 手机号,
//! 银行卡号 or 统一社会信用代码 rather than a serial number that happens to look like one.
//!
//! Every function takes the compact form (separators removed) as ASCII bytes.

use chrono::NaiveDate;

/// GB 11643 weights of the first 17 characters of an 18-character 身份证号.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// 省级行政区划代码: the first two digits of a 身份证号 (83 is 台湾居民居住证).
fn province(d: &[u8]) -> bool {
    matches!(
        (d[0] - b'0') * 10 + (d[1] - b'0'),
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83
    )
}

fn all_digits(s: &[u8]) -> bool {
    s.iter().all(u8::is_ascii_digit)
}

fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

/// A birth date that existed: a real calendar day, not before 1900 nor after today.
fn birth_date(year: u32, month: u32, day: u32) -> bool {
    let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day) else {
        return false;
    };
    year >= 1900 && date <= crate::clock::today()
}

/// The GB 11643 check character of the first 17 digits.
pub fn id_check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    ID_CHECK[(sum % 11) as usize]
}

/// An 18-character 身份证号 with a valid check character and birth date, or a 15-digit
/// one (issued before 1999, birth year 19YY, no check character) with a valid birth date.
pub fn id_card(s: &[u8]) -> bool {
    match s.len() {
        18 => id_shaped(s) && id_check_char(&s[..17]) == s[17].to_ascii_uppercase(),
        15 => {
            all_digits(s)
                && province(s)
                && birth_date(
                    1900 + number(&s[6..8]),
                    number(&s[8..10]),
                    number(&s[10..12]),
                )
        }
        _ => false,
    }
}

/// 疑似身份证号 — 18 characters shaped like a 身份证号 (a province's 行政区划码, a birth date
/// that existed, a check character 0–9 or X) whose check character is wrong: a mistyped
/// number, still someone's personal data. Luhn passes for one such number in ten, which
/// is why this is asked before [`bank_card`].
pub fn id_card_typo(s: &[u8]) -> bool {
    s.len() == 18
        && id_shaped(s)
        && (s[17].is_ascii_digit() || s[17].eq_ignore_ascii_case(&b'X'))
        && id_check_char(&s[..17]) != s[17].to_ascii_uppercase()
}

/// The first 17 characters of an 18-character 身份证号: digits, a province, a birth date.
fn id_shaped(s: &[u8]) -> bool {
    all_digits(&s[..17])
        && province(s)
        && birth_date(number(&s[6..10]), number(&s[10..12]), number(&s[12..14]))
}

/// An 11-digit mainland mobile number in a number block that has been issued.
pub fn mobile(s: &[u8]) -> bool {
    s.len() == 11
        && all_digits(s)
        && s[0] == b'1'
        && match (s[1], s[2]) {
            (b'3' | b'8' | b'9', _) => true,
            (b'4', c) => (b'5'..=b'9').contains(&c),
            (b'5', c) => c != b'4',
            (b'6', c) => matches!(c, b'2' | b'5' | b'6' | b'7'),
            (b'7', c) => c != b'9',
            _ => false,
        }
}

/// 长途区号: 010, 02X, or 0 followed by three digits from 3 to 9 (0310 … 0999).
pub fn area_code(s: &[u8]) -> bool {
    all_digits(s)
        && s.first() == Some(&b'0')
        && match s.len() {
            3 => s[1] == b'1' && s[2] == b'0' || s[1] == b'2',
            4 => s[1] >= b'3',
            _ => false,
        }
}

/// A local number after an area code: 7 or 8 digits, never starting with 0 or 1.
pub fn local_number(s: &[u8]) -> bool {
    (7..=8).contains(&s.len()) && all_digits(s) && s[0] >= b'2'
}

/// 卡组织 — a card scheme's issuer prefixes (IIN ranges) and the lengths it issues.
struct Scheme {
    /// The first and last prefix of the range, each `digits` long.
    from: u32,
    to: u32,
    digits: usize,
    lengths: &'static [usize],
}

const fn scheme(from: u32, to: u32, digits: usize, lengths: &'static [usize]) -> Scheme {
    Scheme {
        from,
        to,
        digits,
        lengths,
    }
}

const LONG: &[usize] = &[16, 17, 18, 19];

/// The schemes whose cards are issued or accepted in China. 60 is UnionPay too, for some
/// mainland banks' BINs (中国银行 6013, 交通银行 6014, 平安银行 6029). Not here: Maestro
/// (12–19 digits, prefixes shared with serial numbers), JCB's retired 15-digit 1800/2131
/// cards, and the old domestic 95xx cards (工商银行 9558, 农业银行 9559), numbered outside
/// the international ranges.
const SCHEMES: &[Scheme] = &[
    scheme(62, 62, 2, LONG),        // 银联 UnionPay
    scheme(60, 60, 2, LONG),        // 银联, domestic BINs
    scheme(4, 4, 1, &[13, 16, 19]), // Visa
    scheme(51, 55, 2, &[16]),       // Mastercard
    scheme(2221, 2720, 4, &[16]),   // Mastercard
    scheme(3528, 3589, 4, LONG),    // JCB
    scheme(34, 34, 2, &[15]),       // American Express
    scheme(37, 37, 2, &[15]),       // American Express
    scheme(6011, 6011, 4, LONG),    // Discover
    scheme(644, 649, 3, LONG),      // Discover
    scheme(65, 65, 2, LONG),        // Discover
    scheme(36, 36, 2, &[14]),       // Diners Club
    scheme(38, 39, 2, &[14]),       // Diners Club
    scheme(300, 305, 3, &[14]),     // Diners Club Carte Blanche
    scheme(3095, 3095, 4, &[14]),   // Diners Club
];

/// A 银行卡号: an issuer prefix and a length of a real card scheme, and a Luhn check
/// digit. The prefix keeps long serial numbers out, which pass Luhn one time in ten.
pub fn bank_card(s: &[u8]) -> bool {
    all_digits(s)
        && SCHEMES.iter().any(|c| {
            c.lengths.contains(&s.len()) && (c.from..=c.to).contains(&number(&s[..c.digits]))
        })
        && luhn(s)
}

pub fn luhn(s: &[u8]) -> bool {
    let sum: u32 = s
        .iter()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// GB 32100 characters (no I, O, S, V, Z) and weights.
const CREDIT_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn credit_value(b: u8) -> Option<u32> {
    CREDIT_CHARS
        .iter()
        .position(|&c| c == b.to_ascii_uppercase())
        .map(|p| p as u32)
}

/// The GB 32100 check character of the first 17 characters, if they are all valid.
pub fn credit_check_char(first17: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (b, w) in first17.iter().zip(CREDIT_WEIGHTS) {
        sum += credit_value(*b)? * w;
    }
    Some(CREDIT_CHARS[((31 - sum % 31) % 31) as usize])
}

/// A 统一社会信用代码: registering authority (1–9, A–G, N, Y), organisation type, a 6-digit
/// 行政区划码, the 9-character 组织机构代码 with its own GB 11714 check character, and a
/// valid GB 32100 check character. The embedded check keeps a mistyped 18-digit 身份证号
/// from passing as a credit code by chance.
pub fn credit_code(s: &[u8]) -> bool {
    s.len() == 18
        && b"123456789ABCDEFGNY".contains(&s[0].to_ascii_uppercase())
        && b"123459".contains(&s[1])
        && all_digits(&s[2..8])
        && org_code(&s[8..17])
        && credit_check_char(&s[..17]) == Some(s[17].to_ascii_uppercase())
}

/// A GB 11714 组织机构代码: 8 digits or letters and a check character (0–9 or X).
fn org_code(s: &[u8]) -> bool {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for (b, w) in s[..8].iter().zip(WEIGHTS) {
        let v = match b.to_ascii_uppercase() {
            d @ b'0'..=b'9' => u32::from(d - b'0'),
            l @ b'A'..=b'Z' => u32::from(l - b'A') + 10,
            _ => return false,
        };
        sum += v * w;
    }
    let check = match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        c => b'0' + c as u8,
    };
    s[8].to_ascii_uppercase() == check
}

/// 护照号 of the People's Republic: E + 8 digits, E + letter (not I, O) + 7 digits, or the
/// older G + 8 digits.
pub fn passport(s: &[u8]) -> bool {
    s.len() == 9
        && match s[0] {
            b'E' => {
                all_digits(&s[2..])
                    && (s[1].is_ascii_digit()
                        || s[1].is_ascii_uppercase() && !b"IO".contains(&s[1]))
            }
            b'G' => all_digits(&s[1..]),
            _ => false,
        }
}

/// The letter and number after the province character of a 车牌号: a city letter, then
/// five characters (ordinary plates) or six (新能源: D/F first or last).
pub fn plate_tail(s: &[u8]) -> bool {
    let city = |b: u8| b.is_ascii_uppercase() && b != b'I' && b != b'O';
    let body = |b: &u8| b.is_ascii_digit() || city(*b);
    match s.len() {
        6 => {
            city(s[0])
                && s[1..].iter().all(body)
                && s[1..].iter().filter(|b| b.is_ascii_digit()).count() >= 3
        }
        7 => {
            city(s[0])
                && (matches!(s[1], b'D' | b'F') && s[2..].iter().all(body) && all_digits(&s[3..])
                    || all_digits(&s[1..6]) && matches!(s[6], b'D' | b'F'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn id_check_character_follows_gb_11643() {
        assert_eq!(id_check_char(b"11010519491231002"), b'X');
        assert!(id_card(b"11010519491231002X"));
        assert!(id_card(b"11010519491231002x"));
        assert!(!id_card(b"110105194912310021"));
        assert!(!id_card(b"11010519490231002X"), "31 February");
        let next_year = format!("110105{}0101001", crate::clock::now().year() + 1);
        let check = id_check_char(next_year.as_bytes()) as char;
        assert!(
            !id_card(format!("{next_year}{check}").as_bytes()),
            "born in the future"
        );
        assert!(id_card(b"110105491231002"));
        assert!(!id_card(b"110105491331002"), "month 13");
    }

    #[test]
    fn credit_code_check_character_follows_gb_32100() {
        assert!(credit_code(b"91350100M000100Y43"));
        assert!(credit_code(b"9144030071526726XG"));
        assert!(org_code(b"71526726X"));
        assert!(!credit_code(b"91350100M000100Y44"));
    }

    #[test]
    fn luhn_and_number_plans() {
        assert!(bank_card(b"6222600260001072444"));
        assert!(
            !bank_card(b"2222600260001072444"),
            "a Mastercard prefix, but Mastercard numbers have 16 digits"
        );
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert!(mobile(b"13812345678"));
        assert!(!mobile(b"12812345678"));
        assert!(!mobile(b"15412345678"));
        assert!(area_code(b"0412") && area_code(b"010") && area_code(b"024"));
        assert!(!area_code(b"0012") && !area_code(b"011"));
    }

    /// The schemes' published test numbers are cards; Luhn-valid numbers with another
    /// prefix or length are not.
    #[test]
    fn card_schemes_by_prefix_and_length() {
        for card in [
            "4111111111111111",    // Visa 16
            "4222222222222",       // Visa 13
            "5555555555554444",    // Mastercard 51–55
            "2223003122003222",    // Mastercard 2221–2720
            "378282246310005",     // American Express
            "371449635398431",     // American Express
            "6011111111111117",    // Discover
            "6445644564456445",    // Discover 644–649
            "3530111333300000",    // JCB
            "30569309025904",      // Diners Club Carte Blanche
            "36227206271667",      // Diners Club
            "6250941006528599",    // UnionPay
            "6013820000000000005", // UnionPay (60, 中国银行)
        ] {
            assert!(bank_card(card.as_bytes()), "{card}");
        }
        for other in [
            "41111111111111113",  // Visa has no 17-digit numbers
            "37828224631000518",  // American Express has 15 digits
            "2721000000000004",   // past Mastercard's 2720
            "3527000000000008",   // before JCB's 3528
            "5018000000000009",   // Maestro
            "9876543210987658",   // a serial number
            "350402194403070604", // 身份证号 with a wrong check character (issue #23)
        ] {
            assert!(luhn(other.as_bytes()), "{other} passes Luhn");
            assert!(!bank_card(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn an_id_number_with_a_wrong_check_character_is_a_typo() {
        assert!(id_card_typo(b"350402194403070604"));
        assert!(id_card(b"350402194403070605"));
        assert!(
            !id_card_typo(b"350402194403070605"),
            "the right check character"
        );
        assert!(id_card_typo(b"110105194912310021"));
        assert!(!id_card_typo(b"11010519490231002X"), "31 February");
        assert!(!id_card_typo(b"990105194912310021"), "no province 99");
        assert!(!id_card_typo(b"110105185001010021"), "born before 1900");
        assert!(
            !id_card_typo(b"11010519491231002Y"),
            "Y is no check character"
        );
        assert!(
            !id_card_typo(b"110105491231002"),
            "15 digits have no check character"
        );
    }
}
