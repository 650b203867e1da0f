//! 日志与补记 — the journal row committed before the finished zip is renamed into place,
//! and the recording of bundles whose export stopped in between.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::audit::{self};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::{bundles, Conn, Store};

use super::*;

/// What recording a bundle writes: kept in `bundle_journal` (as JSON) from just before the
/// finished zip is renamed into place until it is recorded.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Plan {
    pub(super) bundle_id: String,
    pub(super) file_name: String,
    pub(super) bytes: u64,
    /// The zip's SHA-256 (absent in journal rows written before it was recorded).
    #[serde(default)]
    pub(super) sha256: Option<String>,
    pub(super) created_by: i64,
    pub(super) created_at: String,
    pub(super) items: Vec<PlanItem>,
    pub(super) revocations: Vec<PlanRevocation>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PlanItem {
    pub(super) item_id: i64,
    pub(super) index_no: String,
    pub(super) title: String,
    pub(super) version: i64,
    pub(super) content_hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PlanRevocation {
    pub(super) id: i64,
    pub(super) item_id: i64,
    pub(super) kind: RevokeKind,
    pub(super) index_no: String,
    pub(super) title: String,
}

/// Commits the journal row for `plan` before its file is renamed to `path`.
pub(super) fn journal(store: &Store, plan: &Plan, path: &Path) -> Result<()> {
    let json =
        serde_json::to_string(plan).map_err(|e| Error::io("记录导出", std::io::Error::other(e)))?;
    bundles::journal_insert(
        store.conn(),
        &plan.bundle_id,
        &path.display().to_string(),
        &json,
        &stamp(),
    )
}

/// Deletes the journal row: the bundle is recorded (in `mark`'s transaction), or its file
/// is not there.
pub(super) fn unjournal(conn: &Conn, bundle_id: &str) -> Result<()> {
    bundles::journal_delete(conn, bundle_id)
}

/// 补记: records the bundles whose export stopped (the program was killed, the PC switched
/// off) after the finished zip was renamed into place and before it was recorded — the
/// file is out there, so its items are marked 已导出 and the audit says it was recorded
/// afterwards. A journal row whose file is not there (stopped before the rename) or is not
/// that bundle is dropped; one whose folder is not there (the USB stick is not plugged in)
/// waits for a later start. Returns how many bundles were recorded.
pub fn recover(store: &mut Store) -> Result<usize> {
    let rows = bundles::journal_rows(store.conn())?;
    let mut recorded = 0;
    for bundles::JournalRow { id, path, plan } in rows {
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
pub(super) fn bundle_id_of(path: &Path) -> Option<String> {
    manifest_of(path).map(|m| m.bundle_id)
}

/// The audit anchor in the manifest of the bundle at `path` (format 2 on), and when the
/// bundle was made.
pub fn anchor_of(path: &Path) -> Option<(audit::Anchor, String)> {
    let m = manifest_of(path)?;
    Some((m.audit_anchor?, m.created_at))
}

/// The manifest of the zip at `path`, if it has a readable one.
pub(super) fn manifest_of(path: &Path) -> Option<Manifest> {
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
