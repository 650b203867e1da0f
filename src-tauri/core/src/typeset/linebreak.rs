//! 中文断行 — where a line of printed text may end.
//!
//! Breaks are allowed between CJK characters, never inside a run of Latin letters or
//! digits (half- or full-width: `GB/T 7714`, `２０２６`, `3.5%` stay whole), and the
//! 禁则 of Chinese typesetting hold: no line starts with closing punctuation (`，。、；：？！）》」』”`
//! and their kin) and no line ends with opening punctuation (`（《「『“`). When the
//! character that overflows may not start a line, the break moves back to the last place
//! it may happen (the previous character goes down with it); only a single word longer
//! than the whole line is cut (after a slash when it has one), and even then not before closing punctuation, which hangs
//! past the edge instead. Widths come from the caller, so this module knows no font.

/// Characters that may not start a line.
const CLOSING: &str = "，。、；：？！）》」』”’〕】〉〗〙〛｝］｠,.;:?!)]}…‥·・ー～%％℃°′″";
/// Characters that may not end a line.
const OPENING: &str = "（《「『“‘〔【〈〖〘〚｛［｟([{";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    /// A letter, digit or ASCII symbol of a word or number: no break inside a run of them.
    Word,
    /// Anything else (CJK characters and punctuation): a break may come before and after.
    Ideo,
}

fn class(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if is_word(c) {
        Class::Word
    } else {
        Class::Ideo
    }
}

/// Latin (and other alphabetic) letters, digits, the ASCII symbols that live inside
/// numbers, codes and addresses, and their full-width forms.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    let u = c as u32;
    let cjk = (0x2E80..=0x9FFF).contains(&u)
        || (0xAC00..=0xD7AF).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0x20000..=0x3FFFF).contains(&u);
    if cjk {
        return false;
    }
    // Full-width digits and letters.
    if (0xFF10..=0xFF19).contains(&u)
        || (0xFF21..=0xFF3A).contains(&u)
        || (0xFF41..=0xFF5A).contains(&u)
    {
        return true;
    }
    c.is_alphanumeric()
}

/// Whether a line may end between `a` and `b`.
fn may_break(a: char, b: char) -> bool {
    if OPENING.contains(a) || CLOSING.contains(b) {
        return false;
    }
    let (ca, cb) = (class(a), class(b));
    if ca == Class::Space || cb == Class::Space {
        return true;
    }
    if ca == Class::Word && cb == Class::Word {
        // ASCII `.`, `,`, `%` are word characters, so 99.5% and 9:00 stay whole.
        return false;
    }
    // Dash and ellipsis pairs (——, ……) stay together.
    !(a == b && matches!(a, '—' | '…'))
}

/// Breaks `text` into lines at most `width` wide, `advance` giving each character's
/// width. A newline in `text` starts a new line; an empty text gives no lines. Spaces
/// at the edges of a wrapped line are dropped.
pub fn wrap(text: &str, width: f32, advance: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    if text.is_empty() {
        return lines;
    }
    for paragraph in text.split('\n') {
        wrap_paragraph(
            paragraph.trim_end_matches('\r'),
            width,
            &advance,
            &mut lines,
        );
    }
    lines
}

fn wrap_paragraph(text: &str, width: f32, advance: &impl Fn(char) -> f32, out: &mut Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        out.push(String::new());
        return;
    }
    let mut start = 0;
    while start < chars.len() {
        let end = line_end(&chars, start, width, advance);
        let line: String = chars[start..end].iter().collect();
        out.push(line.trim().to_string());
        start = end;
        while start < chars.len() && chars[start].is_whitespace() {
            start += 1;
        }
    }
}

/// The end (exclusive) of the line that starts at `start`.
fn line_end(chars: &[char], start: usize, width: f32, advance: &impl Fn(char) -> f32) -> usize {
    let mut used = 0.0;
    let mut last_break = None;
    for i in start..chars.len() {
        let c = chars[i];
        if i > start && may_break(chars[i - 1], c) {
            last_break = Some(i);
        }
        used += advance(c);
        // Spaces may run past the edge: they are dropped at the break.
        if used <= width + 1e-3 || c.is_whitespace() {
            continue;
        }
        if let Some(b) = last_break {
            return b;
        }
        // One word longer than the line: cut it after a slash if it has one (索引号
        // `…/2026-00001`, paths; a hyphen at a line end would read as hyphenation), else
        // where it overflows; closing punctuation
        // hangs past the edge rather than start the next line.
        if i == start || CLOSING.contains(c) {
            continue;
        }
        return (start + 1..i)
            .rev()
            .find(|&j| chars[j - 1] == '/')
            .unwrap_or(i);
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str, width: f32) -> Vec<String> {
        wrap(text, width, |c| if c.is_ascii() { 0.5 } else { 1.0 })
    }

    #[test]
    fn cjk_breaks_anywhere() {
        assert_eq!(unit("一二三四五六七", 3.0), ["一二三", "四五六", "七"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // 。 would start line 2: 三 goes down with it.
        assert_eq!(unit("一二三。四五", 3.0), ["一二", "三。四", "五"]);
        assert_eq!(unit("一二三”四", 3.0), ["一二", "三”四"]);
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        assert_eq!(unit("一二《三四》", 3.0), ["一二", "《三", "四》"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        assert_eq!(unit("共计12345元", 3.0), ["共计", "12345", "元"]);
        assert_eq!(unit("见 GB/T 7714 标准", 4.0), ["见 GB/T", "7714 标", "准"]);
        assert_eq!(unit("第２０２６号", 4.0), ["第", "２０２６", "号"]);
        assert_eq!(unit("办结率99.5%。", 4.0), ["办结率", "99.5%。"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        assert_eq!(unit("abcdefgh", 2.0), ["abcd", "efgh"]);
        assert_eq!(unit("ab/cdefg", 3.0), ["ab/", "cdefg"]);
    }

    #[test]
    fn newlines_start_lines_and_empty_text_gives_none() {
        assert!(unit("", 3.0).is_empty());
        assert_eq!(unit("一\n\n二", 3.0), ["一", "", "二"]);
    }
}
