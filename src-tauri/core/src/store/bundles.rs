//! The `bundle` and `bundle_item` tables (what each upload bundle carried), the export
//! journal (`bundle_journal`) and what choosing a bundle's items reads.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// Adds the journal row of bundle `id` (to be renamed to `path`, `plan` as JSON).
pub fn journal_insert(
    conn: &Conn,
    id: &str,
    path: &str,
    plan: &str,
    created_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO bundle_journal (id, path, plan, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, path, plan, created_at],
    )?;
    Ok(())
}

/// Deletes the journal row of bundle `id` (none is fine).
pub fn journal_delete(conn: &Conn, id: &str) -> Result<()> {
    conn.execute("DELETE FROM bundle_journal WHERE id = ?1", [id])?;
    Ok(())
}

/// One journal row: a bundle renamed (or about to be) but not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    pub id: String,
    pub path: String,
    /// The plan as JSON.
    pub plan: String,
}

/// Every journal row, oldest first.
pub fn journal_rows(conn: &Conn) -> Result<Vec<JournalRow>> {
    Ok(conn
        .prepare("SELECT id, path, plan FROM bundle_journal ORDER BY created_at")?
        .query_map([], |r| {
            Ok(JournalRow {
                id: r.get(0)?,
                path: r.get(1)?,
                plan: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// A bundle as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBundle<'a> {
    pub id: &'a str,
    pub file_name: &'a str,
    pub item_count: i64,
    pub revocation_count: i64,
    pub bytes: i64,
    pub created_by: i64,
    pub created_at: &'a str,
    pub sha256: Option<&'a str>,
}

/// Records a bundle.
pub fn insert_bundle(conn: &Conn, b: &NewBundle<'_>) -> Result<()> {
    conn.prepare_cached("INSERT INTO bundle (id, file_name, item_count, revocation_count, bytes, created_by, created_at, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?.execute(params![
            b.id,
            b.file_name,
            b.item_count,
            b.revocation_count,
            b.bytes,
            b.created_by,
            b.created_at,
            b.sha256
        ])?;
    Ok(())
}

/// Records that bundle `bundle_id` carried version `version` of `item_id`.
pub fn insert_bundle_item(
    conn: &Conn,
    bundle_id: &str,
    item_id: i64,
    version: i64,
    content_hash: &str,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO bundle_item (bundle_id, item_id, version, content_hash) VALUES (?1, ?2, ?3, ?4)")?.execute(params![bundle_id, item_id, version, content_hash])?;
    Ok(())
}

/// The recorded SHA-256 (absent for bundles recorded before it was) and size of bundle
/// `id`, or `None` when it was not recorded here.
pub fn recorded(conn: &Conn, id: &str) -> Result<Option<(Option<String>, i64)>> {
    Ok(conn
        .query_row(
            "SELECT sha256, bytes FROM bundle WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// (index number, content hash) of each item bundle `bundle_id` carried.
pub fn carried(conn: &Conn, bundle_id: &str) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare(
            "SELECT i.index_no, b.content_hash FROM bundle_item b JOIN item i ON i.id = b.item_id
             WHERE b.bundle_id = ?1",
        )?
        .query_map([bundle_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The latest approved review round of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedRound {
    pub version: i64,
    pub content_hash: String,
    pub closed_at: Option<String>,
}

/// The latest round of `item_id` that was approved, if any.
pub fn last_approved_round(conn: &Conn, item_id: i64) -> Result<Option<ApprovedRound>> {
    Ok(conn
        .query_row(
            "SELECT version, content_hash, closed_at FROM review_round
             WHERE item_id = ?1 AND outcome = 'approved' ORDER BY round DESC LIMIT 1",
            [item_id],
            |r| {
                Ok(ApprovedRound {
                    version: r.get(0)?,
                    content_hash: r.get(1)?,
                    closed_at: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Ids of the live approved items, then the exported ones, each most recently updated
/// first.
pub fn approved_or_exported_ids(conn: &Conn) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached(concat!(
            "SELECT id FROM item WHERE status IN ",
            crate::status_sql!(Approved, Exported),
            " AND deleted_at IS NULL
             ORDER BY status = ",
            crate::status_sql!(Exported),
            ", updated_at DESC, id DESC"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Ids of the live approved items, by index number.
pub fn approved_ids(conn: &Conn) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached(concat!(
            "SELECT id FROM item WHERE status = ",
            crate::status_sql!(Approved),
            " AND deleted_at IS NULL ORDER BY index_no"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The index number of item `id` (deleted or not), if there is one.
pub fn index_no_of(conn: &Conn, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT index_no FROM item WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}
