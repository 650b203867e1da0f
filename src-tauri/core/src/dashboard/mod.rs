//! 工作台 — what one person sees first each morning: the steps waiting for them (and, for
//! confidentiality reviewers, referrals and due re-reviews), their drafts that came back
//! with a comment, how many items stand in each state, what is overdue or nearly due,
//! and this year's figures ([`stats`]).

mod stats;

pub use stats::{
    missing_years as calendar_missing, monthly as stats_monthly,
    office_progress as stats_office_progress, on_time as stats_on_time, MonthCount, OfficeProgress,
    OnTimeRate,
};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::item::Status;
use crate::review::{self, QueueEntry};
use crate::staff::Staff;
use crate::store::{dashboard as rows, Store};

pub use crate::store::dashboard::ReturnedDraft;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    /// 我的待办: the oldest [`TODO_SHOWN`] review steps, referrals and re-reviews (the
    /// review page has them all).
    pub todo: Vec<QueueEntry>,
    /// How many things there are to do in all.
    #[ts(type = "number")]
    pub todo_total: i64,
    /// 依申请公开协办: my office's parts of requests not yet decided in review, soonest due
    /// first (drafters and office heads).
    pub request_parts: Vec<crate::request::RequestPart>,
    /// My drafts (or my office's) returned in their last round, newest first.
    pub returned: Vec<ReturnedDraft>,
    /// Items in each state, in the order of an item's life.
    pub by_status: Vec<StatusCount>,
    /// Not yet published and overdue or due within 3 working days, most urgent first.
    pub urgent: Vec<crate::deadline::Due>,
    /// All overdue and nearly due items, counted (not only the ones listed).
    pub urgent_counts: crate::deadline::UrgentCounts,
    /// Years (today's, or a shown due date's) without a holiday arrangement loaded: their
    /// deadlines count weekends only.
    pub calendar_missing: Vec<i32>,
    /// The year of the charts.
    pub year: i32,
    /// Per office: items linked to work-plan tasks, published vs total.
    pub office_progress: Vec<OfficeProgress>,
    /// Publications of the year by month and category.
    pub monthly: Vec<MonthCount>,
    /// Publications of the year on time vs late, by office.
    pub on_time: Vec<OnTimeRate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: Status,
    #[ts(type = "number")]
    pub count: i64,
}

/// The home page lists this many of the oldest things to do.
pub const TODO_SHOWN: usize = 10;

pub fn get(store: &Store, actor: &Staff) -> Result<Dashboard> {
    let conn = store.conn();
    let returned = rows::returned_drafts(
        conn,
        actor.id,
        actor.has(crate::staff::Role::Drafter),
        actor.office_id,
    )?;
    let counts = rows::live_counts_by_status(conn)?;
    let by_status = Status::ALL
        .iter()
        .map(|s| StatusCount {
            status: *s,
            count: counts
                .iter()
                .find(|(code, _)| code == s.code())
                .map(|(_, n)| *n)
                .unwrap_or(0),
        })
        .collect();
    let today = crate::clock::today();
    let year = chrono::Datelike::year(&today);
    // The most urgent items the person may read (the counts are the whole bureau's).
    let mut urgent = crate::deadline::urgent_on(store, today, 60)?;
    urgent.retain(|d| crate::access::check(store, actor, d.item_id).is_ok());
    urgent.truncate(20);
    let mut todo = review::queue(store, actor)?;
    let todo_total = todo.len() as i64;
    todo.truncate(TODO_SHOWN);
    Ok(Dashboard {
        todo,
        todo_total,
        request_parts: crate::request::parts::waiting_for(store, actor)?,
        returned,
        by_status,
        calendar_missing: stats::missing_years(
            &crate::calendar::load(store)?,
            today,
            urgent.iter().map(|d| d.due_on.as_str()),
        ),
        urgent,
        urgent_counts: crate::deadline::urgent_counts_on(store, today)?,
        year,
        office_progress: stats::office_progress(store)?,
        monthly: stats::monthly(store, year)?,
        on_time: stats::on_time(store, year)?,
    })
}
