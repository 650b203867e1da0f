//! 批量导入 — many drafts at once from JSON or an Excel sheet, all or nothing.
//!
//! JSON: an array of objects with `title`, `category`, `office`, `summary`, `body_html`
//! and optionally `doc_number`, `keywords`, `topic`, `written_on`, `publish_mode`,
//! `channels`, `attachments` (file paths), `task` (the work-plan task's number, 1–14) and
//! `interprets` (a 政策解读's policy, by 索引号). Excel: the first sheet, one column per field
//! with the Chinese headers in `COLUMNS`. Every row is checked first; one bad row means
//! nothing is imported and every bad row is reported by its number.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{insert, validate, versions, Channel, ItemInput, PublishMode};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::items::{self, NewAttachment};
use crate::store::Store;
use crate::{blobs, category};

/// One row as read from the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportRow {
    pub title: String,
    pub category: String,
    pub office: String,
    pub summary: String,
    pub body_html: String,
    pub doc_number: String,
    pub keywords: String,
    pub topic: String,
    pub written_on: Option<String>,
    pub publish_mode: Option<String>,
    pub channels: Vec<String>,
    pub attachments: Vec<PathBuf>,
    /// 工作任务序号 (JSON only).
    pub task: Option<i64>,
    /// 政策解读: the 索引号 of the policy it interprets (JSON only).
    pub interprets: String,
}

/// Excel column headers (Chinese) and the field each fills.
pub const COLUMNS: [(&str, &str); 12] = [
    ("信息名称", "title"),
    ("公开类别", "category"),
    ("承办处室", "office"),
    ("内容概述", "summary"),
    ("正文", "body_html"),
    ("文号", "doc_number"),
    ("主题词", "keywords"),
    ("主题分类", "topic"),
    ("成文日期", "written_on"),
    ("公开方式", "publish_mode"),
    ("公开渠道", "channels"),
    ("附件", "attachments"),
];

/// A row that cannot be imported, by its number in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowError {
    /// 1-based: the element of a JSON array, or the sheet row (the header is row 1).
    pub row: usize,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ImportReport {
    /// 索引号 of the drafts created, in file order. Empty when `errors` is not.
    pub created: Vec<String>,
    pub errors: Vec<RowError>,
}

/// Reads rows from a `.json` or `.xlsx`/`.xls` file; the numbers are for error messages.
pub fn read_file(path: &Path) -> Result<Vec<(usize, ImportRow)>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" => {
            let bytes = std::fs::read(path)
                .map_err(|e| Error::io(format!("读取 {}", path.display()), e))?;
            let rows: Vec<ImportRow> = serde_json::from_slice(&bytes).map_err(|e| {
                Error::invalid(
                    "file",
                    format!(
                        "JSON 格式不正确（第 {} 行第 {} 列附近）：应为对象数组。",
                        e.line(),
                        e.column()
                    ),
                )
            })?;
            Ok(rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r))
                .collect())
        }
        "xlsx" | "xls" => read_sheet(path),
        _ => Err(Error::invalid("file", "只能导入 .json 或 .xlsx 文件。")),
    }
}

/// The first worksheet of an Excel file and its header row (row 1), trimmed.
/// A sheet's rows under its header: (row number as Excel shows it, the cells as text).
pub(crate) type Rows = Vec<(usize, Vec<String>)>;

/// The header and the rows under it of the first sheet, read with the scanner's guards
/// against hostile workbooks.
pub(crate) fn first_sheet(path: &Path) -> Result<(Vec<String>, Rows)> {
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = crate::error::io_reason(&e);
        Error::io(format!("无法读取该 Excel 文件（{reason}）"), e)
    })?;
    let mut rows = crate::scan::sheet::first_sheet_table(&bytes)
        .map_err(|why| Error::invalid("file", format!("无法读取该 Excel 文件：{why}。")))?
        .into_iter();
    let (_, header) = rows
        .next()
        .ok_or_else(|| Error::invalid("file", "工作表是空的。"))?;
    let header = header.iter().map(|c| c.trim().to_string()).collect();
    Ok((header, rows.map(|(r, cells)| (r as usize, cells)).collect()))
}

fn read_sheet(path: &Path) -> Result<Vec<(usize, ImportRow)>> {
    let (header, rows) = first_sheet(path)?;
    let col = |name: &str| header.iter().position(|h| h == name);
    for required in ["信息名称", "公开类别", "承办处室"] {
        if col(required).is_none() {
            return Err(Error::invalid(
                "file",
                format!(
                    "第 1 行缺少“{required}”列。表头应为：{}。",
                    COLUMNS.map(|c| c.0).join("、")
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for (row, cells) in rows {
        let cell = |name: &str| -> String {
            col(name)
                .and_then(|c| cells.get(c))
                .map(|d| d.trim().to_string())
                .unwrap_or_default()
        };
        let list = |s: String| -> Vec<String> {
            s.split(['、', ',', '，', ';', '；', '\n'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        };
        let body = cell("正文");
        out.push((
            row,
            ImportRow {
                title: cell("信息名称"),
                category: cell("公开类别"),
                office: cell("承办处室"),
                summary: cell("内容概述"),
                // A sheet cell holds plain text: one paragraph per line.
                body_html: crate::html::paragraphs(&body),
                doc_number: cell("文号"),
                keywords: cell("主题词"),
                topic: cell("主题分类"),
                written_on: Some(cell("成文日期")).filter(|s| !s.is_empty()),
                publish_mode: Some(cell("公开方式")).filter(|s| !s.is_empty()),
                channels: list(cell("公开渠道")),
                attachments: list(cell("附件")).into_iter().map(PathBuf::from).collect(),
                ..ImportRow::default()
            },
        ));
    }
    Ok(out)
}

/// Checks every row, then creates all drafts in one transaction, or none.
pub fn import(
    store: &mut Store,
    actor: &Staff,
    rows: &[(usize, ImportRow)],
) -> Result<ImportReport> {
    actor.require(Role::Drafter)?;
    if rows.is_empty() {
        return Err(Error::invalid("file", "文件中没有可导入的事项。"));
    }
    let limit = super::attachment_limit_mb(store)? * 1024 * 1024;
    let mut errors = Vec::new();
    let mut ready: Vec<(ItemInput, Vec<PathBuf>)> = Vec::new();
    for (n, row) in rows {
        match to_input(store, actor, row, limit) {
            Ok(input) => ready.push((input, row.attachments.clone())),
            Err(e) => errors.push(RowError {
                row: *n,
                message: e.to_string(),
            }),
        }
    }
    if !errors.is_empty() {
        return Ok(ImportReport {
            created: Vec::new(),
            errors,
        });
    }
    let dir = store.data_dir().to_path_buf();
    let mut stored = Vec::new();
    let result = (|| -> Result<Vec<String>> {
        let mut files = Vec::new();
        for (_, paths) in &ready {
            let mut these = Vec::new();
            for p in paths {
                let s = blobs::put(&dir, p, limit)?;
                these.push((
                    s.sha256.clone(),
                    s.size,
                    super::attachments::display_name(p),
                ));
                stored.push(s);
            }
            files.push(these);
        }
        store.immediate(|tx| {
            let mut created = Vec::new();
            let at = stamp();
            for ((input, _), files) in ready.iter().zip(files) {
                let id = insert(tx, actor, input)?;
                for (pos, (sha, size, name)) in files.iter().enumerate() {
                    items::add_blob(tx, sha, *size as i64, &at)?;
                    let file = NewAttachment {
                        item_id: id,
                        sha256: sha,
                        name,
                        size: *size as i64,
                        added_by: actor.id,
                        added_at: &at,
                    };
                    items::attach_at(tx, &file, pos as i64 + 1)?;
                }
                let r = versions::record(tx, id, actor, false)?;
                super::audit_change(tx, actor, id, "item.create", "批量导入草稿", &r)?;
                created.push(items::index_no(tx, id)?);
            }
            Ok(created)
        })
    })();
    match result {
        Ok(created) => Ok(ImportReport {
            created,
            errors: Vec::new(),
        }),
        Err(e) => {
            for s in &stored {
                blobs::discard(&dir, s);
            }
            Err(e)
        }
    }
}

fn to_input(store: &Store, actor: &Staff, row: &ImportRow, limit: u64) -> Result<ItemInput> {
    let mut input = super::defaults(store, actor)?;
    input.title = row.title.clone();
    if row.category.trim().is_empty() {
        return Err(Error::invalid("category", "缺少公开类别。"));
    }
    input.category_id = category::find(store, &row.category)?.id;
    if row.office.trim().is_empty() {
        return Err(Error::invalid("office", "缺少承办处室。"));
    }
    input.office_id = crate::office::list(store, false)?
        .into_iter()
        .find(|o| o.name == row.office.trim())
        .ok_or_else(|| {
            Error::invalid("office", format!("没有名为“{}”的处室。", row.office.trim()))
        })?
        .id;
    input.summary = row.summary.clone();
    input.body_html = row.body_html.clone();
    input.doc_number = row.doc_number.clone();
    input.keywords = row.keywords.clone();
    input.topic = row.topic.clone();
    input.written_on = row.written_on.clone();
    if let Some(seq) = row.task {
        input.task_id = Some(
            items::task_by_seq(store.conn(), seq)?
                .ok_or_else(|| Error::invalid("task", format!("没有序号为 {seq} 的工作任务。")))?,
        );
    }
    let interprets = row.interprets.trim();
    if !interprets.is_empty() {
        input.extra.interprets_item_id = Some(
            items::id_by_index_no(store.conn(), interprets)?.ok_or_else(|| {
                Error::invalid("interprets", format!("没有索引号为“{interprets}”的事项。"))
            })?,
        );
    }
    if let Some(mode) = &row.publish_mode {
        input.publish_mode = PublishMode::parse(mode).ok_or_else(|| {
            Error::invalid(
                "publish_mode",
                format!("公开方式“{mode}”应为主动公开或依申请公开。"),
            )
        })?;
    }
    if !row.channels.is_empty() {
        input.channels = row
            .channels
            .iter()
            .map(|c| {
                Channel::parse(c)
                    .ok_or_else(|| Error::invalid("channels", format!("没有“{c}”这个公开渠道。")))
            })
            .collect::<Result<_>>()?;
    }
    for p in &row.attachments {
        let name = super::attachments::display_name(p);
        let meta = std::fs::metadata(p).map_err(|e| {
            Error::invalid(
                "attachments",
                format!(
                    "无法读取附件“{}”：{}。",
                    p.display(),
                    crate::error::io_reason(&e)
                ),
            )
        })?;
        if meta.len() > limit {
            return Err(Error::invalid(
                "attachments",
                format!(
                    "附件“{name}”超过了 {} MB 的大小限制。",
                    limit / (1024 * 1024)
                ),
            ));
        }
    }
    validate(store, &input)
}
