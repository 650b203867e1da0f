//! The people: the `staff` table (with their password data and sign-in counters), their
//! roles (`staff_role`, as role codes) and the office each belongs to; and the facts of an
//! item that the reading rule (`access`) weighs against a person.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Row};

use super::request_parts::REPLY_CATEGORY_ID as REPLY;
use super::Conn;
use crate::error::Result;

/// A person as stored: roles as their codes, parsed by the domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub office_id: i64,
    pub office_name: String,
    pub active: bool,
    /// The codes of their roles, in no particular order.
    pub roles: Vec<String>,
    pub must_change_password: bool,
}

const SELECT: &str = "SELECT s.id, s.name, s.office_id, o.name, s.active,
        (SELECT group_concat(role) FROM staff_role r WHERE r.staff_id = s.id),
        s.must_change_password
    FROM staff s JOIN office o ON o.id = s.office_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<StaffRow> {
    let roles: Option<String> = r.get(5)?;
    Ok(StaffRow {
        id: r.get(0)?,
        name: r.get(1)?,
        office_id: r.get(2)?,
        office_name: r.get(3)?,
        active: r.get(4)?,
        roles: roles
            .unwrap_or_default()
            .split(',')
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect(),
        must_change_password: r.get(6)?,
    })
}

/// Everyone, by their office's order and then by name.
pub fn list(conn: &Conn) -> Result<Vec<StaffRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY o.sort_order, s.name"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Person `id`, if they exist.
pub fn get(conn: &Conn, id: i64) -> Result<Option<StaffRow>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
        .optional()?)
}

/// The person called exactly `name`, if any.
pub fn named(conn: &Conn, name: &str) -> Result<Option<StaffRow>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE s.name = ?1"), [name], from_row)
        .optional()?)
}

/// Whether anyone at all exists.
pub fn any(conn: &Conn) -> Result<bool> {
    Ok(
        conn.query_row("SELECT EXISTS (SELECT 1 FROM staff)", [], |r| {
            r.get::<_, bool>(0)
        })?,
    )
}

/// Whether someone is called `name`.
pub fn name_taken(conn: &Conn, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?)
}

/// The name of person `id` (an error when there is none).
pub fn name_of(conn: &Conn, id: i64) -> Result<String> {
    Ok(
        conn.query_row("SELECT name FROM staff WHERE id = ?1", [id], |r| {
            r.get::<_, String>(0)
        })?,
    )
}

/// Adds an active person without roles; their id.
pub fn insert(
    conn: &Conn,
    name: &str,
    office_id: i64,
    password_hash: &str,
    created_at: &str,
    must_change_password: bool,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO staff (name, office_id, active, password_hash, created_at, must_change_password)
         VALUES (?1, ?2, 1, ?3, ?4, ?5)",
        params![name, office_id, password_hash, created_at, must_change_password],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Moves person `id` to `office_id` and (de)activates them.
pub fn update(conn: &Conn, id: i64, office_id: i64, active: bool) -> Result<()> {
    conn.execute(
        "UPDATE staff SET office_id = ?1, active = ?2 WHERE id = ?3",
        params![office_id, active, id],
    )?;
    Ok(())
}

/// Takes every role from person `id`.
pub fn clear_roles(conn: &Conn, id: i64) -> Result<()> {
    conn.execute("DELETE FROM staff_role WHERE staff_id = ?1", [id])?;
    Ok(())
}

/// Gives person `id` the role whose code is `role`.
pub fn add_role(conn: &Conn, id: i64, role: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO staff_role (staff_id, role) VALUES (?1, ?2)",
        params![id, role],
    )?;
    Ok(())
}

/// The password hash of person `id` (an error when there is none).
pub fn password_hash(conn: &Conn, id: i64) -> Result<String> {
    Ok(
        conn.query_row("SELECT password_hash FROM staff WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// Sets the password of `id` to `hash` as changed at `changed_at` (`must_change` marks an
/// initial password) and clears the failed sign-ins and any lock.
pub fn set_password(
    conn: &Conn,
    id: i64,
    hash: &str,
    must_change: bool,
    changed_at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE staff SET password_hash = ?1, must_change_password = ?2, password_changed_at = ?3,
            failed_logins = 0, locked_until = NULL
         WHERE id = ?4",
        params![hash, must_change, changed_at, id],
    )?;
    Ok(())
}

/// What a sign-in checks of a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInRow {
    pub id: i64,
    pub password_hash: String,
    pub failed_logins: i64,
    /// RFC 3339, as written.
    pub locked_until: Option<String>,
    pub active: bool,
}

/// The sign-in facts of the person called exactly `name`, if any.
pub fn sign_in_row(conn: &Conn, name: &str) -> Result<Option<SignInRow>> {
    Ok(conn
        .query_row(
            "SELECT id, password_hash, failed_logins, locked_until, active FROM staff WHERE name = ?1",
            [name],
            |r| {
                Ok(SignInRow {
                    id: r.get(0)?,
                    password_hash: r.get(1)?,
                    failed_logins: r.get(2)?,
                    locked_until: r.get(3)?,
                    active: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Sets the failed sign-ins of `id` and the time its lock ends (`None`: not locked).
pub fn set_sign_in_counters(
    conn: &Conn,
    id: i64,
    failed_logins: i64,
    locked_until: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE staff SET failed_logins = ?1, locked_until = ?2 WHERE id = ?3",
        params![failed_logins, locked_until, id],
    )?;
    Ok(())
}

/// Clears the failed sign-ins and any lock of `id` (a successful sign-in).
pub fn clear_sign_in_counters(conn: &Conn, id: i64) -> Result<()> {
    conn.execute(
        "UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

// What a person may read (the rule is `access`'s; these are its facts and its SQL form).

/// The facts of an item the reading rule weighs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemAccessRow {
    /// The status code.
    pub status: String,
    pub office_id: i64,
    /// Whether an enabled step of its category's review chain is the reviewer's.
    pub chain_has_reviewer: bool,
    /// Whether an enabled step of its category's review chain is the leader's.
    pub chain_has_leader: bool,
    /// Whether it is an office's part of a 依申请公开 request.
    pub request_part: bool,
}

/// The reading facts of item `id` (deleted items included: their rows stay), if it exists.
pub fn item_access(conn: &Conn, id: i64) -> Result<Option<ItemAccessRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT i.status, i.office_id,
                    EXISTS (SELECT 1 FROM review_step s WHERE s.category_id = i.category_id
                            AND s.enabled = 1 AND s.role = 'reviewer'),
                    EXISTS (SELECT 1 FROM review_step s WHERE s.category_id = i.category_id
                            AND s.enabled = 1 AND s.role = 'leader'),
                    i.category_id = {REPLY}
             FROM item i WHERE i.id = ?1"
            ),
            [id],
            |r| {
                Ok(ItemAccessRow {
                    status: r.get(0)?,
                    office_id: r.get(1)?,
                    chain_has_reviewer: r.get(2)?,
                    chain_has_leader: r.get(3)?,
                    request_part: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// An SQL condition on `item i` and the one argument its every `?` stands for.
pub type Clause = (String, Value);

/// The items someone who is not an administrator may read, as a condition on `item i`:
/// those past review, the drafts of `office_id`, the items in review of `office_id` or whose
/// chain has an enabled step of the reviewer (when `reviewer`) or the leader (when
/// `leader`), and the withheld ones when either; an office's part of a request past review
/// only for its office, reviewers and leaders, and at every stage for request handlers
/// (when `handler`). The argument is `office_id`.
pub fn readable_clause(office_id: i64, reviewer: bool, leader: bool, handler: bool) -> Clause {
    let office = "?";
    let mut review = vec![format!("i.office_id = {office}")];
    if reviewer {
        review.push(chain_has("reviewer"));
    }
    if leader {
        review.push(chain_has("leader"));
    }
    let withheld = if reviewer || leader {
        concat!(" OR i.status = ", crate::status_sql!(Withheld))
    } else {
        ""
    };
    // An office's part of a request: past review only its office (and reviewers, leaders).
    let past_review = if reviewer || leader {
        String::new()
    } else {
        format!(" AND (i.category_id <> {REPLY} OR i.office_id = {office})")
    };
    let handler = if handler {
        format!(" OR i.category_id = {REPLY}")
    } else {
        String::new()
    };
    // One CASE, not a top-level OR: the planner would split an OR over several indexes
    // and then sort the rows itself; as a filter it keeps walking the list's own index
    // (`item_live_updated` carries status, office and category for it).
    let sql = format!(
        concat!(
            "CASE WHEN (i.status IN ",
            crate::status_sql!(Approved, Exported, Published, Revoked),
            "{past_review})
               OR (i.status = ",
            crate::status_sql!(Draft),
            " AND i.office_id = {office})
               OR (i.status IN ",
            crate::status_sql!(InReview, Referred),
            " AND ({review})){withheld}{handler}
          THEN 1 ELSE 0 END = 1"
        ),
        office = office,
        review = review.join(" OR "),
        withheld = withheld,
        past_review = past_review,
        handler = handler,
    );
    (sql, Value::from(office_id))
}

fn chain_has(role: &str) -> String {
    format!(
        "i.category_id IN (SELECT s.category_id FROM review_step s
                           WHERE s.enabled = 1 AND s.role = '{role}')"
    )
}
