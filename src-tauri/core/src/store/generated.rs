//! What only gen-demo (the `demo` feature) writes or reads that no table module of the
//! app already does: the audit chain written in bulk, the index counters set at once,
//! the bundles' counts settled after the fact, and the pragmas that make generating
//! 100,000 items fast. Every other row gen-demo writes goes through the app's own table
//! modules, so a schema change cannot miss it.

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// Sets the connection up for a bulk write: a 64 MiB page cache and room for every
/// statement a generated item's life prepares (cached, not prepared again per item).
pub fn for_speed(conn: &Conn) -> Result<()> {
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Back to the usual page cache, then `PRAGMA optimize` and a truncating checkpoint.
pub fn done(conn: &Conn) -> Result<()> {
    conn.pragma_update(None, "cache_size", -2000)?;
    conn.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// How many items the database holds (deleted ones too).
pub fn item_count(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM item", [], |r| r.get(0))?)
}

/// The number of items in each status (its code), by code.
pub fn status_counts(conn: &Conn) -> Result<Vec<(String, i64)>> {
    Ok(conn
        .prepare("SELECT status, COUNT(*) FROM item GROUP BY status ORDER BY status")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The audit chain's head: how many entries it has and the last one's hash.
pub fn audit_head(conn: &Conn) -> Result<(i64, String)> {
    Ok(
        conn.query_row("SELECT count, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?,
    )
}

/// One audit entry, hashed and chained by the caller.
pub struct AuditRow<'a> {
    pub id: i64,
    pub at: &'a str,
    pub actor_id: i64,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub item_id: Option<i64>,
    pub before_hash: Option<&'a str>,
    pub after_hash: Option<&'a str>,
    pub detail: &'a str,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// Appends an audit entry (the head is moved on by [`set_audit_head`]).
pub fn insert_audit(conn: &Conn, e: &AuditRow<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor_id, actor_name, action, item_id, before_hash, after_hash, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        e.id,
        e.at,
        e.actor_id,
        e.actor_name,
        e.action,
        e.item_id,
        e.before_hash,
        e.after_hash,
        e.detail,
        e.prev_hash,
        e.hash
    ])?;
    Ok(())
}

/// Moves the audit chain's head to `count` entries ending in `hash`.
pub fn set_audit_head(conn: &Conn, count: i64, hash: &str) -> Result<()> {
    conn.prepare_cached("UPDATE audit_head SET count = ?1, hash = ?2 WHERE id = 1")?
        .execute(params![count, hash])?;
    Ok(())
}

/// Every year's index counter: (year, next number).
pub fn index_counters(conn: &Conn) -> Result<Vec<(i32, i64)>> {
    Ok(conn
        .prepare("SELECT year, next FROM index_counter")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Sets `year`'s index counter to `next`.
pub fn set_index_counter(conn: &Conn, year: i32, next: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO index_counter (year, next) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET next = excluded.next",
        params![year, next],
    )?;
    Ok(())
}

/// Counts what every bundle carried (items and revocations) and sets its size from them.
pub fn settle_bundles(conn: &Conn) -> Result<()> {
    conn.execute_batch(
        "UPDATE bundle SET
            item_count = (SELECT COUNT(*) FROM bundle_item b WHERE b.bundle_id = bundle.id),
            revocation_count = (SELECT COUNT(*) FROM revocation r WHERE r.bundle_id = bundle.id);
         UPDATE bundle SET bytes = 4096 + item_count * 23000 + revocation_count * 600;",
    )?;
    Ok(())
}
