//! 处理检查结果 — a confidentiality reviewer settles a finding of the round under review:
//! a false positive, masked, or accepted with a reason. Until every blocking finding of a
//! round is settled, the round cannot be approved at the reviewer's step or later
//! (`decide.rs`). Settling 警告 and 提示 findings is allowed, never required.
//!
//! The same separation of duties as deciding applies: the author and the submitter of the
//! version never settle its findings, and someone who decided another step of the round
//! (the office head's) does not settle them either.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::duties;
use super::findings::{one, FindingView, SettlementKind};
use super::{round_in, steps, Step};
use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::item;
use crate::scan::Kind;
use crate::staff::{Role, Staff};
use crate::store::findings as store_findings;
use crate::store::Store;

/// Longest settlement note, in characters.
pub const NOTE_MAX: usize = 500;

/// What a reviewer sends to settle a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settlement {
    pub kind: SettlementKind,
    /// Why (required): what makes it a false positive, where it was masked, why it may be
    /// published.
    pub note: String,
}

/// Settles one finding of the item's round under review (open, or paused for a referral)
/// and returns it as now stored. A settled finding stays settled.
pub fn settle(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    finding_id: i64,
    s: &Settlement,
) -> Result<FindingView> {
    if !actor.has(Role::Reviewer) {
        return Err(Error::Forbidden("只有保密审查员可以处理检查结果。".into()));
    }
    let note = s.note.trim();
    if note.is_empty() {
        return Err(Error::invalid(
            "note",
            "请写明处理说明：为何是误报、在何处已脱敏，或接受的理由。",
        ));
    }
    if note.chars().count() > NOTE_MAX {
        return Err(Error::invalid(
            "note",
            format!("处理说明不能超过 {NOTE_MAX} 个字。"),
        ));
    }
    let it = item::get(store, item_id)?;
    store.immediate(|tx| {
        let found = store_findings::to_settle(tx, finding_id, item_id)?
            .ok_or_else(|| Error::NotFound("找不到该检查结果。".into()))?;
        let round = match round_in(tx, item_id, "open")? {
            Some(r) => Some(r),
            None => round_in(tx, item_id, "referred")?,
        }
        .filter(|r| r.id == found.round_id)
        .ok_or_else(|| Error::Conflict("该检查结果所在的审查轮次已结束，不能再处理。".into()))?;
        if found.settled {
            return Err(Error::Conflict("该检查结果已经处理过了。".into()));
        }
        // Checked as for a decision at the reviewer's step: the one who decided another
        // step of this round, or wrote or submitted the version, does not settle.
        let (position, step) = reviewer_step(steps(tx, it.fields.category_id)?)?;
        let at_reviewer = super::Round { position, ..round };
        let facts = duties::facts(tx, actor, it.fields.office_id, &at_reviewer, &step, true)?;
        duties::check_duties(actor, &facts)?;
        store_findings::settle(tx, finding_id, s.kind.code(), note, actor.id, &stamp())?;
        let kind = found.kind;
        let label = Kind::parse(&kind).map_or(kind.as_str(), |k| k.label());
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "review.settle",
                format!(
                    "处理检查结果：{} {label}“{}”，{}，说明：{note}（{} 第 {} 轮）",
                    found.location,
                    found.excerpt,
                    Kind::parse(&kind).map_or(s.kind.label(), |k| s.kind.label_for(k)),
                    it.index_no,
                    at_reviewer.round
                ),
            )
            .item(item_id)
            .hashes(
                Some(&at_reviewer.content_hash),
                Some(&at_reviewer.content_hash),
            ),
        )
    })?;
    one(store.conn(), finding_id)?.ok_or_else(|| Error::NotFound("找不到该检查结果。".into()))
}

/// The confidentiality step of a chain and its 1-based position.
fn reviewer_step(chain: Vec<Step>) -> Result<(i64, Step)> {
    chain
        .into_iter()
        .enumerate()
        .find(|(_, s)| s.role == Role::Reviewer)
        .map(|(i, s)| (i as i64 + 1, s))
        .ok_or_else(|| Error::Conflict("该公开类别的审查流程没有保密审查步骤。".into()))
}
