//! 我的待办 — the steps a person may act on now, oldest first, each with its due date on the
//! working-day calendar, and (for confidentiality reviewers) the withheld items whose
//! re-review is due.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::steps;
use crate::calendar::{self, Calendar};
use crate::error::Result;
use crate::staff::{Role, Staff};
use crate::store::{review_queue, Conn, Store};

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

fn steps_to_do(conn: &Conn, actor: &Staff, cal: &Calendar) -> Result<Vec<QueueEntry>> {
    let rounds = review_queue::open_rounds(conn, actor.id)?;
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
fn referrals(conn: &Conn, actor: &Staff) -> Result<Vec<QueueEntry>> {
    Ok(review_queue::referrals(conn)?
        .into_iter()
        .filter(|r| actor.id != r.submitter && actor.id != r.author)
        .map(|r| QueueEntry {
            kind: QueueKind::Referral,
            item_id: r.item_id,
            index_no: r.index_no,
            title: r.title,
            office_name: r.office_name,
            round: r.round,
            step_name: "报审结果".into(),
            step_role: Role::Reviewer,
            submitted_at: r.closed_at.unwrap_or_default(),
            due_on: String::new(),
        })
        .collect())
}

/// 不予公开复查 due within the notice period (or overdue).
fn rereviews(conn: &Conn, today: NaiveDate) -> Result<Vec<QueueEntry>> {
    let horizon = (today + chrono::Duration::days(REREVIEW_NOTICE_DAYS))
        .format("%Y-%m-%d")
        .to_string();
    Ok(review_queue::rereviews_due(conn, &horizon)?
        .into_iter()
        .map(|r| QueueEntry {
            kind: QueueKind::Rereview,
            item_id: r.item_id,
            index_no: r.index_no,
            title: r.title,
            office_name: r.office_name,
            round: r.round,
            step_name: "不予公开复查".into(),
            step_role: Role::Reviewer,
            submitted_at: r.decided_at,
            due_on: r.due_on,
        })
        .collect())
}
