//! 审查记录 — every round of an item with its decisions (the comment thread and the step
//! history), the diff between the last two submitted versions, and the re-review dates.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Decision;
use crate::error::Result;
use crate::item::{self, VersionDiff};
use crate::store::{items, review_queue, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewHistory {
    /// Oldest first.
    pub rounds: Vec<RoundView>,
    /// What changed between the previous round's version and the latest round's.
    pub diff: Option<VersionDiff>,
    /// The date the standing 不予公开 decision is due for re-review.
    pub rereview_on: Option<String>,
    /// Re-reviews already done, oldest first.
    pub rereviews: Vec<RereviewView>,
    /// The step the open round waits at (`保密审查员审查`), so that a decision can say what
    /// comes next; `None` when no round is open.
    pub waiting_step: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoundView {
    #[ts(type = "number")]
    pub round: i64,
    #[ts(type = "number")]
    pub version: i64,
    pub content_hash: String,
    pub submitted_by_name: String,
    pub submitted_at: String,
    /// `open`, `approved`, `returned`, `withheld`, `on_request`, `referred`, `withdrawn`.
    pub outcome: String,
    pub outcome_label: String,
    pub closed_at: Option<String>,
    pub closed_by_name: Option<String>,
    pub decisions: Vec<DecisionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionView {
    #[ts(type = "number")]
    pub step: i64,
    pub step_name: String,
    pub decision: Decision,
    pub grounds: Vec<String>,
    pub comment: String,
    pub decided_by_name: String,
    pub decided_at: String,
    pub content_hash: String,
    pub rereview_on: Option<String>,
    /// The outcome of a 需报审 referral, recorded by a reviewer.
    pub after_referral: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RereviewView {
    pub due_on: String,
    pub done_at: String,
    pub done_by_name: String,
    pub release: bool,
    pub comment: String,
}

pub(crate) fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "open" => "审查中",
        "approved" => "已通过",
        "returned" => "已退回",
        "withheld" => "不予公开",
        "on_request" => "依申请公开",
        "referred" => "待报审",
        "withdrawn" => "已撤回",
        _ => "",
    }
}

pub fn history(store: &Store, item_id: i64) -> Result<ReviewHistory> {
    let conn = store.conn();
    let mut rounds: Vec<RoundView> = Vec::new();
    for r in review_queue::rounds(conn, item_id)? {
        let decisions = review_queue::decisions(conn, r.id)?
            .into_iter()
            .map(|d| DecisionView {
                step: d.step,
                step_name: d.step_name,
                decision: Decision::parse(&d.decision).unwrap_or(Decision::Return),
                grounds: serde_json::from_str(&d.grounds).unwrap_or_default(),
                comment: d.comment,
                decided_by_name: d.decided_by_name,
                decided_at: d.decided_at,
                content_hash: d.content_hash,
                rereview_on: d.rereview_on,
                after_referral: d.after_referral,
            })
            .collect();
        rounds.push(RoundView {
            round: r.round,
            version: r.version,
            content_hash: r.content_hash,
            submitted_by_name: r.submitted_by_name,
            submitted_at: r.submitted_at,
            outcome_label: outcome_label(&r.outcome).into(),
            outcome: r.outcome,
            closed_at: r.closed_at,
            closed_by_name: r.closed_by_name,
            decisions,
        });
    }
    let diff = match rounds.as_slice() {
        [.., before, last] if before.version != last.version => {
            Some(item::diff(store, item_id, before.version, last.version)?)
        }
        _ => None,
    };
    let rereview_on = review_queue::rereview_on(conn, item_id)?;
    let rereviews = review_queue::rereviews_done(conn, item_id)?
        .into_iter()
        .map(|x| RereviewView {
            due_on: x.due_on,
            done_at: x.done_at,
            done_by_name: x.done_by_name,
            release: x.release,
            comment: x.comment,
        })
        .collect();
    let waiting_step = match super::round_in(conn, item_id, "open")? {
        Some(open) => {
            let category = items::load(conn, item_id)?.map_or(0, |r| r.category_id);
            super::steps(conn, category)?
                .into_iter()
                .nth((open.position - 1).max(0) as usize)
                .map(|s| s.name)
        }
        None => None,
    };
    Ok(ReviewHistory {
        rounds,
        diff,
        rereview_on,
        rereviews,
        waiting_step,
    })
}
