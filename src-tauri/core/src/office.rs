//! 处室 — the offices that draft items and answer for work-plan tasks.
//!
//! Offices are never deleted once created (items and tasks refer to them); an office that
//! no longer exists is deactivated and disappears from pickers.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::Store;

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

/// Adds an office at the end of the list (administrators; audited).
pub fn add(store: &mut Store, actor: &Staff, name: &str) -> Result<Office> {
    actor.require(Role::Admin)?;
    let name = clean_name(name)?;
    ensure_unique(store, &name, None)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO office (name, sort_order, active, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM office), 1, ?2)",
        params![name, stamp()],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        &tx,
        actor.into(),
        Event::new("office.add", format!("新增处室“{name}”")),
    )?;
    tx.commit()?;
    get(store, id)
}

pub fn rename(store: &mut Store, actor: &Staff, id: i64, name: &str) -> Result<Office> {
    actor.require(Role::Admin)?;
    let name = clean_name(name)?;
    let old = get(store, id)?;
    ensure_unique(store, &name, Some(id))?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE office SET name = ?1 WHERE id = ?2",
        params![name, id],
    )?;
    audit::append(
        &tx,
        actor.into(),
        Event::new("office.rename", format!("处室“{}”改名为“{name}”", old.name)),
    )?;
    tx.commit()?;
    get(store, id)
}

pub fn set_active(store: &mut Store, actor: &Staff, id: i64, active: bool) -> Result<Office> {
    actor.require(Role::Admin)?;
    let office = get(store, id)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE office SET active = ?1 WHERE id = ?2",
        params![active, id],
    )?;
    let what = if active { "启用" } else { "停用" };
    audit::append(
        &tx,
        actor.into(),
        Event::new("office.set_active", format!("{what}处室“{}”", office.name)),
    )?;
    tx.commit()?;
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
