//! 错敏词表 — the lists the wording checks use (`crate::scan::wording`): the agency's own
//! (领导姓名与职务, 机构名称变更, its own 错别字), edited by administrators in 设置 → 错敏词
//! one entry a line and imported from or exported to a text file of those lines; and the
//! shipped ones (`shipped`: 严重错误表述, 常见错别字), versioned in the program, whose
//! entries an administrator may switch off.
//!
//! Line forms (`lines.rs`): `王刚 局长`; `规划局 → 自然资源和规划局`; `按装 安装 提示`.

mod lines;
pub mod shipped;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::scan::wording::{Correction, Wording};
use crate::scan::{self, Severity};
use crate::staff::{Role, Staff};
use crate::store::{wording as stored, Conn, Store};
pub use shipped::ShippedList;

/// Most entries in one agency list.
pub const LIST_MAX: usize = 5_000;

/// One of the agency's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "WordingList")]
pub enum AgencyList {
    /// 领导姓名与职务.
    Leaders,
    /// 机构名称变更.
    Renames,
    /// 常见错别字 (the agency's additions).
    Misspellings,
}

impl AgencyList {
    pub fn label(self) -> &'static str {
        match self {
            AgencyList::Leaders => "领导姓名与职务",
            AgencyList::Renames => "机构名称变更",
            AgencyList::Misspellings => "本单位错别字",
        }
    }

    /// The exported file's name.
    pub fn file_name(self) -> String {
        format!("{}.txt", self.label())
    }
}

/// A shipped list as 设置 shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "ShippedWording")]
pub struct ShippedView {
    pub list: ShippedList,
    /// 严重错误表述, 常见错别字.
    pub label: String,
    pub version: String,
    pub sources: Vec<String>,
    pub entries: Vec<ShippedEntry>,
}

/// One entry of a shipped list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "ShippedWordingEntry")]
pub struct ShippedEntry {
    pub wrong: String,
    /// What the reviewer is told: 应为“…”, or the note.
    pub suggestion: String,
    pub severity: Severity,
    /// 阻断 (严重), 警告, 提示.
    pub severity_label: String,
    /// Switched on (not switched off by an administrator).
    pub enabled: bool,
}

/// What the scanner checks now: the agency's lists and the shipped entries switched on.
pub fn load(store: &Store) -> Result<Wording> {
    load_in(store.conn())
}

fn load_in(conn: &Conn) -> Result<Wording> {
    let mut misspellings = shipped_on(conn, ShippedList::Misspellings)?;
    misspellings.extend(lines::misspellings(stored::misspellings(conn)?));
    Ok(Wording {
        leaders: lines::leaders(stored::leaders(conn)?),
        renames: lines::renames(stored::renames(conn)?),
        expressions: shipped_on(conn, ShippedList::Expressions)?,
        misspellings,
    })
}

/// The shipped lists only, every entry on: for a scan with no data directory.
pub fn shipped_only() -> Wording {
    Wording {
        expressions: ShippedList::Expressions.contents().entries,
        misspellings: ShippedList::Misspellings.contents().entries,
        ..Wording::default()
    }
}

fn shipped_on(conn: &Conn, list: ShippedList) -> Result<Vec<Correction>> {
    let off = stored::shipped_off(conn, list.code())?;
    let mut entries = list.contents().entries;
    entries.retain(|e| !off.contains(&e.wrong));
    Ok(entries)
}

/// An agency list as its lines (`王刚 局长`), in order.
pub fn get(store: &Store, list: AgencyList) -> Result<Vec<String>> {
    let conn = store.conn();
    Ok(match list {
        AgencyList::Leaders => lines::leader_lines(&lines::leaders(stored::leaders(conn)?)),
        AgencyList::Renames => lines::rename_lines(&lines::renames(stored::renames(conn)?)),
        AgencyList::Misspellings => {
            lines::misspelling_lines(&lines::misspellings(stored::misspellings(conn)?))
        }
    })
}

/// Replaces an agency list with `input`, one entry a line (administrators only): lines
/// trimmed, blank ones dropped, each entry kept once. Returns the list as stored.
pub fn set(
    store: &mut Store,
    actor: &Staff,
    list: AgencyList,
    input: &[String],
) -> Result<Vec<String>> {
    actor.require(Role::Admin)?;
    let input: Vec<&str> = input
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if input.len() > LIST_MAX {
        return Err(Error::invalid(
            "lines",
            format!("每张表不能超过 {LIST_MAX} 条（现有 {} 条）。", input.len()),
        ));
    }
    let count = store.transaction(|tx| {
        let count = match list {
            AgencyList::Leaders => {
                let rows = lines::parse_leaders(&input)?;
                stored::replace_leaders(tx, &rows)?;
                rows.len()
            }
            AgencyList::Renames => {
                let rows = lines::parse_renames(&input)?;
                stored::replace_renames(tx, &rows)?;
                rows.len()
            }
            AgencyList::Misspellings => {
                let rows = lines::parse_misspellings(&input)?;
                stored::replace_misspellings(tx, &rows)?;
                rows.len()
            }
        };
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.wording",
                format!("错敏词表“{}”：共 {count} 条", list.label()),
            ),
        )?;
        Ok(count)
    })?;
    log::info!("wording list {list:?}: {count} entries");
    get(store, list)
}

/// Replaces an agency list with the lines of a text file (UTF-8 or GB18030, `#` starts a
/// comment line). Returns the list as stored.
pub fn import_file(
    store: &mut Store,
    actor: &Staff,
    list: AgencyList,
    path: &Path,
) -> Result<Vec<String>> {
    actor.require(Role::Admin)?;
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io(format!("读取错敏词文件“{}”", path.display()), e))?;
    set(store, actor, list, &scan::parse_words(&bytes))
}

/// Writes an agency list to `path` as a text file (written whole or not at all); returns
/// the number of entries. Administrators only.
pub fn export_file(store: &Store, actor: &Staff, list: AgencyList, path: &Path) -> Result<usize> {
    actor.require(Role::Admin)?;
    let entries = get(store, list)?;
    let mut text = format!("# {}：{}\n", list.label(), lines::FORMS[list as usize]);
    for e in &entries {
        text.push_str(e);
        text.push('\n');
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| Error::io(format!("导出错敏词表到“{}”", path.display()), e);
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::fs::write(tmp.path(), text).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(entries.len())
}

/// The shipped lists with their versions, sources and which entries are on.
pub fn shipped(store: &Store) -> Result<Vec<ShippedView>> {
    ShippedList::ALL
        .into_iter()
        .map(|list| {
            let off = stored::shipped_off(store.conn(), list.code())?;
            let s = list.contents();
            Ok(ShippedView {
                list,
                label: list.label().into(),
                version: s.version,
                sources: s.sources,
                entries: s
                    .entries
                    .iter()
                    .map(|e| ShippedEntry {
                        wrong: e.wrong.clone(),
                        suggestion: e.suggestion(),
                        severity: e.severity,
                        severity_label: e.severity.label().into(),
                        enabled: !off.contains(&e.wrong),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Switches a shipped entry on or off (administrators only); returns the shipped lists.
pub fn switch(
    store: &mut Store,
    actor: &Staff,
    list: ShippedList,
    wrong: &str,
    enabled: bool,
) -> Result<Vec<ShippedView>> {
    actor.require(Role::Admin)?;
    if !list.contents().entries.iter().any(|e| e.wrong == wrong) {
        return Err(Error::NotFound(format!(
            "“{}”中没有“{wrong}”这一条。",
            list.label()
        )));
    }
    store.transaction(|tx| {
        stored::switch_shipped(tx, list.code(), wrong, enabled)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.wording",
                format!(
                    "错敏词表“{}”：{}“{wrong}”",
                    list.label(),
                    if enabled { "启用" } else { "停用" }
                ),
            ),
        )
    })?;
    shipped(store)
}
