//! The `item_version` table: every saved content of an item as a JSON snapshot.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// An item's latest version as stored.
pub struct Latest {
    pub version: i64,
    pub snapshot: String,
    /// The editing session's version that autosaves still update.
    pub open: bool,
    pub saved_by: i64,
}

/// The item's latest version, if it has one.
pub fn latest(conn: &Conn, item_id: i64) -> Result<Option<Latest>> {
    Ok(conn
        .query_row(
            "SELECT version, snapshot, open, saved_by FROM item_version WHERE item_id = ?1
             ORDER BY version DESC LIMIT 1",
            [item_id],
            |r| {
                Ok(Latest {
                    version: r.get(0)?,
                    snapshot: r.get(1)?,
                    open: r.get(2)?,
                    saved_by: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Closes the editing session of version `version`.
pub fn close(conn: &Conn, item_id: i64, version: i64) -> Result<()> {
    conn.execute(
        "UPDATE item_version SET open = 0 WHERE item_id = ?1 AND version = ?2",
        params![item_id, version],
    )?;
    Ok(())
}

/// Rewrites version `version`'s snapshot (an autosave of the same session), open or not.
pub fn rewrite(
    conn: &Conn,
    item_id: i64,
    version: i64,
    snapshot: &str,
    open: bool,
    saved_at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE item_version SET snapshot = ?3, open = ?4, saved_at = ?5 WHERE item_id = ?1 AND version = ?2",
        params![item_id, version, snapshot, open, saved_at],
    )?;
    Ok(())
}

/// Adds version `version` of the item.
pub fn insert(
    conn: &Conn,
    item_id: i64,
    version: i64,
    snapshot: &str,
    open: bool,
    saved_by: i64,
    saved_at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO item_version (item_id, version, snapshot, open, saved_by, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        item_id, version, snapshot, open, saved_by, saved_at
    ])?;
    Ok(())
}

/// Closes any open editing session of the item; its latest version number (NULL when it
/// has none, which the caller's type decides about).
pub fn freeze(conn: &Conn, item_id: i64) -> Result<i64> {
    conn.execute(
        "UPDATE item_version SET open = 0 WHERE item_id = ?1 AND open = 1",
        [item_id],
    )?;
    Ok(conn.query_row(
        "SELECT MAX(version) FROM item_version WHERE item_id = ?1",
        [item_id],
        |r| r.get(0),
    )?)
}

/// A version as listed: its number, who saved it (name) and when.
pub struct VersionRow {
    pub version: i64,
    pub saved_by_name: String,
    pub saved_at: String,
}

/// The item's versions, newest first.
pub fn list(conn: &Conn, item_id: i64) -> Result<Vec<VersionRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT v.version, s.name, v.saved_at FROM item_version v JOIN staff s ON s.id = v.saved_by
             WHERE v.item_id = ?1 ORDER BY v.version DESC",
        )?
        .query_map([item_id], |r| {
            Ok(VersionRow {
                version: r.get(0)?,
                saved_by_name: r.get(1)?,
                saved_at: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The snapshot (JSON) of version `version`, if there is one.
pub fn snapshot(conn: &Conn, item_id: i64, version: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT snapshot FROM item_version WHERE item_id = ?1 AND version = ?2",
            params![item_id, version],
            |r| r.get(0),
        )
        .optional()?)
}

/// What a version's ids name, for a diff: the name (or title) of the row `id` of
/// `what`'s table; `None` when it is missing or cannot be read.
pub fn name_of(conn: &Conn, what: Named, id: i64) -> Result<Option<String>> {
    let sql = match what {
        Named::Category => "SELECT name FROM category WHERE id = ?1",
        Named::Office => "SELECT name FROM office WHERE id = ?1",
        Named::Staff => "SELECT name FROM staff WHERE id = ?1",
        Named::Task => "SELECT title FROM plan_task WHERE id = ?1",
    };
    Ok(conn
        .query_row(sql, [id], |r| r.get::<_, String>(0))
        .optional()?)
}

/// The tables whose rows a version refers to by id.
#[derive(Debug, Clone, Copy)]
pub enum Named {
    Category,
    Office,
    Staff,
    Task,
}
