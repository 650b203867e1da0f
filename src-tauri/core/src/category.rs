//! 公开类别 — the kinds of disclosure item the work plan names, each with default
//! responsible offices. Seeded by migration 0002; an administrator edits the offices.
//! The category-specific rules live in `rules.rs`, keyed by `code`.

use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{categories, Store};

pub use crate::store::categories::Category;

pub fn list(store: &Store) -> Result<Vec<Category>> {
    categories::list(store.conn())
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
    match categories::find(store.conn(), key)? {
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
    store.transaction(|tx| {
        let (name, offices) = categories::set_offices(tx, id, office_ids)?;
        crate::audit::append(
            tx,
            actor.into(),
            crate::audit::Event::new(
                "category.offices",
                format!("“{name}”的默认责任处室：{offices}"),
            ),
        )
    })?;
    get(store, id)
}
