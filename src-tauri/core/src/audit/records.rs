//! 记录与审计日志对照 — the records the log must vouch for. A status set with a database
//! tool leaves no entry in the (keyed) log, so these find it:
//! - an item 已通过, 已导出, 已发布 or 已撤回 has a review round that ended 通过, and every
//!   decision of that round has its `review.decide` entry;
//! - every item a bundle carried has its `bundle.export` entry for that content;
//! - an item 已导出 or later was carried by a bundle.
//!
//! Each query reads the items by status through an index and the log through
//! `audit_item`, so the check stays a fraction of the chain walk at 100,000 items.

use rusqlite::Connection;

use crate::error::Result;

/// At most this many problems are listed (the first ones say enough).
const LIMIT: i64 = 20;

/// What the log does not vouch for, each in one Chinese sentence; empty when all agree.
pub fn check(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut run = |sql: &str, say: &dyn Fn(String) -> String| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([LIMIT], |r| r.get::<_, String>(0))?;
        for r in rows {
            out.push(say(r?));
        }
        Ok(())
    };
    run(
        concat!(
"SELECT i.index_no FROM item i
         WHERE i.status IN ",
crate::status_sql!(Approved, Exported, Published, Revoked),
" AND i.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM review_round r WHERE r.item_id = i.id AND r.outcome = 'approved')
         LIMIT ?1"
),
        &|no| format!("事项 {no} 的状态表明已审查通过，却没有审查通过的轮次。"),
    )?;
    run(
        "SELECT DISTINCT i.index_no FROM review_round r JOIN item i ON i.id = r.item_id
         WHERE r.outcome = 'approved'
           AND (SELECT COUNT(*) FROM review_decision d WHERE d.round_id = r.id)
             > (SELECT COUNT(*) FROM audit_log a INDEXED BY audit_item
                WHERE a.item_id = r.item_id AND a.action = 'review.decide'
                  AND a.after_hash = r.content_hash)
         LIMIT ?1",
        &|no| format!("事项 {no} 审查通过的决定在审计日志中没有相应的记录。"),
    )?;
    run(
        "SELECT DISTINCT i.index_no FROM bundle_item b JOIN item i ON i.id = b.item_id
         WHERE NOT EXISTS (SELECT 1 FROM audit_log a INDEXED BY audit_item
                           WHERE a.item_id = b.item_id AND a.action = 'bundle.export'
                             AND a.after_hash = b.content_hash)
         LIMIT ?1",
        &|no| format!("事项 {no} 的导出在审计日志中没有相应的记录。"),
    )?;
    run(
        concat!(
            "SELECT i.index_no FROM item i
         WHERE i.status IN ",
            crate::status_sql!(Exported, Published),
            " AND i.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM bundle_item b WHERE b.item_id = i.id)
         LIMIT ?1"
        ),
        &|no| format!("事项 {no} 的状态表明已导出，却没有导出它的上传包。"),
    )?;
    Ok(out)
}
