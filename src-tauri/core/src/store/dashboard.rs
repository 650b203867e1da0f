//! The home page's reads: drafts returned to their writer, items per state, and the
//! year's figures per office and per month.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Conn;
use crate::error::Result;

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

/// Live drafts whose last round was returned, created by `staff_id` (or in `office_id`
/// when `whole_office`), newest decision first, at most 50: with the last decision.
pub fn returned_drafts(
    conn: &Conn,
    staff_id: i64,
    whole_office: bool,
    office_id: i64,
) -> Result<Vec<ReturnedDraft>> {
    Ok(conn
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
        .query_map(params![staff_id, whole_office, office_id], |r| {
            Ok(ReturnedDraft {
                item_id: r.get(0)?,
                index_no: r.get(1)?,
                title: r.get(2)?,
                step_name: r.get(3)?,
                decided_by_name: r.get(4)?,
                decided_at: r.get(5)?,
                comment: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// (status code, number of live items) for each status that has any.
pub fn live_counts_by_status(conn: &Conn) -> Result<Vec<(String, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT status, COUNT(*) FROM item INDEXED BY item_live_status
             WHERE deleted_at IS NULL GROUP BY status",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Offices in office order with the items they linked to tasks, published or not.
pub fn office_progress(conn: &Conn) -> Result<Vec<OfficeProgress>> {
    Ok(conn
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

/// Current publications of live items on `from` ≤ date < `until`, counted by month and
/// category (in category order).
pub fn monthly(conn: &Conn, from: &str, until: &str) -> Result<Vec<MonthCount>> {
    Ok(conn
        .prepare_cached(
            "SELECT CAST(substr(p.published_on, 6, 2) AS INTEGER), c.name, COUNT(*)
             FROM publication p JOIN item i INDEXED BY item_live_facts ON i.id = p.item_id
             JOIN category c ON c.id = i.category_id
             WHERE i.deleted_at IS NULL AND p.published_on >= ?1 AND p.published_on < ?2
             GROUP BY 1, c.id ORDER BY 1, c.sort_order, c.id",
        )?
        .query_map([from, until], |r| {
            Ok(MonthCount {
                month: r.get(0)?,
                category_name: r.get(1)?,
                count: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
