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
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

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
pub fn store_dir(conn: &Connection) -> Result<PathBuf> {
    Ok(dir()?.join(store_id(conn)?))
}

/// The data directory's id, made at the first open.
pub fn store_id(conn: &Connection) -> Result<String> {
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = 'store_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('store_id', ?1)",
        [&id],
    )?;
    Ok(id)
}

/// Readies a connection for the audit log: loads the keys when it has none yet, or when
/// the writer added an epoch since it loaded them (a read connection of the pool, before
/// each read).
pub(crate) fn refresh(conn: &Connection) -> Result<()> {
    let loaded: i64 = conn.query_row(
        "SELECT count(*) FROM temp.sqlite_schema WHERE name = 'audit_keys'",
        [],
        |r| r.get(0),
    )?;
    let stale = loaded == 0 || {
        let (known, recorded): (i64, i64) = conn.query_row(
            "SELECT (SELECT count(*) FROM temp.audit_keys), (SELECT count(*) FROM main.audit_key)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
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
pub(crate) fn load(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS audit_keys (
             key_id TEXT PRIMARY KEY, from_entry INTEGER NOT NULL, key BLOB NOT NULL);
         DELETE FROM temp.audit_keys;",
    )?;
    let dir = store_dir(conn)?;
    let epochs: Vec<(String, i64)> = conn
        .prepare("SELECT key_id, from_entry FROM audit_key ORDER BY from_entry")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut current_ok = false;
    for (i, (key_id, from)) in epochs.iter().enumerate() {
        match read(&dir, key_id).filter(|k| k.from_entry == *from) {
            Some(k) => {
                conn.execute(
                    "INSERT INTO temp.audit_keys (key_id, from_entry, key) VALUES (?1, ?2, ?3)",
                    params![key_id, from, k.bytes().unwrap_or_default()],
                )?;
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
fn new_epoch(conn: &Connection, dir: &Path) -> Result<()> {
    let store_id = store_id(conn)?;
    let next: i64 = conn.query_row("SELECT count + 1 FROM audit_head WHERE id = 1", [], |r| {
        r.get(0)
    })?;
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
    conn.execute(
        "INSERT INTO audit_key (key_id, from_entry, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (from_entry) DO UPDATE SET key_id = excluded.key_id, created_at = excluded.created_at",
        params![k.key_id, k.from_entry, k.created_at],
    )?;
    conn.execute(
        "INSERT INTO temp.audit_keys (key_id, from_entry, key) VALUES (?1, ?2, ?3)",
        params![k.key_id, k.from_entry, key.to_vec()],
    )?;
    log::info!("audit key {} signs entries from {next}", k.key_id);
    Ok(())
}

/// The key that signs entry `id`, if loaded: `None` for an entry before the first key
/// (the plain chain of older versions) or whose key file is missing.
pub(crate) fn for_entry(conn: &Connection, id: i64) -> Result<Option<KeyFor>> {
    let epoch: Option<(String, i64)> = conn
        .query_row(
            "SELECT key_id, from_entry FROM audit_key WHERE from_entry <= ?1
             ORDER BY from_entry DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((key_id, _)) = epoch else {
        return Ok(Some(KeyFor::Plain));
    };
    let key: Option<Vec<u8>> = conn
        .query_row(
            "SELECT key FROM temp.audit_keys WHERE key_id = ?1",
            [&key_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(key.map(KeyFor::Keyed))
}

/// How an entry is signed.
pub(crate) enum KeyFor {
    /// Before the first key: plain SHA-256.
    Plain,
    Keyed(Vec<u8>),
}

/// The key files of this data directory found in the key folder, for a backup to carry.
pub fn files_of(conn: &Connection) -> Result<Vec<KeyFile>> {
    let dir = store_dir(conn)?;
    let ids: Vec<String> = conn
        .prepare("SELECT key_id FROM audit_key ORDER BY from_entry")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
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
pub(crate) fn unrecorded(conn: &Connection) -> Result<Option<String>> {
    let dir = store_dir(conn)?;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(None);
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(key_id) = name.strip_suffix(".key") else {
            continue;
        };
        let listed: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM audit_key WHERE key_id = ?1)",
            [key_id],
            |r| r.get(0),
        )?;
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

fn head_count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count FROM audit_head WHERE id = 1", [], |r| {
        r.get(0)
    })
    .unwrap_or(0)
}
