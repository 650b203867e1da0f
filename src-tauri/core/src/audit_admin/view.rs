//! 审计查询 — reading the log: the newest entries, a filtered search for the audit view,
//! and the same search written out as CSV for an inspector.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::audit_log::{self, LogFilter};
use crate::store::Store;

pub use crate::audit::AuditEntry;

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

/// The newest entries first, optionally of one item.
pub fn recent(store: &Store, item_id: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
    audit_log::recent(store.conn(), item_id, limit)
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
    let filter = LogFilter {
        actor: f.actor.trim(),
        action: f.action.trim(),
        text: f.text.trim(),
        from: f.from.trim(),
        to: f.to.trim(),
        before_id: if limit.is_some() { f.before_id } else { None },
        limit,
    };
    audit_log::search(store.conn(), &filter, each)
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
