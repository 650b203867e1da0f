//! Words that matter by themselves: 密级 marks, 内部 markings, process-draft markers
//! (第十六条第二款) and the administrator's 敏感词, all found in one Aho-Corasick pass, and
//! the [`Scanner`] that runs every detector over a text.
//!
//! A keyword alone is not a finding: 秘密 in 保守国家秘密法 is ordinary prose. Each marker
//! has a rule about its surroundings (`★` after it, standing on a line of its own, in
//! brackets, `的请示` ending a title); sensitive words are reported wherever they occur.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::wording::{Matcher, Wording};
use super::{numbers, ocr, Hit, Kind, ScanOptions, Severity};

/// What a keyword is, which decides the rule that turns it into a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// 绝密 机密 秘密: a finding only when used as a classification mark.
    Classified,
    /// 内部: only as a marking (`内部★`, `【内部】`, a line of its own).
    Internal,
    /// 内部资料 注意保存 …: markings by themselves.
    Restricted,
    /// 涉密 不宜公开: common in prose about secrecy too, so a warning.
    Sensitive,
    /// 讨论稿 送审稿 会议纪要.
    Draft,
    /// 征求意见稿, expected in a 重大决策预公开 item.
    ConsultationDraft,
    /// 请示 as a document type (`关于…的请示`), not in 请示报告制度.
    Request,
    /// An entry of the administrator's list.
    Word,
}

const KEYWORDS: &[(&str, Marker)] = &[
    ("绝密", Marker::Classified),
    ("机密", Marker::Classified),
    ("秘密", Marker::Classified),
    ("内部", Marker::Internal),
    ("内部资料", Marker::Restricted),
    ("内部文件", Marker::Restricted),
    ("内部使用", Marker::Restricted),
    ("注意保存", Marker::Restricted),
    ("不宜公开", Marker::Sensitive),
    ("涉密", Marker::Sensitive),
    ("讨论稿", Marker::Draft),
    ("送审稿", Marker::Draft),
    ("会议纪要", Marker::Draft),
    ("征求意见稿", Marker::ConsultationDraft),
    ("请示", Marker::Request),
];

/// Every detector, built once (the sensitive-word automaton is the costly part).
#[derive(Debug, Clone)]
pub struct Scanner {
    automaton: AhoCorasick,
    markers: Vec<Marker>,
    /// The longest keyword or word, in bytes.
    longest: usize,
    wording: Matcher,
}

impl Scanner {
    /// A scanner for the built-in detectors and `sensitive_words` (blank entries ignored,
    /// ASCII letters matched in any case).
    pub fn new(sensitive_words: &[String]) -> Scanner {
        Scanner::with_wording(sensitive_words, &Wording::default())
    }

    /// A scanner that also runs the 错敏词 checks of `wording`.
    pub fn with_wording(sensitive_words: &[String], wording: &Wording) -> Scanner {
        let mut patterns: Vec<&str> = KEYWORDS.iter().map(|(k, _)| *k).collect();
        let mut markers: Vec<Marker> = KEYWORDS.iter().map(|(_, m)| *m).collect();
        for w in sensitive_words
            .iter()
            .map(|w| w.trim())
            .filter(|w| !w.is_empty())
        {
            patterns.push(w);
            markers.push(Marker::Word);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .expect("keywords are short literal strings");
        let longest = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        Scanner {
            automaton,
            markers,
            longest,
            wording: Matcher::new(wording),
        }
    }

    /// What a wording hit says to write instead (`None` for any other hit).
    pub fn note(&self, hit: &Hit) -> Option<&str> {
        hit.note.and_then(|i| self.wording.note(i))
    }

    /// Every finding in `text`, ordered by position.
    pub fn scan_text(&self, text: &str, opts: &ScanOptions) -> Vec<Hit> {
        self.scan(text, opts, numbers::find)
    }

    /// Every finding in text read by OCR, ordered by position: as [`Scanner::scan_text`],
    /// and numbers also where OCR read digits as look-alike letters or put spaces inside
    /// them (`ocr.rs`).
    pub fn scan_ocr_text(&self, text: &str, opts: &ScanOptions) -> Vec<Hit> {
        self.scan(text, opts, ocr::find)
    }

    /// Whether a keyword or sensitive word overlaps `from..to` of `text` (where a long
    /// line may be cut only if none does: `lines.rs`).
    pub(super) fn keyword_near(&self, text: &[u8], from: usize, to: usize) -> bool {
        let lo = from.saturating_sub(self.longest);
        let hi = to.saturating_add(self.longest).min(text.len());
        self.automaton
            .find_overlapping_iter(&text[lo..hi])
            .any(|m| lo + m.end() > from && lo + m.start() < to)
    }

    fn scan(&self, text: &str, opts: &ScanOptions, numbers: fn(&str, &mut Vec<Hit>)) -> Vec<Hit> {
        let mut hits = Vec::new();
        numbers(text, &mut hits);
        let mut marks: Vec<Hit> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let marker = self.markers[m.pattern().as_usize()];
            if let Some(h) = judge(text, marker, m.start(), m.end(), opts) {
                marks.push(h);
            }
        }
        // 内部 inside 内部资料, a sensitive word inside a longer one: report the longer.
        let covered = |h: &Hit, all: &[Hit]| {
            all.iter()
                .any(|o| o != h && o.kind == h.kind && o.start <= h.start && h.end <= o.end)
        };
        let kept: Vec<Hit> = marks
            .iter()
            .filter(|h| !covered(h, &marks))
            .copied()
            .collect();
        hits.extend(kept);
        self.wording.find(text, &mut hits);
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        hits.dedup();
        hits
    }
}

fn hit(kind: Kind, severity: Severity, start: usize, end: usize) -> Hit {
    Hit {
        kind,
        severity,
        start,
        end,
        note: None,
    }
}

/// Whether the keyword at `start..end` is a finding, and its extent.
fn judge(text: &str, marker: Marker, start: usize, end: usize, opts: &ScanOptions) -> Option<Hit> {
    let before = text[..start].trim_end_matches([' ', '\u{3000}']);
    let after = text[end..].trim_start_matches([' ', '\u{3000}']);
    let next = after.chars().next();
    let prev = before.chars().next_back();
    let alone = on_own_line(text, start, end);
    match marker {
        Marker::Classified => {
            let starred = next.is_some_and(is_star);
            let marked = starred
                || next == Some('级')
                || alone
                || before.trim_end_matches(['：', ':']).ends_with("密级");
            marked.then(|| {
                let end = if starred {
                    end + term_len(&text[end..])
                } else {
                    end
                };
                hit(Kind::SecretMark, Severity::Block, start, end)
            })
        }
        Marker::Internal => {
            let bracketed = prev.is_some_and(|c| "【〔[（(［".contains(c))
                && next.is_some_and(|c| "】〕]）)］".contains(c));
            (next.is_some_and(is_star) || bracketed || alone)
                .then(|| hit(Kind::SecretMark, Severity::Block, start, end))
        }
        Marker::Restricted => Some(hit(Kind::SecretMark, Severity::Block, start, end)),
        Marker::Sensitive => Some(hit(Kind::SecretMark, Severity::Warn, start, end)),
        Marker::Draft => Some(hit(Kind::ProcessDraft, Severity::Warn, start, end)),
        Marker::ConsultationDraft => (!opts.consultation_draft_allowed)
            .then(|| hit(Kind::ProcessDraft, Severity::Warn, start, end)),
        Marker::Request => {
            let title = prev == Some('的') || next.is_none_or(|c| !is_han(c)) || alone;
            title.then(|| hit(Kind::ProcessDraft, Severity::Warn, start, end))
        }
        Marker::Word => Some(hit(
            Kind::SensitiveWord,
            Kind::SensitiveWord.default_severity(),
            start,
            end,
        )),
    }
}

fn is_star(c: char) -> bool {
    matches!(c, '★' | '☆' | '*' | '＊')
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The length of `★1年`, `★ 长期`, `★10个月` at the start of `s` (just the star if no term).
fn term_len(s: &str) -> usize {
    let star = s.trim_start_matches([' ', '\u{3000}']);
    let Some(c) = star.chars().next().filter(|c| is_star(*c)) else {
        return 0;
    };
    let skipped = s.len() - star.len() + c.len_utf8();
    let rest = &s[skipped..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let unit = ["长期", "个月", "年", "月"]
        .iter()
        .find(|u| rest[digits..].starts_with(**u))
        .filter(|u| digits > 0 || **u == "长期")
        .map_or(0, |u| u.len());
    skipped + if unit > 0 { digits + unit } else { 0 }
}

/// Whether the keyword is all there is on its line (ignoring spaces and brackets).
fn on_own_line(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let decor = |c: char| c.is_whitespace() || "【】〔〕[]（）()".contains(c);
    text[line_start..start].chars().all(decor) && text[end..line_end].chars().all(decor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        Scanner::new(&["法轮功".into(), "轮功".into()])
            .scan_text(text, &ScanOptions::default())
            .iter()
            .map(|h| (h.kind, &text[h.start..h.end]))
            .collect()
    }

    #[test]
    fn classification_marks_but_not_the_law() {
        assert_eq!(kinds("秘密★1年"), [(Kind::SecretMark, "秘密★1年")]);
        assert_eq!(kinds("机密★ 文件"), [(Kind::SecretMark, "机密★")]);
        assert_eq!(kinds("绝密★长期"), [(Kind::SecretMark, "绝密★长期")]);
        assert_eq!(kinds("密级：机密"), [(Kind::SecretMark, "机密")]);
        assert!(kinds("依照保守国家秘密法的规定").is_empty());
        assert!(kinds("加强内部控制").is_empty());
        assert_eq!(kinds("【内部】"), [(Kind::SecretMark, "内部")]);
        assert_eq!(kinds("内部资料"), [(Kind::SecretMark, "内部资料")]);
    }

    #[test]
    fn requests_as_titles_and_words_reported_once() {
        assert_eq!(kinds("关于申请经费的请示"), [(Kind::ProcessDraft, "请示")]);
        assert!(kinds("落实重大事项请示报告制度").is_empty());
        assert_eq!(kinds("有法轮功字样"), [(Kind::SensitiveWord, "法轮功")]);
    }
}
