//! 提交审查 and 撤回: a submission freezes the current version under its content hash and
//! stores what the scanner finds in it with the new round; a withdrawal (by hand, or by
//! editing the submitted draft) ends the round on record.

use super::{findings, set_status, steps};
use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::item::{self, Status};
use crate::scan::Severity;
use crate::staff::{Role, Staff};
use crate::store::{reviews, Store};

/// 提交审查: freezes the current version and starts a round at the first step.
pub fn submit(store: &mut Store, actor: &Staff, item_id: i64) -> Result<item::Item> {
    submit_with(store, actor, item_id, &mut crate::job::quiet)
}

/// [`submit`], telling `report` of each attachment scanned (a [`Job::Scan`]); `false`
/// stops it before anything is written ([`Error::Cancelled`]): the item stays a draft.
///
/// [`Job::Scan`]: crate::job::Job::Scan
pub fn submit_with(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    report: crate::job::Report<'_>,
) -> Result<item::Item> {
    // Its state is the item's too: hidden from someone who may not read it.
    let it = item::read(store, actor, item_id)?;
    if it.status != Status::Draft {
        return Err(Error::Conflict(format!(
            "该事项当前为“{}”，不能提交。",
            it.status.label()
        )));
    }
    check_owner(actor, &it, "只能提交本人或本处室起草的事项。")?;
    let problems = item::check(store, item_id)?;
    if let Some(first) = problems.first() {
        return Err(Error::invalid(
            "submit",
            format!(
                "还有 {} 处需要完善才能提交审查：{}",
                problems.len(),
                first.message
            ),
        ));
    }
    // Scan the version to be frozen before the write transaction: attachments may be
    // large, and no one else should wait for them. The transaction checks that this is
    // still the version it freezes.
    let scanned_hash = item::version_hash(store.conn(), item_id, it.version)?;
    let found = findings::scan_snapshot(store, item::version(store, item_id, it.version)?, report)?;
    store.immediate(|tx| {
        // Close the open editing session so the frozen version is exactly what is shown.
        let version = item::freeze(tx, actor, item_id)?;
        let hash = item::version_hash(tx, item_id, version)?;
        if version != it.version || hash != scanned_hash {
            return Err(Error::Conflict("事项内容刚刚有改动，请重新提交。".into()));
        }
        if steps(tx, it.fields.category_id)?.is_empty() {
            return Err(Error::Conflict(
                "该公开类别没有设置审查流程，请联系管理员。".into(),
            ));
        }
        let round = reviews::next_round_no(tx, item_id)?;
        let round_id =
            reviews::insert_round(tx, item_id, round, version, &hash, actor.id, &stamp())?;
        findings::record(tx, round_id, &found)?;
        set_status(tx, &it, Status::InReview)?;
        let mut detail = format!("提交审查 {}（第 {round} 轮，第 {version} 版）", it.index_no);
        if !found.is_empty() {
            let blocking = found
                .iter()
                .filter(|f| f.severity == Severity::Block)
                .count();
            detail.push_str(&format!(
                "，自动检查发现 {} 处，其中阻断 {blocking} 处",
                found.len()
            ));
        }
        audit::append(
            tx,
            actor.into(),
            Event::new("item.submit", detail)
                .item(item_id)
                .hashes(None, Some(&hash)),
        )
    })?;
    item::get(store, item_id)
}

/// 撤回: the drafter takes the item back to edit it; the round ends and is recorded.
pub fn withdraw(store: &mut Store, actor: &Staff, item_id: i64) -> Result<item::Item> {
    let it = item::read(store, actor, item_id)?;
    check_owner(actor, &it, "只能撤回本人或本处室提交的事项。")?;
    store.immediate(|tx| item::life::withdraw_in(tx, actor, &it, "撤回审查"))?;
    item::get(store, item_id)
}

fn check_owner(actor: &Staff, it: &item::Item, message: &str) -> Result<()> {
    if it.created_by == actor.id
        || (actor.has(Role::Drafter) && it.fields.office_id == actor.office_id)
    {
        Ok(())
    } else {
        Err(Error::Forbidden(message.into()))
    }
}
