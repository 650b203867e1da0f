//! 我的待办 — the steps a person may act on now, oldest first, each with its due date on the
//! working-day calendar, and (for confidentiality reviewers) the withheld items whose
//! re-review is due.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::steps;
use crate::calendar::{self, Calendar};
use crate::error::Result;
use crate::staff::{Role, Staff};
use crate::store::Store;

/// A re-review shows up this many days before its date.
const REREVIEW_NOTICE_DAYS: i64 = 30;

/// What a queue entry asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// A step of an open round.
    Step,
    /// 不予公开复查.
    Rereview,
    /// 报审结果 to record.
    Referral,
}

/// One thing to do, as the queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueEntry {
    pub kind: QueueKind,
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub office_name: String,
    #[ts(type = "number")]
    pub round: i64,
    pub step_name: String,
    /// The role the step needs (the reviewer's step offers the withholding decisions).
    pub step_role: Role,
    /// When the step became this person's to do.
    pub submitted_at: String,
    /// The step is due on this date (`YYYY-MM-DD`).
    pub due_on: String,
}

pub fn queue(store: &Store, actor: &Staff) -> Result<Vec<QueueEntry>> {
    queue_on(store, actor, crate::clock::today())
}

/// The queue as it stands on `today` (tests move the day).
pub fn queue_on(store: &Store, actor: &Staff, today: NaiveDate) -> Result<Vec<QueueEntry>> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let mut out = steps_to_do(conn, actor, &cal)?;
    if actor.has(Role::Reviewer) {
        out.extend(referrals(conn, actor)?);
        out.extend(rereviews(conn, today)?);
    }
    Ok(out)
}

fn steps_to_do(
    conn: &rusqlite::Connection,
    actor: &Staff,
    cal: &Calendar,
) -> Result<Vec<QueueEntry>> {
    struct Open {
        item_id: i64,
        round: i64,
        position: i64,
        category_id: i64,
        index_no: String,
        title: String,
        office_name: String,
        office_id: i64,
        submitter: i64,
        author: i64,
        since: String,
        decided_before: bool,
    }
    let rounds: Vec<Open> = conn
        .prepare_cached(
            "SELECT r.item_id, r.round, r.position, i.category_id, i.index_no, i.title, o.name, r.submitted_by,
                    (SELECT saved_by FROM item_version v WHERE v.item_id = r.item_id AND v.version = r.version),
                    COALESCE((SELECT MAX(decided_at) FROM review_decision d WHERE d.round_id = r.id), r.submitted_at),
                    EXISTS (SELECT 1 FROM review_decision d WHERE d.round_id = r.id AND d.decided_by = ?1),
                    i.office_id
             FROM review_round r JOIN item i ON i.id = r.item_id JOIN office o ON o.id = i.office_id
             WHERE r.outcome = 'open' ORDER BY r.submitted_at, r.id",
        )?
        .query_map([actor.id], |r| {
            Ok(Open {
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
    let mut out = Vec::new();
    // Each category's chain, read once however many of its rounds are open.
    let mut chains: std::collections::HashMap<i64, Vec<super::Step>> = Default::default();
    for o in rounds {
        let chain = match chains.entry(o.category_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(steps(conn, o.category_id)?),
        };
        let Some(step) = chain.get((o.position - 1) as usize) else {
            continue;
        };
        if !actor.has(step.role)
            || (step.role == Role::OfficeHead && actor.office_id != o.office_id)
            || actor.id == o.submitter
            || actor.id == o.author
            || o.decided_before
        {
            continue;
        }
        let start = calendar::date_of(&o.since).unwrap_or_else(crate::clock::today);
        out.push(QueueEntry {
            kind: QueueKind::Step,
            item_id: o.item_id,
            index_no: o.index_no,
            title: o.title,
            office_name: o.office_name,
            round: o.round,
            step_name: step.name.clone(),
            step_role: step.role,
            submitted_at: o.since,
            due_on: cal
                .add_working_days(start, step.due_days.max(0) as u32)
                .format("%Y-%m-%d")
                .to_string(),
        });
    }
    // Oldest first by when the step became due to someone.
    out.sort_by(|a, b| a.submitted_at.cmp(&b.submitted_at));
    Ok(out)
}

/// Referred items wait for a reviewer to record the outside authority's answer; anyone
/// who could have decided the step may record it.
fn referrals(conn: &rusqlite::Connection, actor: &Staff) -> Result<Vec<QueueEntry>> {
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
            Ok((
                QueueEntry {
                    kind: QueueKind::Referral,
                    item_id: r.get(0)?,
                    index_no: r.get(1)?,
                    title: r.get(2)?,
                    office_name: r.get(3)?,
                    round: r.get(4)?,
                    step_name: "报审结果".into(),
                    step_role: Role::Reviewer,
                    submitted_at: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    due_on: String::new(),
                },
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, submitter, author)| actor.id != *submitter && actor.id != *author)
        .map(|(e, _, _)| e)
        .collect())
}

/// 不予公开复查 due within the notice period (or overdue).
fn rereviews(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Vec<QueueEntry>> {
    let horizon = (today + chrono::Duration::days(REREVIEW_NOTICE_DAYS))
        .format("%Y-%m-%d")
        .to_string();
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
            Ok(QueueEntry {
                kind: QueueKind::Rereview,
                item_id: r.get(0)?,
                index_no: r.get(1)?,
                title: r.get(2)?,
                office_name: r.get(3)?,
                round: r.get(4)?,
                step_name: "不予公开复查".into(),
                step_role: Role::Reviewer,
                submitted_at: r.get(5)?,
                due_on: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
