//! 工作台的统计 — per-office progress on the work-plan tasks, publications per month by
//! category and the on-time rate by office for one year, and the calendar years the
//! deadlines need but nobody loaded.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::Calendar;
use crate::deadline::{self, Due, DueState};
use crate::error::Result;
use crate::store::Store;

/// One office's items linked to work-plan tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficeProgress {
    pub office_name: String,
    /// Tasks the office has linked items to.
    #[ts(type = "number")]
    pub tasks: i64,
    #[ts(type = "number")]
    pub items: i64,
    #[ts(type = "number")]
    pub published: i64,
}

/// Items published in one month of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MonthCount {
    /// 1–12
    pub month: u32,
    pub category_name: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// One office's publications of the year: on time or late against their deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OnTimeRate {
    pub office_name: String,
    #[ts(type = "number")]
    pub on_time: i64,
    #[ts(type = "number")]
    pub late: i64,
}

/// Offices in office order with the items they linked to tasks, published or not.
pub fn office_progress(store: &Store) -> Result<Vec<OfficeProgress>> {
    Ok(store
        .conn()
        .prepare_cached(
            "SELECT o.name, COUNT(DISTINCT i.task_id), COUNT(*), SUM(i.status = 'published')
             FROM item i JOIN office o ON o.id = i.office_id
             WHERE i.deleted_at IS NULL AND i.task_id IS NOT NULL
             GROUP BY o.id ORDER BY o.sort_order, o.id",
        )?
        .query_map([], |r| {
            Ok(OfficeProgress {
                office_name: r.get(0)?,
                tasks: r.get(1)?,
                items: r.get(2)?,
                published: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Publications of `year` by month and category (current publications only).
pub fn monthly(store: &Store, year: i32) -> Result<Vec<MonthCount>> {
    Ok(store
        .conn()
        .prepare_cached(
            "SELECT CAST(substr(p.published_on, 6, 2) AS INTEGER), c.name, COUNT(*)
             FROM publication p JOIN item i ON i.id = p.item_id
             JOIN category c ON c.id = i.category_id
             WHERE i.deleted_at IS NULL AND p.published_on >= ?1 AND p.published_on < ?2
             GROUP BY 1, c.id ORDER BY 1, c.sort_order, c.id",
        )?
        .query_map(
            [format!("{year}-01-01"), format!("{}-01-01", year + 1)],
            |r| {
                Ok(MonthCount {
                    month: r.get(0)?,
                    category_name: r.get(1)?,
                    count: r.get(2)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?)
}

/// On time and late publications of `year`, by office.
pub fn on_time(store: &Store, year: i32) -> Result<Vec<OnTimeRate>> {
    let ids: Vec<i64> = store
        .conn()
        .prepare_cached(
            "SELECT p.item_id FROM publication p JOIN item i ON i.id = p.item_id
             WHERE i.deleted_at IS NULL AND p.published_on >= ?1 AND p.published_on < ?2",
        )?
        .query_map(
            [format!("{year}-01-01"), format!("{}-01-01", year + 1)],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<OnTimeRate> = Vec::new();
    for d in deadline::due_many(store, &ids)? {
        let i = match out.iter().position(|r| r.office_name == d.office_name) {
            Some(i) => i,
            None => {
                out.push(OnTimeRate {
                    office_name: d.office_name.clone(),
                    on_time: 0,
                    late: 0,
                });
                out.len() - 1
            }
        };
        match d.state {
            DueState::OnTime => out[i].on_time += 1,
            DueState::Late => out[i].late += 1,
            _ => {}
        }
    }
    out.sort_by(|a, b| a.office_name.cmp(&b.office_name));
    Ok(out)
}

/// Years among today's and the shown due dates' that have no holiday arrangement loaded,
/// so their deadlines count weekends only.
pub fn missing_years(cal: &Calendar, today: NaiveDate, urgent: &[Due]) -> Vec<i32> {
    let mut years = vec![today.year()];
    years.extend(
        urgent
            .iter()
            .filter_map(|d| crate::calendar::date_of(&d.due_on))
            .map(|d| d.year()),
    );
    years.sort_unstable();
    years.dedup();
    years.retain(|y| !cal.covers(*y));
    years
}
