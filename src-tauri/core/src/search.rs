//! 检索 — Chinese full-text search without a word list.
//!
//! SQLite's tokenizers do not cut Chinese into words, and the trigram tokenizer cannot
//! answer one- or two-character queries from its index. So the text is cut here, the same
//! way for documents and queries: every run of CJK characters becomes its overlapping
//! bigrams followed by its last character alone (`政务公开` → `政务 务公 公开 开`), every
//! run of Latin letters or digits becomes one lower-case word. The tokens go into a
//! contentless FTS5 table (`item_search`), and a query is the phrase of its own tokens
//! with the last one as a prefix, so `公` finds `公开`, `公开` finds `公开工作`, and
//! `鞍教发〔2016〕38号` finds the 文号 exactly, all through the index.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Full-width ASCII (`２０１６`, `ＡＢＣ`) to half-width, so both spellings match.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_cjk(c: char) -> bool {
    !c.is_ascii() && c.is_alphanumeric()
}

/// The tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, out: &mut Vec<String>| {
        for pair in run.windows(2) {
            out.push(pair.iter().collect());
        }
        if let Some(last) = run.last() {
            out.push(last.to_string());
        }
        run.clear();
    };
    for c in text.chars().map(fold) {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            run.push(c);
        } else if c.is_ascii_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.push(c.to_ascii_lowercase());
        } else {
            flush_run(&mut run, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_run(&mut run, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The text stored in the index for a document.
pub fn index_text(parts: &[&str]) -> String {
    parts
        .iter()
        .flat_map(|p| tokens(p))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The FTS5 MATCH expression for a query, or None when it has nothing to search for.
///
/// The query is cut like a document. Two simplifications keep common words fast: a
/// trailing lone character after a bigram is dropped (in a document a bigram is always
/// followed by a token starting with its last character, so it adds nothing but an
/// expensive prefix expansion), and the phrase is a prefix match only when it ends in a
/// Latin/digit word or is a single character, where a partial word must match.
pub fn match_expr(query: &str) -> Option<String> {
    let mut t = tokens(query);
    let ends_cjk = query.trim().chars().last().map(fold).is_some_and(is_cjk);
    if ends_cjk && t.len() >= 2 && t[t.len() - 1].chars().count() == 1 {
        let last = &t[t.len() - 1];
        let before = &t[t.len() - 2];
        if before.chars().count() == 2 && before.ends_with(last.as_str()) {
            t.pop();
        }
    }
    let last = t.last()?;
    let prefix = !ends_cjk || last.chars().count() == 1;
    // Tokens contain only letters and digits, so quoting cannot be broken out of.
    Some(format!(
        "\"{}\"{}",
        t.join(" "),
        if prefix { "*" } else { "" }
    ))
}

/// A piece of text, marked when it matches the query (the UI shows hits highlighted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Span {
    pub text: String,
    pub hit: bool,
}

/// `text` cut into spans around each occurrence of `query` (case-insensitive for ASCII).
pub fn highlight(text: &str, query: &str) -> Vec<Span> {
    let needle: Vec<char> = query
        .trim()
        .chars()
        .map(|c| fold(c).to_ascii_lowercase())
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars
        .iter()
        .map(|c| fold(*c).to_ascii_lowercase())
        .collect();
    let mut spans: Vec<Span> = Vec::new();
    let mut push = |s: &[char], hit: bool| {
        if !s.is_empty() {
            spans.push(Span {
                text: s.iter().collect(),
                hit,
            });
        }
    };
    if needle.is_empty() {
        push(&chars, false);
        return spans;
    }
    let (mut start, mut i) = (0, 0);
    while i + needle.len() <= folded.len() {
        if folded[i..i + needle.len()] == needle[..] {
            push(&chars[start..i], false);
            push(&chars[i..i + needle.len()], true);
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    push(&chars[start..], false);
    spans
}

/// About `width` characters of `text` around the first occurrence of `query`, highlighted;
/// the start of the text when there is no occurrence.
pub fn snippet(text: &str, query: &str, width: usize) -> Vec<Span> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let needle: Vec<char> = query
        .trim()
        .chars()
        .map(|c| fold(c).to_ascii_lowercase())
        .collect();
    let folded: Vec<char> = chars
        .iter()
        .map(|c| fold(*c).to_ascii_lowercase())
        .collect();
    let at = if needle.is_empty() {
        None
    } else {
        folded.windows(needle.len()).position(|w| w == &needle[..])
    };
    let from = at.map(|a| a.saturating_sub(width / 3)).unwrap_or(0);
    let to = (from + width).min(chars.len());
    let mut piece: String = chars[from..to].iter().collect();
    if from > 0 {
        piece.insert(0, '…');
    }
    if to < chars.len() {
        piece.push('…');
    }
    highlight(&piece, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_runs_become_bigrams_and_a_last_character() {
        assert_eq!(tokens("政务公开"), ["政务", "务公", "公开", "开"]);
        assert_eq!(tokens("号"), ["号"]);
        assert_eq!(
            tokens("鞍教发〔2016〕38号"),
            ["鞍教", "教发", "发", "2016", "38", "号"]
        );
        assert_eq!(tokens("ＡＢＣ１２"), ["abc12"]);
        assert_eq!(tokens("，。！"), Vec::<String>::new());
    }

    #[test]
    fn queries_are_prefix_phrases() {
        assert_eq!(match_expr("公开").unwrap(), "\"公开\"");
        assert_eq!(match_expr("政务公开").unwrap(), "\"政务 务公 公开\"");
        assert_eq!(match_expr("公").unwrap(), "\"公\"*");
        assert_eq!(
            match_expr("鞍教发〔2016〕38号").unwrap(),
            "\"鞍教 教发 发 2016 38 号\"*"
        );
        assert_eq!(match_expr("2016").unwrap(), "\"2016\"*");
        assert_eq!(match_expr("  ").as_deref(), None);
        assert_eq!(match_expr("\"*)(").as_deref(), None);
    }

    #[test]
    fn highlight_marks_every_occurrence() {
        let spans = highlight("公开、公开", "公开");
        assert_eq!(spans.iter().filter(|s| s.hit).count(), 2);
        assert_eq!(
            spans.iter().map(|s| s.text.as_str()).collect::<String>(),
            "公开、公开"
        );
        let spans = highlight("Word 文档", "word");
        assert!(spans[0].hit && spans[0].text == "Word");
    }
}
