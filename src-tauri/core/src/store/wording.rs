//! The 错敏词 tables: `wording_leader`, `wording_rename`, `wording_misspelling` (the
//! agency's lists, in the order written, as text pairs and triples) and
//! `wording_shipped_off` (shipped entries an administrator switched off).

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// A list's rows, in order: (name, title), (old, current) or (wrong, correct, severity code).
fn rows<const N: usize>(conn: &Conn, sql: &str) -> Result<Vec<[String; N]>> {
    let rows = conn
        .prepare_cached(sql)?
        .query_map([], |r| {
            let mut row: [String; N] = std::array::from_fn(|_| String::new());
            for (i, cell) in row.iter_mut().enumerate() {
                *cell = r.get(i)?;
            }
            Ok(row)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn replace<const N: usize>(
    conn: &Conn,
    table: &str,
    insert: &str,
    rows: &[[String; N]],
) -> Result<()> {
    conn.execute(&format!("DELETE FROM {table}"), [])?;
    let mut insert = conn.prepare_cached(insert)?;
    for (i, row) in rows.iter().enumerate() {
        let position = i as i64 + 1;
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&position];
        values.extend(row.iter().map(|c| c as &dyn rusqlite::ToSql));
        insert.execute(values.as_slice())?;
    }
    Ok(())
}

/// 领导姓名与职务: (name, title), in order.
pub fn leaders(conn: &Conn) -> Result<Vec<[String; 2]>> {
    rows(
        conn,
        "SELECT name, title FROM wording_leader ORDER BY position",
    )
}

pub fn replace_leaders(conn: &Conn, rows: &[[String; 2]]) -> Result<()> {
    replace(
        conn,
        "wording_leader",
        "INSERT INTO wording_leader (position, name, title) VALUES (?1, ?2, ?3)",
        rows,
    )
}

/// 机构名称变更: (old, current), in order.
pub fn renames(conn: &Conn) -> Result<Vec<[String; 2]>> {
    rows(
        conn,
        "SELECT old_name, current_name FROM wording_rename ORDER BY position",
    )
}

pub fn replace_renames(conn: &Conn, rows: &[[String; 2]]) -> Result<()> {
    replace(
        conn,
        "wording_rename",
        "INSERT INTO wording_rename (position, old_name, current_name) VALUES (?1, ?2, ?3)",
        rows,
    )
}

/// The agency's 错别字: (wrong, correct, severity code), in order.
pub fn misspellings(conn: &Conn) -> Result<Vec<[String; 3]>> {
    rows(
        conn,
        "SELECT wrong, correct, severity FROM wording_misspelling ORDER BY position",
    )
}

pub fn replace_misspellings(conn: &Conn, rows: &[[String; 3]]) -> Result<()> {
    replace(
        conn,
        "wording_misspelling",
        "INSERT INTO wording_misspelling (position, wrong, correct, severity) VALUES (?1, ?2, ?3, ?4)",
        rows,
    )
}

/// The wrong forms of shipped list `list` (`expressions`, `misspellings`) switched off.
pub fn shipped_off(conn: &Conn, list: &str) -> Result<Vec<String>> {
    let rows = conn
        .prepare_cached("SELECT wrong FROM wording_shipped_off WHERE list = ?1 ORDER BY wrong")?
        .query_map([list], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Switches a shipped entry on or off.
pub fn switch_shipped(conn: &Conn, list: &str, wrong: &str, enabled: bool) -> Result<()> {
    let sql = if enabled {
        "DELETE FROM wording_shipped_off WHERE list = ?1 AND wrong = ?2"
    } else {
        "INSERT OR IGNORE INTO wording_shipped_off (list, wrong) VALUES (?1, ?2)"
    };
    conn.execute(sql, params![list, wrong])?;
    Ok(())
}
