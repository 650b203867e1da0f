//! Making a backup: the database copied by SQLite's online backup API and checked, the
//! audit chain's keys beside it, the attachments the pool lacks copied and hashed, the
//! manifest written last; then rotation.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{finished, root_of, rotate, BackupInfo, Manifest, Reason, FORMAT, MANIFEST, POOL};
use crate::error::{io_reason, Error, Result};
use crate::store::{self, audit_keys, backups, DB_FILE};

/// Backs up the store in `data_dir` into `root` now (manual backups, `disclosure backup`).
pub fn create(data_dir: &Path, root: &Path, reason: Reason) -> Result<BackupInfo> {
    create_at(data_dir, root, reason, crate::clock::now())
}

/// The daily backup: made when `root` holds none from today. Returns the backup made.
pub fn daily_if_due(data_dir: &Path) -> Result<Option<BackupInfo>> {
    let root = root_of(data_dir);
    let today = crate::clock::now().format("%Y-%m-%d").to_string();
    if finished(&root)?
        .iter()
        .any(|(_, m)| m.created_at.starts_with(&today))
    {
        return Ok(None);
    }
    create(data_dir, &root, Reason::Daily).map(Some)
}

/// Backs up `data_dir` into `root` as if it were `now` (tests simulate dates with this),
/// verifies the copy, writes the manifest last and rotates.
pub fn create_at(
    data_dir: &Path,
    root: &Path,
    reason: Reason,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<BackupInfo> {
    create_at_with(data_dir, root, reason, now, &mut crate::job::quiet)
}

/// [`create`], telling `report` each stage (the database, its check, the attachments one
/// by one, the manifest); when it answers `false` the backup stops and its folder is
/// removed ([`Error::Cancelled`]).
pub fn create_with(
    data_dir: &Path,
    root: &Path,
    reason: Reason,
    report: crate::job::Report<'_>,
) -> Result<BackupInfo> {
    create_at_with(data_dir, root, reason, crate::clock::now(), report)
}

fn create_at_with(
    data_dir: &Path,
    root: &Path,
    reason: Reason,
    now: chrono::DateTime<chrono::FixedOffset>,
    report: crate::job::Report<'_>,
) -> Result<BackupInfo> {
    use crate::job::{step, Job};
    let fail = |what: &str, e: std::io::Error| {
        Error::io(
            format!("{what}（备份位置“{}”：{}）", root.display(), io_reason(&e)),
            e,
        )
    };
    std::fs::create_dir_all(root.join(POOL)).map_err(|e| fail("创建备份文件夹", e))?;
    // Backups hold every record: the folder is its owner's only.
    crate::paths::private_dir(root).map_err(|e| fail("设置备份文件夹权限", e))?;
    let base = format!("{}-{}", now.format("%Y%m%d-%H%M%S"), reason.slug());
    let mut dir = root.join(&base);
    let mut k = 2;
    while dir.exists() {
        dir = root.join(format!("{base}-{k}"));
        k += 1;
    }
    std::fs::create_dir(&dir).map_err(|e| fail("创建备份文件夹", e))?;
    let made = (|| {
        let db = dir.join(DB_FILE);
        step(report, Job::Backup, "复制数据库", 0, 1)?;
        copy_database(&data_dir.join(DB_FILE), &db)?;
        step(report, Job::Backup, "检查备份中的数据库", 0, 1)?;
        let (schema_version, items, blobs) = check_copy(&db)?;
        let audit_anchor = copy_audit_keys(&db, &dir)?;
        let missing = copy_blobs(data_dir, root, &blobs, report)?;
        step(report, Job::Backup, "写入备份清单", 0, 1)?;
        let (db_sha256, db_bytes) = hash_file(&db)?;
        let m = Manifest {
            format: FORMAT.into(),
            created_at: now.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            reason,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version,
            items,
            db_sha256,
            db_bytes,
            blobs_sha256: blobs_hash(&blobs),
            blobs,
            missing,
            audit_anchor,
        };
        write_manifest(&dir, &m)?;
        Ok(m)
    })();
    let m = match made {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
    };
    if let Err(e) = rotate::prune(root, now.date_naive(), &dir) {
        log::warn!("backup rotation failed: {e}");
    }
    Ok(BackupInfo::new(&dir, &m))
}

/// The online backup API from a read-only connection of its own, in one step: a
/// consistent snapshot that neither waits for nor blocks the app's writers (WAL).
fn copy_database(src: &Path, dst: &Path) -> Result<()> {
    backups::copy_database(src, dst)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dst, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io("设置备份文件权限", e))?;
    }
    Ok(())
}

/// Checks a database copy (`PRAGMA integrity_check`) and reads its schema version, item
/// count and blob hashes. Older schemas without the tables count as empty.
pub(super) fn check_copy(db: &Path) -> Result<(i64, i64, Vec<String>)> {
    let damaged = || {
        Error::invalid(
            "backup",
            format!(
                "备份中的数据库“{}”已损坏（完整性检查未通过）。",
                db.display()
            ),
        )
    };
    let conn = backups::open_read_only(db).map_err(|_| damaged())?;
    let check = backups::integrity_check(&conn).map_err(|_| damaged())?;
    if check != "ok" {
        log::error!("integrity_check of {}: {check}", db.display());
        return Err(damaged());
    }
    let version = store::schema_version(&conn)?;
    let items = if backups::has_table(&conn, "item")? {
        backups::item_count(&conn)?
    } else {
        0
    };
    let blobs = if backups::has_table(&conn, "blob")? {
        backups::blob_hashes(&conn)?
    } else {
        Vec::new()
    };
    Ok((version, items, blobs))
}

/// The folder of a backup that holds copies of the audit key files.
pub const KEYS_DIR: &str = "audit-keys";

/// Copies the audit key files of the backed-up database into the backup (a separate
/// folder, 0700, files 0600): restoring on another PC brings them back. Returns the copy's
/// audit chain head. Older schemas (no keys) give no anchor.
fn copy_audit_keys(db: &Path, backup: &Path) -> Result<Option<crate::audit::Anchor>> {
    let conn = backups::open_read_only(db)?;
    if !backups::has_table(&conn, "audit_key")? {
        return Ok(None);
    }
    if let Some(store_id) = audit_keys::store_id(&conn)? {
        let from = crate::audit::key::dir()?.join(store_id);
        let to = backup.join(KEYS_DIR);
        for id in audit_keys::key_ids(&conn)? {
            match crate::audit::key::read(&from, &id) {
                Some(k) => crate::audit::key::write_new(&to, &k)?,
                None => log::warn!(
                    "audit key {id} is not in {}: not in the backup",
                    from.display()
                ),
            }
        }
    }
    Ok(Some(crate::audit::anchor::head(&conn)?))
}

/// The anchors in the manifests of the backups in the data directory's backup folder.
pub fn anchors(data_dir: &Path) -> Vec<crate::audit::anchor::Found> {
    finished(&root_of(data_dir))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(dir, m)| {
            Some(crate::audit::anchor::Found {
                source: format!("备份 {}", dir.file_name()?.to_string_lossy()),
                at: Some(m.created_at.clone()),
                anchor: m.audit_anchor?,
            })
        })
        .collect()
}

/// Copies into the pool the blobs it lacks, verifying each by its hash. Returns the ones
/// the data directory lacks or holds damaged.
fn copy_blobs(
    data_dir: &Path,
    root: &Path,
    blobs: &[String],
    report: crate::job::Report<'_>,
) -> Result<Vec<String>> {
    let pool = root.join(POOL);
    let mut missing = Vec::new();
    let total = blobs.len() as u64;
    for (done, sha) in blobs.iter().enumerate() {
        crate::job::step(
            report,
            crate::job::Job::Backup,
            "复制附件",
            done as u64,
            total,
        )?;
        if !is_hash(sha) {
            missing.push(sha.clone());
            continue;
        }
        let dest = blob_path(&pool, sha);
        if dest.is_file() {
            continue;
        }
        match copy_verified(&crate::blobs::path(data_dir, sha), &dest, sha) {
            Ok(true) => {}
            Ok(false) => {
                log::warn!("attachment {sha} is missing or damaged in the data directory");
                missing.push(sha.clone());
            }
            Err(e) => return Err(e),
        }
    }
    Ok(missing)
}

fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `<dir>/ab/<sha256>`, the layout of the data directory's store and of the pool.
pub(super) fn blob_path(dir: &Path, sha: &str) -> PathBuf {
    dir.join(&sha[..2]).join(sha)
}

/// Copies `src` to `dest` through a temporary file, hashing on the way; the file lands
/// only when its hash is `sha`. False when `src` is missing or its content is not `sha`.
pub(super) fn copy_verified(src: &Path, dest: &Path, sha: &str) -> Result<bool> {
    let mut input = match File::open(src) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(format!("读取附件 {sha}"), e)),
    };
    let parent = dest.parent().unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| {
        Error::io(
            format!("复制附件到“{}”（{}）", parent.display(), io_reason(&e)),
            e,
        )
    };
    std::fs::create_dir_all(parent).map_err(fail)?;
    let tmp = tempfile::NamedTempFile::new_in(parent).map_err(fail)?;
    let mut out = BufWriter::new(tmp);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = input
            .read(&mut buf)
            .map_err(|e| Error::io(format!("读取附件 {sha}"), e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(fail)?;
    }
    let tmp = out.into_inner().map_err(|e| fail(e.into_error()))?;
    tmp.as_file().sync_all().map_err(fail)?;
    if hex::encode(hasher.finalize()) != sha {
        return Ok(false);
    }
    tmp.persist(dest).map_err(|e| fail(e.error))?;
    Ok(true)
}

/// SHA-256 and size of a file.
pub(super) fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut f = File::open(path).map_err(|e| Error::io(format!("读取“{}”", path.display()), e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| Error::io(format!("读取“{}”", path.display()), e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

fn blobs_hash(blobs: &[String]) -> String {
    hex::encode(Sha256::digest(blobs.join("\n").as_bytes()))
}

/// The manifest, through a temporary file renamed into place: the backup's last step.
fn write_manifest(dir: &Path, m: &Manifest) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::io(
            format!("写入备份记录“{}”（{}）", dir.display(), io_reason(&e)),
            e,
        )
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    let mut bytes = serde_json::to_vec_pretty(m).unwrap_or_default();
    bytes.push(b'\n');
    tmp.write_all(&bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(dir.join(MANIFEST)).map_err(|e| fail(e.error))?;
    Ok(())
}
