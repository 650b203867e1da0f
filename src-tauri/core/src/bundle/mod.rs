//! 上传包 — the upload bundle: the only thing that carries content from the office network
//! to the machine that updates the public website.
//!
//! `export` writes approved items (and pending revocations) into one `.zip`; `verify`
//! re-checks any bundle; `publish` / `publish_csv` / `revoke` close the loop with the site.
//!
//! What may go out is decided here and nowhere else: items in 已通过 (or 已导出, to export
//! again) whose current content hash is the hash of their last approved review round, and
//! the public catalog fields of that content (see `ManifestItem`). Nothing is read from
//! review decisions, scanner findings, the audit log or staff records except the
//! exporter's name. The zip is written to a temporary file in the destination and renamed
//! only when complete; items are marked 已导出 after the rename, in one transaction, and the
//! file is removed again if that transaction fails. A row in `bundle_journal`, committed
//! before the rename and deleted by that transaction, covers a program stopped in between:
//! [`recover`] (at start-up and before every export) records such a bundle after all.

mod archive;
mod journal;
pub mod manifest;
mod mark;
pub(crate) mod names;
mod publish;
mod recorded;
mod render;
mod select;
mod verify;
mod write;

pub use journal::{anchor_of, recover};
pub use manifest::Manifest;
pub use publish::{
    publish, publish_csv, publish_csv_file, revoke, PublishReport, PublishRowError, RevokeKind,
};
pub use recorded::verify_recorded;
pub use select::{candidates, revocations_waiting, WaitingRevocation};
pub(crate) use write::file_sha256;

use journal::{journal, manifest_of, unjournal, Plan, PlanItem, PlanRevocation};
use mark::mark;
use select::{approval, choose, outgoing, pending_revocations, Outgoing};
pub use verify::{verify, verify_with, BundleCheck, BundleProblem, Limits, ProblemKind};
use write::{file_name, pretty, remove_stale_temps, write, write_failed};

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agency;
use crate::audit::{self};
use crate::error::{Error, Result};
use crate::item::Status;
use crate::staff::{Role, Staff};
use crate::store::{Db, Store};
use manifest::{
    CategoryRef, ManifestAgency, ManifestAttachment, ManifestExtra, ManifestItem,
    ManifestRevocation,
};

/// What to export: the chosen items (`None`: every approved item not yet exported) into
/// the folder `dir`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ExportRequest {
    #[ts(type = "number[] | null")]
    pub item_ids: Option<Vec<i64>>,
    #[ts(type = "string")]
    pub dir: PathBuf,
}

/// Progress of an export, reported after every entry and every MiB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Progress {
    #[ts(type = "number")]
    pub done_bytes: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
    /// The file being written, as named in the bundle.
    pub current: String,
}

/// An approved item left out of a default export, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Skipped {
    pub index_no: String,
    pub message: String,
}

/// A written bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleResult {
    pub path: String,
    pub file_name: String,
    pub bundle_id: String,
    /// Items carried.
    pub count: usize,
    /// Revocations carried.
    pub revocations: usize,
    #[ts(type = "number")]
    pub bytes: u64,
    pub skipped: Vec<Skipped>,
}

/// An item the export screen offers (已通过 or 已导出).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Candidate {
    #[ts(type = "number")]
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub category_name: String,
    pub status: Status,
    pub approved_at: String,
    pub attachments: usize,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Why it cannot be exported, when it cannot.
    pub problem: Option<String>,
}

/// Items per page and read chunk; progress is reported at least this often.
const CHUNK: usize = 1024 * 1024;

/// Only 发布员 and 管理员 send content out of the building.
pub fn require_publisher(actor: &Staff) -> Result<()> {
    if actor.has(Role::Publisher) || actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "只有发布员或管理员可以导出上传包和登记发布。".into(),
        ))
    }
}

/// 导出上传包. `progress` is called often; returning false cancels (no file is left and
/// nothing is marked; the error's code is `cancelled`).
pub fn export(
    store: &mut Store,
    actor: &Staff,
    req: &ExportRequest,
    progress: &mut dyn FnMut(&Progress) -> bool,
) -> Result<BundleResult> {
    begin(store, actor, req)?;
    let chosen = prepare(store, req)?;
    let anchor = audit::anchor::take(store.conn(), store.data_dir(), "导出上传包")?;
    let written = write_out(actor, req, chosen, anchor, progress)?;
    finish(store, actor, written, progress)
}

/// [`export`] on a shared database: what goes out is read from one snapshot on a read
/// connection, and the writer is taken only to record interrupted exports first and to
/// journal and mark at the end, so saves, lists and reviews go on while the zip is written.
pub fn export_shared(
    db: &Db,
    actor: &Staff,
    req: &ExportRequest,
    progress: &mut dyn FnMut(&Progress) -> bool,
) -> Result<BundleResult> {
    db.write(|s| begin(s, actor, req))?;
    let chosen = db.read(|s| prepare(s, req))?;
    let anchor = db.write(|s| audit::anchor::take(s.conn(), s.data_dir(), "导出上传包"))?;
    let written = write_out(actor, req, chosen, anchor, progress)?;
    db.write(|s| finish(s, actor, written, progress))
}

/// Who may export, interrupted exports recorded, the folder checked and cleaned.
fn begin(store: &mut Store, actor: &Staff, req: &ExportRequest) -> Result<()> {
    require_publisher(actor)?;
    if let Err(e) = recover(store) {
        log::error!("recording interrupted exports: {e}");
    }
    let dir = &req.dir;
    if !dir.is_dir() {
        return Err(Error::invalid(
            "dir",
            format!("导出位置“{}”不存在或不是文件夹。", dir.display()),
        ));
    }
    remove_stale_temps(dir);
    Ok(())
}

/// What goes out, read from one snapshot.
struct Chosen {
    items: Vec<Outgoing>,
    skipped: Vec<Skipped>,
    revocations: Vec<select::PendingRevocation>,
    agency: agency::Agency,
}

fn prepare(store: &Store, req: &ExportRequest) -> Result<Chosen> {
    let (chosen, skipped) = choose(store, req.item_ids.as_deref())?;
    let revocations = pending_revocations(store.conn())?;
    if chosen.is_empty() && revocations.is_empty() {
        return Err(Error::Conflict(
            "没有可导出的事项：没有“已通过”且未导出的事项，也没有待通知网站的撤回。".into(),
        ));
    }
    let mut folders = names::Unique::default();
    let mut items = Vec::with_capacity(chosen.len());
    for (it, a) in chosen {
        items.push(outgoing(store, it, a, &mut folders)?);
    }
    Ok(Chosen {
        items,
        skipped,
        revocations,
        agency: agency::get(store)?,
    })
}

/// A finished zip, still under its temporary name, and what recording it writes.
struct Written {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    plan: Plan,
    total: u64,
    result: BundleResult,
}

/// Writes the zip (no connection is held meanwhile).
fn write_out(
    actor: &Staff,
    req: &ExportRequest,
    chosen: Chosen,
    anchor: audit::Anchor,
    progress: &mut dyn FnMut(&Progress) -> bool,
) -> Result<Written> {
    let Chosen {
        items,
        skipped,
        revocations,
        agency,
    } = chosen;
    let dir = &req.dir;
    let created = crate::clock::now();
    let created_at = created.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let stamp = archive::Stamp::parse(&created_at)
        .ok_or_else(|| Error::invalid("dir", "系统时间不正确，无法生成上传包。"))?;
    let m = Manifest {
        format: manifest::FORMAT.into(),
        format_version: manifest::FORMAT_VERSION,
        bundle_id: uuid::Uuid::new_v4().to_string(),
        agency: ManifestAgency {
            name: agency.name.clone(),
            short_name: agency.short_name.clone(),
            org_code: agency.org_code.clone(),
        },
        created_at,
        created_by: actor.name.clone(),
        items: items.iter().map(|o| o.entry.clone()).collect(),
        revocations: revocations.iter().map(|r| r.entry.clone()).collect(),
        audit_anchor: Some(anchor),
    };
    let name = file_name(dir, &agency.short_name, &created, items.len());
    let path = dir.join(&name);
    let (tmp, bytes, total, sha256) = write(&m, &items, dir, &path, stamp, progress)?;
    let plan = Plan {
        bundle_id: m.bundle_id.clone(),
        file_name: name.clone(),
        bytes,
        sha256: Some(sha256),
        created_by: actor.id,
        created_at: m.created_at.clone(),
        items: items
            .iter()
            .map(|o| PlanItem {
                item_id: o.item.id,
                index_no: o.item.index_no.clone(),
                title: o.item.fields.title.clone(),
                version: o.approved.version,
                content_hash: o.approved.content_hash.clone(),
            })
            .collect(),
        revocations: revocations
            .iter()
            .map(|r| PlanRevocation {
                id: r.id,
                item_id: r.item_id,
                kind: r.entry.kind,
                index_no: r.entry.index_no.clone(),
                title: r.entry.title.clone(),
            })
            .collect(),
    };
    let result = BundleResult {
        path: path.display().to_string(),
        file_name: name,
        bundle_id: m.bundle_id,
        count: items.len(),
        revocations: revocations.len(),
        bytes,
        skipped,
    };
    Ok(Written {
        tmp,
        path,
        plan,
        total,
        result,
    })
}

/// Journals the bundle, renames the zip into place and marks what it carried (the file is
/// removed again when marking fails).
fn finish(
    store: &mut Store,
    actor: &Staff,
    w: Written,
    progress: &mut dyn FnMut(&Progress) -> bool,
) -> Result<BundleResult> {
    let Written {
        tmp,
        path,
        plan,
        total,
        result,
    } = w;
    journal(store, &plan, &path)?;
    if let Err(e) = tmp.persist_noclobber(&path) {
        let _ = unjournal(store.conn(), &plan.bundle_id);
        return Err(write_failed(&path, e.error));
    }
    progress(&Progress {
        done_bytes: total,
        total_bytes: total,
        current: String::new(),
    });
    if let Err(e) = mark(store, actor, &plan, false) {
        let _ = std::fs::remove_file(&path);
        let _ = unjournal(store.conn(), &plan.bundle_id);
        return Err(e);
    }
    Ok(result)
}
