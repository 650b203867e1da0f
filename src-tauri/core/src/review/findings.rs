//! 检查结果 of an item — what the pre-review scanner finds in the catalog fields, the body
//! and every attachment of a version: shown to the drafter before submitting (提交前自查,
//! not stored), and stored with the review round on submission, where each blocking
//! finding waits for a confidentiality reviewer's settlement (see `settle.rs`).
//!
//! Locations, as the UI shows them and as [`FindingView::field`] / `paragraph` decode them:
//! - a catalog field: `字段“内容概述”` (labels of [`item::TEXT_FIELDS`]);
//! - the body: `正文 第N段` (see [`FindingView::paragraph`] for what N counts);
//! - an attachment: `附件《名单.xlsx》 工作表“Sheet2”(隐藏) C5`, `附件《a.pdf》 第2页`,
//!   `附件《a.docx》 第3段`, … as `scan::extract` names them; `附件《x.bin》` alone for one
//!   that could not be read.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{io_reason, Result};
use crate::item::{self, Snapshot, SnapshotFile, TEXT_FIELDS};
use crate::scan::{self, Finding, Kind, ScanOptions, Scanner, Segment, Severity};
use crate::store::findings::{self as stored_findings, FindingRow, NewFinding};
use crate::store::{reviews, Conn, Store, Tx};
use crate::{blobs, html, sensitive_words, wording};

/// 处理方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SettlementKind {
    /// 误报 — not what the scanner took it for.
    FalsePositive,
    /// 已脱敏 — masked or removed where it is.
    Masked,
    /// 接受 — published as it is, for the reason in the note.
    Accepted,
}

impl SettlementKind {
    pub fn code(self) -> &'static str {
        match self {
            SettlementKind::FalsePositive => "false_positive",
            SettlementKind::Masked => "masked",
            SettlementKind::Accepted => "accepted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SettlementKind::FalsePositive => "误报",
            SettlementKind::Masked => "已脱敏",
            SettlementKind::Accepted => "接受",
        }
    }

    /// The label for a finding of `kind`: a wording error is corrected, not masked.
    pub fn label_for(self, kind: Kind) -> &'static str {
        match self {
            SettlementKind::Masked if kind.is_wording() => "已更正",
            _ => self.label(),
        }
    }

    pub fn parse(s: &str) -> Option<SettlementKind> {
        [
            SettlementKind::FalsePositive,
            SettlementKind::Masked,
            SettlementKind::Accepted,
        ]
        .into_iter()
        .find(|k| k.code() == s.trim())
    }
}

/// How every body location starts.
const BODY: &str = "正文";

/// 检查结果 as the review screen and the editor list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FindingView {
    /// The stored finding's id, for `review::settle`; `null` in a self-check.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub kind: Kind,
    /// 身份证号, 手机号, …
    pub kind_label: String,
    pub severity: Severity,
    /// 阻断, 警告, 提示
    pub severity_label: String,
    /// Where, in words (see the module docs).
    pub location: String,
    /// The matched text, unmasked: what to search for in the body, and what
    /// `item::mask_finding` takes. The file name for `unreadable`.
    #[serde(rename = "match")]
    pub matched: String,
    /// About 15 characters either side, every personal datum in it masked: what a list
    /// shows.
    pub excerpt: String,
    /// How 一键脱敏 would write the match (`210302********1238`), for the confirmation's
    /// before → after; `null` for a kind that is not masked that way.
    pub masked: Option<String>,
    /// What to write instead, for a 错敏词 finding (应为“…”, 现名称：…); `null` otherwise.
    pub suggestion: Option<String>,
    /// UTF-8 byte offsets of the match in the text of its location (the field's text, or
    /// the paragraph's line); both 0 for `unreadable`.
    #[ts(type = "number")]
    pub start: usize,
    #[ts(type = "number")]
    pub end: usize,
    /// The form field the finding is in: a key of [`item::TEXT_FIELDS`] (`title`,
    /// `summary`, `extra.feedback_record`, …), `body_html` for the body, `null` for an
    /// attachment.
    pub field: Option<String>,
    /// 正文 第N段 (1-based), for a finding in the body.
    ///
    /// N counts the lines of `html::to_text(body_html)`, which is not one line per block
    /// element: walk the body's DOM in document order, collecting text nodes; start a new
    /// line at the start of every `p`, `h1`–`h4`, `li`, `tr`, `blockquote` and `table`
    /// element and at every `br` (never at an element's end); join a row's `td`/`th` cells
    /// with a tab; trim every line and drop the empty ones. The Nth remaining line holds
    /// the match (`start..end` are byte offsets into it). The UI may instead search the
    /// body for `match`: masking replaces every occurrence anyway.
    pub paragraph: Option<u32>,
    /// The attachment's name, for a finding in an attachment (`附件《名单.pdf》 …`).
    pub attachment: Option<String>,
    /// Whether 一键脱敏 of that attachment (`item::redact_attachment`) hides this finding:
    /// a person's number, in a file a redacted copy can be made of.
    pub redactable: bool,
    /// How a confidentiality reviewer settled it; `null` while unsettled (and always in a
    /// self-check).
    pub settlement: Option<SettlementKind>,
    /// 误报, 已脱敏 (已更正 for a 错敏词 finding), 接受.
    pub settlement_label: Option<String>,
    pub note: String,
    pub settled_by_name: Option<String>,
    pub settled_at: Option<String>,
}

impl FindingView {
    fn new(id: Option<i64>, f: Finding) -> FindingView {
        let (field, paragraph) = place(&f.location);
        let attachment = attachment_of(&f.location);
        let redactable = crate::redact::REDACTED.contains(&f.kind)
            && attachment.as_deref().is_some_and(item::redactable);
        let masked = Some(scan::mask(f.kind, f.matched.trim()))
            .filter(|m| !m.is_empty() && m.as_str() != f.matched.trim());
        FindingView {
            id,
            kind: f.kind,
            kind_label: f.kind.label().into(),
            severity: f.severity,
            severity_label: f.severity.label().into(),
            location: f.location,
            matched: f.matched,
            excerpt: f.excerpt,
            masked,
            suggestion: f.suggestion,
            start: f.start,
            end: f.end,
            field,
            paragraph,
            attachment,
            redactable,
            settlement: None,
            settlement_label: None,
            note: String::new(),
            settled_by_name: None,
            settled_at: None,
        }
    }
}

fn field_location(label: &str) -> String {
    format!("字段“{label}”")
}

/// The file an attachment's location names: `附件《名单.pdf》 第2页` → `名单.pdf`.
fn attachment_of(location: &str) -> Option<String> {
    let rest = location.strip_prefix("附件《")?;
    // A name may itself hold 》: the location's name ends at the one before a space (a page,
    // a sheet), before （ (a picture: "附件《a.png》（图片，x … 像素）") or at the end.
    let end = rest
        .find("》 ")
        .or_else(|| rest.find("》（"))
        .or_else(|| rest.strip_suffix('》').map(str::len))?;
    Some(rest[..end].to_string())
}

/// The form field and body paragraph a location names.
fn place(location: &str) -> (Option<String>, Option<u32>) {
    if let Some(n) = location
        .strip_prefix(BODY)
        .and_then(|rest| rest.strip_prefix(" 第"))
        .and_then(|rest| rest.strip_suffix('段'))
        .and_then(|n| n.parse().ok())
    {
        return (Some("body_html".into()), Some(n));
    }
    let field = TEXT_FIELDS
        .iter()
        .find(|(_, label)| field_location(label) == location)
        .map(|(key, _)| key.to_string());
    (field, None)
}

/// 提交前自查: the findings in the item as it is saved now. Nothing is stored.
pub fn self_check(store: &Store, item_id: i64) -> Result<Vec<FindingView>> {
    self_check_with(store, item_id, &mut crate::job::quiet)
}

/// [`self_check`], telling `report` of each attachment scanned (a [`Job::Scan`]); `false`
/// stops it ([`Error::Cancelled`](crate::error::Error::Cancelled)).
pub fn self_check_with(
    store: &Store,
    item_id: i64,
    report: crate::job::Report<'_>,
) -> Result<Vec<FindingView>> {
    let it = item::get(store, item_id)?;
    let snap = Snapshot {
        fields: it.fields,
        attachments: it
            .attachments
            .into_iter()
            .map(|a| SnapshotFile {
                name: a.name,
                size: a.size,
                sha256: a.sha256,
            })
            .collect(),
    };
    Ok(scan_snapshot(store, snap, report)?
        .into_iter()
        .map(|f| FindingView::new(None, f))
        .collect())
}

/// The findings in a version's content, in order: catalog fields, body, attachments.
/// Reads every attachment's blob, so callers run it outside a write transaction; tells
/// `report` before each attachment and when all are done (a [`Job::Scan`]).
pub(super) fn scan_snapshot(
    store: &Store,
    snap: Snapshot,
    report: crate::job::Report<'_>,
) -> Result<Vec<Finding>> {
    use crate::job::{step, Job};
    let category = stored_findings::category_code(store.conn(), snap.fields.category_id)?;
    let opts = ScanOptions {
        // 重大决策预公开 publishes the draft for comment on purpose.
        consultation_draft_allowed: category.as_deref() == Some("decision_draft"),
        ..ScanOptions::default()
    };
    let scanner = Scanner::with_wording(&sensitive_words::list(store)?, &wording::load(store)?);
    let mut fields = snap.fields;
    let mut segments: Vec<Segment> = TEXT_FIELDS
        .iter()
        .zip(fields.texts_mut())
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|((_, label), text)| Segment::new(field_location(label), std::mem::take(text)))
        .collect();
    segments.extend(scan::paragraphs(
        BODY,
        "段",
        &html::to_text(&fields.body_html),
    ));
    let mut out = scan::scan_segments(&scanner, &segments, &opts);
    let total = snap.attachments.len() as u64;
    for (done, file) in snap.attachments.iter().enumerate() {
        step(
            report,
            Job::Scan,
            &format!("扫描附件“{}”", file.name),
            done as u64,
            total,
        )?;
        let path = blobs::path(store.data_dir(), &file.sha256);
        match scan::scan_path(&scanner, &file.name, &path, &opts) {
            Ok(findings) => out.extend(findings),
            Err(e) => out.push(scan::unreadable(
                scan::file_location(&file.name),
                &file.name,
                &format!("数据目录中的附件文件无法读取：{}", io_reason(&e)),
            )),
        }
    }
    step(report, Job::Scan, "扫描完成", total, total)?;
    // The agency's own public numbers and e-mails (设置 → 公开联系方式) are not findings.
    let allowed = crate::contacts::Allowed::load(store.conn())?;
    out.retain(|f| !allowed.covers(f.kind, &f.matched));
    Ok(out)
}

/// Stores a round's findings, inside the submission's transaction.
pub(super) fn record(tx: &Tx<'_>, round_id: i64, findings: &[Finding]) -> Result<()> {
    let rows: Vec<NewFinding<'_>> = findings
        .iter()
        .map(|f| NewFinding {
            kind: f.kind.code(),
            severity: f.severity.code(),
            location: &f.location,
            matched: &f.matched,
            excerpt: &f.excerpt,
            start: f.start as i64,
            end: f.end as i64,
            suggestion: f.suggestion.as_deref(),
        })
        .collect();
    stored_findings::insert(tx, round_id, &rows)
}

/// The findings stored with the item's latest round (none before its first submission),
/// in the order found.
pub fn findings(store: &Store, item_id: i64) -> Result<Vec<FindingView>> {
    let conn = store.conn();
    match reviews::latest_round_id(conn, item_id)? {
        Some(round) => stored(conn, Some(round), None),
        None => Ok(Vec::new()),
    }
}

/// One stored finding.
pub(super) fn one(conn: &Conn, finding_id: i64) -> Result<Option<FindingView>> {
    Ok(stored(conn, None, Some(finding_id))?.pop())
}

fn stored(conn: &Conn, round_id: Option<i64>, finding_id: Option<i64>) -> Result<Vec<FindingView>> {
    Ok(stored_findings::stored(conn, round_id, finding_id)?
        .into_iter()
        .map(view)
        .collect())
}

/// A stored finding as the review screen shows it (an unknown kind reads as unreadable,
/// an unknown severity as blocking).
fn view(r: FindingRow) -> FindingView {
    let finding = Finding {
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Unreadable),
        severity: Severity::parse(&r.severity).unwrap_or(Severity::Block),
        location: r.location,
        matched: r.matched,
        excerpt: r.excerpt,
        start: r.start as usize,
        end: r.end as usize,
        suggestion: r.suggestion,
    };
    let mut v = FindingView::new(Some(r.id), finding);
    v.settlement = r.settlement.as_deref().and_then(SettlementKind::parse);
    v.settlement_label = v.settlement.map(|s| s.label_for(v.kind).to_string());
    v.note = r.note;
    v.settled_by_name = r.settled_by_name;
    v.settled_at = r.settled_at;
    v
}

/// How many blocking findings of the round no one has settled yet.
pub(super) fn unsettled_blocking(conn: &Conn, round_id: i64) -> Result<i64> {
    stored_findings::unsettled_blocking(conn, round_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_name_their_attachment() {
        assert_eq!(
            attachment_of("附件《名单.pdf》 第2页（扫描件，x 1 y 2 宽 3 高 4 像素）").as_deref(),
            Some("名单.pdf")
        );
        assert_eq!(attachment_of("附件《x.bin》").as_deref(), Some("x.bin"));
        assert_eq!(
            attachment_of("附件《扫描件.png》（图片，x 655 y 292 宽 666 高 51 像素）").as_deref(),
            Some("扫描件.png")
        );
        assert_eq!(attachment_of("正文 第1段"), None);
    }

    #[test]
    fn locations_name_their_field_and_paragraph() {
        assert_eq!(place("正文 第12段"), (Some("body_html".into()), Some(12)));
        assert_eq!(place("字段“内容概述”"), (Some("summary".into()), None));
        assert_eq!(
            place("字段“抽查主体”"),
            (Some("extra.inspection_subject".into()), None)
        );
        assert_eq!(place("附件《正文.docx》 第2段"), (None, None));
    }
}
