//! 脱敏 — how a finding's text is shown, following the conventions of the reference §7:
//! 身份证号 (and a number that looks like one) keeps the first 6 and last 4, 手机号 the
//! first 3 and last 4, 银行卡号 the last 4. Separators and Chinese characters stay where
//! they are, so `138 1234 5678` becomes `138 **** 5678`.

use super::numbers::halfwidth;
use super::{Hit, Kind};

/// A character masking counts: an ASCII letter or digit, or a full-width one.
fn counted(c: char) -> bool {
    c.is_ascii_alphanumeric() || halfwidth(c).is_some_and(|h| h.is_ascii_alphanumeric())
}

/// Characters either side of a match in an excerpt.
const CONTEXT: usize = 15;

/// `matched` as it may be shown in a list of findings.
pub fn mask(kind: Kind, matched: &str) -> String {
    let digits = matched.chars().filter(|c| counted(*c)).count();
    match kind {
        Kind::IdCard | Kind::IdCardTypo => keep(matched, 6, 4),
        Kind::Mobile if digits == 13 => keep(matched, 5, 4), // 86 138 **** 5678
        Kind::Mobile => keep(matched, 3, 4),
        Kind::BankCard => keep(matched, 0, 4),
        // The area code and the last two digits: enough to tell which office it is.
        Kind::Landline => {
            let area = matched
                .chars()
                .take_while(|c| halfwidth(*c).unwrap_or(*c).is_ascii_digit())
                .count()
                .min(4);
            keep(matched, area, 2)
        }
        Kind::Email => match matched.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => keep(matched, 1, 0),
        },
        Kind::Passport => keep(matched, 1, 3),
        // 辽C·****5: the province and city stay, they are not personal.
        Kind::Plate => keep(matched, 1, 1),
        // Published on purpose by companies; the rest are words, not personal data.
        Kind::CreditCode
        | Kind::SecretMark
        | Kind::ProcessDraft
        | Kind::SensitiveWord
        | Kind::LeaderTitle
        | Kind::OrgName
        | Kind::WrongExpression
        | Kind::Misspelling
        | Kind::Unreadable => matched.to_string(),
    }
}

/// Replaces every ASCII letter or digit but the first `first` and the last `last` by `*`.
fn keep(s: &str, first: usize, last: usize) -> String {
    let n = s.chars().filter(|c| counted(*c)).count();
    let mut k = 0;
    s.chars()
        .map(|c| {
            if !counted(c) {
                return c;
            }
            k += 1;
            if k <= first || k > n.saturating_sub(last) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// About [`CONTEXT`] characters either side of `hit`, on one line, with every hit in it
/// masked: the excerpt of one finding must not leak the number next to it.
pub fn excerpt(text: &str, hit: &Hit, all: &[Hit]) -> String {
    let from = text[..hit.start]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let to = text[hit.end..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(text.len(), |(i, _)| hit.end + i);
    // A neighbour cut by the window would show its middle unmasked: take it whole.
    let near = || all.iter().filter(|h| h.end > from && h.start < to);
    let (from, to) = (
        near().map(|h| h.start).fold(from, usize::min),
        near().map(|h| h.end).fold(to, usize::max),
    );
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for h in all.iter().filter(|h| h.end > from && h.start < to) {
        if h.start < at {
            continue; // overlaps the previous one, already masked
        }
        out.push_str(&text[at..h.start]);
        out.push_str(&mask(h.kind, &text[h.start..h.end]));
        at = h.end;
    }
    if at < to {
        out.push_str(&text[at..to]);
    }
    if to < text.len() {
        out.push('…');
    }
    out.chars()
        .map(|c| {
            if c.is_whitespace() && c != ' ' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_of_the_reference() {
        assert_eq!(
            mask(Kind::IdCard, "210302199001011234"),
            "210302********1234"
        );
        assert_eq!(mask(Kind::Mobile, "13812341234"), "138****1234");
        assert_eq!(mask(Kind::Mobile, "138-1234-1234"), "138-****-1234");
        assert_eq!(
            mask(Kind::BankCard, "6222 6002 6000 1072 444"),
            "**** **** **** ***2 444"
        );
        assert_eq!(mask(Kind::Email, "zhangsan@163.com"), "z***@163.com");
        assert_eq!(mask(Kind::Plate, "辽C12345"), "辽C****5");
        assert_eq!(
            mask(Kind::Mobile, "１３８１２３４１２３４"),
            "１３８****１２３４"
        );
    }

    #[test]
    fn excerpt_masks_its_neighbours_too() {
        let text = "张三，身份证号210302199001011234，电话13812341234。";
        let id = text.find("2103").unwrap();
        let tel = text.find("1381").unwrap();
        let hits = [
            Hit {
                kind: Kind::IdCard,
                severity: Kind::IdCard.default_severity(),
                start: id,
                end: id + 18,
                note: None,
            },
            Hit {
                kind: Kind::Mobile,
                severity: Kind::Mobile.default_severity(),
                start: tel,
                end: tel + 11,
                note: None,
            },
        ];
        let e = excerpt(text, &hits[0], &hits);
        assert_eq!(e, "张三，身份证号210302********1234，电话138****1234。");
    }
}
