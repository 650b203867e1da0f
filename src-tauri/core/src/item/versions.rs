//! 版本 — every save that changes an item's content is kept as a full snapshot, so any two
//! versions can be compared and a review decision can name exactly what it saw.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

use super::{load, Item, ItemInput};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::staff::Staff;
use crate::store::item_versions::{self, Named};
use crate::store::{items, Conn, Store, Tx};

/// What a version holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Snapshot {
    pub fields: ItemInput,
    pub attachments: Vec<SnapshotFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotFile {
    pub name: String,
    #[ts(type = "number")]
    pub size: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionInfo {
    #[ts(type = "number")]
    pub version: i64,
    pub saved_by_name: String,
    pub saved_at: String,
}

/// One catalog field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// A line of the body diff: `equal`, `insert` or `delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffLine {
    pub tag: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionDiff {
    #[ts(type = "number")]
    pub from: i64,
    #[ts(type = "number")]
    pub to: i64,
    pub fields: Vec<FieldChange>,
    pub body: Vec<DiffLine>,
    pub attachments_added: Vec<String>,
    pub attachments_removed: Vec<String>,
}

fn current(conn: &Conn, id: i64) -> Result<Snapshot> {
    Ok(snapshot_of(&load(conn, id)?))
}

fn snapshot_of(item: &Item) -> Snapshot {
    Snapshot {
        fields: item.fields.clone(),
        attachments: item
            .attachments
            .iter()
            .map(|a| SnapshotFile {
                name: a.name.clone(),
                size: a.size,
                sha256: a.sha256.clone(),
            })
            .collect(),
    }
}

/// The content hash of `item` as loaded (its [`Item::revision`]): the same as
/// [`current_hash`] of the stored item.
pub(crate) fn revision_of(item: &Item) -> Result<String> {
    let snap = serde_json::to_string(&snapshot_of(item))
        .map_err(|e| Error::invalid("item", e.to_string()))?;
    Ok(hash(&snap))
}

/// SHA-256 of a snapshot's JSON: the content hash an audit entry (and later a review
/// decision) refers to.
pub(crate) fn hash(snapshot_json: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(snapshot_json.as_bytes()))
}

/// The content hash of the item as it is now: equal to a version's hash exactly when the
/// item still holds that version's content (export checks it against the approved hash).
pub(crate) fn current_hash(conn: &Conn, id: i64) -> Result<String> {
    let snap = serde_json::to_string(&current(conn, id)?)
        .map_err(|e| Error::invalid("item", e.to_string()))?;
    Ok(hash(&snap))
}

/// The refusal of a save over content someone else changed meanwhile: who saved the
/// item last, and when.
pub(crate) fn changed_meanwhile(conn: &Conn, id: i64) -> Result<Error> {
    let latest = item_versions::list(conn, id)?.into_iter().last();
    let (who, when) = match latest {
        Some(v) => (v.saved_by_name, v.saved_at),
        None => ("他人".to_string(), String::new()),
    };
    let when = when.get(11..16).unwrap_or("刚才").to_string();
    Ok(Error::Conflict(format!(
        "这份草稿在您编辑时已被{who}于 {when} 修改，为免覆盖对方的修改，您这次的修改没有保存。\
         请先复制您改动的内容，再点“载入最新内容”查看对方的修改后重新修改。"
    )))
}

/// What `record` did, for the audit log.
pub(crate) enum Recorded {
    /// The content is what the latest version holds: nothing written.
    Unchanged,
    /// The content changed. `audit` is false for an autosave that only updated the open
    /// version of the same editing session (the session is audited when it starts and
    /// when an explicit save closes it, not at every keystroke pause).
    Changed {
        before: Option<String>,
        after: String,
        audit: bool,
    },
}

/// Records the item's current content as a version when it differs from the latest one.
/// See the `open` column for how autosaves group.
pub(crate) fn record(tx: &Tx<'_>, id: i64, actor: &Staff, autosave: bool) -> Result<Recorded> {
    let snap = serde_json::to_string(&current(tx, id)?)
        .map_err(|e| Error::invalid("item", e.to_string()))?;
    let latest =
        item_versions::latest(tx, id)?.map(|l| (l.version, l.snapshot, l.open, l.saved_by));
    let at = stamp();
    let after = hash(&snap);
    let before = latest.as_ref().map(|l| hash(&l.1));
    match latest {
        Some((v, old, open, _)) if old == snap => {
            if open && !autosave {
                item_versions::close(tx, id, v)?;
                // Closing the session is the audited save of what it typed.
                return Ok(Recorded::Changed {
                    before: None,
                    after,
                    audit: true,
                });
            }
            Ok(Recorded::Unchanged)
        }
        Some((v, _, true, by)) if by == actor.id => {
            item_versions::rewrite(tx, id, v, &snap, autosave, &at)?;
            items::touch(tx, id, actor.id, &at)?;
            Ok(Recorded::Changed {
                before,
                after,
                audit: !autosave,
            })
        }
        latest => {
            let v = latest.map(|l| l.0).unwrap_or(0) + 1;
            item_versions::insert(tx, id, v, &snap, autosave, actor.id, &at)?;
            items::set_version(tx, id, v, actor.id, &at)?;
            Ok(Recorded::Changed {
                before,
                after,
                audit: true,
            })
        }
    }
}

pub fn versions(store: &Store, id: i64) -> Result<Vec<VersionInfo>> {
    Ok(item_versions::list(store.conn(), id)?
        .into_iter()
        .map(|v| VersionInfo {
            version: v.version,
            saved_by_name: v.saved_by_name,
            saved_at: v.saved_at,
        })
        .collect())
}

pub fn version(store: &Store, id: i64, version: i64) -> Result<Snapshot> {
    let raw = item_versions::snapshot(store.conn(), id, version)?;
    let raw = raw.ok_or_else(|| Error::NotFound(format!("该事项没有第 {version} 版。")))?;
    serde_json::from_str(&raw).map_err(|e| {
        log::error!("unreadable snapshot of item {id} v{version}: {e}");
        Error::NotFound(format!("第 {version} 版的记录已损坏。"))
    })
}

/// What changed from version `from` to version `to`.
pub fn diff(store: &Store, id: i64, from: i64, to: i64) -> Result<VersionDiff> {
    let a = version(store, id, from)?;
    let b = version(store, id, to)?;
    let name = |what: Named, id: Option<i64>| -> String {
        // A name that cannot be read shows as blank: the comparison is still worth seeing.
        id.and_then(|id| {
            item_versions::name_of(store.conn(), what, id)
                .ok()
                .flatten()
        })
        .unwrap_or_default()
    };
    let category = |id: i64| name(Named::Category, Some(id));
    let office = |id: i64| name(Named::Office, Some(id));
    let staff = |id: Option<i64>| name(Named::Staff, id);
    let task = |id: Option<i64>| name(Named::Task, id);
    let date = |d: &Option<String>| d.clone().unwrap_or_default();
    let channels = |f: &ItemInput| {
        f.channels
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join("、")
    };
    let extra = |f: &ItemInput| serde_json::to_string(&f.extra).unwrap_or_default();
    let (fa, fb) = (&a.fields, &b.fields);
    let pairs: Vec<(&str, String, String)> = vec![
        (
            "公开类别",
            category(fa.category_id),
            category(fb.category_id),
        ),
        ("信息名称", fa.title.clone(), fb.title.clone()),
        ("内容概述", fa.summary.clone(), fb.summary.clone()),
        ("发布机构", fa.publisher.clone(), fb.publisher.clone()),
        ("文号", fa.doc_number.clone(), fb.doc_number.clone()),
        ("成文日期", date(&fa.written_on), date(&fb.written_on)),
        ("主题分类", fa.topic.clone(), fb.topic.clone()),
        ("主题词", fa.keywords.clone(), fb.keywords.clone()),
        (
            "公开方式",
            fa.publish_mode.label().into(),
            fb.publish_mode.label().into(),
        ),
        ("公开渠道", channels(fa), channels(fb)),
        (
            "有效性",
            fa.validity.label().into(),
            fb.validity.label().into(),
        ),
        (
            "有效性变更日期",
            date(&fa.validity_date),
            date(&fb.validity_date),
        ),
        ("承办处室", office(fa.office_id), office(fb.office_id)),
        ("承办人", staff(fa.handler_id), staff(fb.handler_id)),
        (
            "拟公开日期",
            date(&fa.planned_publish_on),
            date(&fb.planned_publish_on),
        ),
        ("工作任务", task(fa.task_id), task(fb.task_id)),
        ("类别信息", extra(fa), extra(fb)),
    ];
    let fields = pairs
        .into_iter()
        .filter(|(_, x, y)| x != y)
        .map(|(label, before, after)| FieldChange {
            label: label.into(),
            before,
            after,
        })
        .collect();
    let (ta, tb) = (
        crate::html::to_text(&fa.body_html),
        crate::html::to_text(&fb.body_html),
    );
    let body = TextDiff::from_lines(&ta, &tb)
        .iter_all_changes()
        .map(|c| DiffLine {
            tag: match c.tag() {
                ChangeTag::Equal => "equal",
                ChangeTag::Insert => "insert",
                ChangeTag::Delete => "delete",
            }
            .into(),
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect();
    let key = |f: &SnapshotFile| format!("{}（{}）", f.name, &f.sha256[..8.min(f.sha256.len())]);
    let added = b
        .attachments
        .iter()
        .filter(|f| !a.attachments.contains(f))
        .map(key)
        .collect();
    let removed = a
        .attachments
        .iter()
        .filter(|f| !b.attachments.contains(f))
        .map(key)
        .collect();
    Ok(VersionDiff {
        from,
        to,
        fields,
        body,
        attachments_added: added,
        attachments_removed: removed,
    })
}
