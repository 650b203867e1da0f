//! 处室 — the offices that draft items and answer for work-plan tasks.
//!
//! Offices are never deleted once created (items and tasks refer to them); an office that
//! no longer exists is deactivated and disappears from pickers.

use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{offices, Store};

pub use crate::store::offices::Office;

/// The pseudo-office of the work plan that means "every office concerned".
pub const ANY_OFFICE_CONCERNED: &str = "有关处室";

/// All offices in display order; inactive ones too when `include_inactive`.
pub fn list(store: &Store, include_inactive: bool) -> Result<Vec<Office>> {
    offices::list(store.conn(), include_inactive)
}

pub fn get(store: &Store, id: i64) -> Result<Office> {
    offices::get(store.conn(), id)?
        .ok_or_else(|| Error::NotFound("找不到该处室，可能已被其他人修改，请刷新。".into()))
}

/// Adds an office at the end of the list (administrators; audited).
pub fn add(store: &mut Store, actor: &Staff, name: &str) -> Result<Office> {
    actor.require(Role::Admin)?;
    let name = clean_name(name)?;
    ensure_unique(store, &name, None)?;
    let id = store.transaction(|tx| {
        let id = offices::insert(tx, &name, &stamp())?;
        audit::append(
            tx,
            actor.into(),
            Event::new("office.add", format!("新增处室“{name}”")),
        )?;
        Ok(id)
    })?;
    get(store, id)
}

pub fn rename(store: &mut Store, actor: &Staff, id: i64, name: &str) -> Result<Office> {
    actor.require(Role::Admin)?;
    let name = clean_name(name)?;
    let old = get(store, id)?;
    ensure_unique(store, &name, Some(id))?;
    store.transaction(|tx| {
        offices::rename(tx, id, &name)?;
        audit::append(
            tx,
            actor.into(),
            Event::new("office.rename", format!("处室“{}”改名为“{name}”", old.name)),
        )
    })?;
    get(store, id)
}

pub fn set_active(store: &mut Store, actor: &Staff, id: i64, active: bool) -> Result<Office> {
    actor.require(Role::Admin)?;
    let office = get(store, id)?;
    let what = if active { "启用" } else { "停用" };
    store.transaction(|tx| {
        offices::set_active(tx, id, active)?;
        audit::append(
            tx,
            actor.into(),
            Event::new("office.set_active", format!("{what}处室“{}”", office.name)),
        )
    })?;
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
    match offices::named(store.conn(), name, except)? {
        Some(_) => Err(Error::invalid("name", format!("已有名为“{name}”的处室。"))),
        None => Ok(()),
    }
}
