//! The review's reads: what waits for someone (open rounds, referrals, re-reviews due)
//! and an item's review history (rounds, decisions, re-reviews).

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// An open round with what the queue decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRoundRow {
    pub item_id: i64,
    pub round: i64,
    pub position: i64,
    pub category_id: i64,
    pub index_no: String,
    pub title: String,
    pub office_name: String,
    pub office_id: i64,
    pub submitter: i64,
    /// Who saved the version under review.
    pub author: i64,
    /// The last decision of the round, or its submission.
    pub since: String,
    /// The person asked about decided a step of the round.
    pub decided_before: bool,
}

/// A referred round waiting for its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRow {
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub office_name: String,
    pub round: i64,
    pub closed_at: Option<String>,
    pub submitter: i64,
    pub author: i64,
}

/// A re-review due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RereviewDueRow {
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub office_name: String,
    pub round: i64,
    pub decided_at: String,
    pub due_on: String,
}

/// A round of an item's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRow {
    pub id: i64,
    pub round: i64,
    pub version: i64,
    pub content_hash: String,
    pub submitted_by_name: String,
    pub submitted_at: String,
    pub outcome: String,
    pub closed_at: Option<String>,
    pub closed_by_name: Option<String>,
}

/// A decision of a round (`decision` its code, `grounds` the JSON list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    pub step: i64,
    pub step_name: String,
    pub decision: String,
    pub grounds: String,
    pub comment: String,
    pub decided_by_name: String,
    pub decided_at: String,
    pub content_hash: String,
    pub rereview_on: Option<String>,
    pub after_referral: bool,
}

/// A re-review done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RereviewDoneRow {
    pub due_on: String,
    pub done_at: String,
    pub done_by_name: String,
    pub release: bool,
    pub comment: String,
}

/// Every open round, oldest submission first, with whether `staff_id` decided in it.
pub fn open_rounds(conn: &Conn, staff_id: i64) -> Result<Vec<OpenRoundRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT r.item_id, r.round, r.position, i.category_id, i.index_no, i.title, o.name, r.submitted_by,
                    (SELECT saved_by FROM item_version v WHERE v.item_id = r.item_id AND v.version = r.version),
                    COALESCE((SELECT MAX(decided_at) FROM review_decision d WHERE d.round_id = r.id), r.submitted_at),
                    EXISTS (SELECT 1 FROM review_decision d WHERE d.round_id = r.id AND d.decided_by = ?1),
                    i.office_id
             FROM review_round r JOIN item i ON i.id = r.item_id JOIN office o ON o.id = i.office_id
             WHERE r.outcome = 'open' ORDER BY r.submitted_at, r.id",
        )?
        .query_map([staff_id], |r| {
            Ok(OpenRoundRow {
                item_id: r.get(0)?,
                round: r.get(1)?,
                position: r.get(2)?,
                category_id: r.get(3)?,
                index_no: r.get(4)?,
                title: r.get(5)?,
                office_name: r.get(6)?,
                submitter: r.get(7)?,
                author: r.get(8)?,
                since: r.get(9)?,
                decided_before: r.get(10)?,
                office_id: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The referred rounds of referred items not deleted, oldest referral first.
pub fn referrals(conn: &Conn) -> Result<Vec<ReferralRow>> {
    let rows = conn
        .prepare_cached(
            concat!(
"SELECT i.id, i.index_no, i.title, o.name, r.round, r.closed_at, r.submitted_by,
                    (SELECT saved_by FROM item_version v WHERE v.item_id = r.item_id AND v.version = r.version)
             FROM review_round r JOIN item i ON i.id = r.item_id JOIN office o ON o.id = i.office_id
             WHERE r.outcome = 'referred' AND i.status = ",
crate::status_sql!(Referred),
" AND i.deleted_at IS NULL
             ORDER BY r.closed_at"
),
        )?
        .query_map([], |r| {
            Ok(ReferralRow {
                item_id: r.get(0)?,
                index_no: r.get(1)?,
                title: r.get(2)?,
                office_name: r.get(3)?,
                round: r.get(4)?,
                closed_at: r.get(5)?,
                submitter: r.get(6)?,
                author: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The open re-reviews of withheld items not deleted due on or before `horizon`
/// (`YYYY-MM-DD`), earliest first.
pub fn rereviews_due(conn: &Conn, horizon: &str) -> Result<Vec<RereviewDueRow>> {
    let rows = conn
        .prepare_cached(concat!(
            "SELECT i.id, i.index_no, i.title, o.name, r.round, d.decided_at, x.due_on
             FROM rereview x INDEXED BY rereview_open
             JOIN item i ON i.id = x.item_id JOIN office o ON o.id = i.office_id
             JOIN review_decision d ON d.id = x.decision_id JOIN review_round r ON r.id = d.round_id
             WHERE x.done_at IS NULL AND x.due_on <= ?1 AND i.status = ",
            crate::status_sql!(Withheld),
            " AND i.deleted_at IS NULL
             ORDER BY x.due_on, x.id"
        ))?
        .query_map(params![horizon], |r| {
            Ok(RereviewDueRow {
                item_id: r.get(0)?,
                index_no: r.get(1)?,
                title: r.get(2)?,
                office_name: r.get(3)?,
                round: r.get(4)?,
                decided_at: r.get(5)?,
                due_on: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The item's rounds, oldest first.
pub fn rounds(conn: &Conn, item_id: i64) -> Result<Vec<RoundRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT r.id, r.round, r.version, r.content_hash, s.name, r.submitted_at, r.outcome, r.closed_at,
                    (SELECT name FROM staff WHERE id = r.closed_by)
             FROM review_round r JOIN staff s ON s.id = r.submitted_by
             WHERE r.item_id = ?1 ORDER BY r.round",
        )?
        .query_map([item_id], |r| {
            Ok(RoundRow {
                id: r.get(0)?,
                round: r.get(1)?,
                version: r.get(2)?,
                content_hash: r.get(3)?,
                submitted_by_name: r.get(4)?,
                submitted_at: r.get(5)?,
                outcome: r.get(6)?,
                closed_at: r.get(7)?,
                closed_by_name: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The decisions of round `round_id`, in the order taken.
pub fn decisions(conn: &Conn, round_id: i64) -> Result<Vec<DecisionRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT d.step, d.step_name, d.decision, d.grounds, d.comment, s.name, d.decided_at, d.content_hash,
                    d.rereview_on, d.after_referral
             FROM review_decision d JOIN staff s ON s.id = d.decided_by
             WHERE d.round_id = ?1 ORDER BY d.id",
        )?
        .query_map([round_id], |r| {
            Ok(DecisionRow {
                step: r.get(0)?,
                step_name: r.get(1)?,
                decision: r.get(2)?,
                grounds: r.get(3)?,
                comment: r.get(4)?,
                decided_by_name: r.get(5)?,
                decided_at: r.get(6)?,
                content_hash: r.get(7)?,
                rereview_on: r.get(8)?,
                after_referral: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The due date of the item's standing re-review, while it is withheld.
pub fn rereview_on(conn: &Conn, item_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            concat!(
                "SELECT x.due_on FROM rereview x JOIN item i ON i.id = x.item_id
             WHERE x.item_id = ?1 AND x.done_at IS NULL AND i.status = ",
                crate::status_sql!(Withheld),
                "
             ORDER BY x.id DESC LIMIT 1"
            ),
            [item_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The item's re-reviews done, oldest first.
pub fn rereviews_done(conn: &Conn, item_id: i64) -> Result<Vec<RereviewDoneRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT x.due_on, x.done_at, s.name, x.outcome = 'release', x.comment
             FROM rereview x JOIN staff s ON s.id = x.done_by
             WHERE x.item_id = ?1 AND x.done_at IS NOT NULL ORDER BY x.id",
        )?
        .query_map(params![item_id], |r| {
            Ok(RereviewDoneRow {
                due_on: r.get(0)?,
                done_at: r.get(1)?,
                done_by_name: r.get(2)?,
                release: r.get(3)?,
                comment: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
