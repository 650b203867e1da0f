//! 公开事项 — drafting: creating and saving items with their catalog fields, body and
//! attachments; every change that alters content becomes a version.
//!
//! Writes run in IMMEDIATE transactions, so the 索引号 counter, the item row, its search
//! tokens and its version are written together or not at all.

pub mod access;
mod attachments;
pub mod import;
pub mod life;
mod list;
mod mask;
mod redact;
mod request_part;
pub mod rules;
pub mod settings;
mod types;
mod validate;
mod versions;

pub use attachments::{
    add_attachments, attachment_file, attachment_limit_mb, remove_attachment,
    set_attachment_limit_mb,
};
pub(crate) use attachments::{attachments, write_attachment_limit};
pub use list::{list, plan};
pub(crate) use mask::masking_in;
pub use mask::{mask_finding, MaskRequest};
pub use redact::{attachment_pages, redact_attachment, redactable, Redaction};
pub use types::*;
pub use validate::validate;
pub(crate) use versions::current_hash;
#[cfg(feature = "demo")]
pub(crate) use versions::hash as snapshot_hash;
use versions::Recorded;
pub use versions::{
    diff, version, versions, DiffLine, FieldChange, Snapshot, SnapshotFile, VersionDiff,
    VersionInfo,
};

use chrono::Datelike;

use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::items;
use crate::store::{item_versions, Conn, Keep, Store, Tx};
use crate::{html, search};
use rules::Problem;

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
    request_part::refuse_new(store.conn(), &input)?;
    let id = store.immediate(|tx| {
        let id = insert(tx, actor, &input)?;
        let r = versions::record(tx, id, actor, false)?;
        audit_change(tx, actor, id, "item.create", "新建草稿", &r)?;
        Ok(id)
    })?;
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
    for input in &inputs {
        request_part::refuse_new(store.conn(), input)?;
    }
    store.immediate(|tx| {
        let mut ids = Vec::with_capacity(inputs.len());
        for input in &inputs {
            let id = insert(tx, actor, input)?;
            let r = versions::record(tx, id, actor, false)?;
            audit_change(tx, actor, id, "item.create", "新建草稿", &r)?;
            ids.push(id);
        }
        Ok(ids)
    })
}

/// Inserts one draft row with a new 索引号 and its search tokens (no version yet).
pub(crate) fn insert(tx: &Tx<'_>, actor: &Staff, input: &ItemInput) -> Result<i64> {
    let index_no = crate::index_no::allocate(tx, crate::clock::now().year())?;
    let at = stamp();
    // The row starts with what its constraints need; `write_fields` fills the rest, the
    // same statement a save runs.
    let id = items::insert_draft(
        tx,
        &items::NewDraft {
            index_no: &index_no,
            category_id: input.category_id,
            title: &input.title,
            publisher: &input.publisher,
            office_id: input.office_id,
            created_by: actor.id,
            created_at: &at,
        },
    )?;
    write_fields(tx, id, input)?;
    reindex(tx, id)?;
    Ok(id)
}

/// [`insert`] and the draft's first version, for the core's own makers of drafts (an
/// office's part of a request, `request::parts`).
pub(crate) fn insert_first(tx: &Tx<'_>, actor: &Staff, input: &ItemInput) -> Result<i64> {
    let id = insert(tx, actor, input)?;
    versions::record(tx, id, actor, false)?;
    Ok(id)
}

/// Writes the catalog fields and body of item `id` (through `store::items::write_fields`,
/// the one place their columns are listed; gen-demo writes its rows through it too).
/// Returns the body's text, which the search index takes.
pub(crate) fn write_fields(tx: &Tx<'_>, id: i64, input: &ItemInput) -> Result<String> {
    let body_text = html::to_text(&input.body_html);
    let channels = channels_json(&input.channels);
    let extra = serde_json::to_string(&input.extra).unwrap_or_else(|_| "{}".into());
    items::write_fields(
        tx,
        id,
        &items::Fields {
            category_id: input.category_id,
            title: &input.title,
            summary: &input.summary,
            publisher: &input.publisher,
            doc_number: &input.doc_number,
            written_on: input.written_on.as_deref(),
            topic: &input.topic,
            keywords: &input.keywords,
            publish_mode: input.publish_mode.code(),
            channels: &channels,
            validity: input.validity.code(),
            validity_date: input.validity_date.as_deref(),
            office_id: input.office_id,
            handler_id: input.handler_id,
            planned_publish_on: input.planned_publish_on.as_deref(),
            task_id: input.task_id,
            body_html: &input.body_html,
            body_text: &body_text,
            extra: &extra,
        },
    )?;
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
    save_over(store, actor, id, input, autosave, None)
}

/// [`save`], only over the content the editor started from: `base` is the
/// [`Item::revision`] it loaded (or got back from its last save). When someone else has
/// changed the item since — another desk on the LAN, another window — nothing is saved and
/// the answer says who changed it and when (no lost update); `None` saves regardless.
pub fn save_over(
    store: &mut Store,
    actor: &Staff,
    id: i64,
    input: &ItemInput,
    autosave: bool,
    base: Option<&str>,
) -> Result<Saved> {
    let input = validate(store, input)?;
    store.immediate_or_undo(|tx| {
        let item = read_in(tx, actor, id)?;
        request_part::keep_shape(tx, &item, &input)?;
        begin_edit(tx, actor, &item)?;
        let now = versions::current_hash(tx, id)?;
        write_fields(tx, id, &input)?;
        if base.is_some_and(|b| b != now) {
            // What is stored may already be exactly this save, made before while its
            // answer was lost on the way (the network dropped): nothing to save twice,
            // and no conflict. Anything else was someone else's change.
            if versions::current_hash(tx, id)? == now {
                return Ok(Keep::RollBack(()));
            }
            return Err(versions::changed_meanwhile(tx, id)?);
        }
        let r = versions::record(tx, id, actor, autosave)?;
        if let Recorded::Changed { .. } = r {
            reindex(tx, id)?;
            audit_change(tx, actor, id, "item.edit", "修改", &r)?;
            Ok(Keep::Commit(()))
        } else {
            // Nothing changed: nothing of it is kept (a withdrawal included).
            Ok(Keep::RollBack(()))
        }
    })?;
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
fn read_in(conn: &Conn, actor: &Staff, id: i64) -> Result<Item> {
    crate::access::check_conn(conn, actor, id)?;
    load(conn, id)
}

/// The version the item's latest masking (脱敏) made, if it was ever masked.
pub fn masked_version(store: &Store, id: i64) -> Result<Option<i64>> {
    items::masked_version(store.conn(), id)
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
    match items::id_by_index_no(store.conn(), index_no.trim())? {
        Some(id) => get(store, id),
        None => Err(Error::NotFound(format!(
            "找不到索引号为“{}”的事项。",
            index_no.trim()
        ))),
    }
}

/// Deletes a draft. Its 索引号 stays used; its versions stay in the database.
pub fn delete(store: &mut Store, actor: &Staff, id: i64) -> Result<()> {
    store.immediate(|tx| {
        let item = read_in(tx, actor, id)?;
        check_editable(actor, &item)?;
        request_part::refuse_delete(tx, id)?;
        items::delete(tx, id, &stamp())?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "item.delete",
                format!("删除草稿 {}《{}》", item.index_no, item.fields.title),
            )
            .item(id),
        )
    })
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

/// Appends the audit entry for a recorded change of item `id`.
fn audit_change(
    tx: &Tx<'_>,
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
        let (index_no, title) = items::index_no_and_title(tx, id)?;
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
        let others = items::others_with_doc_number(store.conn(), &item.fields.doc_number, id)?;
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

/// An edit of a submitted item withdraws its submission first (the chain restarts, on
/// record), so reviewers never decide on content that changes under them. The caller's
/// transaction rolls the withdrawal back when the edit changes nothing.
fn begin_edit(tx: &Tx<'_>, actor: &Staff, item: &Item) -> Result<()> {
    check_changeable(actor, item)?;
    if item.status == Status::InReview {
        life::withdraw_in(tx, actor, item, "修改已提交审查的事项，自动撤回")?;
    }
    Ok(())
}

/// Whether `actor` may change `item` now: a draft as [`check_editable`] says, a submitted
/// item as if it were still a draft (the change withdraws it, [`begin_edit`]).
fn check_changeable(actor: &Staff, item: &Item) -> Result<()> {
    if item.status == Status::InReview {
        return check_editable(
            actor,
            &Item {
                status: Status::Draft,
                ..item.clone()
            },
        );
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

pub(crate) fn channels_json(channels: &[Channel]) -> String {
    let mut c = channels.to_vec();
    c.sort();
    c.dedup();
    serde_json::to_string(&c).unwrap_or_else(|_| "[]".into())
}

/// Rewrites the item's search tokens.
fn reindex(tx: &Conn, id: i64) -> Result<()> {
    let t = items::search_texts(tx, id)?;
    let tokens = search::index_text(&[
        &t.title,
        &t.doc_number,
        &t.keywords,
        &t.summary,
        &t.body_text,
    ]);
    items::write_search_tokens(tx, id, &tokens)
}

/// Loads an item with its names and attachments.
pub(crate) fn load(conn: &Conn, id: i64) -> Result<Item> {
    let r = items::load(conn, id)?
        .ok_or_else(|| Error::NotFound("找不到该事项，可能已被删除。".into()))?;
    let mut item = Item {
        id: r.id,
        index_no: r.index_no,
        status: Status::parse(&r.status).unwrap_or(Status::Draft),
        fields: ItemInput {
            category_id: r.category_id,
            title: r.title,
            summary: r.summary,
            publisher: r.publisher,
            doc_number: r.doc_number,
            written_on: r.written_on,
            topic: r.topic,
            keywords: r.keywords,
            publish_mode: PublishMode::parse(&r.publish_mode).unwrap_or(PublishMode::Proactive),
            channels: serde_json::from_str(&r.channels).unwrap_or_default(),
            validity: Validity::parse(&r.validity).unwrap_or(Validity::Valid),
            validity_date: r.validity_date,
            office_id: r.office_id,
            handler_id: r.handler_id,
            planned_publish_on: r.planned_publish_on,
            task_id: r.task_id,
            body_html: r.body_html,
            extra: serde_json::from_str(&r.extra).unwrap_or_default(),
        },
        version: r.version,
        created_at: r.created_at,
        updated_at: r.updated_at,
        category_code: r.category_code,
        category_name: r.category_name,
        office_name: r.office_name,
        handler_name: r.handler_name,
        task_title: r.task_title,
        created_by: r.created_by,
        created_by_name: r.created_by_name,
        attachments: attachments(conn, id)?,
        revision: String::new(),
    };
    item.revision = versions::revision_of(&item)?;
    Ok(item)
}

/// Closes any open editing session of the item and returns its latest version: the
/// version a submission freezes.
pub(crate) fn freeze(tx: &Tx<'_>, _actor: &Staff, id: i64) -> Result<i64> {
    item_versions::freeze(tx, id)
}

/// The content hash of a stored version (SHA-256 of its snapshot).
pub fn version_hash(conn: &Conn, id: i64, version: i64) -> Result<String> {
    let snap = item_versions::snapshot(conn, id, version)?
        .ok_or_else(|| Error::NotFound(format!("该事项没有第 {version} 版。")))?;
    Ok(versions::hash(&snap))
}
