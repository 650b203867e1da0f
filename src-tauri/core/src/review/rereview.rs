//! 不予公开复查 (条例第十八条): a withheld item is looked at again on its re-review date.
//! The confidentiality reviewer either keeps it withheld (a new date follows) or releases
//! it, which sends it back to its office as a draft to go through the chain again.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{chain, set_status};
use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::item::{self, Status};
use crate::staff::{Role, Staff};
use crate::store::{rereviews, Store};

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
    store.immediate(|tx| {
        let open = rereviews::open(tx, item_id)?
            .filter(|_| it.status == Status::Withheld)
            .ok_or_else(|| Error::Conflict("该事项没有待复查的不予公开决定。".into()))?;
        rereviews::finish(
            tx,
            open.id,
            &stamp(),
            actor.id,
            if input.release { "release" } else { "keep" },
            comment,
        )?;
        let detail = if input.release {
            set_status(tx, &it, Status::Draft)?;
            format!("不予公开复查 {}：解除，退回处室重新审查后公开", it.index_no)
        } else {
            let next = chain::next_rereview_on(tx)?;
            rereviews::insert(tx, item_id, open.decision_id, &next)?;
            format!(
                "不予公开复查 {}：维持（原定 {}），下次复查 {next}",
                it.index_no, open.due_on
            )
        };
        audit::append(
            tx,
            actor.into(),
            Event::new("review.rereview", detail).item(item_id),
        )
    })?;
    item::get(store, item_id)
}
