//! Attachments: files copied into the attachment store (content-addressed, `blobs`) and
//! attached to an item, each addition or removal a version of its own; the per-file limit.

use std::path::{Path, PathBuf};

use super::{
    audit_change, begin_edit, check_editable, get, load, read, read_in, settings, versions,
    AttachmentInfo, Item, Status, DEFAULT_ATTACHMENT_LIMIT_MB,
};
use crate::blobs;
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::staff::Staff;
use crate::store::items::{self, NewAttachment};
use crate::store::{Conn, Store};

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
    let written = store.immediate(|tx| {
        begin_edit(tx, actor, &load(tx, id)?)?;
        let at = stamp();
        for (s, name) in &stored {
            items::add_blob(tx, &s.sha256, s.size as i64, &at)?;
            items::attach_last(
                tx,
                &NewAttachment {
                    item_id: id,
                    sha256: &s.sha256,
                    name,
                    size: s.size as i64,
                    added_by: actor.id,
                    added_at: &at,
                },
            )?;
        }
        let r = versions::record(tx, id, actor, false)?;
        let names: Vec<&str> = stored.iter().map(|(_, n)| n.as_str()).collect();
        audit_change(
            tx,
            actor,
            id,
            "item.attach",
            &format!("添加附件 {} 到", names.join("、")),
            &r,
        )
    });
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
    store.immediate(|tx| {
        let item = read_in(tx, actor, id)?;
        begin_edit(tx, actor, &item)?;
        let name = items::attachment_name(tx, id, attachment_id)?
            .ok_or_else(|| Error::NotFound("找不到该附件，可能已被删除。".into()))?;
        items::detach(tx, attachment_id)?;
        let r = versions::record(tx, id, actor, false)?;
        audit_change(
            tx,
            actor,
            id,
            "item.detach",
            &format!("移除附件 {name}，"),
            &r,
        )
    })?;
    get(store, id)
}

/// The stored file of an attachment and its original name (to open or preview it).
pub fn attachment_file(store: &Store, id: i64, attachment_id: i64) -> Result<(PathBuf, String)> {
    let row = items::attachment(store.conn(), id, attachment_id)?;
    let (sha, name) = row.ok_or_else(|| Error::NotFound("找不到该附件。".into()))?;
    let path = blobs::path(store.data_dir(), &sha);
    if !path.exists() {
        return Err(Error::NotFound(format!(
            "附件“{name}”的文件在数据目录中缺失，请从备份恢复或重新添加。"
        )));
    }
    Ok((path, name))
}

pub fn attachment_limit_mb(store: &Store) -> Result<u64> {
    let v = items::attachment_limit_setting(store.conn())?;
    Ok(v.and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ATTACHMENT_LIMIT_MB))
}

/// An administrator sets the per-file attachment limit.
pub fn set_attachment_limit_mb(store: &mut Store, actor: &Staff, mb: u64) -> Result<u64> {
    let mut s = settings::get(store)?;
    s.attachment_limit_mb = mb;
    Ok(settings::set(store, actor, &s)?.attachment_limit_mb)
}

pub(crate) fn write_attachment_limit(conn: &Conn, mb: u64) -> Result<u64> {
    if !(1..=4096).contains(&mb) {
        return Err(Error::invalid(
            "attachment_limit_mb",
            "附件大小上限须在 1 到 4096 MB 之间。",
        ));
    }
    items::write_attachment_limit_setting(conn, mb)?;
    Ok(mb)
}

pub(super) fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "附件".into())
}

pub(crate) fn attachments(conn: &Conn, id: i64) -> Result<Vec<AttachmentInfo>> {
    Ok(items::attachments(conn, id)?
        .into_iter()
        .map(|a| AttachmentInfo {
            id: a.id,
            name: a.name,
            size: a.size,
            sha256: a.sha256,
            redacted: a.redacted_from.is_some(),
        })
        .collect())
}
