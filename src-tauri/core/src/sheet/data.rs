//! 审批表的内容 — what one printed sheet says, gathered from the store: the round's frozen
//! version (what was reviewed, not today's draft), its decisions placed on every step of
//! the category's chain (steps not yet decided stay empty), and the automatic check.

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::review::{self, Decision, DecisionView, RoundView};
use crate::store::item_versions::{self, Named};
use crate::store::{sheets, Conn, Store};
use crate::{agency, item};

/// 政府信息公开保密审查审批表 — one item's sheet for one review round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetData {
    #[ts(type = "number")]
    pub item_id: i64,
    /// 填报单位
    pub agency: String,
    /// 填表日期 — the day the round was submitted (`YYYY-MM-DD`).
    pub filled_on: String,
    /// 索引号
    pub index_no: String,
    /// 信息名称
    pub title: String,
    /// 文号
    pub doc_number: String,
    /// 载体: 公文类 when the version has a 文号, else 非公文类.
    pub carrier: String,
    /// 承办处室
    pub office_name: String,
    /// 承办人
    pub handler_name: String,
    /// 公开属性: 主动公开, 依申请公开 or 不予公开.
    pub disclosure: String,
    /// The statutory grounds cited in the round, as article and text.
    pub grounds: Vec<String>,
    /// 公开渠道
    pub channels: String,
    /// 拟公开日期
    pub planned_publish_on: String,
    /// 内容概述
    pub summary: String,
    /// 自动检查结果; empty when the round has no scan on record.
    pub findings: Vec<FindingLine>,
    /// What was masked before the round was submitted (the scan no longer finds it), each
    /// as `身份证号 210302********1238（张伟，2026-12-03）`.
    pub masked: Vec<String>,
    /// Every step of the chain, in order.
    pub steps: Vec<StepLine>,
    /// 备注
    pub remarks: String,
    #[ts(type = "number")]
    pub round: i64,
    #[ts(type = "number")]
    pub version: i64,
    /// SHA-256 of the reviewed version.
    pub content_hash: String,
    /// The audit chain's head when printed (set by [`super::print_sheets`]).
    pub audit_anchor: Option<crate::audit::Anchor>,
}

/// One kind of automatic-check finding and how its blocking findings were settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FindingLine {
    pub kind_label: String,
    #[ts(type = "number")]
    pub count: i64,
    pub settlement: String,
}

/// One step of the chain on the sheet; the decision fields are empty until decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StepLine {
    pub step_name: String,
    /// 意见: the decision and comment(s) recorded at this step.
    pub opinion: String,
    /// 审查人
    pub reviewer: String,
    /// 日期 (`YYYY-MM-DD`)
    pub date: String,
}

/// The sheet of `item_id` for review round `round`, or for its latest round that was
/// not withdrawn when `round` is `None`.
pub fn data(store: &Store, item_id: i64, round: Option<i64>) -> Result<SheetData> {
    let it = item::get(store, item_id)?;
    let history = review::history(store, item_id)?;
    let r = pick_round(&history.rounds, round)?;
    let snap = item::version(store, item_id, r.version)?.fields;
    let conn = store.conn();
    let office_name =
        item_versions::name_of(conn, Named::Office, snap.office_id)?.unwrap_or_default();
    let handler_name = match snap.handler_id {
        Some(id) => item_versions::name_of(conn, Named::Staff, id)?.unwrap_or_default(),
        None => String::new(),
    };
    let grounds = cited_grounds(&r.decisions);
    let disclosure = match r.outcome.as_str() {
        "withheld" => "不予公开",
        "on_request" => "依申请公开",
        _ => snap.publish_mode.label(),
    };
    let chain = review::chains(store)?
        .into_iter()
        .find(|c| c.category_id == snap.category_id)
        .map(|c| c.steps)
        .unwrap_or_default();
    let mut steps = Vec::new();
    for s in &chain {
        let decided: Vec<&DecisionView> = r.decisions.iter().filter(|d| d.step == s.step).collect();
        // A step switched off and never decided on is not part of this round's chain.
        if !s.enabled && decided.is_empty() {
            continue;
        }
        steps.push(step_line(&s.name, &decided));
    }
    // Decisions at steps the chain no longer has still belong on the record.
    for d in &r.decisions {
        if !chain.iter().any(|s| s.step == d.step)
            && !steps.iter().any(|l| l.step_name == d.step_name)
        {
            let same: Vec<&DecisionView> =
                r.decisions.iter().filter(|x| x.step == d.step).collect();
            steps.push(step_line(&d.step_name, &same));
        }
    }
    let mut remarks = format!(
        "本表据第 {} 轮审查打印：审查对象为第 {} 版，{} 于 {} 提交，审查结果为“{}”。",
        r.round,
        r.version,
        r.submitted_by_name,
        date(&r.submitted_at),
        r.outcome_label
    );
    if let Some(on) = &history.rereview_on {
        remarks.push_str(&format!("不予公开决定的复查日期：{on}。"));
    }
    let doc_number = snap.doc_number.clone();
    Ok(SheetData {
        item_id,
        agency: agency::get(store).map(|a| a.name).unwrap_or_default(),
        filled_on: date(&r.submitted_at),
        index_no: it.index_no,
        title: snap.title,
        carrier: if doc_number.is_empty() {
            "非公文类"
        } else {
            "公文类"
        }
        .into(),
        doc_number,
        office_name,
        handler_name,
        disclosure: disclosure.into(),
        grounds,
        channels: snap
            .channels
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join("、"),
        planned_publish_on: snap.planned_publish_on.unwrap_or_default(),
        summary: snap.summary,
        findings: finding_lines(conn, item_id, r.round)?,
        masked: masked_lines(conn, item_id, &r.submitted_at)?,
        steps,
        remarks,
        round: r.round,
        version: r.version,
        content_hash: r.content_hash.clone(),
        audit_anchor: None,
    })
}

fn pick_round(rounds: &[RoundView], round: Option<i64>) -> Result<&RoundView> {
    match round {
        Some(n) => rounds
            .iter()
            .find(|r| r.round == n)
            .ok_or_else(|| Error::NotFound(format!("该事项没有第 {n} 轮审查。"))),
        None => rounds
            .iter()
            .rev()
            .find(|r| r.outcome != "withdrawn")
            .or(rounds.last())
            .ok_or_else(|| Error::invalid("round", "该事项尚未提交审查，没有可打印的审批表。")),
    }
}

fn step_line(name: &str, decided: &[&DecisionView]) -> StepLine {
    let opinion = decided
        .iter()
        .map(|d| {
            let mut s = if d.after_referral {
                format!("报审结果：{}", d.decision.label())
            } else {
                d.decision.label().to_string()
            };
            if !d.grounds.is_empty() {
                let articles: Vec<&str> = d.grounds.iter().map(|g| article(g)).collect();
                s.push_str(&format!("（依据条例{}）", articles.join("、")));
            }
            s.push('。');
            if !d.comment.trim().is_empty() {
                s.push_str(d.comment.trim());
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n");
    let last = decided.last();
    StepLine {
        step_name: name.into(),
        opinion,
        reviewer: last.map(|d| d.decided_by_name.clone()).unwrap_or_default(),
        date: last.map(|d| date(&d.decided_at)).unwrap_or_default(),
    }
}

/// The grounds cited by the round's withholding or limiting decisions, spelled out.
fn cited_grounds(decisions: &[DecisionView]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in decisions.iter().filter(|d| d.decision != Decision::Approve) {
        for code in &d.grounds {
            let text = review::GROUNDS
                .iter()
                .find(|(c, _, _)| c == code)
                .map(|(_, article, ground)| {
                    format!("《中华人民共和国政府信息公开条例》{article}：{ground}")
                })
                .unwrap_or_else(|| code.clone());
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

/// The article a ground code cites (第十五条), or the code when it is unknown.
fn article(code: &str) -> &str {
    review::GROUNDS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, article, _)| article)
}

/// `YYYY-MM-DD` of a stored timestamp.
pub(super) fn date(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_string()
}

/// The maskings before the round's submission, from the audit log: the kind and the masked
/// text (never the number as it was), who and when.
fn masked_lines(conn: &Conn, item_id: i64, submitted_at: &str) -> Result<Vec<String>> {
    Ok(sheets::maskings(conn, item_id, submitted_at)?
        .into_iter()
        .filter_map(|(at, who, detail)| {
            let (kind, masked) = item::masking_in(&detail)?;
            Some(format!("{kind} {masked}（{who}，{}）", date(&at)))
        })
        .collect())
}

/// The round's automatic-check findings by kind: how many, and how the blocking ones were
/// settled (误报 2、接受 1; 未处理 where any is still open).
fn finding_lines(conn: &Conn, item_id: i64, round: i64) -> Result<Vec<FindingLine>> {
    let rows = sheets::round_findings(conn, item_id, round)?;
    // (kind, count, [(settlement label, count)]) in the order first found.
    type Line = (crate::scan::Kind, i64, Vec<(String, i64)>);
    let mut lines: Vec<Line> = Vec::new();
    for sheets::FindingRow {
        kind,
        severity,
        settlement,
    } in rows
    {
        let Some(kind) = crate::scan::Kind::parse(&kind) else {
            continue;
        };
        let i = match lines.iter().position(|l| l.0 == kind) {
            Some(i) => i,
            None => {
                lines.push((kind, 0, Vec::new()));
                lines.len() - 1
            }
        };
        lines[i].1 += 1;
        if severity == "block" {
            let label = match settlement.as_deref() {
                Some("false_positive") => "误报",
                Some("masked") => "已脱敏",
                Some("accepted") => "接受",
                _ => "未处理",
            };
            match lines[i].2.iter_mut().find(|(l, _)| l == label) {
                Some(entry) => entry.1 += 1,
                None => lines[i].2.push((label.to_string(), 1)),
            }
        }
    }
    Ok(lines
        .into_iter()
        .map(|(kind, count, settled)| FindingLine {
            kind_label: kind.label().to_string(),
            count,
            settlement: settled
                .iter()
                .map(|(label, n)| format!("{label} {n}"))
                .collect::<Vec<_>>()
                .join("、"),
        })
        .collect())
}
