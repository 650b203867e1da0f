//! 附件一键脱敏 — an attachment replaced by its redacted copy (`crate::redact`), as an
//! edit: a new version whose attachment list has the copy where the original was, audited,
//! and a submitted item withdrawn on record first, exactly as a save does. Who may do it
//! is who may edit the item.
//!
//! The original stays in the attachment store and in the earlier versions — internal, for
//! the record — but no longer in the item, so no bundle can carry it: a bundle takes the
//! attachments of the approved (current) version only.
//!
//! The reviewer sees the copy's pages ([`attachment_pages`]): small pictures of the
//! redacted PDF, the black boxes where the numbers were.

use base64::Engine;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{audit_change, begin_edit, get, load, read, versions, Item};
use crate::blobs;
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::redact::{self, Format};
use crate::scan::{OcrTools, ScanOptions, Scanner};
use crate::staff::Staff;
use crate::store::items::{self, NewAttachment};
use crate::store::Store;

/// What 一键脱敏 of an attachment did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Redaction {
    pub item: Item,
    /// The copy's name: `名单（脱敏）.pdf`.
    pub file: String,
    /// How many numbers were covered or masked.
    #[ts(type = "number")]
    pub count: usize,
}

/// Replaces attachment `attachment_id` of item `id` by its redacted copy.
pub fn redact_attachment(
    store: &mut Store,
    actor: &Staff,
    id: i64,
    attachment_id: i64,
) -> Result<Redaction> {
    let before = read(store, actor, id)?;
    let original = before
        .attachments
        .iter()
        .find(|a| a.id == attachment_id)
        .cloned()
        .ok_or_else(|| Error::NotFound("找不到该附件，可能已被删除。".into()))?;
    // Refused before the slow part when the actor may not change the item at all.
    super::check_changeable(actor, &before)?;
    let dir = store.data_dir().to_path_buf();
    let bytes =
        std::fs::read(blobs::path(&dir, &original.sha256)).map_err(|e| Error::io("读取附件", e))?;
    let copy = redact::redact(
        &Scanner::new(&[]),
        &ScanOptions::default(),
        &original.name,
        &bytes,
    )
    .map_err(|reason| Error::invalid("attachment_id", format!("{reason}。")))?;
    let stored = blobs::put_bytes(&dir, &copy.bytes)?;
    let written = store.immediate(|tx| {
        let item = load(tx, id)?;
        if !item
            .attachments
            .iter()
            .any(|a| a.id == attachment_id && a.sha256 == original.sha256)
        {
            return Err(Error::Conflict("附件刚刚有改动，请刷新后重试。".into()));
        }
        begin_edit(tx, actor, &item)?;
        let at = stamp();
        items::add_blob(tx, &stored.sha256, stored.size as i64, &at)?;
        items::replace_attachment(
            tx,
            attachment_id,
            &NewAttachment {
                item_id: id,
                sha256: &stored.sha256,
                name: &copy.name,
                size: stored.size as i64,
                added_by: actor.id,
                added_at: &at,
            },
            Some(&original.sha256),
        )?;
        let r = versions::record(tx, id, actor, false)?;
        let what = format!(
            "附件脱敏《{}》→《{}》（{} 处），",
            original.name, copy.name, copy.count
        );
        audit_change(tx, actor, id, "item.redact", &what, &r)
    });
    if let Err(e) = written {
        blobs::discard(&dir, &stored);
        return Err(e);
    }
    Ok(Redaction {
        item: get(store, id)?,
        file: copy.name,
        count: copy.count,
    })
}

/// Whether 一键脱敏 can make a copy of a file of this name.
pub fn redactable(file_name: &str) -> bool {
    Format::of(file_name).is_some()
}

/// Pages shown at most, and their resolution: enough to see the boxes beside the list.
const PREVIEW_PAGES: u32 = 20;
const PREVIEW_DPI: u32 = 60;

/// The pages of PDF attachment `attachment_id` of item `id` as PNG `data:` URLs, for
/// whoever may read the item: the reviewer looks at a redacted copy before approving it.
pub fn attachment_pages(
    store: &Store,
    actor: &Staff,
    id: i64,
    attachment_id: i64,
) -> Result<Vec<String>> {
    let item = read(store, actor, id)?;
    let file = item
        .attachments
        .iter()
        .find(|a| a.id == attachment_id)
        .ok_or_else(|| Error::NotFound("找不到该附件，可能已被删除。".into()))?;
    if Format::of(&file.name) != Some(Format::Pdf) {
        return Err(Error::invalid("attachment_id", "只能预览 PDF 附件的页面。"));
    }
    let pdftoppm = OcrTools::find().pdftoppm.ok_or_else(|| {
        Error::invalid(
            "attachment_id",
            "未安装 PDF 渲染组件（poppler-utils），无法预览。",
        )
    })?;
    let tmp = tempfile::tempdir().map_err(|e| Error::io("创建临时文件夹", e))?;
    let out = std::process::Command::new(pdftoppm)
        .args(["-png", "-r", &PREVIEW_DPI.to_string()])
        .args(["-f", "1", "-l", &PREVIEW_PAGES.to_string()])
        .arg(blobs::path(store.data_dir(), &file.sha256))
        .arg(tmp.path().join("p"))
        .status()
        .map_err(|e| Error::io("渲染 PDF 页面", e))?;
    if !out.success() {
        return Err(Error::invalid("attachment_id", "PDF 页面无法渲染。"));
    }
    let mut pages: Vec<_> = std::fs::read_dir(tmp.path())
        .map_err(|e| Error::io("读取 PDF 页面", e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    // p-01.png … p-20.png: zero-padded, so the names sort as the pages.
    pages.sort();
    pages
        .iter()
        .map(|p| {
            let png = std::fs::read(p).map_err(|e| Error::io("读取 PDF 页面", e))?;
            Ok(format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            ))
        })
        .collect()
}
