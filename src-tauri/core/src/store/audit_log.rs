//! The `audit_log` and `audit_head` tables: the chain's entries and its head, the reads
//! the chain's verification and the audit views make, and the records the log must vouch
//! for. How an entry is hashed and signed is `audit`'s; this module only stores and reads.

use std::ops::ControlFlow;

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Conn;
use crate::error::Result;

/// The chain's head: how many entries it has and the newest one's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub count: i64,
    pub hash: String,
}

/// The head now (`audit_head`).
pub fn head(conn: &Conn) -> Result<Head> {
    Ok(
        conn.query_row("SELECT count, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok(Head {
                count: r.get(0)?,
                hash: r.get(1)?,
            })
        })?,
    )
}

/// The id the next entry gets (the head's count plus one).
pub fn next_entry(conn: &Conn) -> Result<i64> {
    Ok(
        conn.query_row("SELECT count + 1 FROM audit_head WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}

/// The head's count, read on its own.
pub fn head_count(conn: &Conn) -> Result<i64> {
    Ok(
        conn.query_row("SELECT count FROM audit_head WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}

/// A new entry, its hash already made.
pub struct NewEntry<'a> {
    pub id: i64,
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub item_id: Option<i64>,
    pub before_hash: Option<&'a str>,
    pub after_hash: Option<&'a str>,
    pub detail: &'a str,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// Writes the entry and moves the head onto it.
pub fn append(conn: &Conn, e: &NewEntry<'_>) -> Result<()> {
    insert_entry(conn, e)?;
    set_head(conn, e.id, e.hash)
}

/// Writes the entry, leaving the head where it is (a bulk writer such as gen-demo moves
/// it once at the end with [`set_head`]).
pub fn insert_entry(conn: &Conn, e: &NewEntry<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor_id, actor_name, action, item_id, before_hash, after_hash, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![e.id, e.at, e.actor_id, e.actor_name, e.action, e.item_id, e.before_hash, e.after_hash, e.detail, e.prev_hash, e.hash])?;
    Ok(())
}

/// Moves the chain's head to `count` entries ending in `hash`.
pub fn set_head(conn: &Conn, count: i64, hash: &str) -> Result<()> {
    conn.prepare_cached("UPDATE audit_head SET count = ?1, hash = ?2 WHERE id = 1")?
        .execute(params![count, hash])?;
    Ok(())
}

/// The stored hash of entry `id`, if the entry is there.
pub fn hash_of(conn: &Conn, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// When the newest `backup.restore` entry was written, if there is one.
pub fn last_restore_at(conn: &Conn) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT at FROM audit_log INDEXED BY audit_action
             WHERE action = 'backup.restore' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// One stored entry as the chain's walk reads it: each field is read in place when asked
/// for (no copy), so a million entries stream through and a field the walk does not need
/// is never read.
pub struct ChainEntry<'r> {
    row: &'r Row<'r>,
}

impl<'r> ChainEntry<'r> {
    fn text(&self, i: usize) -> Result<&'r str> {
        Ok(self
            .row
            .get_ref(i)?
            .as_str()
            .map_err(rusqlite::Error::from)?)
    }

    fn maybe(&self, i: usize) -> Result<Option<&'r str>> {
        Ok(self
            .row
            .get_ref(i)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?)
    }

    pub fn id(&self) -> Result<i64> {
        Ok(self.row.get(0)?)
    }
    pub fn at(&self) -> Result<&'r str> {
        self.text(1)
    }
    pub fn actor_id(&self) -> Result<Option<i64>> {
        Ok(self.row.get(2)?)
    }
    pub fn actor_name(&self) -> Result<&'r str> {
        self.text(3)
    }
    pub fn action(&self) -> Result<&'r str> {
        self.text(4)
    }
    pub fn item_id(&self) -> Result<Option<i64>> {
        Ok(self.row.get(5)?)
    }
    pub fn before_hash(&self) -> Result<Option<&'r str>> {
        self.maybe(6)
    }
    pub fn after_hash(&self) -> Result<Option<&'r str>> {
        self.maybe(7)
    }
    pub fn detail(&self) -> Result<&'r str> {
        self.text(8)
    }
    pub fn prev_hash(&self) -> Result<&'r str> {
        self.text(9)
    }
    pub fn hash(&self) -> Result<&'r str> {
        self.text(10)
    }
}

/// Streams the entries from id `from` on, in order, to `each` until it breaks; what it
/// broke with, or `None` when every entry was read.
pub fn walk_from<T>(
    conn: &Conn,
    from: i64,
    mut each: impl FnMut(&ChainEntry<'_>) -> Result<ControlFlow<T>>,
) -> Result<Option<T>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor_id, actor_name, action, item_id, before_hash, after_hash, detail, prev_hash, hash
         FROM audit_log WHERE id >= ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([from])?;
    while let Some(row) = rows.next()? {
        if let ControlFlow::Break(out) = each(&ChainEntry { row })? {
            return Ok(Some(out));
        }
    }
    Ok(None)
}

/// One entry as the audit view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub actor_name: String,
    pub action: String,
    #[ts(type = "number | null")]
    pub item_id: Option<i64>,
    pub before_hash: Option<String>,
    pub after_hash: Option<String>,
    pub detail: String,
}

const COLUMNS: &str = "id, at, actor_name, action, item_id, before_hash, after_hash, detail";

fn entry(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor_name: r.get(2)?,
        action: r.get(3)?,
        item_id: r.get(4)?,
        before_hash: r.get(5)?,
        after_hash: r.get(6)?,
        detail: r.get(7)?,
    })
}

/// The newest `limit` entries first, of one item only when `item_id` is given.
pub fn recent(conn: &Conn, item_id: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE ?1 IS NULL OR item_id = ?1 ORDER BY id DESC LIMIT ?2"
        ))?
        .query_map(params![item_id, limit], entry)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What [`search`] looks for; each text is taken as given (trimmed by the caller), an
/// empty one matches everything.
pub struct LogFilter<'a> {
    /// Part of the actor's name.
    pub actor: &'a str,
    /// An action, or an action family (`review` matches `review.decide`).
    pub action: &'a str,
    /// Text in the detail line.
    pub text: &'a str,
    /// `YYYY-MM-DD`, inclusive.
    pub from: &'a str,
    /// `YYYY-MM-DD`, inclusive.
    pub to: &'a str,
    /// Only entries older than this id.
    pub before_id: Option<i64>,
    /// At most this many; all when `None`.
    pub limit: Option<u32>,
}

/// A `LIKE` pattern matching `s` (trimmed) anywhere, its wildcards escaped with `\`.
fn like(s: &str) -> String {
    let escaped = s
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Hands `each` the entries matching `f`, newest first.
pub fn search(
    conn: &Conn,
    f: &LogFilter<'_>,
    each: &mut dyn FnMut(AuditEntry) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit_log
         WHERE (?1 = '' OR actor_name LIKE ?2 ESCAPE '\\')
           AND (?3 = '' OR action = ?3 OR action LIKE ?3 || '.%')
           AND (?4 = '' OR detail LIKE ?5 ESCAPE '\\')
           AND (?6 = '' OR at >= ?6)
           AND (?7 = '' OR substr(at, 1, 10) <= ?7)
           AND (?9 IS NULL OR id < ?9)
         ORDER BY id DESC LIMIT ?8"
    ))?;
    let rows = stmt.query_map(
        params![
            f.actor,
            like(f.actor),
            f.action,
            f.text,
            like(f.text),
            f.from,
            f.to,
            f.limit.map(i64::from).unwrap_or(-1),
            f.before_id,
        ],
        entry,
    )?;
    for row in rows {
        each(row?)?;
    }
    Ok(())
}

/// The records the log must vouch for, checked against it: the 索引号 of at most `limit`
/// items 已通过 or later (not deleted) with no review round that ended 通过.
pub fn approved_without_round(conn: &Conn, limit: i64) -> Result<Vec<String>> {
    index_nos(
        conn,
        concat!(
"SELECT i.index_no FROM item i
         WHERE i.status IN ",
crate::status_sql!(Approved, Exported, Published, Revoked),
" AND i.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM review_round r WHERE r.item_id = i.id AND r.outcome = 'approved')
         LIMIT ?1"
),
        limit,
    )
}

/// The 索引号 of at most `limit` items with an approving round that has more decisions
/// than `review.decide` entries for its content.
pub fn decisions_unlogged(conn: &Conn, limit: i64) -> Result<Vec<String>> {
    index_nos(
        conn,
        "SELECT DISTINCT i.index_no FROM review_round r JOIN item i ON i.id = r.item_id
         WHERE r.outcome = 'approved'
           AND (SELECT COUNT(*) FROM review_decision d WHERE d.round_id = r.id)
             > (SELECT COUNT(*) FROM audit_log a INDEXED BY audit_item
                WHERE a.item_id = r.item_id AND a.action = 'review.decide'
                  AND a.after_hash = r.content_hash)
         LIMIT ?1",
        limit,
    )
}

/// The 索引号 of at most `limit` items a bundle carried without a `bundle.export` entry
/// for that content.
pub fn exports_unlogged(conn: &Conn, limit: i64) -> Result<Vec<String>> {
    index_nos(
        conn,
        "SELECT DISTINCT i.index_no FROM bundle_item b JOIN item i ON i.id = b.item_id
         WHERE NOT EXISTS (SELECT 1 FROM audit_log a INDEXED BY audit_item
                           WHERE a.item_id = b.item_id AND a.action = 'bundle.export'
                             AND a.after_hash = b.content_hash)
         LIMIT ?1",
        limit,
    )
}

/// The 索引号 of at most `limit` items 已导出 or 已发布 (not deleted) that no bundle carried.
pub fn exported_without_bundle(conn: &Conn, limit: i64) -> Result<Vec<String>> {
    index_nos(
        conn,
        concat!(
            "SELECT i.index_no FROM item i
         WHERE i.status IN ",
            crate::status_sql!(Exported, Published),
            " AND i.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM bundle_item b WHERE b.item_id = i.id)
         LIMIT ?1"
        ),
        limit,
    )
}

fn index_nos(conn: &Conn, sql: &str, limit: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([limit], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
