//! 公开事项 — drafting: creating and saving items with their catalog fields, body and
//! attachments; every change that alters content becomes a version.
//!
//! Writes run in IMMEDIATE transactions, so the 索引号 counter, the item row, its search
//! tokens and its version are written together or not at all.

pub mod import;
pub mod life;
mod list;
mod mask;
pub mod settings;
mod types;
mod versions;

pub use list::{list, plan};
pub use mask::{mask_finding, MaskRequest};
pub use types::*;
pub(crate) use versions::current_hash;
#[cfg(feature = "demo")]
pub(crate) use versions::hash as snapshot_hash;
use versions::Recorded;
pub use versions::{
    diff, version, versions, DiffLine, FieldChange, Snapshot, SnapshotFile, VersionDiff,
    VersionInfo,
};

use std::path::{Path, PathBuf};

use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::rules::{self, Problem};
use crate::staff::{Role, Staff};
use crate::store::Store;
use crate::{blobs, html, search};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 5000;
const SHORT_MAX: usize = 100;
const BODY_MAX_BYTES: usize = 5 * 1024 * 1024;
/// Default per-file attachment limit (setting `attachment_limit_mb`).
pub const DEFAULT_ATTACHMENT_LIMIT_MB: u64 = 200;

/// A new item's form, filled with what a drafter would choose anyway.
pub fn defaults(store: &Store, actor: &Staff) -> Result<ItemInput> {
    Ok(ItemInput {
        category_id: 0,
        title: String::new(),
        summary: String::new(),
        publisher: crate::agency::get(store)?.name,
        doc_number: String::new(),
        written_on: None,
        topic: String::new(),
        keywords: String::new(),
        publish_mode: PublishMode::Proactive,
        channels: vec![Channel::Website],
        validity: Validity::Valid,
        validity_date: None,
        office_id: actor.office_id,
        handler_id: Some(actor.id),
        planned_publish_on: None,
        task_id: None,
        body_html: String::new(),
        extra: ItemExtra::default(),
    })
}

/// Creates a draft with a new 索引号.
pub fn create(store: &mut Store, actor: &Staff, input: &ItemInput) -> Result<Saved> {
    actor.require(Role::Drafter)?;
    let input = validate(store, input)?;
    let id = {
        let tx = immediate(store)?;
        let id = insert(&tx, actor, &input)?;
        let r = versions::record(&tx, id, actor, false)?;
        audit_change(&tx, actor, id, "item.create", "新建草稿", &r)?;
        tx.commit()?;
        id
    };
    saved(store, id)
}

/// Creates many drafts in one transaction, all or none (bulk imports, generated data).
/// Each input is validated first; returns the new ids in order.
pub fn create_many(store: &mut Store, actor: &Staff, inputs: &[ItemInput]) -> Result<Vec<i64>> {
    actor.require(Role::Drafter)?;
    let inputs = inputs
        .iter()
        .map(|i| validate(store, i))
        .collect::<Result<Vec<_>>>()?;
    let tx = immediate(store)?;
    let mut ids = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let id = insert(&tx, actor, input)?;
        let r = versions::record(&tx, id, actor, false)?;
        audit_change(&tx, actor, id, "item.create", "新建草稿", &r)?;
        ids.push(id);
    }
    tx.commit()?;
    Ok(ids)
}

/// Inserts one draft row with a new 索引号 and its search tokens (no version yet).
pub(crate) fn insert(tx: &Transaction<'_>, actor: &Staff, input: &ItemInput) -> Result<i64> {
    let index_no = crate::index_no::allocate(tx, crate::clock::now().year())?;
    let at = stamp();
    // The row starts with what its constraints need; `write_fields` fills the rest, the
    // same statement a save runs.
    tx.execute(
        concat!(
            "INSERT INTO item (index_no, status, category_id, title, publisher, office_id, version,
            created_by, created_at, updated_by, updated_at)
         VALUES (?1, ",
            crate::status_sql!(Draft),
            ", ?2, ?3, ?4, ?5, 0, ?6, ?7, ?6, ?7)"
        ),
        params![
            index_no,
            input.category_id,
            input.title,
            input.publisher,
            input.office_id,
            actor.id,
            at
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_fields(tx, id, input)?;
    reindex(tx, id)?;
    Ok(id)
}

/// Writes the catalog fields and body of item `id` (the one place their columns are
/// listed; gen-demo writes its rows through it too). Returns the body's text, which the
/// search index takes.
pub(crate) fn write_fields(tx: &Transaction<'_>, id: i64, input: &ItemInput) -> Result<String> {
    let body_text = html::to_text(&input.body_html);
    tx.prepare_cached(
        "UPDATE item SET category_id = ?2, title = ?3, summary = ?4, publisher = ?5, doc_number = ?6,
            written_on = ?7, topic = ?8, keywords = ?9, publish_mode = ?10, channels = ?11, validity = ?12,
            validity_date = ?13, office_id = ?14, handler_id = ?15, planned_publish_on = ?16, task_id = ?17,
            body_html = ?18, body_text = ?19, extra = ?20
         WHERE id = ?1",
    )?
    .execute(params![
            id,
            input.category_id,
            input.title,
            input.summary,
            input.publisher,
            input.doc_number,
            input.written_on,
            input.topic,
            input.keywords,
            input.publish_mode.code(),
            channels_json(&input.channels),
            input.validity.code(),
            input.validity_date,
            input.office_id,
            input.handler_id,
            input.planned_publish_on,
            input.task_id,
            input.body_html,
            body_text,
            serde_json::to_string(&input.extra).unwrap_or_else(|_| "{}".into()),
        ])?;
    Ok(body_text)
}

/// Saves the draft's fields. `autosave` marks a save the editor made by itself: it joins
/// the current editing session's version instead of starting a new one.
pub fn save(
    store: &mut Store,
    actor: &Staff,
    id: i64,
    input: &ItemInput,
    autosave: bool,
) -> Result<Saved> {
    let input = validate(store, input)?;
    {
        let tx = immediate(store)?;
        let item = read_in(&tx, actor, id)?;
        begin_edit(&tx, actor, &item)?;
        write_fields(&tx, id, &input)?;
        let r = versions::record(&tx, id, actor, autosave)?;
        if let Recorded::Changed { .. } = r {
            reindex(&tx, id)?;
            audit_change(&tx, actor, id, "item.edit", "修改", &r)?;
            tx.commit()?;
        } // else nothing changed: the transaction rolls back on drop.
    }
    saved(store, id)
}

/// The item, for the core's own use (a rule, an export): no read check. What a person
/// asked to see goes through [`read`].
pub fn get(store: &Store, id: i64) -> Result<Item> {
    load(store.conn(), id)
}

/// The item, if `actor` may read it (see [`crate::access`]); otherwise the same answer as
/// for an item that does not exist.
pub fn read(store: &Store, actor: &Staff, id: i64) -> Result<Item> {
    read_in(store.conn(), actor, id)
}

/// [`read`] inside a transaction (a change's first step): someone who may not read the
/// item learns nothing of it, not even that it exists.
fn read_in(conn: &Connection, actor: &Staff, id: i64) -> Result<Item> {
    crate::access::check_conn(conn, actor, id)?;
    load(conn, id)
}

/// The version the item's latest masking (脱敏) made, if it was ever masked.
pub fn masked_version(store: &Store, id: i64) -> Result<Option<i64>> {
    Ok(store
        .conn()
        .query_row("SELECT masked_version FROM item WHERE id = ?1", [id], |r| {
            r.get(0)
        })?)
}

/// [`read`] by 索引号.
pub fn read_by_index_no(store: &Store, actor: &Staff, index_no: &str) -> Result<Item> {
    // One answer whether the number does not exist or may not be read.
    let hidden = || {
        Error::NotFound(format!(
            "找不到索引号为“{}”的事项，或您没有查看它的权限。",
            index_no.trim()
        ))
    };
    let it = find_by_index_no(store, index_no).map_err(|_| hidden())?;
    crate::access::check(store, actor, it.id).map_err(|_| hidden())?;
    Ok(it)
}

/// Finds a live item by its 索引号.
pub fn find_by_index_no(store: &Store, index_no: &str) -> Result<Item> {
    let id: Option<i64> = store
        .conn()
        .query_row(
            "SELECT id FROM item WHERE index_no = ?1 AND deleted_at IS NULL",
            [index_no.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => get(store, id),
        None => Err(Error::NotFound(format!(
            "找不到索引号为“{}”的事项。",
            index_no.trim()
        ))),
    }
}

/// Deletes a draft. Its 索引号 stays used; its versions stay in the database.
pub fn delete(store: &mut Store, actor: &Staff, id: i64) -> Result<()> {
    let tx = immediate(store)?;
    let item = read_in(&tx, actor, id)?;
    check_editable(actor, &item)?;
    tx.execute(
        "UPDATE item SET deleted_at = ?2 WHERE id = ?1",
        params![id, stamp()],
    )?;
    tx.execute("DELETE FROM item_search WHERE rowid = ?1", [id])?;
    audit::append(
        &tx,
        actor.into(),
        Event::new(
            "item.delete",
            format!("删除草稿 {}《{}》", item.index_no, item.fields.title),
        )
        .item(id),
    )?;
    tx.commit()?;
    Ok(())
}

/// Copies files into the attachment store and attaches them, in one version.
pub fn add_attachments(
    store: &mut Store,
    actor: &Staff,
    id: i64,
    files: &[PathBuf],
) -> Result<Item> {
    let item = read(store, actor, id)?;
    if item.status != Status::InReview {
        check_editable(actor, &item)?;
    }
    let limit = attachment_limit_mb(store)? * 1024 * 1024;
    let dir = store.data_dir().to_path_buf();
    let mut stored = Vec::new();
    for file in files {
        match blobs::put(&dir, file, limit) {
            Ok(s) => stored.push((s, display_name(file))),
            Err(e) => {
                for (s, _) in &stored {
                    blobs::discard(&dir, s);
                }
                return Err(e);
            }
        }
    }
    let written = (|| -> Result<()> {
        let tx = immediate(store)?;
        begin_edit(&tx, actor, &load(&tx, id)?)?;
        let at = stamp();
        for (s, name) in &stored {
            tx.execute(
                "INSERT OR IGNORE INTO blob (sha256, size, created_at) VALUES (?1, ?2, ?3)",
                params![s.sha256, s.size as i64, at],
            )?;
            tx.execute(
                "INSERT INTO attachment (item_id, sha256, name, size, position, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM attachment WHERE item_id = ?1), ?5, ?6)",
                params![id, s.sha256, name, s.size as i64, actor.id, at],
            )?;
        }
        let r = versions::record(&tx, id, actor, false)?;
        let names: Vec<&str> = stored.iter().map(|(_, n)| n.as_str()).collect();
        audit_change(
            &tx,
            actor,
            id,
            "item.attach",
            &format!("添加附件 {} 到", names.join("、")),
            &r,
        )?;
        tx.commit()?;
        Ok(())
    })();
    if let Err(e) = written {
        for (s, _) in &stored {
            blobs::discard(&dir, s);
        }
        return Err(e);
    }
    get(store, id)
}

pub fn remove_attachment(
    store: &mut Store,
    actor: &Staff,
    id: i64,
    attachment_id: i64,
) -> Result<Item> {
    {
        let tx = immediate(store)?;
        let item = read_in(&tx, actor, id)?;
        begin_edit(&tx, actor, &item)?;
        let name: String = tx
            .query_row(
                "SELECT name FROM attachment WHERE id = ?1 AND item_id = ?2",
                params![attachment_id, id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("找不到该附件，可能已被删除。".into()))?;
        tx.execute("DELETE FROM attachment WHERE id = ?1", [attachment_id])?;
        let r = versions::record(&tx, id, actor, false)?;
        audit_change(
            &tx,
            actor,
            id,
            "item.detach",
            &format!("移除附件 {name}，"),
            &r,
        )?;
        tx.commit()?;
    }
    get(store, id)
}

/// The stored file of an attachment and its original name (to open or preview it).
pub fn attachment_file(store: &Store, id: i64, attachment_id: i64) -> Result<(PathBuf, String)> {
    let row: Option<(String, String)> = store
        .conn()
        .query_row(
            "SELECT sha256, name FROM attachment WHERE id = ?1 AND item_id = ?2",
            params![attachment_id, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (sha, name) = row.ok_or_else(|| Error::NotFound("找不到该附件。".into()))?;
    let path = blobs::path(store.data_dir(), &sha);
    if !path.exists() {
        return Err(Error::NotFound(format!(
            "附件“{name}”的文件在数据目录中缺失，请从备份恢复或重新添加。"
        )));
    }
    Ok((path, name))
}

/// 提交前检查 of a saved item.
pub fn check(store: &Store, id: i64) -> Result<Vec<Problem>> {
    let item = get(store, id)?;
    rules::check(
        store,
        &item.category_code,
        &item.fields,
        item.attachments.len(),
        crate::clock::today(),
    )
}

pub fn attachment_limit_mb(store: &Store) -> Result<u64> {
    let v: Option<String> = store
        .conn()
        .query_row(
            "SELECT value FROM setting WHERE key = 'attachment_limit_mb'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ATTACHMENT_LIMIT_MB))
}

/// An administrator sets the per-file attachment limit.
pub fn set_attachment_limit_mb(store: &mut Store, actor: &Staff, mb: u64) -> Result<u64> {
    let mut s = settings::get(store)?;
    s.attachment_limit_mb = mb;
    Ok(settings::set(store, actor, &s)?.attachment_limit_mb)
}

pub(crate) fn write_attachment_limit(conn: &rusqlite::Connection, mb: u64) -> Result<u64> {
    if !(1..=4096).contains(&mb) {
        return Err(Error::invalid(
            "attachment_limit_mb",
            "附件大小上限须在 1 到 4096 MB 之间。",
        ));
    }
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('attachment_limit_mb', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [mb.to_string()],
    )?;
    Ok(mb)
}

/// Appends the audit entry for a recorded change of item `id`.
fn audit_change(
    tx: &Transaction<'_>,
    actor: &Staff,
    id: i64,
    action: &str,
    what: &str,
    r: &Recorded,
) -> Result<()> {
    if let Recorded::Changed {
        before,
        after,
        audit: true,
    } = r
    {
        let (index_no, title): (String, String) = tx.query_row(
            "SELECT index_no, title FROM item WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        audit::append(
            tx,
            actor.into(),
            Event::new(action, format!("{what} {index_no}《{title}》"))
                .item(id)
                .hashes(before.as_deref(), Some(after)),
        )?;
    }
    Ok(())
}

fn saved(store: &Store, id: i64) -> Result<Saved> {
    let item = get(store, id)?;
    let mut warnings = Vec::new();
    if !item.fields.doc_number.is_empty() {
        let others: Vec<String> = store
            .conn()
            .prepare_cached(
                "SELECT index_no FROM item WHERE doc_number = ?1 AND id <> ?2 AND deleted_at IS NULL LIMIT 3",
            )?
            .query_map(params![item.fields.doc_number, id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !others.is_empty() {
            warnings.push(format!(
                "文号“{}”已被其他事项使用（索引号 {}），请确认不是重复录入。",
                item.fields.doc_number,
                others.join("、")
            ));
        }
    }
    Ok(Saved { item, warnings })
}

fn immediate(store: &mut Store) -> Result<Transaction<'_>> {
    Ok(store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// An edit of a submitted item withdraws its submission first (the chain restarts, on
/// record), so reviewers never decide on content that changes under them. The caller's
/// transaction rolls the withdrawal back when the edit changes nothing.
fn begin_edit(tx: &Transaction<'_>, actor: &Staff, item: &Item) -> Result<()> {
    if item.status == Status::InReview {
        check_editable(
            actor,
            &Item {
                status: Status::Draft,
                ..item.clone()
            },
        )?;
        life::withdraw_in(tx, actor, item, "修改已提交审查的事项，自动撤回")?;
        return Ok(());
    }
    check_editable(actor, item)
}

fn check_editable(actor: &Staff, item: &Item) -> Result<()> {
    if item.status != Status::Draft {
        return Err(Error::Conflict(format!(
            "该事项当前状态为“{}”，不能直接修改。",
            item.status.label()
        )));
    }
    let own = item.created_by == actor.id;
    let same_office = actor.has(Role::Drafter) && item.fields.office_id == actor.office_id;
    if !(own || same_office) {
        return Err(Error::Forbidden("只能修改本人或本处室起草的事项。".into()));
    }
    Ok(())
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "附件".into())
}

pub(crate) fn channels_json(channels: &[Channel]) -> String {
    let mut c = channels.to_vec();
    c.sort();
    c.dedup();
    serde_json::to_string(&c).unwrap_or_else(|_| "[]".into())
}

/// Rewrites the item's search tokens.
fn reindex(tx: &rusqlite::Connection, id: i64) -> Result<()> {
    let (title, doc, keywords, summary, body): (String, String, String, String, String) = tx
        .query_row(
            "SELECT title, doc_number, keywords, summary, body_text FROM item WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    tx.execute("DELETE FROM item_search WHERE rowid = ?1", [id])?;
    tx.execute(
        "INSERT INTO item_search (rowid, tokens) VALUES (?1, ?2)",
        params![
            id,
            search::index_text(&[&title, &doc, &keywords, &summary, &body])
        ],
    )?;
    Ok(())
}

/// Loads an item with its names and attachments.
pub(crate) fn load(conn: &rusqlite::Connection, id: i64) -> Result<Item> {
    let item = conn
        .query_row(
            "SELECT i.id, i.index_no, i.status, i.category_id, i.title, i.summary, i.publisher, i.doc_number,
                i.written_on, i.topic, i.keywords, i.publish_mode, i.channels, i.validity, i.validity_date,
                i.office_id, i.handler_id, i.planned_publish_on, i.task_id, i.body_html, i.extra, i.version,
                i.created_at, i.updated_at, c.code, c.name, o.name, h.name, t.title, i.created_by, s.name
             FROM item i
             JOIN category c ON c.id = i.category_id
             JOIN office o ON o.id = i.office_id
             JOIN staff s ON s.id = i.created_by
             LEFT JOIN staff h ON h.id = i.handler_id
             LEFT JOIN plan_task t ON t.id = i.task_id
             WHERE i.id = ?1 AND i.deleted_at IS NULL",
            [id],
            |r| {
                let status: String = r.get(2)?;
                let mode: String = r.get(11)?;
                let channels: String = r.get(12)?;
                let validity: String = r.get(13)?;
                let extra: String = r.get(20)?;
                Ok(Item {
                    id: r.get(0)?,
                    index_no: r.get(1)?,
                    status: Status::parse(&status).unwrap_or(Status::Draft),
                    fields: ItemInput {
                        category_id: r.get(3)?,
                        title: r.get(4)?,
                        summary: r.get(5)?,
                        publisher: r.get(6)?,
                        doc_number: r.get(7)?,
                        written_on: r.get(8)?,
                        topic: r.get(9)?,
                        keywords: r.get(10)?,
                        publish_mode: PublishMode::parse(&mode).unwrap_or(PublishMode::Proactive),
                        channels: serde_json::from_str(&channels).unwrap_or_default(),
                        validity: Validity::parse(&validity).unwrap_or(Validity::Valid),
                        validity_date: r.get(14)?,
                        office_id: r.get(15)?,
                        handler_id: r.get(16)?,
                        planned_publish_on: r.get(17)?,
                        task_id: r.get(18)?,
                        body_html: r.get(19)?,
                        extra: serde_json::from_str(&extra).unwrap_or_default(),
                    },
                    version: r.get(21)?,
                    created_at: r.get(22)?,
                    updated_at: r.get(23)?,
                    category_code: r.get(24)?,
                    category_name: r.get(25)?,
                    office_name: r.get(26)?,
                    handler_name: r.get(27)?,
                    task_title: r.get(28)?,
                    created_by: r.get(29)?,
                    created_by_name: r.get(30)?,
                    attachments: Vec::new(),
                })
            },
        )
        .optional()?;
    let mut item = item.ok_or_else(|| Error::NotFound("找不到该事项，可能已被删除。".into()))?;
    item.attachments = attachments(conn, id)?;
    Ok(item)
}

pub(crate) fn attachments(conn: &rusqlite::Connection, id: i64) -> Result<Vec<AttachmentInfo>> {
    let rows = conn
        .prepare_cached("SELECT id, name, size, sha256 FROM attachment WHERE item_id = ?1 ORDER BY position, id")?
        .query_map([id], |r| {
            Ok(AttachmentInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                size: r.get(2)?,
                sha256: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Checks and cleans the form: trims text, sanitizes the body, checks lengths, dates and
/// references. The first problem is returned at its field.
pub fn validate(store: &Store, input: &ItemInput) -> Result<ItemInput> {
    let mut x = input.clone();
    for s in [
        &mut x.title,
        &mut x.summary,
        &mut x.publisher,
        &mut x.doc_number,
        &mut x.topic,
        &mut x.keywords,
    ] {
        *s = s.trim().to_string();
    }
    let len = |s: &str| s.chars().count();
    if x.title.is_empty() {
        return Err(Error::invalid("title", "请填写信息名称。"));
    }
    if len(&x.title) > TITLE_MAX {
        return Err(Error::invalid(
            "title",
            format!(
                "信息名称不能超过 {TITLE_MAX} 个字（现有 {} 个字）。",
                len(&x.title)
            ),
        ));
    }
    if len(&x.summary) > SUMMARY_MAX {
        return Err(Error::invalid(
            "summary",
            format!("内容概述不能超过 {SUMMARY_MAX} 个字。"),
        ));
    }
    for (field, value, name) in [
        ("publisher", &x.publisher, "发布机构"),
        ("doc_number", &x.doc_number, "文号"),
        ("topic", &x.topic, "主题分类"),
    ] {
        if len(value) > SHORT_MAX {
            return Err(Error::invalid(
                field,
                format!("{name}不能超过 {SHORT_MAX} 个字。"),
            ));
        }
    }
    if len(&x.keywords) > 2 * SHORT_MAX {
        return Err(Error::invalid("keywords", "主题词过长。"));
    }
    if x.body_html.len() > BODY_MAX_BYTES {
        return Err(Error::invalid(
            "body_html",
            "正文过长（超过 5 MB），请把大段内容放入附件。",
        ));
    }
    x.body_html = html::sanitize(&x.body_html);
    let today = crate::clock::today();
    for (field, value, name) in [
        ("written_on", &mut x.written_on, "成文日期"),
        ("validity_date", &mut x.validity_date, "有效性变更日期"),
        (
            "planned_publish_on",
            &mut x.planned_publish_on,
            "拟公开日期",
        ),
        (
            "extra.comment_start",
            &mut x.extra.comment_start,
            "征求意见开始日期",
        ),
        (
            "extra.comment_end",
            &mut x.extra.comment_end,
            "征求意见截止日期",
        ),
    ] {
        clean_date(field, value, name)?;
    }
    let written = rules::date(&x.written_on);
    if written.is_some_and(|w| w > today) {
        return Err(Error::invalid("written_on", "成文日期不能晚于今天。"));
    }
    if let (Some(w), Some(p)) = (written, rules::date(&x.planned_publish_on)) {
        if p < w {
            return Err(Error::invalid(
                "planned_publish_on",
                "拟公开日期不能早于成文日期。",
            ));
        }
    }
    if let (Some(s), Some(e)) = (
        rules::date(&x.extra.comment_start),
        rules::date(&x.extra.comment_end),
    ) {
        if e < s {
            return Err(Error::invalid(
                "extra.comment_end",
                "征求意见截止日期不能早于开始日期。",
            ));
        }
    }
    if x.validity == Validity::Valid {
        x.validity_date = None;
    } else if let (Some(w), Some(v)) = (written, rules::date(&x.validity_date)) {
        if v < w {
            return Err(Error::invalid(
                "validity_date",
                "失效或废止日期不能早于成文日期。",
            ));
        }
    }
    if x.category_id == 0 {
        return Err(Error::invalid("category_id", "请选择公开类别。"));
    }
    let conn = store.conn();
    let exists =
        |sql: &str, id: i64| -> Result<bool> { Ok(conn.query_row(sql, [id], |r| r.get(0))?) };
    if !exists(
        "SELECT EXISTS (SELECT 1 FROM category WHERE id = ?1 AND active = 1)",
        x.category_id,
    )? {
        return Err(Error::invalid("category_id", "请选择公开类别。"));
    }
    if !exists(
        "SELECT EXISTS (SELECT 1 FROM office WHERE id = ?1 AND active = 1)",
        x.office_id,
    )? {
        return Err(Error::invalid("office_id", "请选择承办处室。"));
    }
    if let Some(h) = x.handler_id {
        if !exists("SELECT EXISTS (SELECT 1 FROM staff WHERE id = ?1)", h)? {
            return Err(Error::invalid("handler_id", "承办人不存在。"));
        }
    }
    if let Some(t) = x.task_id {
        if !exists("SELECT EXISTS (SELECT 1 FROM plan_task WHERE id = ?1)", t)? {
            return Err(Error::invalid("task_id", "所选工作任务不存在。"));
        }
    }
    x.extra
        .budget_components
        .retain(|c| rules::BUDGET_COMPONENTS.contains(&c.as_str()));
    x.extra.budget_components.dedup();
    Ok(x)
}

fn clean_date(field: &'static str, value: &mut Option<String>, name: &str) -> Result<()> {
    if let Some(v) = value.as_deref().map(str::trim) {
        if v.is_empty() {
            *value = None;
        } else if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
            return Err(Error::invalid(
                field,
                format!("{name}“{v}”不是有效日期，请按 2026-11-27 的格式填写。"),
            ));
        } else {
            *value = Some(v.to_string());
        }
    }
    Ok(())
}

/// Closes any open editing session of the item and returns its latest version: the
/// version a submission freezes.
pub(crate) fn freeze(tx: &Transaction<'_>, _actor: &Staff, id: i64) -> Result<i64> {
    tx.execute(
        "UPDATE item_version SET open = 0 WHERE item_id = ?1 AND open = 1",
        [id],
    )?;
    Ok(tx.query_row(
        "SELECT MAX(version) FROM item_version WHERE item_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// The content hash of a stored version (SHA-256 of its snapshot).
pub fn version_hash(conn: &rusqlite::Connection, id: i64, version: i64) -> Result<String> {
    let snap: String = conn
        .query_row(
            "SELECT snapshot FROM item_version WHERE item_id = ?1 AND version = ?2",
            params![id, version],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("该事项没有第 {version} 版。")))?;
    Ok(versions::hash(&snap))
}
