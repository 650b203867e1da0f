//! 工作台的统计 — per-office progress on the work-plan tasks, publications per month by
//! category and the on-time rate by office for one year, and the calendar years the
//! deadlines need but nobody loaded.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::Calendar;
use crate::deadline;
use crate::error::Result;
use crate::store::{dashboard as rows, Store};

pub use crate::store::dashboard::{MonthCount, OfficeProgress};

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
    rows::office_progress(store.conn())
}

/// Publications of `year` by month and category (current publications only).
pub fn monthly(store: &Store, year: i32) -> Result<Vec<MonthCount>> {
    rows::monthly(
        store.conn(),
        &format!("{year}-01-01"),
        &format!("{}-01-01", year + 1),
    )
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
