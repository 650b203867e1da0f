//! 审查记录 — every round of an item with its decisions (the comment thread and the step
//! history), the diff between the last two submitted versions, and the re-review dates.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Decision;
use crate::error::Result;
use crate::item::{self, VersionDiff};
use crate::store::Store;

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
    let mut rounds: Vec<(i64, RoundView)> = conn
        .prepare_cached(
            "SELECT r.id, r.round, r.version, r.content_hash, s.name, r.submitted_at, r.outcome, r.closed_at,
                    (SELECT name FROM staff WHERE id = r.closed_by)
             FROM review_round r JOIN staff s ON s.id = r.submitted_by
             WHERE r.item_id = ?1 ORDER BY r.round",
        )?
        .query_map([item_id], |r| {
            let outcome: String = r.get(6)?;
            Ok((
                r.get(0)?,
                RoundView {
                    round: r.get(1)?,
                    version: r.get(2)?,
                    content_hash: r.get(3)?,
                    submitted_by_name: r.get(4)?,
                    submitted_at: r.get(5)?,
                    outcome_label: outcome_label(&outcome).into(),
                    outcome,
                    closed_at: r.get(7)?,
                    closed_by_name: r.get(8)?,
                    decisions: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT d.step, d.step_name, d.decision, d.grounds, d.comment, s.name, d.decided_at, d.content_hash,
                d.rereview_on, d.after_referral
         FROM review_decision d JOIN staff s ON s.id = d.decided_by
         WHERE d.round_id = ?1 ORDER BY d.id",
    )?;
    for (id, round) in &mut rounds {
        round.decisions = stmt
            .query_map([*id], |r| {
                let code: String = r.get(2)?;
                let grounds: String = r.get(3)?;
                Ok(DecisionView {
                    step: r.get(0)?,
                    step_name: r.get(1)?,
                    decision: Decision::parse(&code).unwrap_or(Decision::Return),
                    grounds: serde_json::from_str(&grounds).unwrap_or_default(),
                    comment: r.get(4)?,
                    decided_by_name: r.get(5)?,
                    decided_at: r.get(6)?,
                    content_hash: r.get(7)?,
                    rereview_on: r.get(8)?,
                    after_referral: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    let rounds: Vec<RoundView> = rounds.into_iter().map(|(_, r)| r).collect();
    let diff = match rounds.as_slice() {
        [.., before, last] if before.version != last.version => {
            Some(item::diff(store, item_id, before.version, last.version)?)
        }
        _ => None,
    };
    let rereview_on = conn
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
        .optional()?;
    let rereviews = conn
        .prepare_cached(
            "SELECT x.due_on, x.done_at, s.name, x.outcome = 'release', x.comment
             FROM rereview x JOIN staff s ON s.id = x.done_by
             WHERE x.item_id = ?1 AND x.done_at IS NOT NULL ORDER BY x.id",
        )?
        .query_map(params![item_id], |r| {
            Ok(RereviewView {
                due_on: r.get(0)?,
                done_at: r.get(1)?,
                done_by_name: r.get(2)?,
                release: r.get(3)?,
                comment: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ReviewHistory {
        rounds,
        diff,
        rereview_on,
        rereviews,
    })
}
