//! The item's status as stored: the one `UPDATE` of `item.status` (called only from
//! `item::life`, which asks the life's rules first; `tests/layout.rs` checks).

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// Sets item `item_id`'s status code to `to` where it is still `from`; the number of rows
/// changed (0 when someone changed it meanwhile).
pub fn set_status(conn: &Conn, item_id: i64, from: &str, to: &str, at: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE item SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status = ?4",
        params![item_id, to, at, from],
    )?)
}

/// gen-demo's one write of a generated item's final status code, version and time.
#[cfg(feature = "demo")]
pub fn write_generated(
    conn: &Conn,
    item_id: i64,
    status: &str,
    version: i64,
    updated_at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE item SET status = ?2, version = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![item_id, status, version, updated_at])?;
    Ok(())
}
