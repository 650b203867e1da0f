//! 审查登记簿 — the register of review rounds concluded in a date range, and its
//! landscape table: one line a round, the column header repeated on every page.
//!
//! A round counts on the day it was concluded (`closed_at`): approved, withheld, 依申请公开,
//! returned, or referred outside. Titles and offices are the reviewed version's.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::data::date;
use super::layout::{Cell, Flow, Row};
use crate::error::{Error, Result};
use crate::review::{self, GROUNDS};
use crate::store::{sheets, Store};
use crate::typeset::page::{Page, Pen};

pub const TITLE: &str = "政府信息公开保密审查登记簿";
const PAGE: (f32, f32) = (297.0, 210.0);
const LEFT: f32 = 15.0;
const WIDTH: f32 = 267.0;
const SIZE: f32 = 9.0;
/// (header, width in mm)
const COLUMNS: [(&str, f32); 10] = [
    ("序号", 10.0),
    ("索引号", 44.0),
    ("信息名称", 56.0),
    ("承办处室", 24.0),
    ("轮次", 10.0),
    ("审查结论", 20.0),
    ("依据", 31.0),
    ("审查人", 28.0),
    ("提交日期", 22.0),
    ("办结日期", 22.0),
];

/// The register for `from`..=`to` (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Register {
    /// The audit chain's head when it was printed.
    pub audit_anchor: Option<crate::audit::Anchor>,
    pub agency: String,
    pub from: String,
    pub to: String,
    pub entries: Vec<RegisterEntry>,
}

/// One concluded review round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RegisterEntry {
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub office_name: String,
    #[ts(type = "number")]
    pub round: i64,
    /// 审查结论, e.g. 已通过, 不予公开.
    pub outcome_label: String,
    /// The articles cited (第十五条、第十六条第二款).
    pub grounds: String,
    /// Who decided, in chain order.
    pub reviewers: String,
    pub submitted_on: String,
    pub decided_on: String,
}

fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, format!("日期“{s}”应写作 YYYY-MM-DD。")))
}

/// The rounds concluded from `from` to `to`, both included, oldest first.
pub fn register(store: &Store, from: &str, to: &str) -> Result<Register> {
    let (f, t) = (parse_date("from", from)?, parse_date("to", to)?);
    if f > t {
        return Err(Error::invalid("from", "起始日期不能晚于截止日期。"));
    }
    let (from, to) = (
        f.format("%Y-%m-%d").to_string(),
        t.format("%Y-%m-%d").to_string(),
    );
    let conn = store.conn();
    let rounds = sheets::concluded_rounds(conn, &from, &to)?;
    let mut entries = Vec::with_capacity(rounds.len());
    for r in rounds {
        let mut names: Vec<String> = Vec::new();
        let mut grounds: Vec<&str> = Vec::new();
        for (name, codes) in sheets::round_deciders(conn, r.round_id)? {
            if !names.contains(&name) {
                names.push(name);
            }
            for code in serde_json::from_str::<Vec<String>>(&codes).unwrap_or_default() {
                if let Some((_, article, _)) = GROUNDS.iter().find(|(c, _, _)| *c == code) {
                    if !grounds.contains(article) {
                        grounds.push(article);
                    }
                }
            }
        }
        entries.push(RegisterEntry {
            item_id: r.item_id,
            index_no: r.index_no,
            title: r.title.unwrap_or_default(),
            office_name: r.office_name.unwrap_or_default(),
            round: r.round,
            outcome_label: review::outcome_label(&r.outcome).into(),
            grounds: grounds.join("、"),
            reviewers: names.join("、"),
            submitted_on: date(&r.submitted_at),
            decided_on: r.closed_at.as_deref().map(date).unwrap_or_default(),
        });
    }
    Ok(Register {
        audit_anchor: None,
        agency: crate::agency::get(store)
            .map(|a| a.name)
            .unwrap_or_default(),
        from,
        to,
        entries,
    })
}

/// Draws the register; its pages are numbered 第 x 页 / 共 y 页.
pub fn draw(pen: &mut Pen<'_>, reg: &Register) -> Vec<Page> {
    let mut flow = Flow::new(pen, PAGE, LEFT, 14.0, 16.0);
    let line = format!(
        "{}　　登记期间：{} 至 {}　　共 {} 项",
        reg.agency,
        reg.from,
        reg.to,
        reg.entries.len()
    );
    flow.table_start(TITLE, &line, &COLUMNS, SIZE);
    if reg.entries.is_empty() {
        flow.row(&Row::new(vec![Cell::value(
            "（登记期间内没有办结的审查）",
            WIDTH,
        )
        .sized(SIZE)
        .centered()]));
    }
    for (n, e) in reg.entries.iter().enumerate() {
        let values = [
            (n + 1).to_string(),
            e.index_no.clone(),
            e.title.clone(),
            e.office_name.clone(),
            e.round.to_string(),
            e.outcome_label.clone(),
            // One article and one name a line: neither is split.
            e.grounds.replace('、', "\n"),
            e.reviewers.replace('、', "\n"),
            e.submitted_on.clone(),
            e.decided_on.clone(),
        ];
        // Short codes and dates read best centred; names and titles flush left.
        flow.value_row(&values, &COLUMNS, SIZE, |i| matches!(i, 0 | 4 | 5 | 8 | 9));
    }
    let note = reg
        .audit_anchor
        .as_ref()
        .map(|a| format!("打印时{}", a.footer()))
        .unwrap_or_default();
    flow.finish_numbered_with(&note)
}
