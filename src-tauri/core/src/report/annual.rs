//! 年度报告 — the counts of section 二 (主动公开政府信息情况), 第二十条第（一）项, of the
//! national 政府信息公开工作年度报告: for 规章 and for 行政规范性文件, 本年制发件数,
//! 本年废止件数 and 现行有效件数.
//!
//! Counted from the items of the 规章和规范性文件 category that were published (they are
//! what the agency disclosed), each in the row its 规章/行政规范性文件 field names (a
//! bureau issues 行政规范性文件, so an item without the field counts there):
//! - 制发: its 成文日期 falls in the year (the 发布日期 when it has none);
//! - 废止: it was repealed in the year — 有效性 set to 废止 (on its 有效性变更日期, else the
//!   day the version saying so was saved) or the published page revoked as 废止;
//! - 现行有效: made by the end of the count and, by then, not repealed, not 失效 and not
//!   withdrawn from the site.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::assessment::{as_of, check_year};
use crate::calendar;
use crate::error::Result;
use crate::item::RegulationKind;
use crate::store::{reports, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnnualReport {
    pub year: i32,
    /// The day 现行有效 is counted on (`YYYY-MM-DD`): 12-31, or today in the current year.
    pub as_of: String,
    pub agency: String,
    /// 规章, then 行政规范性文件.
    pub rows: Vec<AnnualRow>,
}

/// One row of 第二十条第（一）项.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnnualRow {
    pub kind: RegulationKind,
    /// 规章 / 行政规范性文件
    pub label: String,
    /// 本年制发件数
    pub enacted: u32,
    /// 本年废止件数
    pub repealed: u32,
    /// 现行有效件数
    pub in_force: u32,
}

/// What the counts need to know about one published regulation item.
struct Doc {
    kind: RegulationKind,
    issued: Option<NaiveDate>,
    /// 废止 (by 有效性 or by revocation), the earlier if both.
    repealed: Option<NaiveDate>,
    /// 失效, or withdrawn from the site: no longer in force, but not repealed.
    ended: Option<NaiveDate>,
}

pub fn annual(store: &Store, year: i32) -> Result<AnnualReport> {
    annual_on(store, year, crate::clock::today())
}

/// [`annual`] as of `today`.
pub fn annual_on(store: &Store, year: i32, today: NaiveDate) -> Result<AnnualReport> {
    check_year(year)?;
    let end = as_of(year, today);
    let d = |s: &Option<String>| s.as_deref().and_then(calendar::date_of);
    let earliest = |a: Option<NaiveDate>, b: Option<NaiveDate>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let docs: Vec<Doc> = reports::published_regulations(store.conn())?
        .into_iter()
        .map(|r| {
            let by_validity = |v: &str| (r.validity == v).then(|| d(&r.validity_on)).flatten();
            Doc {
                kind: r
                    .kind
                    .as_deref()
                    .and_then(RegulationKind::parse)
                    .unwrap_or(RegulationKind::Normative),
                issued: d(&r.issued),
                repealed: earliest(by_validity("repealed"), d(&r.revoked_repealed)),
                ended: earliest(by_validity("expired"), d(&r.withdrawn)),
            }
        })
        .collect();
    let rows = RegulationKind::ALL
        .iter()
        .map(|&kind| {
            let docs = docs.iter().filter(|d| d.kind == kind);
            let mut row = AnnualRow {
                kind,
                label: kind.label().into(),
                enacted: 0,
                repealed: 0,
                in_force: 0,
            };
            for doc in docs {
                let before_end = |d: Option<NaiveDate>| d.is_some_and(|d| d <= end);
                if doc.issued.is_some_and(|d| d.year() == year) {
                    row.enacted += 1;
                }
                if doc.repealed.is_some_and(|d| d.year() == year && d <= end) {
                    row.repealed += 1;
                }
                if before_end(doc.issued) && !before_end(doc.repealed) && !before_end(doc.ended) {
                    row.in_force += 1;
                }
            }
            row
        })
        .collect();
    Ok(AnnualReport {
        year,
        as_of: end.format("%Y-%m-%d").to_string(),
        agency: crate::agency::get(store)
            .map(|a| a.name)
            .unwrap_or_default(),
        rows,
    })
}
