//! The re-reviews of 不予公开 decisions (`rereview`): one row per due date, done or not.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// A re-review not done yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRereview {
    pub id: i64,
    pub decision_id: i64,
    pub due_on: String,
}

/// The item's latest re-review not done yet.
pub fn open(conn: &Conn, item_id: i64) -> Result<Option<OpenRereview>> {
    Ok(conn
        .query_row(
            "SELECT id, decision_id, due_on FROM rereview
             WHERE item_id = ?1 AND done_at IS NULL ORDER BY id DESC LIMIT 1",
            [item_id],
            |r| {
                Ok(OpenRereview {
                    id: r.get(0)?,
                    decision_id: r.get(1)?,
                    due_on: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Schedules a re-review of the item's decision `decision_id` on `due_on`.
pub fn insert(conn: &Conn, item_id: i64, decision_id: i64, due_on: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO rereview (item_id, decision_id, due_on) VALUES (?1, ?2, ?3)")?
        .execute(params![item_id, decision_id, due_on])?;
    Ok(())
}

/// Records re-review `id` as done, with its outcome (`release` or `keep`) and comment.
pub fn finish(
    conn: &Conn,
    id: i64,
    done_at: &str,
    done_by: i64,
    outcome: &str,
    comment: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE rereview SET done_at = ?2, done_by = ?3, outcome = ?4, comment = ?5 WHERE id = ?1",
    )?
    .execute(params![id, done_at, done_by, outcome, comment])?;
    Ok(())
}
