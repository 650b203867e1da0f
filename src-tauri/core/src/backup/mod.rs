//! 备份与恢复 — backups of the database and the attachment store, and restoring one.
//!
//! A backup is a folder `<backup root>/<YYYYMMDD-HHMMSS>-<reason>/` holding `disclosure.db`
//! (written by SQLite's online backup API from its own read connection, in one step, so
//! it is a consistent snapshot even while the app writes) and `manifest.json`, written
//! last through a temporary file: a folder without a manifest is unfinished and is never
//! offered. Attachments are content-addressed, so all backups in a root share one pool
//! `<backup root>/blobs/ab/<sha256>`: each backup copies only the blobs the pool lacks,
//! hashing every byte it copies. Rotation (see `rotate`) keeps 7 daily and 4 weekly
//! backups; blobs no kept backup names are removed from the pool.
//!
//! The backup root is a setting (`backup` in the `setting` table); by default it is
//! `backups/` inside the data directory. A USB drive or another disk is better.

mod create;
mod restore;
mod rotate;

pub use create::{anchors, create, create_at, create_with, daily_if_due, KEYS_DIR};
use create::{blob_path, check_copy, copy_verified, hash_file};
pub use restore::{
    latest_good, restore, restore_damaged, restore_damaged_with, restore_with, verify, verify_with,
};
pub use rotate::retained;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{io_reason, Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{backups, Conn, Store, DB_FILE};

/// `format` of every backup manifest.
pub const FORMAT: &str = "disclosure-desk-backup";
/// The manifest's file name inside a backup folder.
pub const MANIFEST: &str = "manifest.json";
/// The default backup root's name inside the data directory.
pub const DEFAULT_DIR: &str = "backups";
/// The shared attachment pool's name inside the backup root.
const POOL: &str = "blobs";

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// 每日自动备份 (at start-up, once a day)
    Daily,
    /// 手动备份 (the 备份 button or `disclosure backup`)
    Manual,
    /// 升级前备份 (before a schema migration)
    PreMigration,
    /// 恢复前备份 (the data replaced by a restore)
    PreRestore,
}

impl Reason {
    fn slug(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Manual => "manual",
            Reason::PreMigration => "pre-migration",
            Reason::PreRestore => "pre-restore",
        }
    }
}

/// What `manifest.json` records about one backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// Local time with offset, to the second.
    pub created_at: String,
    pub reason: Reason,
    pub app_version: String,
    pub schema_version: i64,
    /// 公开事项 in the backup.
    pub items: i64,
    pub db_sha256: String,
    pub db_bytes: u64,
    /// Every blob the database names, sorted; each is in the pool with this hash.
    pub blobs: Vec<String>,
    /// SHA-256 over `blobs` joined by newlines: one value to compare two backups by.
    pub blobs_sha256: String,
    /// Blobs the database names that the data directory lacked (or held damaged) when
    /// the backup was made; restore warns about them.
    #[serde(default)]
    pub missing: Vec<String>,
    /// The audit chain's head in the backed-up database (an anchor `audit verify` checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_anchor: Option<crate::audit::Anchor>,
}

/// One backup as the 备份与恢复 page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    pub path: String,
    pub name: String,
    pub created_at: String,
    pub reason: Reason,
    pub app_version: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub items: i64,
    #[ts(type = "number")]
    pub attachments: i64,
    #[ts(type = "number")]
    pub missing: i64,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl BackupInfo {
    fn new(dir: &Path, m: &Manifest) -> BackupInfo {
        BackupInfo {
            path: dir.display().to_string(),
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            created_at: m.created_at.clone(),
            reason: m.reason,
            app_version: m.app_version.clone(),
            schema_version: m.schema_version,
            items: m.items,
            attachments: m.blobs.len() as i64,
            missing: m.missing.len() as i64,
            bytes: m.db_bytes,
        }
    }
}

/// 备份设置: where backups go. An empty `dir` means `backups/` in the data directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct BackupSettings {
    pub dir: String,
}

/// What the 备份与恢复 page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupOverview {
    pub settings: BackupSettings,
    /// The folder backups go to now.
    pub root: String,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
}

/// The backup settings; defaults (with a warning in the log) when the stored value is
/// damaged, so a bad setting never stops the app or a backup.
pub fn settings(conn: &Conn) -> BackupSettings {
    match backups::setting(conn) {
        Ok(Some(raw)) => serde_json::from_str(&raw).unwrap_or_else(|e| {
            log::warn!("unreadable backup setting, using the default folder: {e}");
            BackupSettings::default()
        }),
        Ok(None) => BackupSettings::default(),
        Err(e) => {
            log::warn!("backup setting not readable, using the default folder: {e}");
            BackupSettings::default()
        }
    }
}

/// The backup root these settings name for `data_dir`.
pub fn root_for(data_dir: &Path, s: &BackupSettings) -> PathBuf {
    if s.dir.trim().is_empty() {
        data_dir.join(DEFAULT_DIR)
    } else {
        PathBuf::from(s.dir.trim())
    }
}

/// The backup root of the store in `data_dir`, read without migrating or writing; the
/// default when the database cannot be read (a damaged store still finds its backups
/// when they are in the default place).
pub fn root_of(data_dir: &Path) -> PathBuf {
    let db = data_dir.join(DB_FILE);
    let s = backups::open_read_only(&db)
        .map(|c| settings(&c))
        .unwrap_or_default();
    root_for(data_dir, &s)
}

/// The backup root of an open store.
pub fn root(store: &Store) -> PathBuf {
    root_for(store.data_dir(), &settings(store.conn()))
}

/// Changes where backups go (管理员). The folder is created and must be writable.
pub fn set_settings(
    store: &mut Store,
    actor: &Staff,
    new: &BackupSettings,
) -> Result<BackupSettings> {
    actor.require(Role::Admin)?;
    let new = BackupSettings {
        dir: new.dir.trim().to_string(),
    };
    if !new.dir.is_empty() && !Path::new(&new.dir).is_absolute() {
        return Err(Error::invalid("dir", "请选择一个完整路径的文件夹。"));
    }
    let root = root_for(store.data_dir(), &new);
    check_writable(&root)?;
    let value = serde_json::to_string(&new).unwrap_or_default();
    let shown = if new.dir.is_empty() {
        "数据目录中的 backups 文件夹".to_string()
    } else {
        new.dir.clone()
    };
    store.transaction(|tx| {
        backups::set_setting(tx, &value)?;
        audit::append(
            tx,
            actor.into(),
            Event::new("backup.settings", format!("备份位置改为：{shown}")),
        )
    })?;
    Ok(new)
}

fn check_writable(root: &Path) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::invalid(
            "dir",
            format!("无法在“{}”中写入备份：{}。", root.display(), io_reason(&e)),
        )
    };
    std::fs::create_dir_all(root).map_err(fail)?;
    tempfile::NamedTempFile::new_in(root).map_err(fail)?;
    Ok(())
}

/// 备份与恢复 (管理员): the settings, the folder and every finished backup in it.
pub fn overview(store: &Store, me: &Staff) -> Result<BackupOverview> {
    me.require(Role::Admin)?;
    let s = settings(store.conn());
    let root = root_for(store.data_dir(), &s);
    Ok(BackupOverview {
        settings: s,
        root: root.display().to_string(),
        backups: list(&root)?,
    })
}

/// 立即备份 (管理员): where the copy goes — the data directory to copy and the backup
/// folder. The copy itself ([`create_with`]) holds no connection; [`record_manual`] then
/// writes it into the audit log.
pub fn manual_target(store: &Store, me: &Staff) -> Result<(PathBuf, PathBuf)> {
    me.require(Role::Admin)?;
    Ok((store.data_dir().to_path_buf(), root(store)))
}

/// 从备份恢复 (管理员), as [`restore`] with `me` recorded as who restored. A refusal
/// consumes nothing but the connection (the caller reopens it, as after any refused
/// restore).
pub fn restore_as(store: Store, backup: &Path, me: &Staff) -> Result<Store> {
    restore_as_with(store, backup, me, &mut crate::job::quiet)
}

/// [`restore_as`] with progress, as [`restore_with`].
pub fn restore_as_with(
    store: Store,
    backup: &Path,
    me: &Staff,
    report: crate::job::Report<'_>,
) -> Result<Store> {
    me.require(Role::Admin)?;
    restore_with(store, backup, &me.name, report)
}

/// 校验 (管理员): checks one backup completely, as a restore would before it replaced
/// anything — its manifest, the database's hash and integrity, every attachment's hash —
/// and answers with its summary, or with what is wrong with it in Chinese. Reads nothing of
/// the current data.
pub fn check(me: &Staff, backup: &Path) -> Result<BackupInfo> {
    me.require(Role::Admin)?;
    let m = verify(backup)?;
    Ok(BackupInfo::new(backup, &m))
}

/// When the newest finished backup of the store was made (设置 → 关于), if any.
pub fn last(store: &Store) -> Result<Option<String>> {
    Ok(finished(&root(store))?
        .into_iter()
        .next()
        .map(|(_, m)| m.created_at))
}

/// Every finished backup (one with a readable manifest) in `root`, newest first.
pub fn list(root: &Path) -> Result<Vec<BackupInfo>> {
    Ok(finished(root)?
        .into_iter()
        .map(|(dir, m)| BackupInfo::new(&dir, &m))
        .collect())
}

/// The folders with a readable manifest, newest first.
fn finished(root: &Path) -> Result<Vec<(PathBuf, Manifest)>> {
    let entries = match std::fs::read_dir(root) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("读取备份文件夹“{}”", root.display()), e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let dir = entry.path();
        if !dir.is_dir() || entry.file_name() == POOL {
            continue;
        }
        if let Ok(m) = read_manifest(&dir) {
            out.push((dir, m));
        }
    }
    out.sort_by(|a, b| b.1.created_at.cmp(&a.1.created_at).then(b.0.cmp(&a.0)));
    Ok(out)
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let raw = std::fs::read(dir.join(MANIFEST)).map_err(|e| {
        Error::invalid(
            "backup",
            format!(
                "“{}”不是完整的备份（缺少 manifest.json：{}）。",
                dir.display(),
                io_reason(&e)
            ),
        )
    })?;
    let m: Manifest = serde_json::from_slice(&raw).map_err(|_| {
        Error::invalid(
            "backup",
            format!("备份“{}”的 manifest.json 已损坏。", dir.display()),
        )
    })?;
    if m.format != FORMAT {
        return Err(Error::invalid(
            "backup",
            format!("“{}”不是政务公开工作台的备份。", dir.display()),
        ));
    }
    Ok(m)
}

/// A manual backup of the open store into `to`, or its backup root (管理员), audited.
pub fn create_manual(store: &mut Store, actor: &Staff, to: Option<&Path>) -> Result<BackupInfo> {
    actor.require(Role::Admin)?;
    let root = to.map_or_else(|| root(store), Path::to_path_buf);
    let info = create(store.data_dir(), &root, Reason::Manual)?;
    record_manual(store, actor, &info)?;
    Ok(info)
}

/// Records a manual backup made by `actor` (管理员) in the audit log: the last step of
/// [`create_manual`], for callers that make the copy without holding the store (the
/// window, so that the other pages keep working meanwhile).
pub fn record_manual(store: &mut Store, actor: &Staff, info: &BackupInfo) -> Result<()> {
    actor.require(Role::Admin)?;
    store.transaction(|tx| {
        audit::append(
            tx,
            actor.into(),
            Event::new("backup.create", format!("备份：{}", info.path)),
        )
    })
}
