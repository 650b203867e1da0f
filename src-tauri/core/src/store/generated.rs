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
