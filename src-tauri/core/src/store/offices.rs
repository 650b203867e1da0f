//! The `office` table: 处室 as rows.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Conn;
use crate::error::Result;

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
pub fn list(conn: &Conn, include_inactive: bool) -> Result<Vec<Office>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM office WHERE active = 1 OR ?1 ORDER BY sort_order, id"
    ))?;
    let rows = stmt.query_map([include_inactive], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Conn, id: i64) -> Result<Option<Office>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM office WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The id of the office named `name`, other than `except`.
pub fn named(conn: &Conn, name: &str, except: Option<i64>) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM office WHERE name = ?1 AND id IS NOT ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?)
}

/// Adds an active office at the end of the list; its id.
pub fn insert(conn: &Conn, name: &str, created_at: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO office (name, sort_order, active, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM office), 1, ?2)",
        params![name, created_at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn rename(conn: &Conn, id: i64, name: &str) -> Result<()> {
    conn.execute(
        "UPDATE office SET name = ?1 WHERE id = ?2",
        params![name, id],
    )?;
    Ok(())
}

pub fn set_active(conn: &Conn, id: i64, active: bool) -> Result<()> {
    conn.execute(
        "UPDATE office SET active = ?1 WHERE id = ?2",
        params![active, id],
    )?;
    Ok(())
}
