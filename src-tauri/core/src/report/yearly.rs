//! The whole 《政府信息公开工作年度报告》 (国办公开办函〔2021〕30号) of a year: the texts of
//! sections 一、五、六 and the figures of section 二 that the office writes for the year (kept
//! per year, last year's shown beside them), section 二's regulation counts ([`annual`]),
//! section 三 from the requests ([`applications`]), section 四 from the recorded reviews and
//! lawsuits, and the fees charged (listed in section 六).
//!
//! [`annual`]: super::annual
//! [`applications`]: super::applications

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::annual::{annual_on, AnnualReport};
use super::applications::{self, ApplicationTable};
use super::assessment::{as_of, check_year};
use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::request::{self, appeals, FeeCharged};
use crate::staff::{Role, Staff};
use crate::store::{settings, Store};

/// What the office writes for a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AnnualInputs {
    /// 一、总体情况.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other: String,
    /// 第二十条第（五）项 行政许可 本年处理决定数量.
    pub licensing: Option<u32>,
    /// 第二十条第（六）项 行政处罚 本年处理决定数量.
    pub punishment: Option<u32>,
    /// 第二十条第（六）项 行政强制 本年处理决定数量.
    pub enforcement: Option<u32>,
    /// 第二十条第（八）项 行政事业性收费 本年收费金额（万元）, as written (e.g. `12.35`).
    pub fees_wan: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct YearReport {
    pub year: i32,
    pub agency: String,
    pub as_of: String,
    pub inputs: AnnualInputs,
    pub last_year: AnnualInputs,
    pub regulations: AnnualReport,
    pub applications: ApplicationTable,
    /// Section 四: 行政复议, 未经复议直接起诉, 复议后起诉 × (维持, 纠正, 其他, 尚未审结, 总计).
    pub appeals: [[u32; 5]; 3],
    pub fees: Vec<FeeCharged>,
}

fn key(year: i32) -> String {
    format!("annual_report_{year}")
}

/// The office's texts and figures for `year` (empty until written).
pub fn inputs(store: &Store, year: i32) -> Result<AnnualInputs> {
    Ok(settings::get(store.conn(), &key(year))?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// Saves them (管理员, 发布员, 依申请承办人 — the disclosure office); audited.
pub fn set_inputs(
    store: &mut Store,
    actor: &Staff,
    year: i32,
    x: &AnnualInputs,
) -> Result<AnnualInputs> {
    if ![Role::Admin, Role::Publisher, Role::RequestHandler]
        .iter()
        .any(|r| actor.has(*r))
    {
        return Err(Error::Forbidden(
            "只有管理员、发布员和依申请承办人可以填写年度报告。".into(),
        ));
    }
    check_year(year)?;
    let fees = x.fees_wan.trim();
    if !fees.is_empty()
        && fees
            .parse::<f64>()
            .map_or(true, |v| !(0.0..1e9).contains(&v))
    {
        return Err(Error::invalid(
            "fees_wan",
            format!("收费金额应为以万元为单位的数字，如 12.35（收到“{fees}”）。"),
        ));
    }
    for (k, t) in [
        ("overview", &x.overview),
        ("problems", &x.problems),
        ("other", &x.other),
    ] {
        if t.chars().count() > 20_000 {
            return Err(Error::invalid(k, "每部分不超过 20000 字。"));
        }
    }
    let json = serde_json::to_string(x).unwrap_or_default();
    store.immediate(|tx| {
        settings::set(tx, &key(year), &json)?;
        audit::append(
            tx,
            actor.into(),
            Event::new("report.annual_inputs", format!("填写 {year} 年度报告")),
        )
    })?;
    inputs(store, year)
}

/// The whole report for `year` as of today.
pub fn year_report(store: &Store, year: i32) -> Result<YearReport> {
    year_report_on(store, year, crate::clock::today())
}

pub fn year_report_on(store: &Store, year: i32, today: NaiveDate) -> Result<YearReport> {
    check_year(year)?;
    let end = as_of(year, today);
    let regulations = annual_on(store, year, today)?;
    let requests = request::all_on(store, today)?;
    let applications = applications::table(year, end, &requests);
    applications.check()?;
    let fees = request::fees_paid(store)?
        .into_iter()
        .filter(|f| f.paid_on.year() == year && f.paid_on <= end)
        .collect();
    Ok(YearReport {
        year,
        agency: regulations.agency.clone(),
        as_of: regulations.as_of.clone(),
        inputs: inputs(store, year)?,
        last_year: inputs(store, year - 1)?,
        regulations,
        applications,
        appeals: appeals::table(store.conn(), year, end)?,
        fees,
    })
}

/// Section 六's sentence on the 信息处理费 charged in the year (the Word and PDF reports').
pub(crate) fn fees_sentence(r: &YearReport) -> String {
    if r.fees.is_empty() {
        return "本年度未收取信息处理费。".to_string();
    }
    let total: i64 = r.fees.iter().map(|f| f.amount).sum();
    format!(
        "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费 {} 件，共计 {total} 元（申请编号：{}）。",
        r.fees.len(),
        r.fees
            .iter()
            .map(|f| format!("{} {} 元", f.number, f.amount))
            .collect::<Vec<_>>()
            .join("，")
    )
}

/// Section 二's three blocks of figures the office enters, as every format lays them out:
/// (item of 第二十条, column heading, rows of (label, value)).
pub(crate) type Block = (&'static str, &'static str, Vec<(&'static str, String)>);

/// A figure of section 二 as a cell shows it: empty when not entered.
pub(crate) fn number(n: Option<u32>) -> String {
    n.map(|v| v.to_string()).unwrap_or_default()
}

pub(crate) fn section_two_blocks(x: &AnnualInputs) -> [Block; 3] {
    [
        (
            "第二十条第（五）项",
            "本年处理决定数量",
            vec![("行政许可", number(x.licensing))],
        ),
        (
            "第二十条第（六）项",
            "本年处理决定数量",
            vec![
                ("行政处罚", number(x.punishment)),
                ("行政强制", number(x.enforcement)),
            ],
        ),
        (
            "第二十条第（八）项",
            "本年收费金额（单位：万元）",
            vec![("行政事业性收费", x.fees_wan.trim().to_string())],
        ),
    ]
}
