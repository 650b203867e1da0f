//! The `publication` (where and since when an item is on the public site) and
//! `revocation` (撤回/废止 to carry to the site) tables.

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// Records (or re-records) that `item_id` is published at `url` since `published_on`.
pub fn upsert(
    conn: &Conn,
    item_id: i64,
    url: &str,
    published_on: &str,
    recorded_by: i64,
    recorded_at: &str,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO publication (item_id, url, published_on, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (item_id) DO UPDATE SET url = excluded.url, published_on = excluded.published_on,
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at")?.execute(params![item_id, url, published_on, recorded_by, recorded_at])?;
    Ok(())
}

/// A revocation as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRevocation<'a> {
    pub item_id: i64,
    /// The kind's code (`withdrawn`, `repealed`).
    pub kind: &'a str,
    pub reason: &'a str,
    pub revoked_on: &'a str,
    pub revoked_by: i64,
    pub revoked_at: &'a str,
}

/// Records a revocation, not yet carried by a bundle; its id.
pub fn insert_revocation(conn: &Conn, r: &NewRevocation<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO revocation (item_id, kind, reason, revoked_on, revoked_by, revoked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        r.item_id,
        r.kind,
        r.reason,
        r.revoked_on,
        r.revoked_by,
        r.revoked_at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A revocation no bundle has carried yet, with its item and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRevocation {
    pub id: i64,
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    /// The kind's code.
    pub kind: String,
    pub revoked_on: String,
    pub url: Option<String>,
}

/// The revocations no bundle has carried yet, oldest first.
pub fn pending(conn: &Conn) -> Result<Vec<PendingRevocation>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.item_id, i.index_no, i.title, r.kind, r.revoked_on, p.url
             FROM revocation r JOIN item i ON i.id = r.item_id
             LEFT JOIN publication p ON p.item_id = r.item_id
             WHERE r.bundle_id IS NULL ORDER BY r.id",
        )?
        .query_map([], |r| {
            Ok(PendingRevocation {
                id: r.get(0)?,
                item_id: r.get(1)?,
                index_no: r.get(2)?,
                title: r.get(3)?,
                kind: r.get(4)?,
                revoked_on: r.get(5)?,
                url: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Records that bundle `bundle_id` carries revocation `id`.
pub fn carried_by(conn: &Conn, id: i64, bundle_id: &str) -> Result<()> {
    conn.prepare_cached("UPDATE revocation SET bundle_id = ?2 WHERE id = ?1")?
        .execute(params![id, bundle_id])?;
    Ok(())
}
