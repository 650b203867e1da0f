//! The `request_part` table: a request's parts routed to the offices (协办), each with the
//! draft item its office writes.

use rusqlite::{params, OptionalExtension, Row};

use super::Conn;
use crate::error::Result;

/// The code of the category of the offices' parts.
pub const REPLY_CATEGORY: &str = "request_reply";

/// That category's id as an SQL subquery (SQLite evaluates it once per statement), for the
/// reading rule's condition (`people::readable_clause`).
pub const REPLY_CATEGORY_ID: &str = "(SELECT c.id FROM category c WHERE c.code = 'request_reply')";

/// A part as the request page lists it, with its item's state.
#[derive(Debug, Clone)]
pub struct PartRow {
    pub id: i64,
    pub request_id: i64,
    pub request_number: String,
    pub office_id: i64,
    pub office_name: String,
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    /// The item's status code.
    pub status: String,
    pub due_on: String,
    pub note: String,
    pub assigned_by: String,
    pub assigned_at: String,
    pub cancelled_at: Option<String>,
    /// Whether the item's last round was returned (the office must rework it).
    pub returned: bool,
}

const COLUMNS: &str = "p.id, p.request_id, r.number, p.office_id, COALESCE(o.name, ''), p.item_id,
    i.index_no, i.title, i.status, p.due_on, p.note, COALESCE(s.name, ''), p.assigned_at,
    p.cancelled_at,
    COALESCE((SELECT rr.outcome = 'returned' FROM review_round rr WHERE rr.item_id = i.id
              ORDER BY rr.round DESC LIMIT 1), 0)";

const FROM: &str = "FROM request_part p
    JOIN request r ON r.id = p.request_id
    JOIN item i ON i.id = p.item_id
    LEFT JOIN office o ON o.id = p.office_id
    LEFT JOIN staff s ON s.id = p.assigned_by";

fn row(r: &Row<'_>) -> rusqlite::Result<PartRow> {
    Ok(PartRow {
        id: r.get(0)?,
        request_id: r.get(1)?,
        request_number: r.get(2)?,
        office_id: r.get(3)?,
        office_name: r.get(4)?,
        item_id: r.get(5)?,
        index_no: r.get(6)?,
        title: r.get(7)?,
        status: r.get(8)?,
        due_on: r.get(9)?,
        note: r.get(10)?,
        assigned_by: r.get(11)?,
        assigned_at: r.get(12)?,
        cancelled_at: r.get(13)?,
        returned: r.get(14)?,
    })
}

/// The id of the parts' category.
pub fn reply_category(conn: &Conn) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT id FROM category WHERE code = ?1")?
        .query_row([REPLY_CATEGORY], |r| r.get(0))?)
}

/// A request's parts, in the order assigned (cancelled ones included).
pub fn of_request(conn: &Conn, request_id: i64) -> Result<Vec<PartRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {FROM} WHERE p.request_id = ?1 ORDER BY p.id"
    ))?;
    let rows = stmt
        .query_map([request_id], row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The parts of `office_id` not cancelled whose item is not yet approved, soonest due first.
pub fn open_of_office(conn: &Conn, office_id: i64) -> Result<Vec<PartRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        concat!(
            "SELECT {COLUMNS} {FROM}
             WHERE p.office_id = ?1 AND p.cancelled_at IS NULL AND i.deleted_at IS NULL
               AND i.status IN ",
            crate::status_sql!(Draft, InReview, Referred),
            " ORDER BY p.due_on, p.id"
        ),
        COLUMNS = COLUMNS,
        FROM = FROM
    ))?;
    let rows = stmt
        .query_map([office_id], row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The part whose item is `item_id`, if it is one.
pub fn of_item(conn: &Conn, item_id: i64) -> Result<Option<PartRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} {FROM} WHERE p.item_id = ?1"),
            [item_id],
            row,
        )
        .optional()?)
}

/// Stores a part; its id.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &Conn,
    request_id: i64,
    office_id: i64,
    item_id: i64,
    due_on: &str,
    note: &str,
    assigned_by: i64,
    at: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO request_part (request_id, office_id, item_id, due_on, note, assigned_by, assigned_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![request_id, office_id, item_id, due_on, note, assigned_by, at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Marks a part cancelled.
pub fn cancel(conn: &Conn, id: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE request_part SET cancelled_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}
