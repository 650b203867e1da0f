//! The `category` table (公开类别) and `category_office` (each category's default
//! responsible offices).

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::plan::OfficeRef;
use super::Conn;
use crate::error::Result;

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

/// Every category in display order, with its default offices in office order.
pub fn list(conn: &Conn) -> Result<Vec<Category>> {
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

/// The id of the category whose name or code is `key`.
pub fn find(conn: &Conn, key: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM category WHERE name = ?1 OR code = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Replaces category `id`'s default offices with `office_ids` (each once); returns the
/// category's name and its offices' names joined with `、` (`有关处室` when none).
pub fn set_offices(conn: &Conn, id: i64, office_ids: &[i64]) -> Result<(String, String)> {
    conn.execute("DELETE FROM category_office WHERE category_id = ?1", [id])?;
    for office in office_ids {
        conn.execute(
            "INSERT OR IGNORE INTO category_office (category_id, office_id) VALUES (?1, ?2)",
            params![id, office],
        )?;
    }
    Ok(conn.query_row(
        "SELECT c.name, COALESCE((SELECT group_concat(o.name, '、') FROM category_office co JOIN office o ON o.id = co.office_id
                                  WHERE co.category_id = c.id), '有关处室') FROM category c WHERE c.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Whether item `id` is live and of a policy category (`policy` or `regulation`): what a
/// policy interpretation may interpret.
pub fn is_live_policy(conn: &Conn, id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM item i JOIN category c ON c.id = i.category_id
         WHERE i.id = ?1 AND i.deleted_at IS NULL AND c.code IN ('policy', 'regulation'))",
        [id],
        |r| r.get(0),
    )?)
}
