//! 按审批表查找 — from a paper sheet back to its record: the QR payload read by a scanner
//! (or typed), or the short content hash printed in the footer, names one review round.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::qr;
use crate::error::{Error, Result};
use crate::store::{sheets, Store};

/// The review round a sheet was printed from, as the app opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SheetMatch {
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    #[ts(type = "number")]
    pub round: i64,
    #[ts(type = "number")]
    pub version: i64,
    pub content_hash: String,
    /// The item's content today is still exactly what that round reviewed.
    pub unchanged: bool,
}

/// 扫码查找 (anyone signed in): [`lookup`], answered only to someone who may read the item
/// the sheet is of; to anyone else it is `not_found`, as for a sheet of no round here.
pub fn lookup_as(store: &Store, me: &crate::staff::Staff, text: &str) -> Result<SheetMatch> {
    let found = lookup(store, text)?;
    crate::access::check(store, me, found.item_id)?;
    Ok(found)
}

/// Finds the round of a QR payload (`DDSHEET:1:…`) or of a content hash (or its first 8+
/// hex characters, as printed in the footer).
pub fn lookup(store: &Store, text: &str) -> Result<SheetMatch> {
    let text = text.trim();
    let conn = store.conn();
    let rows = if let Some(r) = qr::parse(text) {
        sheets::round_with_hash(conn, r.item_id, r.round, &r.content_hash)?
    } else {
        let hex: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if hex.len() < 8 || hex.len() > 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::invalid(
                "sheet",
                "请输入审批表上的二维码内容，或页脚的内容哈希（至少 8 位）。",
            ));
        }
        sheets::rounds_by_hash_prefix(conn, &hex)?
    };
    let sheets::SheetRound {
        item_id,
        round,
        version,
        content_hash,
    } = match rows.as_slice() {
        [] => {
            return Err(Error::NotFound(
                "没有与该审批表对应的审查记录：可能不是本单位打印的，或内容已被改动。".into(),
            ))
        }
        [one] => one.clone(),
        // The same content submitted in several rounds: the latest is the one on file.
        [first, ..]
            if rows
                .iter()
                .all(|r| r.item_id == first.item_id && r.content_hash == first.content_hash) =>
        {
            first.clone()
        }
        _ => {
            return Err(Error::invalid(
                "sheet",
                "有多条审查记录以此开头，请多输入几位内容哈希。",
            ))
        }
    };
    let it = crate::item::get(store, item_id)?;
    let unchanged = crate::item::version_hash(conn, item_id, it.version)? == content_hash;
    Ok(SheetMatch {
        item_id,
        index_no: it.index_no,
        title: it.fields.title,
        round,
        version,
        content_hash,
        unchanged,
    })
}
