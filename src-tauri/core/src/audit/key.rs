//! 审计密钥 — the keys that sign the audit chain, kept outside the database.
//!
//! Each entry's hash is an HMAC-SHA-256 under a key that lives in a file of its own in the
//! user's configuration folder (`~/.config/disclosure-desk/audit-keys/<数据目录编号>/` on
//! Linux, `%APPDATA%\disclosure-desk\audit-keys\…` on Windows; [`set_dir`] or
//! `DISCLOSURE_KEY_DIR` put it elsewhere, e.g. for the LAN server), created at the first
//! start with permissions 0600 in a folder of 0700. Someone who can edit the database file but cannot read
//! that folder can no longer recompute the chain after changing an entry.
//!
//! A data directory has one key per *epoch*: `audit_key` lists each key's id and the
//! first entry it signs. Entries before the first epoch (written before version 0013)
//! keep their plain SHA-256 chain. A new epoch starts only when the current key file is
//! missing (the data was moved to another PC without it): the app goes on, and
//! verification reports that the earlier entries' key is not here until the key file is
//! put back (every backup carries a copy of the keys).
//!
//! At open, the keys are loaded into a connection-local `temp.audit_keys` table, so
//! [`super::append`] on any connection (any transaction) finds the current key; nothing of
//! it is ever written into the database file or its backups.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::store::{audit_keys, audit_log, Conn};

/// Overrides the key folder (the environment variable, for the LAN server or tests run
/// as separate processes).
pub const KEY_DIR_ENV: &str = "DISCLOSURE_KEY_DIR";

static DIR: OnceLock<PathBuf> = OnceLock::new();

/// Sets the key folder for this process (the first call wins); returns whether it took.
pub fn set_dir(dir: PathBuf) -> bool {
    DIR.set(dir).is_ok()
}

/// The folder the key folders (one per data directory) are in.
pub fn dir() -> Result<PathBuf> {
    if let Some(d) = DIR.get() {
        return Ok(d.clone());
    }
    if let Some(d) = std::env::var_os(KEY_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::config_dir()
        .map(|d| d.join("disclosure-desk").join("audit-keys"))
        .ok_or_else(|| {
            Error::DataDir(format!(
                "找不到系统的配置目录，无法保存审计密钥；请用环境变量 {KEY_DIR_ENV} 指定。"
            ))
        })
}

/// One key file: the secret and what it belongs to (a copy of the database's record, so a
/// record changed in the database does not match its file).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    pub key_id: String,
    /// The data directory's id (`setting.store_id`).
    pub store_id: String,
    /// The first audit entry this key signs.
    pub from_entry: i64,
    pub created_at: String,
    /// 32 bytes, hex.
    pub key: String,
}

impl KeyFile {
    pub fn bytes(&self) -> Option<Vec<u8>> {
        hex::decode(&self.key).ok().filter(|k| k.len() == 32)
    }
}

fn key_id_of(key: &[u8]) -> String {
    hex::encode(&Sha256::digest(key)[..8])
}

pub fn path_of(dir: &Path, key_id: &str) -> PathBuf {
    dir.join(format!("{key_id}.key"))
}

/// Reads a key file, if it is there and sound.
pub fn read(dir: &Path, key_id: &str) -> Option<KeyFile> {
    let text = std::fs::read_to_string(path_of(dir, key_id)).ok()?;
    let k: KeyFile = serde_json::from_str(&text).ok()?;
    (k.key_id == key_id && k.bytes().is_some_and(|b| key_id_of(&b) == key_id)).then_some(k)
}

/// Writes a key file that must not exist yet, readable by its owner only, never through a
/// symbolic link.
pub fn write_new(dir: &Path, k: &KeyFile) -> Result<()> {
    let fail = |e: std::io::Error| Error::io(format!("保存审计密钥到“{}”", dir.display()), e);
    crate::paths::private_dir(dir).map_err(fail)?;
    let json = serde_json::to_string_pretty(k).map_err(|e| fail(std::io::Error::other(e)))?;
    let mut f = crate::paths::create_private(&path_of(dir, &k.key_id)).map_err(fail)?;
    f.write_all(json.as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    Ok(())
}

/// The folder of one data directory's key files.
pub fn store_dir(conn: &Conn) -> Result<PathBuf> {
    Ok(dir()?.join(store_id(conn)?))
}

/// The data directory's id, made at the first open.
pub fn store_id(conn: &Conn) -> Result<String> {
    if let Some(id) = audit_keys::store_id(conn)? {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    audit_keys::set_store_id(conn, &id)?;
    Ok(id)
}

/// Readies a connection for the audit log: loads the keys when it has none yet, or when
/// the writer added an epoch since it loaded them (a read connection of the pool, before
/// each read).
pub(crate) fn refresh(conn: &Conn) -> Result<()> {
    let stale = !audit_keys::temp_loaded(conn)? || {
        let (known, recorded) = audit_keys::loaded_and_recorded(conn)?;
        known != recorded
    };
    if stale {
        load(conn)?;
    }
    Ok(())
}

/// Loads this data directory's keys into `temp.audit_keys` for the connection, starting
/// a new epoch (a new key file) when there is none yet or the current key file is missing.
/// Returns a warning to log when an earlier key file is missing.
pub(crate) fn load(conn: &Conn) -> Result<()> {
    audit_keys::reset_temp(conn)?;
    let dir = store_dir(conn)?;
    let epochs = audit_keys::epochs(conn)?;
    let mut current_ok = false;
    for (i, (key_id, from)) in epochs.iter().enumerate() {
        match read(&dir, key_id).filter(|k| k.from_entry == *from) {
            Some(k) => {
                audit_keys::put_temp(conn, key_id, *from, &k.bytes().unwrap_or_default())?;
                current_ok = i + 1 == epochs.len();
            }
            None => log::error!(
                "audit key {key_id} (entries from {from}) is not in {}",
                dir.display()
            ),
        }
    }
    if !current_ok {
        new_epoch(conn, &dir)?;
    }
    Ok(())
}

/// Starts a new key: it signs every entry from the next one on.
fn new_epoch(conn: &Conn, dir: &Path) -> Result<()> {
    let store_id = store_id(conn)?;
    let next = audit_log::next_entry(conn)?;
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    let k = KeyFile {
        key_id: key_id_of(&key),
        store_id,
        from_entry: next,
        created_at: crate::clock::stamp(),
        key: hex::encode(key),
    };
    write_new(dir, &k)?;
    // A key for the same next entry (the previous file went missing before anything was
    // signed with it) is replaced.
    audit_keys::record_epoch(conn, &k.key_id, k.from_entry, &k.created_at)?;
    audit_keys::put_temp(conn, &k.key_id, k.from_entry, &key)?;
    log::info!("audit key {} signs entries from {next}", k.key_id);
    Ok(())
}

/// The key that signs entry `id`, if loaded: `None` for an entry before the first key
/// (the plain chain of older versions) or whose key file is missing.
pub(crate) fn for_entry(conn: &Conn, id: i64) -> Result<Option<KeyFor>> {
    let Some((key_id, _)) = audit_keys::epoch_of(conn, id)? else {
        return Ok(Some(KeyFor::Plain));
    };
    Ok(audit_keys::temp_key(conn, &key_id)?.map(KeyFor::Keyed))
}

/// How an entry is signed.
pub(crate) enum KeyFor {
    /// Before the first key: plain SHA-256.
    Plain,
    Keyed(Vec<u8>),
}

/// The key files of this data directory found in the key folder, for a backup to carry.
pub fn files_of(conn: &Conn) -> Result<Vec<KeyFile>> {
    let dir = store_dir(conn)?;
    let ids = audit_keys::key_ids(conn)?;
    Ok(ids.iter().filter_map(|id| read(&dir, id)).collect())
}

/// Puts back key files (from a backup's `audit-keys` folder) that the key folder lacks;
/// returns how many.
pub fn restore_files(from: &Path) -> Result<usize> {
    let mut restored = 0;
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(0);
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(key_id) = name.strip_suffix(".key") else {
            continue;
        };
        let Some(k) = read(from, key_id) else {
            continue;
        };
        let dir = dir()?.join(&k.store_id);
        if read(&dir, key_id).is_none() {
            write_new(&dir, &k)?;
            restored += 1;
        }
    }
    Ok(restored)
}

/// A key file of this data directory that its record (`audit_key`) does not list: the
/// record was changed to pass a chain off as older than its keys. `None` when all are.
pub(crate) fn unrecorded(conn: &Conn) -> Result<Option<String>> {
    let dir = store_dir(conn)?;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(None);
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(key_id) = name.strip_suffix(".key") else {
            continue;
        };
        let listed = audit_keys::is_recorded(conn, key_id)?;
        // A key made for the next entry and replaced before it signed anything is not
        // listed either: only a key that signed entries counts.
        if !listed && read(&dir, key_id).is_some_and(|k| k.from_entry <= head_count(conn)) {
            return Ok(Some(format!(
                "本机的审计密钥 {key_id}（签名第 {} 条起的记录）不在数据库的密钥记录中：密钥记录被改动。",
                read(&dir, key_id).map_or(0, |k| k.from_entry)
            )));
        }
    }
    Ok(None)
}

fn head_count(conn: &Conn) -> i64 {
    audit_log::head_count(conn).unwrap_or(0)
}
