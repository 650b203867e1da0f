//! 查看 — the read commands, each after [`crate::access`]'s rule: the window and the CLI
//! read an item, its versions, its review and its files only through these, so the rule
//! is applied in one place and a property test can check every one of them.
//!
//! What a person may not read is answered as if it did not exist. On top of that, what a
//! masking removed stays with 保密审查员, 分管领导 and administrators: versions from before
//! the item's latest masking, and the matched text of the review's stored findings (their
//! excerpts are masked already).

use std::path::PathBuf;

use crate::access::{self, may_see_unmasked};
use crate::error::{Error, Result};
use crate::item::{self, Item, Snapshot, VersionDiff, VersionInfo};
use crate::review::{self, FindingView, ReviewHistory};
use crate::rules::Problem;
use crate::staff::Staff;
use crate::store::Store;

/// The read commands, by name, for the permission test to walk.
pub const COMMANDS: &[&str] = &[
    "item",
    "versions",
    "version",
    "diff",
    "history",
    "findings",
    "self_check",
    "attachment",
    "check",
    "check_draft",
    "due",
];

/// The item.
pub fn item(store: &Store, actor: &Staff, id: i64) -> Result<Item> {
    item::read(store, actor, id)
}

/// The first version a person without [`may_see_unmasked`] may read: the one the latest
/// masking made (1 when the item was never masked).
fn first_visible(store: &Store, actor: &Staff, id: i64) -> Result<i64> {
    if may_see_unmasked(actor) {
        return Ok(1);
    }
    Ok(item::masked_version(store, id)?.unwrap_or(1))
}

fn before_masking(version: i64) -> Error {
    Error::Forbidden(format!(
        "第 {version} 版在脱敏之前，只有保密审查员、分管领导和管理员可以查看。"
    ))
}

/// The item's versions, newest first (from its latest masking on, for most people).
pub fn versions(store: &Store, actor: &Staff, id: i64) -> Result<Vec<VersionInfo>> {
    access::check(store, actor, id)?;
    let from = first_visible(store, actor, id)?;
    let mut all = item::versions(store, id)?;
    all.retain(|v| v.version >= from);
    Ok(all)
}

/// One version's snapshot.
pub fn version(store: &Store, actor: &Staff, id: i64, version: i64) -> Result<Snapshot> {
    access::check(store, actor, id)?;
    if version < first_visible(store, actor, id)? {
        return Err(before_masking(version));
    }
    item::version(store, id, version)
}

/// What changed between two versions.
pub fn diff(store: &Store, actor: &Staff, id: i64, from: i64, to: i64) -> Result<VersionDiff> {
    access::check(store, actor, id)?;
    let first = first_visible(store, actor, id)?;
    if let Some(v) = [from, to].into_iter().find(|v| *v < first) {
        return Err(before_masking(v));
    }
    item::diff(store, id, from, to)
}

/// The item's review rounds and decisions.
pub fn history(store: &Store, actor: &Staff, id: i64) -> Result<ReviewHistory> {
    access::check(store, actor, id)?;
    review::history(store, id)
}

/// The scanner's findings on record for the item's review; the matched personal data only
/// for 保密审查员, 分管领导 and administrators (others see it masked, as in the excerpt).
pub fn findings(store: &Store, actor: &Staff, id: i64) -> Result<Vec<FindingView>> {
    access::check(store, actor, id)?;
    let mut found = review::findings(store, id)?;
    if !may_see_unmasked(actor) {
        for f in &mut found {
            f.matched = crate::scan::mask(f.kind, &f.matched);
        }
    }
    Ok(found)
}

/// An attachment's file in the store and its name.
pub fn attachment(
    store: &Store,
    actor: &Staff,
    id: i64,
    attachment_id: i64,
) -> Result<(PathBuf, String)> {
    access::check(store, actor, id)?;
    item::attachment_file(store, id, attachment_id)
}

/// 提交前自查: what the scanner finds in the item as saved now (nothing is stored). The
/// person reads the item anyway, so the matches are theirs to see and mask.
pub fn self_check(store: &Store, actor: &Staff, id: i64) -> Result<Vec<FindingView>> {
    self_check_with(store, actor, id, &mut crate::job::quiet)
}

/// [`self_check`] with the scan's progress (see [`review::self_check_with`]).
pub fn self_check_with(
    store: &Store,
    actor: &Staff,
    id: i64,
    report: crate::job::Report<'_>,
) -> Result<Vec<FindingView>> {
    access::check(store, actor, id)?;
    review::self_check_with(store, id, report)
}

/// The category's checks on the item (提交前自查).
pub fn check(store: &Store, actor: &Staff, id: i64) -> Result<Vec<Problem>> {
    access::check(store, actor, id)?;
    item::check(store, id)
}

/// The category's checks on fields still being edited, before they are saved: the editor
/// re-checks as the drafter types, so a problem goes as soon as its field is filled. `id`
/// is the item being edited (its attachments count for the body rule); `None` is a new
/// draft, which has none and which anyone signed in may be drafting.
pub fn check_draft(
    store: &Store,
    actor: &Staff,
    id: Option<i64>,
    fields: &item::ItemInput,
) -> Result<Vec<Problem>> {
    // Called as the drafter types: only the attachments' count is read, not the item.
    let attachments = match id {
        Some(id) => {
            access::check(store, actor, id)?;
            item::attachments(store.conn(), id)?.len()
        }
        None => 0,
    };
    // No category chosen yet is one more problem of the form, said as the save would say it.
    let (code, mut out) = match crate::category::get(store, fields.category_id) {
        Ok(c) => (c.code, Vec::new()),
        Err(Error::Invalid {
            field: Some(field),
            message,
        }) => (
            String::new(),
            vec![Problem {
                field: field.into(),
                message,
            }],
        ),
        Err(e) => return Err(e),
    };
    out.extend(crate::rules::check(
        store,
        &code,
        fields,
        attachments,
        crate::clock::today(),
    )?);
    Ok(out)
}

/// The item's disclosure deadline.
pub fn due(store: &Store, actor: &Staff, id: i64) -> Result<Option<crate::deadline::Due>> {
    access::check(store, actor, id)?;
    crate::deadline::due(store, id)
}
