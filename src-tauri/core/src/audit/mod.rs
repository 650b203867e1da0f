//! 审计日志 — every action that changes data is appended here in the same transaction as
//! the change, with who, when, the item and its content hash before and after.
//!
//! Entries are hash-chained (see migration 0004). `verify` walks the chain and names the
//! first entry that was altered, inserted or deleted outside the app. An attacker who can
//! rewrite the whole file can rewrite the whole chain: the chain makes tampering evident to
//! the next verification, it does not make it impossible.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

mod view;

pub use view::{export_csv, recent, search, AuditEntry, AuditFilter};

use crate::clock::stamp;
use crate::error::Result;
use crate::staff::Staff;
use crate::store::Store;

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did it: a signed-in person, or (sign-in failures) only the name that was typed.
pub enum Actor<'a> {
    Staff(&'a Staff),
    Name(&'a str),
}

impl<'a> From<&'a Staff> for Actor<'a> {
    fn from(s: &'a Staff) -> Self {
        Actor::Staff(s)
    }
}

/// One thing that happened, for `append`.
pub struct Event<'a> {
    /// Stable action code, e.g. `item.create`, `staff.add`, `sign_in.failed`.
    pub action: &'a str,
    pub item_id: Option<i64>,
    pub before_hash: Option<&'a str>,
    pub after_hash: Option<&'a str>,
    /// Short Chinese description shown in the audit view.
    pub detail: String,
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str, detail: impl Into<String>) -> Self {
        Event {
            action,
            item_id: None,
            before_hash: None,
            after_hash: None,
            detail: detail.into(),
        }
    }

    pub fn item(mut self, id: i64) -> Self {
        self.item_id = Some(id);
        self
    }

    pub fn hashes(mut self, before: Option<&'a str>, after: Option<&'a str>) -> Self {
        self.before_hash = before;
        self.after_hash = after;
        self
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn entry_hash(
    id: i64,
    at: &str,
    actor_id: Option<i64>,
    actor_name: &str,
    action: &str,
    item_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
    detail: &str,
    prev: &str,
) -> String {
    // Length-prefixed fields, so no two different entries serialize alike.
    let mut h = Sha256::new();
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    for field in [
        id.to_string().as_str(),
        at,
        &opt(actor_id),
        actor_name,
        action,
        &opt(item_id),
        before.unwrap_or(""),
        after.unwrap_or(""),
        detail,
        prev,
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends an entry. Call inside the transaction that makes the change.
pub(crate) fn append(conn: &Connection, actor: Actor<'_>, e: Event<'_>) -> Result<()> {
    let (count, prev): (i64, String) =
        conn.query_row("SELECT count, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let id = count + 1;
    let at = stamp();
    let (actor_id, actor_name) = match actor {
        Actor::Staff(s) => (Some(s.id), s.name.as_str()),
        Actor::Name(n) => (None, n),
    };
    let hash = entry_hash(
        id,
        &at,
        actor_id,
        actor_name,
        e.action,
        e.item_id,
        e.before_hash,
        e.after_hash,
        &e.detail,
        &prev,
    );
    conn.execute(
        "INSERT INTO audit_log (id, at, actor_id, actor_name, action, item_id, before_hash, after_hash, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![id, at, actor_id, actor_name, e.action, e.item_id, e.before_hash, e.after_hash, e.detail, prev, hash],
    )?;
    conn.execute(
        "UPDATE audit_head SET count = ?1, hash = ?2 WHERE id = 1",
        params![id, hash],
    )?;
    Ok(())
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditCheck {
    pub ok: bool,
    /// Entries checked.
    #[ts(type = "number")]
    pub entries: i64,
    /// The first entry found wrong, when not ok.
    #[ts(type = "number | null")]
    pub first_bad: Option<i64>,
    /// What is wrong, in Chinese.
    pub message: String,
}

/// Walks the whole chain.
pub fn verify(store: &Store) -> Result<AuditCheck> {
    walk(store.conn(), None)
}

/// Entries the start-up check reads: the newest ones, where a change made while the app
/// was closed is most likely. The full walk stays on demand (设置 → 审计日志).
pub const STARTUP_ENTRIES: i64 = 1000;

/// The start-up check: the head agrees with the newest entry and the count, and the
/// newest `last` entries are intact and linked. Its cost does not grow with the log.
pub fn verify_recent(store: &Store, last: i64) -> Result<AuditCheck> {
    walk(store.conn(), Some(last))
}

/// Checks the chain from the first entry, or (`last`) from the newest `last` entries,
/// whose first link is taken on trust.
fn walk(conn: &Connection, last: Option<i64>) -> Result<AuditCheck> {
    let (head_count, head_hash): (i64, String) =
        conn.query_row("SELECT count, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let from = last.map_or(1, |n| (head_count - n + 1).max(1));
    let mut stmt = conn.prepare(
        "SELECT id, at, actor_id, actor_name, action, item_id, before_hash, after_hash, detail, prev_hash, hash
         FROM audit_log WHERE id >= ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([from])?;
    let mut expected_id = from;
    let mut prev: Option<String> = (from == 1).then(|| GENESIS.to_string());
    let bad = |id: i64, message: String| AuditCheck {
        ok: false,
        entries: id - 1,
        first_bad: Some(id),
        message,
    };
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if id > expected_id {
            return Ok(bad(
                expected_id,
                format!("第 {expected_id} 条审计记录被删除（记录编号不连续）。"),
            ));
        }
        // Fields are read in place (no copy per field): a million entries stream through.
        let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str()?) };
        let maybe =
            |i: usize| -> rusqlite::Result<Option<&str>> { Ok(r.get_ref(i)?.as_str_or_null()?) };
        let stored_prev = text(9)?;
        let stored_hash = text(10)?;
        let actual = entry_hash(
            id,
            text(1)?,
            r.get(2)?,
            text(3)?,
            text(4)?,
            r.get(5)?,
            maybe(6)?,
            maybe(7)?,
            text(8)?,
            stored_prev,
        );
        if prev.as_ref().is_some_and(|p| *p != stored_prev) {
            return Ok(bad(
                id,
                format!("第 {id} 条审计记录与前一条衔接不上：其前的记录被删除、插入或改动。"),
            ));
        }
        if actual != stored_hash {
            return Ok(bad(id, format!("第 {id} 条审计记录的内容被改动。")));
        }
        prev = Some(actual);
        expected_id = id + 1;
    }
    let entries = expected_id - 1;
    if entries != head_count || prev.as_deref().is_some_and(|p| p != head_hash) {
        return Ok(bad(
            entries + 1,
            format!("审计记录应有 {head_count} 条，实有 {entries} 条：末尾的记录被删除或改动。"),
        ));
    }
    Ok(AuditCheck {
        ok: true,
        entries,
        first_bad: None,
        message: format!("审计日志完好，共 {entries} 条记录。"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a test: prints how long the start-up check takes on a log of a million
    /// entries (`cargo test -p disclosure-core --lib startup_check_timing -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn startup_check_timing() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::Error::io("temp", e))?;
        let mut store = Store::open(dir.path())?;
        let n = 1_000_000;
        let t = std::time::Instant::now();
        {
            let tx = store.conn_mut().transaction()?;
            for i in 0..n {
                append(
                    &tx,
                    Actor::Name("测试"),
                    Event::new("item.edit", format!("修改第 {i} 项的内容概述与正文")).item(i),
                )?;
            }
            tx.commit()?;
        }
        println!("appended {n} entries in {:?}", t.elapsed());
        drop(store);
        let t = std::time::Instant::now();
        let store = Store::open(dir.path())?;
        println!("opened in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        crate::store::quick_check(&store, &[])?;
        println!("quick_check of the whole file in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        crate::store::startup_check(&store)?;
        println!("startup_check in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        assert!(verify_recent(&store, STARTUP_ENTRIES)?.ok);
        println!("verify_recent in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        assert!(verify(&store)?.ok);
        println!("full verify in {:?}", t.elapsed());
        Ok(())
    }
}
