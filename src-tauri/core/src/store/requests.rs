//! The 依申请公开 tables: `request` (one row per application), `request_counter` (the
//! per-year number counter) and `request_event` (what happened, in order).

use rusqlite::{params, OptionalExtension, Row};

use super::Conn;
use crate::error::Result;

/// A request row as stored (enum fields as their codes).
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: i64,
    pub number: String,
    pub applicant_type: String,
    pub applicant_subtype: Option<String>,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub contact: String,
    pub address: String,
    pub channel: String,
    pub received_on: String,
    pub description: String,
    pub form: String,
    pub delivery: String,
    pub registered_by: String,
    pub registered_at: String,
}

/// An event row as stored.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub request_id: i64,
    pub on_date: String,
    pub detail: String,
    pub staff_id: i64,
    pub staff_name: String,
    pub at: String,
}

const COLUMNS: &str = "r.id, r.number, r.applicant_type, r.applicant_subtype, r.name, r.id_type,
    r.id_number, r.contact, r.address, r.channel, r.received_on, r.description, r.form,
    r.delivery, COALESCE(s.name, ''), r.registered_at";

fn row(r: &Row<'_>) -> rusqlite::Result<RequestRow> {
    Ok(RequestRow {
        id: r.get(0)?,
        number: r.get(1)?,
        applicant_type: r.get(2)?,
        applicant_subtype: r.get(3)?,
        name: r.get(4)?,
        id_type: r.get(5)?,
        id_number: r.get(6)?,
        contact: r.get(7)?,
        address: r.get(8)?,
        channel: r.get(9)?,
        received_on: r.get(10)?,
        description: r.get(11)?,
        form: r.get(12)?,
        delivery: r.get(13)?,
        registered_by: r.get(14)?,
        registered_at: r.get(15)?,
    })
}

/// The next number of `year`'s counter (the first is 1); a number is never given twice.
pub fn next_in_year(conn: &Conn, year: i32) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO request_counter (year, next) VALUES (?1, 2)
         ON CONFLICT (year) DO UPDATE SET next = next + 1
         RETURNING next - 1",
        [year],
        |r| r.get(0),
    )?)
}

/// Stores a new request (the row's `id`, `registered_by` name are ignored); its id.
pub fn insert(conn: &Conn, r: &RequestRow, staff_id: i64) -> Result<i64> {
    conn.execute(
        "INSERT INTO request (number, applicant_type, applicant_subtype, name, id_type,
            id_number, contact, address, channel, received_on, description, form, delivery,
            registered_by, registered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            r.number,
            r.applicant_type,
            r.applicant_subtype,
            r.name,
            r.id_type,
            r.id_number,
            r.contact,
            r.address,
            r.channel,
            r.received_on,
            r.description,
            r.form,
            r.delivery,
            staff_id,
            r.registered_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn by_number(conn: &Conn, number: &str) -> Result<Option<RequestRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM request r LEFT JOIN staff s ON s.id = r.registered_by
                 WHERE r.number = ?1"
            ),
            [number],
            row,
        )
        .optional()?)
}

/// Every request, newest receipt first.
pub fn all(conn: &Conn) -> Result<Vec<RequestRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM request r LEFT JOIN staff s ON s.id = r.registered_by
         ORDER BY r.received_on DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn event(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        request_id: r.get(0)?,
        on_date: r.get(1)?,
        detail: r.get(2)?,
        staff_id: r.get(3)?,
        staff_name: r.get(4)?,
        at: r.get(5)?,
    })
}

const EVENT_COLUMNS: &str =
    "e.request_id, e.on_date, e.detail, e.staff_id, COALESCE(s.name, ''), e.at";

/// One request's events, in the order recorded.
pub fn events(conn: &Conn, request_id: i64) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM request_event e LEFT JOIN staff s ON s.id = e.staff_id
         WHERE e.request_id = ?1 ORDER BY e.id"
    ))?;
    let rows = stmt
        .query_map([request_id], event)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every event, by request then in the order recorded.
pub fn all_events(conn: &Conn) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM request_event e LEFT JOIN staff s ON s.id = e.staff_id
         ORDER BY e.request_id, e.id"
    ))?;
    let rows = stmt
        .query_map([], event)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Stores an event; its id.
pub fn insert_event(
    conn: &Conn,
    request_id: i64,
    kind: &str,
    on_date: &str,
    detail: &str,
    staff_id: i64,
    at: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO request_event (request_id, kind, on_date, detail, staff_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![request_id, kind, on_date, detail, staff_id, at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A review or lawsuit as stored (kind, body, filed_on, result, decided_on as text).
#[derive(Debug, Clone)]
pub struct AppealRow {
    pub kind: String,
    pub body: String,
    pub filed_on: String,
    pub result: String,
    pub decided_on: Option<String>,
}

pub fn insert_appeal(
    conn: &Conn,
    request_id: i64,
    a: &AppealRow,
    staff_id: i64,
    at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO request_appeal (request_id, kind, body, filed_on, result, decided_on, staff_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![request_id, a.kind, a.body, a.filed_on, a.result, a.decided_on, staff_id, at],
    )?;
    Ok(())
}

/// Every review and lawsuit recorded.
pub fn all_appeals(conn: &Conn) -> Result<Vec<AppealRow>> {
    let mut stmt = conn.prepare(
        "SELECT kind, body, filed_on, result, decided_on FROM request_appeal ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(AppealRow {
                kind: r.get(0)?,
                body: r.get(1)?,
                filed_on: r.get(2)?,
                result: r.get(3)?,
                decided_on: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
