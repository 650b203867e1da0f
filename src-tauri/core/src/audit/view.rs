//! 审计查询 — reading the log: the newest entries, a filtered search for the audit view,
//! and the same search written out as CSV for an inspector.

use std::path::Path;

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::Store;

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

/// 筛选条件; empty strings match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditFilter {
    /// Part of the actor's name.
    pub actor: String,
    /// An action or an action family: `review` matches `review.decide`, `review.rereview`.
    pub action: String,
    /// Text in the detail line, e.g. a 索引号.
    pub text: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// `YYYY-MM-DD`, inclusive.
    pub to: String,
    /// Only entries older than this id: the next page after the last entry shown (paging
    /// by key, so the thousandth page costs what the first does). Ignored by the CSV export.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub before_id: Option<i64>,
}

const COLUMNS: &str = "id, at, actor_name, action, item_id, before_hash, after_hash, detail";

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
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

/// The newest entries first, optionally of one item.
pub fn recent(store: &Store, item_id: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
    let rows = store
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE ?1 IS NULL OR item_id = ?1 ORDER BY id DESC LIMIT ?2"
        ))?
        .query_map(params![item_id, limit], entry)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn like(s: &str) -> String {
    let escaped = s
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn check_date(field: &'static str, s: &str) -> Result<()> {
    if s.is_empty() || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
        Ok(())
    } else {
        Err(Error::invalid(field, "日期应为 YYYY-MM-DD。"))
    }
}

fn query(
    store: &Store,
    f: &AuditFilter,
    limit: Option<u32>,
    each: &mut dyn FnMut(AuditEntry) -> Result<()>,
) -> Result<()> {
    check_date("from", f.from.trim())?;
    check_date("to", f.to.trim())?;
    let action = f.action.trim();
    let mut stmt = store.conn().prepare_cached(&format!(
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
            f.actor.trim(),
            like(&f.actor),
            action,
            f.text.trim(),
            like(&f.text),
            f.from.trim(),
            f.to.trim(),
            limit.map(i64::from).unwrap_or(-1),
            if limit.is_some() { f.before_id } else { None },
        ],
        entry,
    )?;
    for row in rows {
        each(row?)?;
    }
    Ok(())
}

/// The newest `limit` entries matching the filter.
pub fn search(
    store: &Store,
    actor: &Staff,
    f: &AuditFilter,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    actor.require(Role::Admin)?;
    let mut out = Vec::new();
    query(store, f, Some(limit), &mut |e| {
        out.push(e);
        Ok(())
    })?;
    Ok(out)
}

/// Writes every entry matching the filter to `path` as CSV (UTF-8 with BOM, so Excel on
/// an office PC opens the Chinese right). Written to a temporary file and renamed, so a
/// failure leaves no partial file. Returns the number of entries.
pub fn export_csv(store: &Store, actor: &Staff, f: &AuditFilter, path: &Path) -> Result<usize> {
    actor.require(Role::Admin)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| Error::io(format!("导出审计日志到“{}”", path.display()), e);
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    let mut count = 0;
    {
        use std::io::Write as _;
        let mut file = tmp.as_file();
        file.write_all("\u{feff}".as_bytes()).map_err(fail)?;
        let mut w = csv::Writer::from_writer(file);
        let csv_err = |e: csv::Error| fail(std::io::Error::other(e));
        w.write_record([
            "序号",
            "时间",
            "操作人",
            "操作",
            "事项",
            "修改前哈希",
            "修改后哈希",
            "内容",
        ])
        .map_err(csv_err)?;
        query(store, f, None, &mut |e| {
            count += 1;
            let cells = [
                e.id.to_string(),
                e.at,
                e.actor_name,
                e.action,
                e.item_id.map(|i| i.to_string()).unwrap_or_default(),
                e.before_hash.unwrap_or_default(),
                e.after_hash.unwrap_or_default(),
                e.detail,
            ];
            w.write_record(crate::csv_cell::record(&cells))
                .map_err(csv_err)
        })?;
        w.flush().map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(count)
}
