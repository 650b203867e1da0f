//! 恢复 — checking a backup and putting it in place of the current data.
//!
//! Nothing is replaced until the backup has been verified and staged in the data
//! directory (the database copied to a temporary file and hashed, missing attachments
//! copied into the store by hash). Then the current data is itself backed up, the store is
//! closed and the staged file renamed over `disclosure.db` — one atomic step.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

use super::{
    blob_path, check_copy, copy_verified, create_with, finished, hash_file, read_manifest, root,
    BackupInfo, Manifest, Reason, POOL,
};
use crate::audit::{self, Actor, Event};
use crate::error::{io_reason, Error, Result};
use crate::job::{cancelled, step, within, Job, Report};
use crate::store::{self, backups, Store, DB_FILE};

fn damaged(backup: &Path, what: &str) -> Error {
    Error::invalid(
        "backup",
        format!(
            "备份“{}”已损坏（{what}），不能用它恢复。请选择另一份备份。",
            backup.display()
        ),
    )
}

/// Checks a backup completely: its manifest, the database's hash and integrity, and
/// every attachment's hash in the pool. Returns its manifest.
pub fn verify(backup: &Path) -> Result<Manifest> {
    verify_with(backup, &mut crate::job::quiet)
}

/// [`verify`], telling `report` of the database and then each attachment (as a
/// [`Job::Restore`]'s stage); `false` stops it ([`Error::Cancelled`]).
pub fn verify_with(backup: &Path, report: Report<'_>) -> Result<Manifest> {
    let m = read_manifest(backup)?;
    if m.schema_version > store::latest_version() {
        return Err(Error::NewerDatabase {
            found: m.schema_version,
            supported: store::latest_version(),
        });
    }
    step(report, Job::Restore, "校验备份的数据库", 0, 1)?;
    let db = backup.join(DB_FILE);
    let (sha, _) = hash_file(&db).map_err(|_| damaged(backup, "缺少数据库文件"))?;
    if sha != m.db_sha256 {
        return Err(damaged(backup, "数据库文件与备份记录不符"));
    }
    check_copy(&db).map_err(|_| damaged(backup, "数据库完整性检查未通过"))?;
    let pool = pool_of(backup);
    let total = present(&m).count() as u64;
    for (done, blob) in present(&m).enumerate() {
        step(report, Job::Restore, "校验备份的附件", done as u64, total)?;
        let (sha, _) = hash_file(&blob_path(&pool, blob))
            .map_err(|_| damaged(backup, &format!("缺少附件 {blob}")))?;
        if sha != *blob {
            return Err(damaged(backup, &format!("附件 {blob} 内容不符")));
        }
    }
    step(report, Job::Restore, "校验备份的附件", total, total)?;
    Ok(m)
}

/// The newest backup in `root` that passes `verify`.
pub fn latest_good(root: &Path) -> Result<Option<BackupInfo>> {
    for (dir, _) in finished(root)? {
        match verify(&dir) {
            Ok(m) => return Ok(Some(BackupInfo::new(&dir, &m))),
            Err(e) => log::warn!("backup {} is not usable: {e}", dir.display()),
        }
    }
    Ok(None)
}

fn pool_of(backup: &Path) -> PathBuf {
    backup.parent().unwrap_or(Path::new(".")).join(POOL)
}

fn present(m: &Manifest) -> impl Iterator<Item = &String> {
    m.blobs.iter().filter(|b| !m.missing.contains(b))
}

/// Restores `backup` in place of the open store's data, keeping the current data as a
/// backup first; returns the reopened store. `who` is recorded in the restored audit log.
pub fn restore(store: Store, backup: &Path, who: &str) -> Result<Store> {
    restore_with(store, backup, who, &mut crate::job::quiet)
}

/// [`restore`], telling `report` of each stage: checking the backup, copying it into the
/// data directory, backing up the current data. Until the last of these ends, `false`
/// stops it ([`Error::Cancelled`]) with the current data as it was (the staged copy and
/// the unfinished backup removed; attachments already copied in are content-addressed and
/// harmless); the swap itself, one rename, is never interrupted.
pub fn restore_with(store: Store, backup: &Path, who: &str, report: Report<'_>) -> Result<Store> {
    let m = verify_with(backup, report)?;
    let dir = store.data_dir().to_path_buf();
    let staged = stage(&dir, backup, &m, report)?;
    let kept = create_with(
        &dir,
        &root(&store),
        Reason::PreRestore,
        &mut within(report, Job::Restore, "备份当前数据"),
    )
    .map_err(|e| match e {
        Error::Cancelled(_) => cancelled(Job::Restore),
        e => e,
    })?;
    // The last point at which to stop: a backup of the current data was made, and stays.
    step(report, Job::Restore, "替换数据", 0, 1)?;
    drop(store);
    swap(&dir, staged)?;
    put_back_keys(backup);
    reopen(
        &dir,
        who,
        format!(
            "从备份恢复：{}（{}）；恢复前的数据已备份到 {}",
            backup.display(),
            m.created_at,
            kept.path
        ),
    )
}

/// Restores `backup` into `data_dir` whose database cannot be opened or failed its
/// start-up check: the damaged files are moved aside to `damaged-<time>/` (never
/// deleted), then the backup is put in place. Returns the reopened store.
pub fn restore_damaged(data_dir: &Path, backup: &Path, who: &str) -> Result<Store> {
    restore_damaged_with(data_dir, backup, who, &mut crate::job::quiet)
}

/// [`restore_damaged`], telling `report` of checking and copying the backup; `false`
/// stops it before anything is moved aside ([`Error::Cancelled`]).
pub fn restore_damaged_with(
    data_dir: &Path,
    backup: &Path,
    who: &str,
    report: Report<'_>,
) -> Result<Store> {
    let m = verify_with(backup, report)?;
    let staged = stage(data_dir, backup, &m, report)?;
    step(report, Job::Restore, "替换数据", 0, 1)?;
    let aside = data_dir.join(format!(
        "damaged-{}",
        crate::clock::now().format("%Y%m%d-%H%M%S")
    ));
    let fail = |e: std::io::Error| Error::io(format!("移开损坏的数据库（{}）", io_reason(&e)), e);
    std::fs::create_dir_all(&aside).map_err(fail)?;
    for name in backups::db_files() {
        let from = data_dir.join(&name);
        if from.exists() {
            std::fs::rename(&from, aside.join(&name)).map_err(fail)?;
        }
    }
    swap(data_dir, staged)?;
    put_back_keys(backup);
    reopen(
        data_dir,
        who,
        format!(
            "数据库未通过启动检查，从备份恢复：{}（{}）；损坏的文件已移到 {}",
            backup.display(),
            m.created_at,
            aside.display()
        ),
    )
}

/// Copies the attachments the store lacks and the database (to a temporary file in the
/// data directory), verifying both by hash. Nothing current is touched.
fn stage(dir: &Path, backup: &Path, m: &Manifest, report: Report<'_>) -> Result<NamedTempFile> {
    let pool = pool_of(backup);
    let total = present(m).count() as u64;
    for (done, blob) in present(m).enumerate() {
        step(report, Job::Restore, "复制附件", done as u64, total)?;
        let dest = crate::blobs::path(dir, blob);
        if dest.is_file() {
            continue;
        }
        if !copy_verified(&blob_path(&pool, blob), &dest, blob)? {
            return Err(damaged(backup, &format!("附件 {blob} 内容不符")));
        }
    }
    let fail = |e: std::io::Error| {
        Error::io(
            format!("复制备份的数据库到数据目录（{}）", io_reason(&e)),
            e,
        )
    };
    step(report, Job::Restore, "复制数据库", 0, 1)?;
    let mut input = std::fs::File::open(backup.join(DB_FILE)).map_err(fail)?;
    let mut tmp = NamedTempFile::new_in(dir).map_err(fail)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = input.read(&mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        tmp.write_all(&buf[..n]).map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    if hex::encode(hasher.finalize()) != m.db_sha256 {
        return Err(damaged(backup, "数据库文件与备份记录不符"));
    }
    Ok(tmp)
}

/// Puts the staged database in place (the store closed; see
/// [`backups::replace_database`]).
fn swap(dir: &Path, staged: NamedTempFile) -> Result<()> {
    backups::replace_database(dir, staged)
}

/// The backup's copies of the audit key files go back into the key folder where it lacks
/// them (restoring on another PC), before the store opens and looks for its keys.
fn put_back_keys(backup: &Path) {
    match audit::key::restore_files(&backup.join(super::KEYS_DIR)) {
        Ok(0) => {}
        Ok(n) => log::info!("{n} audit key files restored from {}", backup.display()),
        Err(e) => log::error!("audit keys not restored from {}: {e}", backup.display()),
    }
}

fn reopen(dir: &Path, who: &str, detail: String) -> Result<Store> {
    let mut store = Store::open(dir)?;
    store.transaction(|tx| {
        audit::append(tx, Actor::Name(who), Event::new("backup.restore", detail))
    })?;
    Ok(store)
}
