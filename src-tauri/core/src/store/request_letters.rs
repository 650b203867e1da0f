//! The 依申请公开 letters: `request_letter` (one row per letter issued, with how it was
//! served) and `request_letter_counter` (the per-year 文号 counter).

use rusqlite::{params, OptionalExtension, Row};

use super::Conn;
use crate::error::Result;

/// A letter row as stored (codes and dates as text).
#[derive(Debug, Clone)]
pub struct LetterRow {
    pub id: i64,
    pub request_id: i64,
    pub kind: String,
    pub event_id: Option<i64>,
    pub number: String,
    pub issued_on: String,
    pub content: String,
    pub served_how: Option<String>,
    pub served_on: Option<String>,
    pub tracking_no: Option<String>,
    /// Who issued it (name).
    pub issued_by: String,
    pub at: String,
}

/// An event of a request with its id, for the letter that announces it.
#[derive(Debug, Clone)]
pub struct EventRef {
    pub id: i64,
    pub on_date: String,
    pub detail: String,
    pub staff_id: i64,
}

const COLUMNS: &str = "l.id, l.request_id, l.kind, l.event_id, l.number, l.issued_on, l.content,
    l.served_how, l.served_on, l.tracking_no, COALESCE(s.name, ''), l.at";

fn row(r: &Row<'_>) -> rusqlite::Result<LetterRow> {
    Ok(LetterRow {
        id: r.get(0)?,
        request_id: r.get(1)?,
        kind: r.get(2)?,
        event_id: r.get(3)?,
        number: r.get(4)?,
        issued_on: r.get(5)?,
        content: r.get(6)?,
        served_how: r.get(7)?,
        served_on: r.get(8)?,
        tracking_no: r.get(9)?,
        issued_by: r.get(10)?,
        at: r.get(11)?,
    })
}

/// The next 文号 sequence of `year` (the first is 1); never given twice.
pub fn next_in_year(conn: &Conn, year: i32) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO request_letter_counter (year, next) VALUES (?1, 2)
         ON CONFLICT (year) DO UPDATE SET next = next + 1
         RETURNING next - 1",
        [year],
        |r| r.get(0),
    )?)
}

/// Whether a letter already carries `number`.
pub fn number_taken(conn: &Conn, number: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM request_letter WHERE number = ?1",
            [number],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Stores a new letter (the row's `id`, `issued_by` and service fields are ignored); its id.
pub fn insert(conn: &Conn, l: &LetterRow, staff_id: i64) -> Result<i64> {
    conn.execute(
        "INSERT INTO request_letter (request_id, kind, event_id, number, issued_on, content,
            staff_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            l.request_id,
            l.kind,
            l.event_id,
            l.number,
            l.issued_on,
            l.content,
            staff_id,
            l.at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records how a letter was served.
pub fn set_served(
    conn: &Conn,
    id: i64,
    how: &str,
    on: &str,
    tracking_no: Option<&str>,
    staff_id: i64,
    at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE request_letter SET served_how = ?2, served_on = ?3, tracking_no = ?4,
            served_by = ?5, served_at = ?6
         WHERE id = ?1",
        params![id, how, on, tracking_no, staff_id, at],
    )?;
    Ok(())
}

/// The letter whose `column` (`id` or `number`) is `value`.
fn one(conn: &Conn, column: &str, value: &dyn rusqlite::ToSql) -> Result<Option<LetterRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM request_letter l LEFT JOIN staff s ON s.id = l.staff_id
                 WHERE l.{column} = ?1"
            ),
            [value],
            row,
        )
        .optional()?)
}

pub fn by_id(conn: &Conn, id: i64) -> Result<Option<LetterRow>> {
    one(conn, "id", &id)
}

/// The letter with the 文号 `number`.
pub fn by_number(conn: &Conn, number: &str) -> Result<Option<LetterRow>> {
    one(conn, "number", &number)
}

/// One request's letters, in the order issued.
pub fn of_request(conn: &Conn, request_id: i64) -> Result<Vec<LetterRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM request_letter l LEFT JOIN staff s ON s.id = l.staff_id
         WHERE l.request_id = ?1 ORDER BY l.id"
    ))?;
    let rows = stmt
        .query_map([request_id], row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One request's events with their ids, in the order recorded.
pub fn events(conn: &Conn, request_id: i64) -> Result<Vec<EventRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, on_date, detail, staff_id FROM request_event WHERE request_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([request_id], |r| {
            Ok(EventRef {
                id: r.get(0)?,
                on_date: r.get(1)?,
                detail: r.get(2)?,
                staff_id: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The 申请编号 of the request `request_id`.
pub fn request_number(conn: &Conn, request_id: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT number FROM request WHERE id = ?1",
        [request_id],
        |r| r.get(0),
    )?)
}
