//! 识别文字 — numbers in text read by OCR from a scanned page, where a digit is often read
//! as a look-alike letter (0 as O, 1 as l, 5 as S, 8 as B) and a space falls anywhere
//! inside a number.
//!
//! [`normalise`] turns the look-alike letters into digits inside runs that are mostly
//! digits, and remembers for every byte where it came from, so a hit in the normalised
//! text is a span of the original. [`find`] runs the number detectors on the text as it
//! is and on its normalised form; every check still applies (a look-alike run whose check
//! character fails is no 身份证号), only the letters and the spaces are forgiven.

use super::numbers::{self, halfwidth, Spacing};
use super::Hit;

/// Text with look-alike letters read as digits, and where each of its bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    pub text: String,
    /// For each byte of `text` and one past its end, the offset in the original.
    origin: Vec<usize>,
}

impl Normalised {
    /// The offset in the original text of offset `i` of the normalised one; a hit's
    /// `start..end` maps to the span of the original it was read from.
    pub fn original(&self, i: usize) -> usize {
        self.origin[i]
    }
}

/// The digit OCR mistakes `c` for, if it is a letter it commonly confuses with one.
fn lookalike(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' | 'D' | 'Q' => '0',
        'I' | 'l' | 'i' | '|' => '1',
        'Z' | 'z' => '2',
        'S' | 's' => '5',
        'G' | 'b' => '6',
        'B' => '8',
        'g' | 'q' => '9',
        _ => return None,
    })
}

/// A run of letters and digits that could be a number misread: digits and look-alikes
/// only, but for an X at its end (a 身份证号's check character).
fn pure(run: &[(usize, char)]) -> bool {
    run.iter().enumerate().all(|(k, &(_, c))| {
        c.is_ascii_digit() || lookalike(c).is_some() || k + 1 == run.len() && (c == 'X' || c == 'x')
    })
}

/// `text` with look-alike letters turned into digits wherever they stand in a chain of
/// runs (joined by single spaces) made only of digits and look-alikes, with at least as
/// many digits as look-alikes: `11O1O5l99OO3O7OO2X` but not `SOS`, `BIOS` or `E12345678`.
/// Full-width letters and digits become ASCII, as [`numbers::find`] reads them.
pub fn normalise(text: &str) -> Normalised {
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, halfwidth(c).unwrap_or(c)))
        .collect();
    let in_run = |k: usize| chars[k].1.is_ascii_alphanumeric() || chars[k].1 == '|';
    // Runs as index ranges into `chars`.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if in_run(k) {
            let start = k;
            while k < chars.len() && in_run(k) {
                k += 1;
            }
            runs.push((start, k));
        } else {
            k += 1;
        }
    }
    let mut read = vec![false; chars.len()];
    let mut r = 0;
    while r < runs.len() {
        if !pure(&chars[runs[r].0..runs[r].1]) {
            r += 1;
            continue;
        }
        let first = r;
        while r + 1 < runs.len()
            && runs[r + 1].0 == runs[r].1 + 1
            && matches!(chars[runs[r].1].1, ' ' | '\u{3000}')
            && pure(&chars[runs[r + 1].0..runs[r + 1].1])
        {
            r += 1;
        }
        let span = runs[first].0..runs[r].1;
        let digits = chars[span.clone()]
            .iter()
            .filter(|(_, c)| c.is_ascii_digit())
            .count();
        let lookalikes = chars[span.clone()]
            .iter()
            .filter(|(_, c)| lookalike(*c).is_some())
            .count();
        if digits > 0 && digits >= lookalikes {
            read[span].fill(true);
        }
        r += 1;
    }
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (k, &(i, c)) in chars.iter().enumerate() {
        let c = if read[k] {
            lookalike(c).unwrap_or(c)
        } else {
            c
        };
        origin.extend(std::iter::repeat_n(i, c.len_utf8()));
        out.push(c);
    }
    origin.push(text.len());
    Normalised { text: out, origin }
}

/// Adds the hits of personal data in OCR text to `out`: those [`numbers::find`] finds in
/// it as it is, and those found in its normalised form, with spaces anywhere inside a
/// number that has a check character, where they overlap none of the first.
pub fn find(text: &str, out: &mut Vec<Hit>) {
    let from = out.len();
    numbers::find(text, out);
    let norm = normalise(text);
    let mut read = Vec::new();
    numbers::find_with(&norm.text, Spacing::Anywhere, &mut read);
    for mut h in read {
        h.start = norm.original(h.start);
        h.end = norm.original(h.end);
        if !out[from..]
            .iter()
            .any(|o| o.start < h.end && h.start < o.end)
        {
            out.push(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    fn hits(text: &str) -> Vec<(Kind, &str)> {
        let mut out = Vec::new();
        find(text, &mut out);
        out.iter()
            .map(|h| (h.kind, &text[h.start..h.end]))
            .collect()
    }

    #[test]
    fn lookalike_letters_in_a_number_are_read_as_digits() {
        let text = "身份证号 11O1O5l99OO3O7OO5X，住址";
        assert_eq!(normalise(text).text, "身份证号 11010519900307005X，住址");
        assert_eq!(hits(text), [(Kind::IdCard, "11O1O5l99OO3O7OO5X")]);
    }

    #[test]
    fn the_span_is_in_the_original_text() {
        // Full-width letters and digits are 3 bytes each, the normalised ones 1.
        let text = "申请人：张三，证件号１１Ｏ１Ｏ５１９９ＯＯ３Ｏ７ＯＯ５Ｘ，已核验。";
        let mut out = Vec::new();
        find(text, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].kind, Kind::IdCard);
        assert_eq!(
            &text[out[0].start..out[0].end],
            "１１Ｏ１Ｏ５１９９ＯＯ３Ｏ７ＯＯ５Ｘ"
        );
    }

    #[test]
    fn a_lookalike_run_failing_its_check_is_no_id_number() {
        // 11010519900307002's check character is 5, not X: a mistyped or misread number.
        assert_eq!(
            hits("身份证号 11O1O5l99OO3O7OO2X"),
            [(Kind::IdCardTypo, "11O1O5l99OO3O7OO2X")]
        );
        // A date that does not exist: nothing at all.
        assert!(hits("编号 11O1O5l99OO23OOO2X").is_empty());
        // A card number misread, its Luhn digit wrong.
        assert!(hits("卡号 6222 6OO2 6OOO 1O72 445").is_empty());
    }

    #[test]
    fn spaces_anywhere_inside_a_number_with_a_check_character() {
        assert_eq!(
            hits("身份证号 1101051 99003 07005X 已核验"),
            [(Kind::IdCard, "1101051 99003 07005X")]
        );
        assert_eq!(
            hits("卡号 6222 6OO2 6OOO 1O72 444"),
            [(Kind::BankCard, "6222 6OO2 6OOO 1O72 444")]
        );
        assert_eq!(
            hits("卡号 622260 0260001 072444"),
            [(Kind::BankCard, "622260 0260001 072444")]
        );
        // Without a check character to vouch for them, pieces stay apart.
        assert!(hits("编号 1381 23 45678").is_empty());
    }

    #[test]
    fn words_and_letter_codes_stay_as_they_are() {
        for text in [
            "BIOS 设置",
            "SOS 求助",
            "护照号码G12345678",
            "车牌辽B12345",
            "电话0412-2223456",
        ] {
            let mut plain = Vec::new();
            numbers::find(text, &mut plain);
            let mut read = Vec::new();
            find(text, &mut read);
            assert_eq!(read, plain, "{text}");
        }
        assert_eq!(normalise("BIOS 设置").text, "BIOS 设置");
        assert_eq!(normalise("E12345678").text, "E12345678");
        assert_eq!(normalise("SOS 12345678").text, "505 12345678");
    }
}
