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
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    /// 我的待办: the oldest [`TODO_SHOWN`] review steps, referrals and re-reviews (the
    /// review page has them all).
    pub todo: Vec<QueueEntry>,
    /// How many things there are to do in all.
    #[ts(type = "number")]
    pub todo_total: i64,
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
pub struct ReturnedDraft {
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub step_name: String,
    pub decided_by_name: String,
    pub decided_at: String,
    pub comment: String,
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
    let returned = conn
        .prepare_cached(concat!(
            "SELECT i.id, i.index_no, i.title, d.step_name, s.name, d.decided_at, d.comment
             FROM item i
             JOIN review_round r ON r.item_id = i.id
                 AND r.round = (SELECT MAX(round) FROM review_round WHERE item_id = i.id)
             JOIN review_decision d ON d.round_id = r.id
                 AND d.id = (SELECT MAX(id) FROM review_decision WHERE round_id = r.id)
             JOIN staff s ON s.id = d.decided_by
             WHERE i.deleted_at IS NULL AND i.status = ",
            crate::status_sql!(Draft),
            " AND r.outcome = 'returned'
               AND (i.created_by = ?1 OR (?2 AND i.office_id = ?3))
             ORDER BY d.decided_at DESC LIMIT 50"
        ))?
        .query_map(
            rusqlite::params![
                actor.id,
                actor.has(crate::staff::Role::Drafter),
                actor.office_id
            ],
            |r| {
                Ok(ReturnedDraft {
                    item_id: r.get(0)?,
                    index_no: r.get(1)?,
                    title: r.get(2)?,
                    step_name: r.get(3)?,
                    decided_by_name: r.get(4)?,
                    decided_at: r.get(5)?,
                    comment: r.get(6)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let counts = conn
        .prepare_cached(
            "SELECT status, COUNT(*) FROM item INDEXED BY item_live_status
             WHERE deleted_at IS NULL GROUP BY status",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
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
