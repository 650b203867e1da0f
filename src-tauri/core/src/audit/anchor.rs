//! 审计锚点 — the chain's head (entry count and hash) written down outside the database:
//! in the footer of every printed review sheet and register, in every bundle's manifest,
//! in every backup's manifest, and in the last [`KEEP`] lines of `audit-anchors.txt`
//! beside the database.
//!
//! The chain alone shows an entry changed in place; it cannot show the log cut short and
//! `audit_head` rewritten to match, nor a whole chain recomputed by someone holding the
//! key. An anchor can: the entry it names must still be there with the same hash. `audit
//! verify` checks every anchor it can find ([`crate::audit_admin::verify_full`]).

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{audit_log, Conn};

/// The anchor file's name in the data directory.
pub const FILE: &str = "audit-anchors.txt";
/// Lines kept in the anchor file.
pub const KEEP: usize = 100;

/// The chain's head at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Anchor {
    #[ts(type = "number")]
    pub count: i64,
    pub hash: String,
}

impl Anchor {
    /// As printed in a footer: `审计链 第 N 条 9f2c…`.
    pub fn footer(&self) -> String {
        format!(
            "审计链 第 {} 条 {}",
            self.count,
            &self.hash[..self.hash.len().min(16)]
        )
    }
}

/// The chain's head now.
pub fn head(conn: &Conn) -> Result<Anchor> {
    let h = audit_log::head(conn)?;
    Ok(Anchor {
        count: h.count,
        hash: h.hash,
    })
}

/// The head now, also written to the anchor file (`what` says why: 打印审批表, 导出上传包 …).
/// A failure to write the file is logged, never in the way of the print or export.
pub fn take(conn: &Conn, data_dir: &Path, what: &str) -> Result<Anchor> {
    let a = head(conn)?;
    if let Err(e) = append_line(data_dir, &a, what) {
        log::error!("audit anchor not written to {FILE}: {e}");
    }
    Ok(a)
}

fn append_line(data_dir: &Path, a: &Anchor, what: &str) -> std::io::Result<()> {
    let path = data_dir.join(FILE);
    let what = what.replace(['\t', '\n', '\r'], " ");
    let line = format!(
        "{}\t{}\t{}\t{what}\n",
        crate::clock::stamp(),
        a.count,
        a.hash
    );
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let lines = existing.lines().count();
    if lines < KEEP {
        let mut f = crate::paths::open_append_private(&path)?;
        f.write_all(line.as_bytes())?;
        return f.sync_all();
    }
    // Keep the newest KEEP lines: the file is rewritten whole (through a temporary file).
    let mut kept: Vec<&str> = existing.lines().skip(lines + 1 - KEEP).collect();
    let line = line.trim_end();
    kept.push(line);
    let text = kept.join("\n") + "\n";
    crate::paths::write_atomic(&path, text.as_bytes(), "写审计锚点").map_err(std::io::Error::other)
}

/// An anchor found somewhere, and where.
#[derive(Debug, Clone)]
pub struct Found {
    /// 锚点文件第 3 行, 备份 20261201-090000-daily, 上传包 鞍山市教育局_….zip …
    pub source: String,
    /// When it was taken (RFC 3339), when known.
    pub at: Option<String>,
    pub anchor: Anchor,
}

/// The anchors in the data directory's anchor file (none when there is no file).
pub fn in_file(data_dir: &Path) -> Vec<Found> {
    let Ok(text) = std::fs::read_to_string(data_dir.join(FILE)) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let mut parts = line.split('\t');
            let at = parts.next()?;
            let count = parts.next()?.parse().ok()?;
            let hash = parts.next()?.to_string();
            Some(Found {
                source: format!("锚点文件第 {} 行（{at}）", n + 1),
                at: Some(at.to_string()),
                anchor: Anchor { count, hash },
            })
        })
        .collect()
}

/// Whether `a` is a prefix of the chain in `conn`: entry `a.count` is there with hash
/// `a.hash` (an anchor of an empty chain always is). `None` when it is; otherwise what
/// is wrong.
pub fn check(conn: &Conn, a: &Anchor) -> Result<Option<String>> {
    if a.count == 0 {
        return Ok(None);
    }
    Ok(match audit_log::hash_of(conn, a.count)? {
        None => Some(format!(
            "记录了 {} 条审计记录，现在的审计日志不到这么多条：审计日志被截断。",
            a.count
        )),
        Some(h) if h != a.hash => Some(format!(
            "记录的第 {} 条审计记录与现在的不同：审计日志被改写。",
            a.count
        )),
        Some(_) => None,
    })
}

/// When the data was last restored from a backup (the newest `backup.restore` entry):
/// anchors taken before it may belong to the data the restore replaced.
pub fn last_restore(conn: &Conn) -> Result<Option<String>> {
    audit_log::last_restore_at(conn)
}

/// Reads an anchor written into a JSON document (`audit_anchor` of a manifest).
pub fn from_json(v: &serde_json::Value) -> Option<Anchor> {
    serde_json::from_value(v.get("audit_anchor")?.clone()).ok()
}

impl From<Anchor> for serde_json::Value {
    fn from(a: Anchor) -> Self {
        serde_json::json!({ "count": a.count, "hash": a.hash })
    }
}

/// Refuses an anchor with a malformed hash (read from a file someone handed over).
pub fn well_formed(a: &Anchor) -> Result<()> {
    if a.count < 0 || a.hash.len() != 64 || !a.hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid("anchor", "审计锚点格式不正确。"));
    }
    Ok(())
}
