//! 记录与审计日志对照 — the records the log must vouch for. A status set with a database
//! tool leaves no entry in the (keyed) log, so these find it:
//! - an item 已通过, 已导出, 已发布 or 已撤回 has a review round that ended 通过, and every
//!   decision of that round has its `review.decide` entry;
//! - every item a bundle carried has its `bundle.export` entry for that content;
//! - an item 已导出 or later was carried by a bundle.
//!
//! Each query reads the items by status through an index and the log through
//! `audit_item`, so the check stays a fraction of the chain walk at 100,000 items.

use crate::error::Result;
use crate::store::{audit_log, Conn};

/// At most this many problems are listed (the first ones say enough).
const LIMIT: i64 = 20;

/// What the log does not vouch for, each in one Chinese sentence; empty when all agree.
pub fn check(conn: &Conn) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for no in audit_log::approved_without_round(conn, LIMIT)? {
        out.push(format!(
            "事项 {no} 的状态表明已审查通过，却没有审查通过的轮次。"
        ));
    }
    for no in audit_log::decisions_unlogged(conn, LIMIT)? {
        out.push(format!(
            "事项 {no} 审查通过的决定在审计日志中没有相应的记录。"
        ));
    }
    for no in audit_log::exports_unlogged(conn, LIMIT)? {
        out.push(format!("事项 {no} 的导出在审计日志中没有相应的记录。"));
    }
    for no in audit_log::exported_without_bundle(conn, LIMIT)? {
        out.push(format!(
            "事项 {no} 的状态表明已导出，却没有导出它的上传包。"
        ));
    }
    Ok(out)
}
