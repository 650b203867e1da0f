//! 工作台的统计 — per-office progress on the work-plan tasks, publications per month by
//! category and the on-time rate by office for one year, and the calendar years the
//! deadlines need but nobody loaded.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::Calendar;
use crate::deadline;
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
        .prepare_cached(concat!(
            "SELECT o.name, x.tasks, x.items, x.published
             FROM (SELECT office_id, COUNT(DISTINCT task_id) AS tasks, COUNT(*) AS items,
                          SUM(status = ",
            crate::status_sql!(Published),
            ") AS published
                   FROM item WHERE deleted_at IS NULL AND task_id IS NOT NULL
                   GROUP BY office_id) x
             JOIN office o ON o.id = x.office_id
             ORDER BY o.sort_order, o.id"
        ))?
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
             FROM publication p JOIN item i INDEXED BY item_live_facts ON i.id = p.item_id
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
    Ok(deadline::punctuality(
        store,
        &format!("{year}-01-01"),
        &format!("{}-01-01", year + 1),
    )?
    .into_iter()
    .map(|(office_name, on_time, late)| OnTimeRate {
        office_name,
        on_time,
        late,
    })
    .collect())
}

/// Years among today's and the shown due dates' (`YYYY-MM-DD`) that have no holiday
/// arrangement loaded, so their deadlines count weekends only.
pub fn missing_years<'a>(
    cal: &Calendar,
    today: NaiveDate,
    due_dates: impl IntoIterator<Item = &'a str>,
) -> Vec<i32> {
    let mut years = vec![today.year()];
    years.extend(
        due_dates
            .into_iter()
            .filter_map(crate::calendar::date_of)
            .map(|d| d.year()),
    );
    years.sort_unstable();
    years.dedup();
    years.retain(|y| !cal.covers(*y));
    years
}
