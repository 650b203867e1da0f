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
pub mod manifest;
pub(crate) mod names;
mod publish;
mod recorded;
mod render;
mod verify;

pub use manifest::Manifest;
pub use publish::{
    publish, publish_csv, publish_csv_file, revoke, PublishReport, PublishRowError, RevokeKind,
};
pub use recorded::verify_recorded;
pub use verify::{verify, verify_with, BundleCheck, BundleProblem, Limits, ProblemKind};

use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{io_reason, Error, Result};
use crate::item::{self, Item, Status};
use crate::staff::{Role, Staff};
use crate::store::Store;
use crate::{agency, blobs};
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

/// The approved round an item may go out under.
struct Approved {
    version: i64,
    content_hash: String,
    approved_at: String,
}

/// Why `it` may not go out, or the round it goes out under.
fn approval(
    conn: &rusqlite::Connection,
    it: &Item,
) -> Result<std::result::Result<Approved, String>> {
    if !matches!(it.status, Status::Approved | Status::Exported) {
        return Ok(Err(format!(
            "当前为“{}”，只能导出“已通过”的事项。",
            it.status.label()
        )));
    }
    let round: Option<(i64, String, Option<String>)> = conn
        .query_row(
            "SELECT version, content_hash, closed_at FROM review_round
             WHERE item_id = ?1 AND outcome = 'approved' ORDER BY round DESC LIMIT 1",
            [it.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((version, content_hash, closed_at)) = round else {
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
    let ids: Vec<i64> = store
        .conn()
        .prepare_cached(
            "SELECT id FROM item WHERE status IN ('approved', 'exported') AND deleted_at IS NULL
             ORDER BY status = 'exported', updated_at DESC, id DESC",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let it = item::get(store, id)?;
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
            bytes: it.attachments.iter().map(|a| a.size.max(0) as u64).sum(),
            problem: a.err(),
        });
    }
    Ok(out)
}

/// One item as it goes into the bundle.
struct Outgoing {
    item: Item,
    approved: Approved,
    entry: ManifestItem,
    /// (blob path, bundle path, size, sha256) of each attachment.
    files: Vec<(PathBuf, String, u64, String)>,
}

/// A revocation waiting for the next bundle.
struct PendingRevocation {
    id: i64,
    item_id: i64,
    entry: ManifestRevocation,
}

fn pending_revocations(conn: &rusqlite::Connection) -> Result<Vec<PendingRevocation>> {
    let rows = conn
        .prepare_cached(
            "SELECT r.id, r.item_id, i.index_no, i.title, r.kind, r.revoked_on, p.url
             FROM revocation r JOIN item i ON i.id = r.item_id
             LEFT JOIN publication p ON p.item_id = r.item_id
             WHERE r.bundle_id IS NULL ORDER BY r.id",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(
            |(id, item_id, index_no, title, kind, revoked_on, url)| PendingRevocation {
                id,
                item_id,
                entry: ManifestRevocation {
                    index_no,
                    title,
                    kind: RevokeKind::parse(&kind).unwrap_or(RevokeKind::Withdrawn),
                    revoked_on,
                    url,
                },
            },
        )
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
fn outgoing(
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
        Some(id) => store
            .conn()
            .query_row("SELECT index_no FROM item WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
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
type Choice = (Vec<(Item, Approved)>, Vec<Skipped>);

fn choose(store: &Store, ids: Option<&[i64]>) -> Result<Choice> {
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
            let ids: Vec<i64> = store
                .conn()
                .prepare_cached(
                    "SELECT id FROM item WHERE status = 'approved' AND deleted_at IS NULL ORDER BY index_no",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
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

/// The bundle is written to `.上传包-….tmp` in the destination and renamed when complete.
const TEMP_PREFIX: &str = ".上传包-";
const TEMP_SUFFIX: &str = ".tmp";
/// A temporary bundle file not written to for this long was left by an export that was
/// stopped (the program killed, the PC switched off): the next export there removes it.
/// A running export writes to its file all the time.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files stopped exports left in `dir` (on a USB stick in Windows
/// they are not even hidden). Best effort: a file that cannot be removed stays.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => log::info!("removed {name}, left by a stopped export"),
                Err(e) => log::warn!("could not remove {name}: {e}"),
            }
        }
    }
}

/// `{机构简称}_{YYYYMMDD-HHMMSS}_{N}项.zip`, or with `-2`, `-3`, … if that file exists.
fn file_name(
    dir: &Path,
    short_name: &str,
    at: &chrono::DateTime<chrono::FixedOffset>,
    n: usize,
) -> String {
    let base = format!(
        "{}_{}_{n}项",
        names::safe(short_name, "上传包"),
        at.format("%Y%m%d-%H%M%S")
    );
    let mut name = format!("{base}.zip");
    let mut k = 2;
    while dir.join(&name).exists() {
        name = format!("{base}-{k}.zip");
        k += 1;
    }
    name
}

/// 导出上传包. `progress` is called often; returning false cancels (no file is left and
/// nothing is marked; the error's code is `cancelled`).
pub fn export(
    store: &mut Store,
    actor: &Staff,
    req: &ExportRequest,
    progress: &mut dyn FnMut(&Progress) -> bool,
) -> Result<BundleResult> {
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
    let agency = agency::get(store)?;
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
        audit_anchor: Some(audit::anchor::take(
            store.conn(),
            store.data_dir(),
            "导出上传包",
        )?),
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
    Ok(BundleResult {
        path: path.display().to_string(),
        file_name: name,
        bundle_id: m.bundle_id,
        count: items.len(),
        revocations: revocations.len(),
        bytes,
        skipped,
    })
}

/// The in-memory files of the bundle, in archive order (attachments come after each
/// item's page and metadata, `SHA256SUMS` last).
fn generated(m: &Manifest) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = vec![
        ("manifest.json".to_string(), pretty(m)),
        ("catalog.csv".to_string(), render::catalog_csv(m)),
        (
            "catalog.xlsx".to_string(),
            render::catalog_xlsx(m).map_err(|e| {
                log::error!("catalog.xlsx: {e}");
                Error::io("生成 catalog.xlsx", std::io::Error::other(e.to_string()))
            })?,
        ),
    ];
    for it in &m.items {
        out.push((format!("{}/metadata.json", it.folder), pretty(it)));
    }
    Ok(out)
}

/// Pretty JSON with a final newline, for files people also read.
fn pretty<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

fn write_failed(path: &Path, e: std::io::Error) -> Error {
    let reason = io_reason(&e);
    Error::io(format!("写入上传包“{}”失败（{reason}）", path.display()), e)
}

/// Writes the zip to a temporary file in `dir`, synced to disk; returns the file (still
/// temporary: the caller renames it to `path`), its size and the planned size.
fn write(
    m: &Manifest,
    items: &[Outgoing],
    dir: &Path,
    path: &Path,
    stamp: archive::Stamp,
    progress: &mut dyn FnMut(&Progress) -> bool,
) -> Result<(tempfile::NamedTempFile, u64, u64, String)> {
    let fail = |e: std::io::Error| write_failed(path, e);
    let files = generated(m)?;
    let mut pages = Vec::with_capacity(items.len());
    for o in items {
        pages.push((
            format!("{}/index.html", o.entry.folder),
            render::page(&o.entry, &o.item.fields.body_html).into_bytes(),
        ));
    }
    // Plan every entry first: the totals decide whether the bundle fits the format.
    let mut sums = String::new();
    let mut plan: Vec<(&str, u64)> = Vec::new();
    for (name, data) in files.iter().take(3) {
        plan.push((name, data.len() as u64));
    }
    for (i, o) in items.iter().enumerate() {
        plan.push((&pages[i].0, pages[i].1.len() as u64));
        plan.push((&files[3 + i].0, files[3 + i].1.len() as u64));
        for (_, p, size, _) in &o.files {
            plan.push((p, *size));
        }
    }
    let sums_len: u64 = plan
        .iter()
        .map(|(name, _)| 64 + 2 + name.len() as u64 + 1)
        .sum();
    let total = archive::archive_size(plan.iter().copied().chain([("SHA256SUMS", sums_len)]));
    if plan.len() + 1 > archive::MAX_ENTRIES || total > archive::MAX_BYTES {
        return Err(Error::invalid(
            "item_ids",
            "所选事项的上传包会超过 4 GB 或 65535 个文件（U 盘常用的 FAT32 格式存不下），请分批导出。",
        ));
    }
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| {
            let reason = io_reason(&e);
            Error::io(
                format!("无法在“{}”中创建上传包（{reason}）", dir.display()),
                e,
            )
        })?;
    let mut zip = archive::ZipOut::new(BufWriter::with_capacity(CHUNK, tmp.as_file()), stamp);
    let mut done = 0u64;
    let cancelled = || Error::Cancelled("已取消导出，未生成上传包，事项状态未改变。".into());
    let mut report = |done: u64, current: &str| {
        progress(&Progress {
            done_bytes: done,
            total_bytes: total,
            current: current.to_string(),
        })
    };
    let add = |zip: &mut archive::ZipOut<_>,
               sums: &mut String,
               name: &str,
               data: &[u8],
               done: &mut u64|
     -> Result<()> {
        zip.add(name, data).map_err(fail)?;
        sums.push_str(&format!("{}  {name}\n", hex::encode(Sha256::digest(data))));
        *done += 30 + name.len() as u64 + data.len() as u64;
        Ok(())
    };
    for (name, data) in files.iter().take(3) {
        if !report(done, name) {
            return Err(cancelled());
        }
        add(&mut zip, &mut sums, name, data, &mut done)?;
    }
    let mut buf = vec![0u8; CHUNK];
    for (i, o) in items.iter().enumerate() {
        if !report(done, &pages[i].0) {
            return Err(cancelled());
        }
        add(&mut zip, &mut sums, &pages[i].0, &pages[i].1, &mut done)?;
        add(
            &mut zip,
            &mut sums,
            &files[3 + i].0,
            &files[3 + i].1,
            &mut done,
        )?;
        for (blob, name, size, sha256) in &o.files {
            if !report(done, name) {
                return Err(cancelled());
            }
            let missing = |_| {
                Error::NotFound(format!(
                    "事项 {} 的附件文件“{name}”在数据目录中缺失，无法导出。",
                    o.item.index_no
                ))
            };
            let mut input = File::open(blob).map_err(missing)?;
            zip.begin(name, *size).map_err(fail)?;
            done += 30 + name.len() as u64;
            let mut crc = crc32fast::Hasher::new();
            let mut sha = Sha256::new();
            let mut read = 0u64;
            loop {
                let n = input.read(&mut buf).map_err(|e| {
                    Error::io(format!("读取附件“{name}”失败（{}）", io_reason(&e)), e)
                })?;
                if n == 0 {
                    break;
                }
                read += n as u64;
                if read > *size {
                    break;
                }
                crc.update(&buf[..n]);
                sha.update(&buf[..n]);
                zip.write_chunk(&buf[..n]).map_err(fail)?;
                done += n as u64;
                if !report(done, name) {
                    return Err(cancelled());
                }
            }
            let actual = hex::encode(sha.finalize());
            if read != *size || actual != *sha256 {
                return Err(Error::Conflict(format!(
                    "事项 {} 的附件“{name}”在数据目录中已损坏（内容与记录的校验值不符），无法导出。",
                    o.item.index_no
                )));
            }
            zip.end_entry(crc.finalize()).map_err(fail)?;
            sums.push_str(&format!("{actual}  {name}\n"));
        }
    }
    if !report(done, "SHA256SUMS") {
        return Err(cancelled());
    }
    zip.add("SHA256SUMS", sums.as_bytes()).map_err(fail)?;
    let out = zip.finish().map_err(fail)?;
    drop(out);
    tmp.as_file().sync_all().map_err(fail)?;
    let written = tmp.as_file().metadata().map_err(fail)?.len();
    if written != total {
        log::error!("bundle size {written}, planned {total}");
    }
    // The whole file's hash, recorded with the bundle: a copy changed on the USB stick
    // and re-summed is still caught against the record (`verify_recorded`).
    let sha256 = file_sha256(tmp.path()).map_err(fail)?;
    Ok((tmp, written, total, sha256))
}

/// SHA-256 of a whole file, read in chunks.
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
    }
    Ok(hex::encode(sha.finalize()))
}

/// What recording a bundle writes: kept in `bundle_journal` (as JSON) from just before the
/// finished zip is renamed into place until it is recorded.
#[derive(Debug, Serialize, Deserialize)]
struct Plan {
    bundle_id: String,
    file_name: String,
    bytes: u64,
    /// The zip's SHA-256 (absent in journal rows written before it was recorded).
    #[serde(default)]
    sha256: Option<String>,
    created_by: i64,
    created_at: String,
    items: Vec<PlanItem>,
    revocations: Vec<PlanRevocation>,
}

#[derive(Debug, Serialize, Deserialize)]
struct PlanItem {
    item_id: i64,
    index_no: String,
    title: String,
    version: i64,
    content_hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct PlanRevocation {
    id: i64,
    item_id: i64,
    kind: RevokeKind,
    index_no: String,
    title: String,
}

/// Commits the journal row for `plan` before its file is renamed to `path`.
fn journal(store: &Store, plan: &Plan, path: &Path) -> Result<()> {
    let json =
        serde_json::to_string(plan).map_err(|e| Error::io("记录导出", std::io::Error::other(e)))?;
    store.conn().execute(
        "INSERT INTO bundle_journal (id, path, plan, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![plan.bundle_id, path.display().to_string(), json, stamp()],
    )?;
    Ok(())
}

/// Deletes the journal row: the bundle is recorded (in `mark`'s transaction), or its file
/// is not there.
fn unjournal(conn: &rusqlite::Connection, bundle_id: &str) -> Result<()> {
    conn.execute("DELETE FROM bundle_journal WHERE id = ?1", [bundle_id])?;
    Ok(())
}

/// 补记: records the bundles whose export stopped (the program was killed, the PC switched
/// off) after the finished zip was renamed into place and before it was recorded — the
/// file is out there, so its items are marked 已导出 and the audit says it was recorded
/// afterwards. A journal row whose file is not there (stopped before the rename) or is not
/// that bundle is dropped; one whose folder is not there (the USB stick is not plugged in)
/// waits for a later start. Returns how many bundles were recorded.
pub fn recover(store: &mut Store) -> Result<usize> {
    let rows: Vec<(String, String, String)> = store
        .conn()
        .prepare("SELECT id, path, plan FROM bundle_journal ORDER BY created_at")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut recorded = 0;
    for (id, path, plan) in rows {
        let plan: Option<Plan> = serde_json::from_str(&plan)
            .map_err(|e| log::error!("bundle_journal {id}: {e}"))
            .ok();
        let file = Path::new(&path);
        // The file was complete and synced to disk before it was renamed into place: its
        // size and its manifest's bundle id say it is that bundle (a full check of a 4 GB
        // bundle would hold up the start for a long time).
        let complete = plan.as_ref().is_some_and(|p| {
            std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.len() == p.bytes)
                && bundle_id_of(file).as_deref() == Some(id.as_str())
        });
        let folder_gone = file.parent().is_some_and(|d| !d.is_dir());
        match plan {
            Some(plan) if complete => {
                let actor = crate::staff::get(store, plan.created_by)?;
                mark(store, &actor, &plan, true)?;
                log::warn!("recorded bundle {path} after an interrupted export");
                recorded += 1;
            }
            Some(_) if folder_gone => {
                log::warn!("bundle {path} of an interrupted export: its folder is not there now");
            }
            _ => {
                log::warn!("dropped the journal of bundle {id}: {path} is not there");
                unjournal(store.conn(), &id)?;
            }
        }
    }
    Ok(recorded)
}

/// The bundle id in the manifest of the zip at `path`, if it has a readable one.
fn bundle_id_of(path: &Path) -> Option<String> {
    manifest_of(path).map(|m| m.bundle_id)
}

/// The audit anchor in the manifest of the bundle at `path` (format 2 on), and when the
/// bundle was made.
pub fn anchor_of(path: &Path) -> Option<(audit::Anchor, String)> {
    let m = manifest_of(path)?;
    Some((m.audit_anchor?, m.created_at))
}

/// The manifest of the zip at `path`, if it has a readable one.
fn manifest_of(path: &Path) -> Option<Manifest> {
    let file = File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut text = Vec::new();
    zip.by_name("manifest.json")
        .ok()?
        .take(verify::MAX_TEXT)
        .read_to_end(&mut text)
        .ok()?;
    manifest::parse(&text).ok()
}

/// Records the bundle and marks what it carried, in one transaction with the audit, and
/// deletes its journal row. Exporting (`recovering` false), an item changed since it was
/// written undoes the export; recording after an interrupted export, the file is already
/// out there, so it is recorded as carried and only the items still as approved are marked.
fn mark(store: &mut Store, actor: &Staff, plan: &Plan, recovering: bool) -> Result<()> {
    let file_name = &plan.file_name;
    let later = if recovering {
        "（导出过程中程序中断，重新启动后补记）"
    } else {
        ""
    };
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO bundle (id, file_name, item_count, revocation_count, bytes, created_by, created_at, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            plan.bundle_id,
            file_name,
            plan.items.len() as i64,
            plan.revocations.len() as i64,
            plan.bytes as i64,
            plan.created_by,
            plan.created_at,
            plan.sha256
        ],
    )?;
    for p in &plan.items {
        // The item may have changed while the file was written: check again, here.
        let it = item::load(&tx, p.item_id)?;
        let unchanged = matches!(approval(&tx, &it)?, Ok(a) if a.content_hash == p.content_hash);
        if !unchanged && !recovering {
            return Err(Error::Conflict(format!(
                "事项 {} 在导出过程中被改动，本次导出已撤销，请重新导出。",
                p.index_no
            )));
        }
        tx.execute(
            "INSERT INTO bundle_item (bundle_id, item_id, version, content_hash) VALUES (?1, ?2, ?3, ?4)",
            params![plan.bundle_id, p.item_id, p.version, p.content_hash],
        )?;
        if unchanged {
            tx.execute(
                "UPDATE item SET status = 'exported', updated_at = ?2 WHERE id = ?1",
                params![p.item_id, stamp()],
            )?;
        }
        audit::append(
            &tx,
            actor.into(),
            Event::new(
                "bundle.export",
                format!(
                    "导出 {}《{}》（第 {} 版）到上传包 {file_name}（{}）{later}",
                    p.index_no, p.title, p.version, plan.bundle_id
                ),
            )
            .item(p.item_id)
            .hashes(None, Some(&p.content_hash)),
        )?;
    }
    for r in &plan.revocations {
        tx.execute(
            "UPDATE revocation SET bundle_id = ?2 WHERE id = ?1",
            params![r.id, plan.bundle_id],
        )?;
        audit::append(
            &tx,
            actor.into(),
            Event::new(
                "bundle.export",
                format!(
                    "上传包 {file_name}（{}）通知网站{} {}《{}》{later}",
                    plan.bundle_id,
                    r.kind.label(),
                    r.index_no,
                    r.title
                ),
            )
            .item(r.item_id),
        )?;
    }
    unjournal(&tx, &plan.bundle_id)?;
    tx.commit()?;
    Ok(())
}
