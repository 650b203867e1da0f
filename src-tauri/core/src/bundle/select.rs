//! 选择 — what may go out: the approved round each item goes out under, the items the
//! export screen offers, the revocations waiting, and the public part of each chosen item.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::blobs;
use crate::error::{Error, Result};
use crate::item::{self, Item, Status};
use crate::store::{bundles, publications, Conn, Store};

use super::*;

/// The approved round an item may go out under.
pub(super) struct Approved {
    pub(super) version: i64,
    pub(super) content_hash: String,
    pub(super) approved_at: String,
}

/// Why `it` may not go out, or the round it goes out under.
pub(super) fn approval(conn: &Conn, it: &Item) -> Result<std::result::Result<Approved, String>> {
    if is_request_part(it) {
        return Ok(Err(
            "这是依申请公开申请的答复材料，只答复申请人，不上传网站。".into(),
        ));
    }
    if !matches!(it.status, Status::Approved | Status::Exported) {
        return Ok(Err(format!(
            "当前为“{}”，只能导出“已通过”的事项。",
            it.status.label()
        )));
    }
    let Some(bundles::ApprovedRound {
        version,
        content_hash,
        closed_at,
    }) = bundles::last_approved_round(conn, it.id)?
    else {
        return Ok(Err("没有通过保密审查的记录。".into()));
    };
    if item::current_hash(conn, it.id)? != content_hash {
        return Ok(Err(
            "通过审查后内容被改动，与审查通过的内容不一致，须重新提交审查。".into(),
        ));
    }
    Ok(Ok(Approved {
        version,
        content_hash,
        approved_at: closed_at.unwrap_or_default(),
    }))
}

/// The items the export screen lists: every 已通过 item, then 已导出 ones (to export again).
pub fn candidates(store: &Store) -> Result<Vec<Candidate>> {
    let ids = bundles::approved_or_exported_ids(store.conn())?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let it = item::get(store, id)?;
        if is_request_part(&it) {
            continue;
        }
        let a = approval(store.conn(), &it)?;
        out.push(Candidate {
            id,
            index_no: it.index_no.clone(),
            title: it.fields.title.clone(),
            category_name: it.category_name.clone(),
            status: it.status,
            approved_at: a
                .as_ref()
                .map(|a| a.approved_at.clone())
                .unwrap_or_default(),
            attachments: it.attachments.len(),
            bytes: content_bytes(&it),
            problem: a.err(),
        });
    }
    Ok(out)
}

/// An office's part of a 依申请公开 request: answered to the applicant, never uploaded.
fn is_request_part(it: &Item) -> bool {
    it.category_code == crate::store::request_parts::REPLY_CATEGORY
}

/// About what the item adds to a bundle: its attachments and its text (the page and the
/// catalog entry wrap the body, title and summary in a few hundred bytes more).
fn content_bytes(it: &Item) -> u64 {
    let attachments: u64 = it.attachments.iter().map(|a| a.size.max(0) as u64).sum();
    let f = &it.fields;
    attachments + (f.body_html.len() + f.title.len() + f.summary.len()) as u64
}

/// One item as it goes into the bundle.
pub(super) struct Outgoing {
    pub(super) item: Item,
    pub(super) approved: Approved,
    pub(super) entry: ManifestItem,
    /// (blob path, bundle path, size, sha256) of each attachment.
    pub(super) files: Vec<(PathBuf, String, u64, String)>,
}

/// A revocation waiting for the next bundle.
pub(super) struct PendingRevocation {
    pub(super) id: i64,
    pub(super) item_id: i64,
    pub(super) entry: ManifestRevocation,
}

pub(super) fn pending_revocations(conn: &Conn) -> Result<Vec<PendingRevocation>> {
    Ok(publications::pending(conn)?
        .into_iter()
        .map(|r| PendingRevocation {
            id: r.id,
            item_id: r.item_id,
            entry: ManifestRevocation {
                index_no: r.index_no,
                title: r.title,
                kind: RevokeKind::parse(&r.kind).unwrap_or(RevokeKind::Withdrawn),
                revoked_on: r.revoked_on,
                url: r.url,
            },
        })
        .collect())
}

/// A 撤回 / 废止 the next bundle will carry to the site, as the export page lists it: only
/// revocations going out, the publisher may export a bundle without items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WaitingRevocation {
    pub index_no: String,
    pub title: String,
    pub kind: RevokeKind,
    pub revoked_on: String,
}

/// The revocations waiting for the next bundle, oldest first.
pub fn revocations_waiting(store: &Store) -> Result<Vec<WaitingRevocation>> {
    Ok(pending_revocations(store.conn())?
        .into_iter()
        .map(|r| WaitingRevocation {
            index_no: r.entry.index_no,
            title: r.entry.title,
            kind: r.entry.kind,
            revoked_on: r.entry.revoked_on,
        })
        .collect())
}

/// The public part of an item, and its attachments checked against the store.
pub(super) fn outgoing(
    store: &Store,
    it: Item,
    approved: Approved,
    folders: &mut names::Unique,
) -> Result<Outgoing> {
    let folder = folders.claim(&names::safe(&it.index_no, "事项"));
    let mut files = Vec::new();
    let mut attachments = Vec::new();
    let mut taken = names::Unique::default();
    for a in &it.attachments {
        let blob = blobs::path(store.data_dir(), &a.sha256);
        let size = std::fs::metadata(&blob)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "事项 {} 的附件“{}”在数据目录中缺失，无法导出。请从备份恢复数据目录后再导出。",
                    it.index_no, a.name
                ))
            })?;
        if size != a.size.max(0) as u64 {
            return Err(Error::Conflict(format!(
                "事项 {} 的附件“{}”在数据目录中已损坏（大小不符），无法导出。",
                it.index_no, a.name
            )));
        }
        let path = format!(
            "{folder}/attachments/{}",
            taken.claim(&names::safe(&a.name, "附件"))
        );
        files.push((blob, path.clone(), size, a.sha256.clone()));
        attachments.push(ManifestAttachment {
            name: a.name.clone(),
            path,
            size,
            sha256: a.sha256.clone(),
        });
    }
    let f = &it.fields;
    let interprets_index_no = match f.extra.interprets_item_id {
        Some(id) => bundles::index_no_of(store.conn(), id)?,
        None => None,
    };
    let entry = ManifestItem {
        index_no: it.index_no.clone(),
        folder,
        category: CategoryRef {
            code: it.category_code.clone(),
            name: it.category_name.clone(),
        },
        title: f.title.clone(),
        summary: f.summary.clone(),
        publisher: f.publisher.clone(),
        doc_number: f.doc_number.clone(),
        written_on: f.written_on.clone(),
        topic: f.topic.clone(),
        keywords: f.keywords.clone(),
        publish_mode: f.publish_mode,
        channels: f.channels.clone(),
        validity: f.validity,
        validity_date: f.validity_date.clone(),
        extra: ManifestExtra {
            budget_components: f.extra.budget_components.clone(),
            comment_start: f.extra.comment_start.clone(),
            comment_end: f.extra.comment_end.clone(),
            feedback_record: f.extra.feedback_record.clone(),
            interprets_index_no,
            project_stage: f.extra.project_stage.clone(),
            inspection_basis: f.extra.inspection_basis.clone(),
            inspection_subject: f.extra.inspection_subject.clone(),
            inspection_content: f.extra.inspection_content.clone(),
            inspection_method: f.extra.inspection_method.clone(),
        },
        version: approved.version,
        content_hash: approved.content_hash.clone(),
        approved_at: approved.approved_at.clone(),
        attachments,
    };
    Ok(Outgoing {
        item: it,
        approved,
        entry,
        files,
    })
}

/// Chooses the items: the requested ones (each must be exportable), or every 已通过 one
/// (those that are not exportable are skipped and reported).
/// Items chosen for a bundle, and those a default export left out.
pub(super) type Choice = (Vec<(Item, Approved)>, Vec<Skipped>);

pub(super) fn choose(store: &Store, ids: Option<&[i64]>) -> Result<Choice> {
    let mut chosen = Vec::new();
    let mut skipped = Vec::new();
    match ids {
        Some(ids) => {
            let mut seen = std::collections::HashSet::new();
            for &id in ids {
                if !seen.insert(id) {
                    continue;
                }
                let it = item::get(store, id)?;
                match approval(store.conn(), &it)? {
                    Ok(a) => chosen.push((it, a)),
                    Err(why) => return Err(Error::Conflict(format!("事项 {} {why}", it.index_no))),
                }
            }
        }
        None => {
            let ids = bundles::approved_ids(store.conn())?;
            for id in ids {
                let it = item::get(store, id)?;
                match approval(store.conn(), &it)? {
                    Ok(a) => chosen.push((it, a)),
                    Err(message) => skipped.push(Skipped {
                        index_no: it.index_no,
                        message,
                    }),
                }
            }
        }
    }
    chosen.sort_by(|a, b| a.0.index_no.cmp(&b.0.index_no));
    Ok((chosen, skipped))
}
