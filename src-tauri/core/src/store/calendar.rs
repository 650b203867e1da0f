//! The `calendar_year` table: the years of holiday arrangements an administrator added,
//! each stored as the JSON it was given in.

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// One added year as stored: its number and its arrangement's JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedYear {
    pub year: i32,
    pub json: String,
}

/// Every added year, oldest first.
pub fn added_years(conn: &Conn) -> Result<Vec<AddedYear>> {
    Ok(conn
        .prepare_cached("SELECT year, json FROM calendar_year ORDER BY year")?
        .query_map([], |r| {
            Ok(AddedYear {
                year: r.get(0)?,
                json: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Stores `year`'s arrangement, replacing one already added for that year.
pub fn put_year(conn: &Conn, year: i32, json: &str, added_by: i64, added_at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO calendar_year (year, json, added_by, added_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (year) DO UPDATE SET json = excluded.json, added_by = excluded.added_by,
                                          added_at = excluded.added_at",
        params![year, json, added_by, added_at],
    )?;
    Ok(())
}
