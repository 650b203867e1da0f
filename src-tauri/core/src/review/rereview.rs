//! 不予公开复查 (条例第十八条): a withheld item is looked at again on its re-review date.
//! The confidentiality reviewer either keeps it withheld (a new date follows) or releases
//! it, which sends it back to its office as a draft to go through the chain again.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{chain, immediate, set_status};
use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::item::{self, Status};
use crate::staff::{Role, Staff};
use crate::store::Store;

/// 复查结论.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RereviewInput {
    /// `true`: the reasons no longer hold and the item may be published (解除不予公开).
    pub release: bool,
    pub comment: String,
}

pub fn rereview(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    input: &RereviewInput,
) -> Result<item::Item> {
    if !actor.has(Role::Reviewer) {
        return Err(Error::Forbidden("复查只能由保密审查员进行。".into()));
    }
    let comment = input.comment.trim();
    if comment.is_empty() {
        return Err(Error::invalid("comment", "请写明复查意见。"));
    }
    let it = item::get(store, item_id)?;
    {
        let tx = immediate(store)?;
        let open: Option<(i64, i64, String)> = tx
            .query_row(
                "SELECT id, decision_id, due_on FROM rereview
                 WHERE item_id = ?1 AND done_at IS NULL ORDER BY id DESC LIMIT 1",
                [item_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (id, decision_id, due_on) = open
            .filter(|_| it.status == Status::Withheld)
            .ok_or_else(|| Error::Conflict("该事项没有待复查的不予公开决定。".into()))?;
        tx.execute(
            "UPDATE rereview SET done_at = ?2, done_by = ?3, outcome = ?4, comment = ?5 WHERE id = ?1",
            params![
                id,
                stamp(),
                actor.id,
                if input.release { "release" } else { "keep" },
                comment
            ],
        )?;
        let detail = if input.release {
            set_status(&tx, &it, Status::Draft)?;
            format!("不予公开复查 {}：解除，退回处室重新审查后公开", it.index_no)
        } else {
            let next = chain::next_rereview_on(&tx)?;
            tx.execute(
                "INSERT INTO rereview (item_id, decision_id, due_on) VALUES (?1, ?2, ?3)",
                params![item_id, decision_id, next],
            )?;
            format!(
                "不予公开复查 {}：维持（原定 {due_on}），下次复查 {next}",
                it.index_no
            )
        };
        audit::append(
            &tx,
            actor.into(),
            Event::new("review.rereview", detail).item(item_id),
        )?;
        tx.commit()?;
    }
    item::get(store, item_id)
}
