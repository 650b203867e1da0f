//! The audit keys as the database knows them: the connection-local `temp.audit_keys` table
//! (the key bytes, loaded at open, never written into the file), the `audit_key` record of
//! each key's epoch, and the data directory's id (`setting.store_id`) that names the key
//! folder. Making, reading and checking the key files is `audit::key`'s.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// The data directory's id, when it has one yet.
pub fn store_id(conn: &Conn) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM setting WHERE key = 'store_id'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records the data directory's id.
pub fn set_store_id(conn: &Conn, id: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('store_id', ?1)",
        [id],
    )?;
    Ok(())
}

/// Whether this connection has its `temp.audit_keys` table.
pub fn temp_loaded(conn: &Conn) -> Result<bool> {
    let loaded: i64 = conn.query_row(
        "SELECT count(*) FROM temp.sqlite_schema WHERE name = 'audit_keys'",
        [],
        |r| r.get(0),
    )?;
    Ok(loaded != 0)
}

/// How many keys this connection has loaded, and how many epochs `audit_key` records.
pub fn loaded_and_recorded(conn: &Conn) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM temp.audit_keys), (SELECT count(*) FROM main.audit_key)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Creates this connection's `temp.audit_keys` when missing, and empties it.
pub fn reset_temp(conn: &Conn) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS audit_keys (
             key_id TEXT PRIMARY KEY, from_entry INTEGER NOT NULL, key BLOB NOT NULL);
         DELETE FROM temp.audit_keys;",
    )?;
    Ok(())
}

/// Loads one key into this connection's `temp.audit_keys`.
pub fn put_temp(conn: &Conn, key_id: &str, from_entry: i64, key: &[u8]) -> Result<()> {
    conn.execute(
        "INSERT INTO temp.audit_keys (key_id, from_entry, key) VALUES (?1, ?2, ?3)",
        params![key_id, from_entry, key],
    )?;
    Ok(())
}

/// The key loaded on this connection under `key_id`, if any.
pub fn temp_key(conn: &Conn, key_id: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT key FROM temp.audit_keys WHERE key_id = ?1",
            [key_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The recorded epochs in order: each key's id and the first entry it signs.
pub fn epochs(conn: &Conn) -> Result<Vec<(String, i64)>> {
    Ok(conn
        .prepare("SELECT key_id, from_entry FROM audit_key ORDER BY from_entry")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The recorded keys' ids, in the order of their epochs.
pub fn key_ids(conn: &Conn) -> Result<Vec<String>> {
    Ok(conn
        .prepare("SELECT key_id FROM audit_key ORDER BY from_entry")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// One epoch with its key as loaded on this connection.
pub struct LoadedEpoch {
    pub from_entry: i64,
    pub key_id: String,
    /// `None` when this connection has not loaded it (its key file is missing).
    pub key: Option<Vec<u8>>,
}

/// The recorded epochs in order, each with its loaded key.
pub fn loaded_epochs(conn: &Conn) -> Result<Vec<LoadedEpoch>> {
    Ok(conn
        .prepare(
            "SELECT k.from_entry, k.key_id, t.key FROM audit_key k
             LEFT JOIN temp.audit_keys t ON t.key_id = k.key_id ORDER BY k.from_entry",
        )?
        .query_map([], |r| {
            Ok(LoadedEpoch {
                from_entry: r.get(0)?,
                key_id: r.get(1)?,
                key: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The epoch that entry `id` falls in (its key's id and first entry), if any.
pub fn epoch_of(conn: &Conn, id: i64) -> Result<Option<(String, i64)>> {
    Ok(conn
        .query_row(
            "SELECT key_id, from_entry FROM audit_key WHERE from_entry <= ?1
             ORDER BY from_entry DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Records a new epoch; one recorded for the same first entry is replaced.
pub fn record_epoch(conn: &Conn, key_id: &str, from_entry: i64, created_at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_key (key_id, from_entry, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (from_entry) DO UPDATE SET key_id = excluded.key_id, created_at = excluded.created_at",
        params![key_id, from_entry, created_at],
    )?;
    Ok(())
}

/// Whether `audit_key` records the key `key_id`.
pub fn is_recorded(conn: &Conn, key_id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit_key WHERE key_id = ?1)",
        [key_id],
        |r| r.get(0),
    )?)
}
