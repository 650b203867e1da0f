//! 年度考核 — the year-end assessment of each office (纳入年终绩效考核): what it
//! published, how much of it on time, how long its reviews took, how often its drafts were
//! returned, and which items were late.
//!
//! The figures, for year `Y` (counted up to 12-31, or up to today in the current year):
//! - 发布事项: items whose 发布日期 falls in `Y`, by 公开类别;
//! - 按时公开率: of the items published in `Y` and those still unpublished whose due date
//!   (the deadline module's, so the same rules as everywhere) fell in `Y` and has passed,
//!   the share published on or before the due date;
//! - 平均审查用时: review rounds concluded in `Y` by a decision (not withdrawn), from
//!   submission to the concluding decision, in working days on the calendar;
//! - 退回修改: rounds concluded in `Y` by a return;
//! - 逾期事项: the late ones, with how many calendar days late (to the 发布日期, or to the
//!   end of the count for those still unpublished).
//!
//! An item belongs to its 承办处室.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{self, Calendar};
use crate::deadline;
use crate::error::{Error, Result};
use crate::store::{reports, Store};

/// The assessment of all offices (or one) for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Assessment {
    pub year: i32,
    /// The last day counted (`YYYY-MM-DD`): 12-31, or today in the current year.
    pub as_of: String,
    pub agency: String,
    /// The 公开类别 names, in catalog order; `by_category` counts align with it.
    pub categories: Vec<String>,
    pub offices: Vec<OfficeAssessment>,
    /// All offices together (`office_name` 合计; its `overdue` list is empty).
    pub total: OfficeAssessment,
}

/// One office's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OfficeAssessment {
    #[ts(type = "number")]
    pub office_id: i64,
    pub office_name: String,
    /// Items published in the year.
    pub published: u32,
    /// Published counts by category, aligned with [`Assessment::categories`].
    pub by_category: Vec<u32>,
    /// Items with a due date that count toward the on-time rate.
    pub assessed: u32,
    /// Of those, published on or before the due date.
    pub on_time: u32,
    /// `on_time / assessed`, or `None` when nothing was assessed.
    pub on_time_rate: Option<f64>,
    /// Review rounds concluded by a decision in the year.
    pub reviews: u32,
    /// Their average length in working days.
    pub review_days: Option<f64>,
    /// Rounds returned for revision.
    pub returns: u32,
    pub overdue_count: u32,
    pub overdue: Vec<OverdueItem>,
}

/// An item published late, or past its due date and still unpublished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OverdueItem {
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub category_name: String,
    pub due_on: String,
    /// `None` while unpublished.
    pub published_on: Option<String>,
    /// Calendar days after the due date.
    #[ts(type = "number")]
    pub days_late: i64,
}

impl OfficeAssessment {
    fn new(office_id: i64, office_name: &str, categories: usize) -> Self {
        OfficeAssessment {
            office_id,
            office_name: office_name.into(),
            published: 0,
            by_category: vec![0; categories],
            assessed: 0,
            on_time: 0,
            on_time_rate: None,
            reviews: 0,
            review_days: None,
            returns: 0,
            overdue_count: 0,
            overdue: Vec::new(),
        }
    }

    /// Whether the office has anything to report for the year.
    pub fn has_activity(&self) -> bool {
        self.published > 0 || self.assessed > 0 || self.reviews > 0
    }
}

/// Years before this are refused (the regulation's current form dates from 2019).
const FIRST_YEAR: i32 = 2000;

/// Checks a report year: not before 2000 and not after this year.
pub fn check_year(year: i32) -> Result<()> {
    let this = crate::clock::today().year();
    if !(FIRST_YEAR..=this).contains(&year) {
        return Err(Error::invalid(
            "year",
            format!("年度应在 {FIRST_YEAR} 年至 {this} 年之间（收到 {year}）。"),
        ));
    }
    Ok(())
}

/// The last day counted for `year` as of `today`.
pub(crate) fn as_of(year: i32, today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31)
        .unwrap_or(today)
        .min(today)
}

/// The assessment for `year`, of every office or of `office_id` only.
pub fn assessment(store: &Store, year: i32, office_id: Option<i64>) -> Result<Assessment> {
    assessment_on(store, year, office_id, crate::clock::today())
}

/// [`assessment`] as `actor` reads it: the counts and rates are the whole bureau's, but an
/// overdue item `actor` may not read (another office's draft, a withheld item) is listed
/// by its number and dates only, its title withheld (see [`crate::access`]).
pub fn assessment_for(
    store: &Store,
    actor: &crate::staff::Staff,
    year: i32,
    office_id: Option<i64>,
) -> Result<Assessment> {
    let mut a = assessment(store, year, office_id)?;
    let hidden = |id: i64| crate::access::check(store, actor, id).is_err();
    for o in &mut a.offices {
        for item in &mut o.overdue {
            if hidden(item.item_id) {
                item.title = "（无权查看该事项的内容）".into();
            }
        }
    }
    for item in &mut a.total.overdue {
        if hidden(item.item_id) {
            item.title = "（无权查看该事项的内容）".into();
        }
    }
    Ok(a)
}

/// [`assessment`] as of `today`.
pub fn assessment_on(
    store: &Store,
    year: i32,
    office_id: Option<i64>,
    today: NaiveDate,
) -> Result<Assessment> {
    check_year(year)?;
    let conn = store.conn();
    let end = as_of(year, today);
    let y = year.to_string();
    let categories: Vec<(i64, String)> = reports::categories(conn)?;
    let cat_pos = |id: i64| categories.iter().position(|(c, _)| *c == id);

    let offices = crate::office::list(store, true)?;
    if let Some(id) = office_id {
        if !offices.iter().any(|o| o.id == id) {
            return Err(Error::invalid("office", "没有这个处室。"));
        }
    }
    let mut by_office: BTreeMap<i64, OfficeAssessment> = BTreeMap::new();
    fn entry(
        map: &mut BTreeMap<i64, OfficeAssessment>,
        id: i64,
        categories: usize,
    ) -> &mut OfficeAssessment {
        map.entry(id)
            .or_insert_with(|| OfficeAssessment::new(id, "", categories))
    }

    // Published in the year, or still waiting to be: each against its due date.
    let items = reports::assessed_items(conn, &y, office_id)?;
    // Every deadline at once (the calendar and the rules read once, not per item).
    let ids: Vec<i64> = items.iter().map(|i| i.item_id).collect();
    let mut dues: std::collections::HashMap<i64, deadline::Due> =
        deadline::due_many_on(store, &ids, today)?
            .into_iter()
            .map(|d| (d.item_id, d))
            .collect();
    for reports::AssessedItem {
        item_id,
        office_id: office,
        category_id: category,
        published_on,
    } in items
    {
        let published = published_on.as_deref().and_then(calendar::date_of);
        let due = dues.remove(&item_id);
        let due_on = due.as_ref().and_then(|d| calendar::date_of(&d.due_on));
        let late_by = match (published, due_on) {
            (Some(p), Some(d)) => Some((p - d).num_days()),
            // Unpublished: assessed once its due date (in this year) has passed.
            (None, Some(d)) if d.year() == year && d < end => Some((end - d).num_days()),
            _ => None,
        };
        let o = entry(&mut by_office, office, categories.len());
        if published.is_some() {
            o.published += 1;
            if let Some(pos) = cat_pos(category) {
                o.by_category[pos] += 1;
            }
        }
        let (Some(late_by), Some(due)) = (late_by, due) else {
            continue;
        };
        o.assessed += 1;
        if late_by <= 0 {
            o.on_time += 1;
            continue;
        }
        o.overdue.push(OverdueItem {
            item_id,
            index_no: due.index_no,
            title: due.title,
            category_name: cat_pos(category)
                .map(|p| categories[p].1.clone())
                .unwrap_or_default(),
            due_on: due.due_on,
            published_on: published.map(|p| p.format("%Y-%m-%d").to_string()),
            days_late: late_by,
        });
    }

    // Review rounds concluded by a decision in the year.
    let cal = Calendar::load(conn)?;
    let rounds =
        reports::concluded_rounds(conn, &y, office_id, &end.format("%Y-%m-%d").to_string())?;
    let mut review_days: BTreeMap<i64, i64> = BTreeMap::new();
    for round in rounds {
        let office = round.office_id;
        let (Some(s), Some(c)) = (
            calendar::date_of(&round.submitted_at),
            calendar::date_of(&round.closed_at),
        ) else {
            continue;
        };
        let o = entry(&mut by_office, office, categories.len());
        o.reviews += 1;
        if round.outcome == "returned" {
            o.returns += 1;
        }
        *review_days.entry(office).or_default() += cal.working_days_between(s, c).max(0);
    }

    // Every office in the list (so a quiet office shows as such), in the offices' order.
    let mut list = Vec::new();
    for o in &offices {
        if office_id.is_some_and(|id| id != o.id) {
            continue;
        }
        if !o.active && !by_office.contains_key(&o.id) {
            continue;
        }
        let mut a = by_office
            .remove(&o.id)
            .unwrap_or_else(|| OfficeAssessment::new(o.id, "", categories.len()));
        a.office_name = o.name.clone();
        finish(&mut a, review_days.get(&o.id).copied().unwrap_or(0));
        list.push(a);
    }
    let mut total = OfficeAssessment::new(0, "合计", categories.len());
    let mut total_days = 0;
    for a in &list {
        total.published += a.published;
        for (t, n) in total.by_category.iter_mut().zip(&a.by_category) {
            *t += n;
        }
        total.assessed += a.assessed;
        total.on_time += a.on_time;
        total.reviews += a.reviews;
        total.returns += a.returns;
        total.overdue_count += a.overdue_count;
        total_days += review_days.get(&a.office_id).copied().unwrap_or(0);
    }
    finish(&mut total, total_days);
    Ok(Assessment {
        year,
        as_of: end.format("%Y-%m-%d").to_string(),
        agency: crate::agency::get(store)
            .map(|a| a.name)
            .unwrap_or_default(),
        categories: categories.into_iter().map(|(_, n)| n).collect(),
        offices: list,
        total,
    })
}

/// Derives the rates and orders the late items, the latest first.
fn finish(a: &mut OfficeAssessment, review_days: i64) {
    a.on_time_rate = (a.assessed > 0).then(|| f64::from(a.on_time) / f64::from(a.assessed));
    a.review_days = (a.reviews > 0).then(|| review_days as f64 / f64::from(a.reviews));
    a.overdue.sort_by(|x, y| {
        y.days_late
            .cmp(&x.days_late)
            .then_with(|| x.index_no.cmp(&y.index_no))
    });
    if a.office_id != 0 {
        a.overdue_count = a.overdue.len() as u32;
    }
}

/// `0.956` → `95.6%`; no rate → `—`.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
}

/// Average working days to one decimal, or `—`.
pub fn days(avg: Option<f64>) -> String {
    avg.map_or_else(|| "—".into(), |d| format!("{d:.1}"))
}
