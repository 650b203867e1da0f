//! Personal data written with ASCII letters and digits: 身份证号 (and mistyped ones), 手机号,
//! 固定电话, 电子邮箱, 银行卡号, 统一社会信用代码, 车牌号, 护照号.
//!
//! One pass over the text finds *pieces* (maximal runs of ASCII letters and digits) and
//! chains them into *groups* where a single joiner separates them (a space, a dash, a
//! closing parenthesis after an area code, the dot of a plate), since numbers are written
//! `138 1234 5678` or `0412-2223456`. Within a group the longest run of pieces that passes
//! a detector's checks is taken, then the search goes on after it, so a landline followed
//! by a mobile number is two findings. Chinese text between numbers is skipped a byte at a
//! time without any regular expression, which is what keeps the scanner fast.

use super::checks;
use super::{Hit, Kind};

/// 省、自治区、直辖市 abbreviations that start a 车牌号.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// The longest compact form any detector looks at (a 19-digit card is the longest);
/// longer runs of pieces are not personal data.
const MAX_COMPACT: usize = 24;
/// The most pieces one finding spans (a card in five groups).
const MAX_PIECES: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    Space,
    Dash,
    /// `)` or `）` after an area code written `(0412)`.
    Paren,
    /// `·` between a plate's city letter and its number.
    Dot,
}

/// The joiner at `i`, if one is there, and the number of bytes it takes.
fn joiner(b: &[u8], i: usize) -> Option<(Gap, usize)> {
    let rest = &b[i..];
    let (gap, len) = match rest {
        [b' ', ..] => (Gap::Space, 1),
        [b'-', ..] => (Gap::Dash, 1),
        [b')', ..] => (Gap::Paren, 1),
        [0xE3, 0x80, 0x80, ..] => (Gap::Space, 3), // ideographic space
        [0xEF, 0xBC, 0x8D, ..] => (Gap::Dash, 3),  // －
        [0xE2, 0x80, 0x93 | 0x94, ..] => (Gap::Dash, 3), // – —
        [0xEF, 0xBC, 0x89, ..] => (Gap::Paren, 3), // ）
        [0xC2, 0xB7, ..] => (Gap::Dot, 2),         // ·
        _ => return None,
    };
    // `(0412) 2223456`
    let len = if gap == Gap::Paren && rest.get(len) == Some(&b' ') {
        len + 1
    } else {
        len
    };
    Some((gap, len))
}

/// Adds the hits of personal data in `text` to `out`.
pub fn find(text: &str, out: &mut Vec<Hit>) {
    find_with(text, Spacing::Written, out);
}

/// Where the spaces inside a number may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spacing {
    /// Where people put them: `138 1234 5678`, a card in groups of four.
    Written,
    /// Anywhere, as OCR leaves them, for numbers with a check character to vouch that
    /// the pieces belong together (身份证号 of 18 characters, 银行卡号, 统一社会信用代码).
    Anywhere,
}

/// Adds the hits of personal data in `text` to `out`, with spaces inside numbers allowed
/// as `spacing` says.
pub fn find_with(text: &str, spacing: Spacing, out: &mut Vec<Hit>) {
    if !has_fullwidth(text.as_bytes()) {
        return find_ascii(text, spacing, out);
    }
    // Numbers typed with a Chinese input method in full-width mode (１３８１２３４５６７８,
    // ＠) are the same numbers: scan an ASCII copy, then map offsets back.
    let mut ascii = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let c = halfwidth(c).unwrap_or(c);
        origin.extend(std::iter::repeat_n(i, c.len_utf8()));
        ascii.push(c);
    }
    origin.push(text.len());
    let from = out.len();
    find_ascii(&ascii, spacing, out);
    for h in &mut out[from..] {
        h.start = origin[h.start];
        h.end = origin[h.end];
    }
}

/// Whether `b` holds a full-width digit, letter or ＠ (UTF-8 EF BC 90..99, EF BC A0..BA,
/// EF BD 81..9A); full-width punctuation such as ：does not count.
fn has_fullwidth(b: &[u8]) -> bool {
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&x| x == 0xEF) {
        let k = i + p;
        if let (Some(&second), Some(&third)) = (b.get(k + 1), b.get(k + 2)) {
            if second == 0xBC && matches!(third, 0x90..=0x99 | 0xA0..=0xBA)
                || second == 0xBD && (0x81..=0x9A).contains(&third)
            {
                return true;
            }
        }
        i = k + 1;
    }
    false
}

/// The ASCII letter or digit a full-width one stands for.
pub fn halfwidth(c: char) -> Option<char> {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF20}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' | '．' => {
            char::from_u32(c as u32 - 0xFEE0)
        }
        _ => None,
    }
}

fn find_ascii(text: &str, spacing: Spacing, out: &mut Vec<Hit>) {
    let b = text.as_bytes();
    let emails = emails(text);
    out.extend(
        emails
            .iter()
            .map(|&(start, end)| hit(Kind::Email, start, end)),
    );
    let mut next_email = 0;
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut gaps: Vec<Gap> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let Some(p) = b[i..].iter().position(u8::is_ascii_alphanumeric) else {
            break;
        };
        let start = i + p;
        pieces.clear();
        gaps.clear();
        let mut s = start;
        loop {
            let mut e = s;
            while e < b.len() && b[e].is_ascii_alphanumeric() {
                e += 1;
            }
            pieces.push((s, e));
            match joiner(b, e) {
                Some((gap, len)) if b.get(e + len).is_some_and(u8::is_ascii_alphanumeric) => {
                    gaps.push(gap);
                    s = e + len;
                }
                _ => {
                    i = e;
                    break;
                }
            }
        }
        // Digits inside an e-mail address belong to the address: pieces overlapping one
        // are left out and split the group.
        let mut from = 0;
        for k in 0..=pieces.len() {
            let in_email = k < pieces.len() && {
                let (ps, pe) = pieces[k];
                while next_email < emails.len() && emails[next_email].1 <= ps {
                    next_email += 1;
                }
                emails.get(next_email).is_some_and(|&(es, _)| es < pe)
            };
            if k == pieces.len() || in_email {
                let run = &pieces[from..k];
                if run.iter().map(|(s, e)| e - s).sum::<usize>() >= 6 {
                    group(
                        text,
                        run,
                        &gaps[from..k.saturating_sub(1).max(from)],
                        spacing,
                        out,
                    );
                }
                from = k + 1;
            }
        }
    }
}

fn hit(kind: Kind, start: usize, end: usize) -> Hit {
    Hit {
        kind,
        severity: kind.default_severity(),
        start,
        end,
        note: None,
    }
}

/// The longest matches, left to right, among the runs of pieces of one group.
fn group(
    text: &str,
    pieces: &[(usize, usize)],
    gaps: &[Gap],
    spacing: Spacing,
    out: &mut Vec<Hit>,
) {
    let mut i = 0;
    while i < pieces.len() {
        let mut best = None;
        for j in i..pieces.len().min(i + MAX_PIECES) {
            if let Some(kind) = classify(text, &pieces[i..=j], &gaps[i..j], spacing) {
                best = Some((j, kind));
            }
        }
        match best {
            Some((j, kind)) => {
                out.push(hit(kind, pieces[i].0, pieces[j].1));
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

/// What a run of pieces joined by `gaps` is, if anything.
fn classify(text: &str, pieces: &[(usize, usize)], gaps: &[Gap], spacing: Spacing) -> Option<Kind> {
    let b = text.as_bytes();
    let mut buf = [0u8; MAX_COMPACT];
    let mut lens = [0usize; MAX_PIECES];
    let mut n = 0;
    for (k, &(s, e)) in pieces.iter().enumerate() {
        if n + (e - s) > MAX_COMPACT {
            return None;
        }
        buf[n..n + e - s].copy_from_slice(&b[s..e]);
        n += e - s;
        lens[k] = e - s;
    }
    let s = &buf[..n];
    let lens = &lens[..pieces.len()];
    let piece = |k: usize| &b[pieces[k].0..pieces[k].1];
    let single = pieces.len() == 1;

    if after_province(text, pieces[0].0)
        && (single || lens[0] == 1 && matches!(gaps[0], Gap::Dot | Gap::Space))
        && checks::plate_tail(s)
    {
        return Some(Kind::Plate);
    }
    if gaps.first() == Some(&Gap::Paren) {
        let opened = text[..pieces[0].0].ends_with(['(', '（']);
        return (opened && landline(pieces.len(), &piece, gaps)).then_some(Kind::Landline);
    }
    if !gaps.iter().all(|g| matches!(g, Gap::Space | Gap::Dash)) {
        return None;
    }
    let shape = |shapes: &[&[usize]]| single || shapes.contains(&lens);
    let id_shape = shape(&[&[6, 8, 4], &[6, 4, 4, 4], &[6, 6, 3]]);
    let spaced = spacing == Spacing::Anywhere && gaps.iter().all(|g| *g == Gap::Space);
    if (id_shape || spaced && s.len() == 18) && checks::id_card(s) {
        return Some(Kind::IdCard);
    }
    // Before the bank card: a mistyped 身份证号 passes Luhn one time in ten.
    if id_shape && checks::id_card_typo(s) {
        return Some(Kind::IdCardTypo);
    }
    if shape(&[&[3, 4, 4], &[3, 8], &[7, 4]]) && checks::mobile(s)
        || s.starts_with(b"86")
            && [&[2, 11][..], &[2, 3, 4, 4], &[2, 3, 8]].contains(&lens)
            && checks::mobile(&s[2..])
    {
        return Some(Kind::Mobile);
    }
    if pieces.len() >= 2 && landline(pieces.len(), &piece, gaps) {
        return Some(Kind::Landline);
    }
    let card_groups = lens.len() > 1
        && lens[..lens.len() - 1].iter().all(|&l| l == 4)
        && lens[lens.len() - 1] <= 4;
    if (single || card_groups || spaced) && checks::bank_card(s) {
        return Some(Kind::BankCard);
    }
    if (single || spaced) && checks::credit_code(s) {
        return Some(Kind::CreditCode);
    }
    if single && checks::passport(s) {
        return Some(Kind::Passport);
    }
    None
}

/// `0412-2223456`, `0412-2223456-801` (extension), `0412 222 3456`.
fn landline<'a>(count: usize, piece: &impl Fn(usize) -> &'a [u8], gaps: &[Gap]) -> bool {
    if !checks::area_code(piece(0)) {
        return false;
    }
    let ext =
        |k: usize| (1..=5).contains(&piece(k).len()) && piece(k).iter().all(u8::is_ascii_digit);
    match count {
        2 => checks::local_number(piece(1)),
        3 if checks::local_number(piece(1)) => gaps[1] == Gap::Dash && ext(2),
        3 => {
            let (a, c) = (piece(1), piece(2));
            let mut local = [0u8; 8];
            (3..=4).contains(&a.len()) && c.len() == 4 && {
                local[..a.len()].copy_from_slice(a);
                local[a.len()..a.len() + 4].copy_from_slice(c);
                checks::local_number(&local[..a.len() + 4])
            }
        }
        _ => false,
    }
}

fn after_province(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| PROVINCES.contains(c))
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// Byte ranges of e-mail addresses: a local part, `@`, and a domain with a letter TLD.
fn emails(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && is_local(b[start - 1]) {
            start -= 1;
        }
        while start < at && !b[start].is_ascii_alphanumeric() {
            start += 1;
        }
        let mut end = at + 1;
        while end < b.len() && is_domain(b[end]) {
            end += 1;
        }
        while end > at + 1 && !b[end - 1].is_ascii_alphanumeric() {
            end -= 1;
        }
        let domain = &text[at + 1..end];
        let tld = domain.rsplit('.').next().unwrap_or("");
        let valid = start < at
            && domain.contains('.')
            && domain.split('.').all(|l| !l.is_empty())
            && tld.len() >= 2
            && tld.bytes().all(|c| c.is_ascii_alphabetic());
        if valid && out.last().is_none_or(|&(_, e)| e <= start) {
            out.push((start, end));
        }
    }
    out
}
