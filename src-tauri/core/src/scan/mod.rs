//! 发布前检查 — the pre-review scanner: finds personal data, classification marks,
//! process-draft markers and the administrator's sensitive words in an item's text and in
//! every attachment, before a person reviews it.
//!
//! The module owns what is found and how it is shown; storing findings with review rounds
//! is the review module's business. How it fits together:
//! - [`extract`] turns an attachment into [`Segment`]s (one per paragraph, cell or page,
//!   so a location is precise) or says why it cannot be read;
//! - [`Scanner::scan_text`] finds [`Hit`]s in one text: `numbers.rs` (one pass over ASCII
//!   runs, each candidate checked by `checks.rs`) and `marks.rs` (one Aho-Corasick pass
//!   over all keywords and sensitive words); [`Scanner::scan_ocr_text`] does the same for
//!   text read by OCR, forgiving look-alike letters and stray spaces in numbers (`ocr.rs`);
//!   `wording.rs` adds the 错敏词 checks (leaders' titles, old organisation names, wrong
//!   expressions, misspellings) from the lists in [`wording::Wording`];
//! - [`scan_segments`] / [`scan_file`] turn hits into [`Finding`]s with a location and a
//!   masked excerpt (`mask.rs`);
//! - [`scan_path`] is what the app and the CLI call: a plain-text file is scanned as a
//!   stream in bounded memory (`stream.rs`, `lines.rs`), with the same findings.
//!
//! To add a detector: a [`Kind`] variant with its label and default severity, the check in
//! `numbers.rs` or `marks.rs`, its masking rule, and cases in `tests/data/gen_scan_corpus.py` (rerun it; it rewrites `scan_corpus.tsv`).
//! Numbers an outside generator can make are also cased in `tests/data/gen_faker_corpus.py`
//! (`faker_corpus.tsv`).

mod checks;
mod dense;
mod doc;
mod extract;
mod html_text;
mod lines;
mod marks;
mod mask;
mod numbers;
pub(crate) mod ofd;
pub(crate) use numbers::halfwidth;
mod ocr;
mod office;
mod ole;
mod pdf;
mod ppt;
mod scanned;
pub(crate) mod sheet;
mod stream;
mod tesseract;
pub mod wording;
mod words;
mod xls_notes;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) use extract::decode;
pub use extract::{extract, extract_unguarded, file_location, paragraphs, MAX_READ};
pub use marks::Scanner;
pub use mask::mask;
pub use ofd::{within as ofd_within, Limits as OfdLimits, LIMITS as OFD_LIMITS};
pub use pdf::pages_within as pdf_pages_within;
pub use scanned::{Ocr, Source as OcrSource, Tools as OcrTools, MAX_PAGES as OCR_MAX_PAGES};
pub use stream::{scan_html_reader, scan_path, scan_reader, Chunking, CHUNKING};
pub(crate) use tesseract::{read as read_text, run as run_program};
pub use tesseract::{Bbox, Reading, MISSING as OCR_MISSING};
pub use words::{parse_words, words_file};

/// 检查类别 — what a finding is. The snake_case names are part of the CLI's JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "FindingKind")]
pub enum Kind {
    IdCard,
    /// 疑似身份证号: shaped like a 身份证号 but with a wrong check character.
    IdCardTypo,
    Mobile,
    Landline,
    Email,
    BankCard,
    CreditCode,
    Plate,
    Passport,
    SecretMark,
    ProcessDraft,
    SensitiveWord,
    /// 错敏词: a listed leader's name beside a title that is not theirs.
    LeaderTitle,
    /// 错敏词: an organisation's old name.
    OrgName,
    /// 错敏词: a politically wrong expression (严重错误表述).
    WrongExpression,
    /// 错敏词: a common misspelling (错别字).
    Misspelling,
    Unreadable,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::IdCard,
        Kind::IdCardTypo,
        Kind::Mobile,
        Kind::Landline,
        Kind::Email,
        Kind::BankCard,
        Kind::CreditCode,
        Kind::Plate,
        Kind::Passport,
        Kind::SecretMark,
        Kind::ProcessDraft,
        Kind::SensitiveWord,
        Kind::LeaderTitle,
        Kind::OrgName,
        Kind::WrongExpression,
        Kind::Misspelling,
        Kind::Unreadable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::IdCard => "id_card",
            Kind::IdCardTypo => "id_card_typo",
            Kind::Mobile => "mobile",
            Kind::Landline => "landline",
            Kind::Email => "email",
            Kind::BankCard => "bank_card",
            Kind::CreditCode => "credit_code",
            Kind::Plate => "plate",
            Kind::Passport => "passport",
            Kind::SecretMark => "secret_mark",
            Kind::ProcessDraft => "process_draft",
            Kind::SensitiveWord => "sensitive_word",
            Kind::LeaderTitle => "leader_title",
            Kind::OrgName => "org_name",
            Kind::WrongExpression => "wrong_expression",
            Kind::Misspelling => "misspelling",
            Kind::Unreadable => "unreadable",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.code() == s.trim())
    }

    /// 错敏词: a finding about wording, corrected in the text rather than masked.
    pub fn is_wording(self) -> bool {
        matches!(
            self,
            Kind::LeaderTitle | Kind::OrgName | Kind::WrongExpression | Kind::Misspelling
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::IdCard => "身份证号",
            Kind::IdCardTypo => "疑似身份证号（校验位不符）",
            Kind::Mobile => "手机号",
            Kind::Landline => "固定电话",
            Kind::Email => "电子邮箱",
            Kind::BankCard => "银行卡号",
            Kind::CreditCode => "统一社会信用代码",
            Kind::Plate => "车牌号",
            Kind::Passport => "护照号",
            Kind::SecretMark => "密级或内部标志",
            Kind::ProcessDraft => "过程稿标志",
            Kind::SensitiveWord => "敏感词",
            Kind::LeaderTitle => "领导姓名职务不符",
            Kind::OrgName => "机构旧称",
            Kind::WrongExpression => "严重错误表述",
            Kind::Misspelling => "错别字",
            Kind::Unreadable => "无法自动检查",
        }
    }

    /// The severity a finding of this kind has unless its detector says otherwise.
    ///
    /// - 阻断: a person's 身份证号, 手机号, 银行卡号 or 护照号 is 个人隐私 (第十五条) and is
    ///   almost never meant to be published unmasked; a classification mark means the
    ///   text may be 国家秘密 (第十四条); an unreadable attachment has not been checked at
    ///   all, so it must not pass silently.
    /// - 警告: a number shaped like a 身份证号 whose check character is wrong is most likely
    ///   a mistyped one but may be a serial number; an office's 固定电话 or 邮箱 is often
    ///   published on purpose, plates and sensitive words depend on context, and process
    ///   drafts *may* be withheld under 第十六条第二款 but need not be.
    /// - 错敏词 (the wording checks) take their severity from the list entry; these are the
    ///   defaults: a leader's name beside another's title and an organisation's old name
    ///   are 严重错误 that website inspections veto outright (一票否决), so they block.
    /// - 提示: 统一社会信用代码 of companies are routinely published (procurement results,
    ///   licences); it is pointed out only so the reviewer sees it.
    pub fn default_severity(self) -> Severity {
        match self {
            Kind::IdCard
            | Kind::Mobile
            | Kind::BankCard
            | Kind::Passport
            | Kind::SecretMark
            | Kind::LeaderTitle
            | Kind::OrgName
            | Kind::WrongExpression
            | Kind::Unreadable => Severity::Block,
            Kind::IdCardTypo
            | Kind::Landline
            | Kind::Email
            | Kind::Plate
            | Kind::ProcessDraft
            | Kind::SensitiveWord
            | Kind::Misspelling => Severity::Warn,
            Kind::CreditCode => Severity::Info,
        }
    }
}

/// 级别 — how strongly a finding stands in the way of publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 阻断 — must be removed, masked or justified before the item can pass.
    Block,
    /// 警告 — the reviewer must look at it.
    Warn,
    /// 提示 — shown for information.
    Info,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Block => "block",
            Severity::Warn => "warn",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Block, Severity::Warn, Severity::Info]
            .into_iter()
            .find(|x| x.code() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Block => "阻断",
            Severity::Warn => "警告",
            Severity::Info => "提示",
        }
    }
}

/// Whether 征求意见稿 is expected in the text being scanned, and how many findings a file
/// lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanOptions {
    /// True for a 重大决策预公开 item, which publishes the draft for comment on purpose.
    pub consultation_draft_allowed: bool,
    /// Findings listed per file at most ([`MAX_FINDINGS`]); the rest are counted in one.
    pub max_findings: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            consultation_draft_allowed: false,
            max_findings: MAX_FINDINGS,
        }
    }
}

/// One match in one text; `start..end` are byte offsets into that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub kind: Kind,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    /// What a wording finding says to write instead (see [`Scanner::note`]).
    pub note: Option<u32>,
}

/// A unit of text with the place it came from ("正文 第3段", "附件《a.docx》 批注").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Segment {
    pub location: String,
    pub text: String,
    /// Why this part has no text to check (a scanned page in an otherwise readable PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unreadable: Option<String>,
    /// Text read by OCR (a scanned page, a picture): the box of every word, so a finding
    /// names where on the page it is; its numbers are read forgiving OCR's confusions.
    #[serde(skip)]
    #[ts(skip)]
    pub ocr: Option<Box<Ocr>>,
}

impl Segment {
    pub fn new(location: impl Into<String>, text: impl Into<String>) -> Segment {
        Segment {
            location: location.into(),
            text: text.into(),
            unreadable: None,
            ocr: None,
        }
    }
}

/// 检查结果 — one thing the reviewer must look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    /// Where, in words: "正文 第3段", "附件《名单.xlsx》 工作表“Sheet2”(隐藏) C5".
    pub location: String,
    /// The matched text itself, unmasked (the file name for `unreadable`).
    #[serde(rename = "match")]
    pub matched: String,
    /// About 15 characters either side, every personal datum in it masked.
    pub excerpt: String,
    /// Byte offsets of the match in the segment's text (both 0 for `unreadable`).
    pub start: usize,
    pub end: usize,
    /// What to write instead, for a 错敏词 finding: 应为“…”, 现名称：…, 王刚的现任职务：局长.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub suggestion: Option<String>,
}

/// Findings listed for one file (or body) at most. Past this it is a list of personal data,
/// not a document with a slip in it: the rest are counted in one blocking finding that asks
/// for a person (and memory stays bounded however many numbers a 200 MB roster holds).
pub const MAX_FINDINGS: usize = 2000;

/// Counts what is found past [`MAX_FINDINGS`].
#[derive(Default)]
pub(crate) struct Unlisted {
    first: Option<String>,
    more: usize,
}

impl Unlisted {
    /// Whether `out` holds `most` findings; if so the finding at `location` is counted
    /// instead.
    pub(crate) fn full(
        &mut self,
        out: &[Finding],
        most: usize,
        location: impl FnOnce() -> String,
    ) -> bool {
        if out.len() < most {
            return false;
        }
        if self.first.is_none() {
            self.first = Some(location());
        }
        self.more += 1;
        true
    }

    /// The finding that says how many were not listed, if any were not.
    pub(crate) fn finish(self, out: &mut Vec<Finding>) {
        let listed = out.len();
        if let Some(location) = self.first {
            out.push(Finding {
                kind: Kind::Unreadable,
                severity: Severity::Block,
                location,
                matched: String::new(),
                excerpt: format!(
                    "检查结果过多：已列出前 {listed} 处，自此处起另有 {} 处未逐一列出，请人工审查或脱敏后重新检查",
                    self.more
                ),
                start: 0,
                end: 0,
                suggestion: None,
            });
        }
    }
}

/// The findings in `segments`, in order. Text read by OCR is scanned with its numbers'
/// look-alike letters forgiven, each finding located by the box it was read in; on a page
/// read both ways (text layer and picture), what the text layer already found is not
/// reported again from the picture.
pub fn scan_segments(scanner: &Scanner, segments: &[Segment], opts: &ScanOptions) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut unlisted = Unlisted::default();
    for seg in segments {
        if let Some(reason) = &seg.unreadable {
            out.push(unreadable(seg.location.clone(), &seg.location, reason));
            continue;
        }
        let hits = match &seg.ocr {
            Some(_) => scanner.scan_ocr_text(&seg.text, opts),
            None => scanner.scan_text(&seg.text, opts),
        };
        for h in &hits {
            let matched = &seg.text[h.start..h.end];
            let location = match &seg.ocr {
                Some(ocr) => {
                    let key = same_number(matched);
                    let seen = out.iter().any(|f| {
                        f.location == ocr.place
                            && f.kind == h.kind
                            && same_number(&f.matched) == key
                    });
                    if seen {
                        continue;
                    }
                    ocr.location_of(h.start, h.end)
                }
                None => seg.location.clone(),
            };
            if unlisted.full(&out, opts.max_findings, || location.clone()) {
                continue;
            }
            out.push(Finding {
                kind: h.kind,
                severity: h.severity,
                location,
                matched: matched.to_string(),
                excerpt: mask::excerpt(&seg.text, h, &hits),
                start: h.start,
                end: h.end,
                suggestion: scanner.note(h).map(str::to_string),
            });
        }
    }
    unlisted.finish(&mut out);
    out
}

/// What a match reads as, without spaces and look-alike letters: the same number typed
/// in a text layer and read from a picture of it compare equal.
fn same_number(matched: &str) -> String {
    ocr::normalise(matched)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The findings in one attachment; one that cannot be read yields a single `unreadable`
/// finding that blocks, since nothing in it has been checked.
pub fn scan_file(
    scanner: &Scanner,
    file_name: &str,
    bytes: &[u8],
    opts: &ScanOptions,
) -> Vec<Finding> {
    match extract(file_name, bytes) {
        Ok(segments) => scan_segments(scanner, &segments, opts),
        Err(reason) => vec![unreadable(
            extract::file_location(file_name),
            file_name,
            &reason,
        )],
    }
}

/// The finding for text that could not be checked automatically.
pub fn unreadable(location: String, file_name: &str, reason: &str) -> Finding {
    Finding {
        kind: Kind::Unreadable,
        severity: Severity::Block,
        location,
        matched: file_name.to_string(),
        excerpt: format!("无法自动检查，请人工审查（{reason}）"),
        start: 0,
        end: 0,
        suggestion: None,
    }
}
