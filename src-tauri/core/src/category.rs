//! 公开类别 — the kinds of disclosure item the work plan names, each with default
//! responsible offices. Seeded by migration 0002; an administrator edits the offices.
//! The category-specific rules live in `rules.rs`, keyed by `code`.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::plan::OfficeRef;
use crate::staff::{Role, Staff};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Category {
    #[ts(type = "number")]
    pub id: i64,
    /// Stable key (`budget`, `interpretation`, …).
    pub code: String,
    pub name: String,
    pub active: bool,
    /// Default 责任处室.
    pub offices: Vec<OfficeRef>,
}

pub fn list(store: &Store) -> Result<Vec<Category>> {
    let conn = store.conn();
    let mut cats: Vec<Category> = conn
        .prepare_cached("SELECT id, code, name, active FROM category ORDER BY sort_order, id")?
        .query_map([], |r| {
            Ok(Category {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                active: r.get(3)?,
                offices: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name FROM category_office c JOIN office o ON o.id = c.office_id
         WHERE c.category_id = ?1 ORDER BY o.sort_order",
    )?;
    for c in &mut cats {
        c.offices = stmt
            .query_map([c.id], |r| {
                Ok(OfficeRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(cats)
}

pub fn get(store: &Store, id: i64) -> Result<Category> {
    list(store)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| Error::invalid("category_id", "请选择公开类别。"))
}

/// Finds a category by its name or code (for imports and the CLI).
pub fn find(store: &Store, name_or_code: &str) -> Result<Category> {
    let key = name_or_code.trim();
    let id: Option<i64> = store
        .conn()
        .query_row(
            "SELECT id FROM category WHERE name = ?1 OR code = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => get(store, id),
        None => Err(Error::invalid(
            "category",
            format!("没有名为“{key}”的公开类别。"),
        )),
    }
}

/// An administrator sets a category's default responsible offices.
pub fn set_offices(
    store: &mut Store,
    actor: &Staff,
    id: i64,
    office_ids: &[i64],
) -> Result<Category> {
    actor.require(Role::Admin)?;
    get(store, id)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute("DELETE FROM category_office WHERE category_id = ?1", [id])?;
    for office in office_ids {
        tx.execute(
            "INSERT OR IGNORE INTO category_office (category_id, office_id) VALUES (?1, ?2)",
            params![id, office],
        )?;
    }
    let (name, offices): (String, String) = tx.query_row(
        "SELECT c.name, COALESCE((SELECT group_concat(o.name, '、') FROM category_office co JOIN office o ON o.id = co.office_id
                                  WHERE co.category_id = c.id), '有关处室') FROM category c WHERE c.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    crate::audit::append(
        &tx,
        actor.into(),
        crate::audit::Event::new(
            "category.offices",
            format!("“{name}”的默认责任处室：{offices}"),
        ),
    )?;
    tx.commit()?;
    get(store, id)
}
