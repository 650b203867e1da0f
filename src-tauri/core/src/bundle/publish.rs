//! 登记发布 and 撤回 — closing the loop with the public site: an exported item becomes
//! 已发布 with its URL and date (one by one, or from a CSV of `索引号,URL,发布日期` the
//! website staff send back), and a published item revoked later is carried to the site
//! by the next bundle.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::require_publisher;
use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::item::{self, Item, Status};
use crate::staff::Staff;
use crate::store::{publications, Store, Tx};

/// 撤回 (take the page down) or 废止 (the document is repealed; the page says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RevokeKind {
    Withdrawn,
    Repealed,
}

impl RevokeKind {
    pub fn code(self) -> &'static str {
        match self {
            RevokeKind::Withdrawn => "withdrawn",
            RevokeKind::Repealed => "repealed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RevokeKind::Withdrawn => "撤回",
            RevokeKind::Repealed => "废止",
        }
    }

    pub fn parse(s: &str) -> Option<RevokeKind> {
        let s = s.trim();
        [RevokeKind::Withdrawn, RevokeKind::Repealed]
            .into_iter()
            .find(|k| k.code() == s || k.label() == s)
    }
}

/// A row of a publication CSV that was not applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublishRowError {
    /// 1-based line in the file.
    #[ts(type = "number")]
    pub line: u64,
    pub message: String,
}

/// What a publication CSV did: good rows applied, bad rows reported by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublishReport {
    /// 索引号 of the items marked 已发布.
    pub applied: Vec<String>,
    pub errors: Vec<PublishRowError>,
}

fn clean_url(url: &str) -> Result<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Ok(url.to_string())
        }
        _ => Err(Error::invalid(
            "url",
            format!("网址“{url}”无效，应以 http:// 或 https:// 开头。"),
        )),
    }
}

fn clean_date(date: &str) -> Result<String> {
    let date = date.trim();
    let parsed = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(date, "%Y/%m/%d"))
        .map_err(|_| {
            Error::invalid(
                "published_on",
                format!("发布日期“{date}”无效，请按 2026-11-27 的格式填写。"),
            )
        })?;
    if parsed > crate::clock::today() {
        return Err(Error::invalid("published_on", "发布日期不能晚于今天。"));
    }
    Ok(parsed.format("%Y-%m-%d").to_string())
}

/// Marks one exported item 已发布 inside `tx`.
fn apply(tx: &Tx<'_>, actor: &Staff, it: &Item, url: &str, date: &str) -> Result<()> {
    if it.status != Status::Exported {
        return Err(Error::Conflict(format!(
            "事项 {} 当前为“{}”，只有“已导出”的事项可以登记发布。",
            it.index_no,
            it.status.label()
        )));
    }
    publications::upsert(tx, it.id, url, date, actor.id, &stamp())?;
    item::life::set_status(tx, it.id, it.status, Status::Published)?;
    audit::append(
        tx,
        actor.into(),
        Event::new(
            "item.publish",
            format!(
                "登记发布 {}《{}》：{url}（{date}）",
                it.index_no, it.fields.title
            ),
        )
        .item(it.id),
    )
}

/// 登记发布: the item is on the public site at `url` since `date` (`YYYY-MM-DD`).
pub fn publish(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    url: &str,
    date: &str,
) -> Result<Item> {
    require_publisher(actor)?;
    let url = clean_url(url)?;
    let date = clean_date(date)?;
    store.immediate(|tx| {
        let it = item::load(tx, item_id)?;
        apply(tx, actor, &it, &url, &date)
    })?;
    item::get(store, item_id)
}

/// Reads a publication CSV (UTF-8 with or without BOM, or GBK as Excel on Chinese
/// Windows saves it): `索引号,URL,发布日期`, an optional header row. Applies every good
/// row in one transaction and reports every bad one by line.
pub fn publish_csv(store: &mut Store, actor: &Staff, bytes: &[u8]) -> Result<PublishReport> {
    require_publisher(actor)?;
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut report = PublishReport {
        applied: Vec::new(),
        errors: Vec::new(),
    };
    let mut good: Vec<(u64, Item, String, String)> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (n, record) in reader.records().enumerate() {
        let fallback = n as u64 + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(fallback);
                report.errors.push(PublishRowError {
                    line,
                    message: "这一行无法读取（引号不成对或编码错误）。".into(),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(fallback);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let first = record.get(0).unwrap_or_default();
        if line == 1 && (first == "索引号" || first.eq_ignore_ascii_case("index_no")) {
            continue;
        }
        let mut fail = |message: String| report.errors.push(PublishRowError { line, message });
        if record.len() != 3 {
            fail(format!(
                "应有 3 列（索引号,URL,发布日期），这一行有 {} 列。",
                record.len()
            ));
            continue;
        }
        if let Some(prev) = seen.get(first) {
            fail(format!("索引号 {first} 与第 {prev} 行重复。"));
            continue;
        }
        let row = (|| -> Result<(Item, String, String)> {
            let it = item::find_by_index_no(store, first)?;
            let url = clean_url(&record[1])?;
            let date = clean_date(&record[2])?;
            if it.status != Status::Exported {
                return Err(Error::Conflict(format!(
                    "事项 {} 当前为“{}”，只有“已导出”的事项可以登记发布。",
                    it.index_no,
                    it.status.label()
                )));
            }
            Ok((it, url, date))
        })();
        match row {
            Ok((it, url, date)) => {
                seen.insert(first.to_string(), line);
                good.push((line, it, url, date));
            }
            Err(e) => fail(e.to_string()),
        }
    }
    if !good.is_empty() {
        store.immediate(|tx| {
            for (_, it, url, date) in &good {
                apply(tx, actor, it, url, date)?;
                report.applied.push(it.index_no.clone());
            }
            Ok(())
        })?;
    }
    report.errors.sort_by_key(|e| e.line);
    Ok(report)
}

/// `publish_csv` of a file.
pub fn publish_csv_file(store: &mut Store, actor: &Staff, path: &Path) -> Result<PublishReport> {
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = crate::error::io_reason(&e);
        Error::io(format!("无法读取“{}”（{reason}）", path.display()), e)
    })?;
    publish_csv(store, actor, &bytes)
}

/// 撤回 / 废止 a published item: it becomes 已撤回 and the next bundle tells the site.
/// The reason stays inside (audited, not exported).
pub fn revoke(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    kind: RevokeKind,
    reason: &str,
) -> Result<Item> {
    require_publisher(actor)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "请写明撤回或废止的原因。"));
    }
    store.immediate(|tx| {
        let it = item::load(tx, item_id)?;
        if it.status != Status::Published {
            return Err(Error::Conflict(format!(
                "事项 {} 当前为“{}”，只有“已发布”的事项可以{}。",
                it.index_no,
                it.status.label(),
                kind.label()
            )));
        }
        let at = stamp();
        publications::insert_revocation(
            tx,
            &publications::NewRevocation {
                item_id: it.id,
                kind: kind.code(),
                reason,
                revoked_on: &at[..10],
                revoked_by: actor.id,
                revoked_at: &at,
            },
        )?;
        item::life::set_status(tx, it.id, it.status, Status::Revoked)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "item.revoke",
                format!(
                    "{} {}《{}》：{reason}（将随下一个上传包通知网站）",
                    kind.label(),
                    it.index_no,
                    it.fields.title
                ),
            )
            .item(it.id),
        )
    })?;
    item::get(store, item_id)
}
