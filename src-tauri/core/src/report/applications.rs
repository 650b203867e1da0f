//! 年度报告 section 三 — 收到和处理政府信息公开申请情况 (国办公开办函〔2021〕30号), computed
//! from the registered requests:
//! - 一、本年新收: received in the year;
//! - 二、上年结转: received before the year and not closed before it began;
//! - 三、本年度办理结果: closed in the year (by the report day), one row per outcome;
//! - 四、结转下年度继续办理: received by the report day and not closed by it.
//!
//! Columns: 自然人, the five kinds of 法人或其他组织, 总计. The table's own check (第一项加
//! 第二项之和，等于第三项加第四项之和) holds by construction and is verified before any file
//! is written ([`ApplicationTable::check`]).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::request::{ApplicantSubtype, ApplicantType, ClockView, Outcome};
use crate::store::requests::RequestRow;

/// The column headings, in order (the last is 总计).
pub const COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TableRow {
    /// 一、本年新收政府信息公开申请数量 …
    pub label: String,
    /// The group heading (三、本年度办理结果 …) the row belongs to, empty for 一、二、四.
    pub group: String,
    /// 0 heading rows, 1 （一）… rows, 2 their numbered sub-rows.
    pub level: u8,
    /// The seven cells (`None` for a heading without numbers).
    pub cells: Option<[u32; 7]>,
}

/// Section 三.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApplicationTable {
    pub year: i32,
    pub rows: Vec<TableRow>,
}

/// The column a request counts in.
fn column(r: &RequestRow) -> usize {
    match ApplicantType::parse(&r.applicant_type) {
        Some(ApplicantType::Person) | None => 0,
        Some(ApplicantType::Organization) => {
            match r
                .applicant_subtype
                .as_deref()
                .and_then(ApplicantSubtype::parse)
            {
                Some(ApplicantSubtype::Business) => 1,
                Some(ApplicantSubtype::Research) => 2,
                Some(ApplicantSubtype::Nonprofit) => 3,
                Some(ApplicantSubtype::Legal) => 4,
                Some(ApplicantSubtype::Other) | None => 5,
            }
        }
    }
}

const GROUPS: [&str; 6] = [
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
];

const NUMBERS: [&str; 8] = ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8."];

/// The sub-row's label: the outcome's label after its group's “…：”.
fn sub_label(o: Outcome, i: usize) -> String {
    let text = o.label().split_once('：').map_or(o.label(), |(_, t)| t);
    format!("{}{text}", NUMBERS[i])
}

/// Counts `requests` (with their clocks) for `year`, up to `end` (12-31, or today).
pub fn table(year: i32, end: NaiveDate, requests: &[(RequestRow, ClockView)]) -> ApplicationTable {
    let begin = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(end);
    let mut new = [0u32; 7];
    let mut carried_in = [0u32; 7];
    let mut carried_out = [0u32; 7];
    let mut results = vec![[0u32; 7]; Outcome::ALL.len()];
    let add = |cells: &mut [u32; 7], col: usize| {
        cells[col] += 1;
        cells[6] += 1;
    };
    for (r, v) in requests {
        let Some(received) = crate::calendar::date_of(&r.received_on) else {
            continue;
        };
        if received > end {
            continue;
        }
        let closed = v.closed_on.zip(v.outcome).filter(|(day, _)| *day <= end);
        if closed.is_some_and(|(day, _)| day < begin) {
            continue;
        }
        let col = column(r);
        if received.year() == year {
            add(&mut new, col);
        } else {
            add(&mut carried_in, col);
        }
        match closed {
            Some((_, outcome)) => {
                let i = Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0);
                add(&mut results[i], col);
            }
            None => add(&mut carried_out, col),
        }
    }
    let row = |label: &str, group: &str, level: u8, cells: Option<[u32; 7]>| TableRow {
        label: label.into(),
        group: group.into(),
        level,
        cells,
    };
    let head = "三、本年度办理结果";
    let mut rows = vec![
        row("一、本年新收政府信息公开申请数量", "", 0, Some(new)),
        row("二、上年结转政府信息公开申请数量", "", 0, Some(carried_in)),
        row(head, "", 0, None),
    ];
    let mut total = [0u32; 7];
    for (g, name) in GROUPS.iter().enumerate() {
        let members: Vec<(usize, Outcome)> = Outcome::ALL
            .iter()
            .enumerate()
            .filter(|(_, o)| o.row().0 == g)
            .map(|(i, o)| (i, *o))
            .collect();
        let mut sum = [0u32; 7];
        for (i, _) in &members {
            for c in 0..7 {
                sum[c] += results[*i][c];
            }
        }
        for c in 0..7 {
            total[c] += sum[c];
        }
        if members.len() == 1 {
            rows.push(row(name, head, 1, Some(sum)));
        } else {
            rows.push(row(name, head, 1, None));
            for (k, (i, o)) in members.iter().enumerate() {
                rows.push(row(&sub_label(*o, k), name, 2, Some(results[*i])));
            }
        }
    }
    rows.push(row("（七）总计", head, 1, Some(total)));
    rows.push(row("四、结转下年度继续办理", "", 0, Some(carried_out)));
    ApplicationTable { year, rows }
}

impl ApplicationTable {
    fn cells(&self, label_start: &str) -> [u32; 7] {
        self.rows
            .iter()
            .find(|r| r.label.starts_with(label_start))
            .and_then(|r| r.cells)
            .unwrap_or([0; 7])
    }

    /// 第一项加第二项之和，等于第三项加第四项之和, in every column; and each column's cells add
    /// up to 总计, and each group's sub-rows to the group.
    pub fn check(&self) -> Result<()> {
        let (one, two, three, four) = (
            self.cells("一、"),
            self.cells("二、"),
            self.cells("（七）"),
            self.cells("四、"),
        );
        for c in 0..7 {
            if one[c] + two[c] != three[c] + four[c] {
                return Err(Error::Damaged(format!(
                    "年度报告第三部分“{}”列不平衡：新收 {} + 上年结转 {} ≠ 办理结果 {} + 结转下年度 {}。",
                    COLUMNS[c], one[c], two[c], three[c], four[c]
                )));
            }
        }
        for r in self.rows.iter().filter_map(|r| r.cells.map(|c| (r, c))) {
            let (row, cells) = r;
            if cells[..6].iter().sum::<u32>() != cells[6] {
                return Err(Error::Damaged(format!(
                    "年度报告第三部分“{}”行的总计不等于各列之和。",
                    row.label
                )));
            }
        }
        Ok(())
    }
}
