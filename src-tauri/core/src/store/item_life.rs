//! The item's status as stored: the one `UPDATE` of `item.status` (called only from
//! `item::life`, which asks the life's rules first; `tests/layout.rs` checks) and the open
//! review round a withdrawal closes.

use rusqlite::{params, OptionalExtension};

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

/// The item's open review round: its id, number and the content hash it reviews.
pub struct OpenRound {
    pub id: i64,
    pub round: i64,
    pub content_hash: String,
}

/// The item's latest open review round, if any.
pub fn open_round(conn: &Conn, item_id: i64) -> Result<Option<OpenRound>> {
    Ok(conn
        .query_row(
            "SELECT id, round, content_hash FROM review_round
             WHERE item_id = ?1 AND outcome = 'open' ORDER BY round DESC LIMIT 1",
            [item_id],
            |r| {
                Ok(OpenRound {
                    id: r.get(0)?,
                    round: r.get(1)?,
                    content_hash: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Closes review round `round_id` as withdrawn by staff `by` at `at`.
pub fn close_round_withdrawn(conn: &Conn, round_id: i64, at: &str, by: i64) -> Result<()> {
    conn.execute(
        "UPDATE review_round SET outcome = 'withdrawn', closed_at = ?2, closed_by = ?3 WHERE id = ?1",
        params![round_id, at, by],
    )?;
    Ok(())
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
