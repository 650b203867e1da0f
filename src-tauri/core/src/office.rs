//! 处室 — the offices that draft items and answer for work-plan tasks.
//!
//! Offices are never deleted once created (items and tasks refer to them); an office that
//! no longer exists is deactivated and disappears from pickers.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{now, Store};

/// The pseudo-office of the work plan that means "every office concerned".
pub const ANY_OFFICE_CONCERNED: &str = "有关处室";

/// 处室.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Office {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub sort_order: i64,
    /// 启用 — inactive offices keep their history but are not offered for new work.
    pub active: bool,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Office> {
    Ok(Office {
        id: r.get(0)?,
        name: r.get(1)?,
        sort_order: r.get(2)?,
        active: r.get(3)?,
    })
}

const COLUMNS: &str = "id, name, sort_order, active";

/// All offices in display order; inactive ones too when `include_inactive`.
pub fn list(store: &Store, include_inactive: bool) -> Result<Vec<Office>> {
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM office WHERE active = 1 OR ?1 ORDER BY sort_order, id"
    ))?;
    let rows = stmt.query_map([include_inactive], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(store: &Store, id: i64) -> Result<Office> {
    store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM office WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound("找不到该处室，可能已被其他人修改，请刷新。".into()))
}

/// Adds an office at the end of the list.
pub fn add(store: &Store, name: &str) -> Result<Office> {
    let name = clean_name(name)?;
    ensure_unique(store, &name, None)?;
    store.conn().execute(
        "INSERT INTO office (name, sort_order, active, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM office), 1, ?2)",
        params![name, now()],
    )?;
    get(store, store.conn().last_insert_rowid())
}

pub fn rename(store: &Store, id: i64, name: &str) -> Result<Office> {
    let name = clean_name(name)?;
    get(store, id)?;
    ensure_unique(store, &name, Some(id))?;
    store.conn().execute(
        "UPDATE office SET name = ?1 WHERE id = ?2",
        params![name, id],
    )?;
    get(store, id)
}

pub fn set_active(store: &Store, id: i64, active: bool) -> Result<Office> {
    get(store, id)?;
    store.conn().execute(
        "UPDATE office SET active = ?1 WHERE id = ?2",
        params![active, id],
    )?;
    get(store, id)
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "请填写处室名称。"));
    }
    if name.chars().count() > 30 {
        return Err(Error::invalid("name", "处室名称不能超过 30 个字。"));
    }
    if name == ANY_OFFICE_CONCERNED {
        return Err(Error::invalid(
            "name",
            "“有关处室”不是一个具体处室：在工作任务中勾选“有关处室”即可。",
        ));
    }
    Ok(name.to_string())
}

fn ensure_unique(store: &Store, name: &str, except: Option<i64>) -> Result<()> {
    let taken: Option<i64> = store
        .conn()
        .query_row(
            "SELECT id FROM office WHERE name = ?1 AND id IS NOT ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(_) => Err(Error::invalid("name", format!("已有名为“{name}”的处室。"))),
        None => Ok(()),
    }
}
