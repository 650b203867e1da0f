//! The review's rounds and decisions (`review_round`, `review_decision`), each category's
//! chain of steps (`review_step`), the re-review period setting, and the facts the
//! separation of duties looks at. Roles and decisions go as their stored codes.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// A step of a category's chain that is switched on (its role as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    pub role: String,
    pub name: String,
    pub due_days: i64,
}

/// A round of an item, as a decision reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub id: i64,
    pub item_id: i64,
    pub round: i64,
    pub version: i64,
    pub content_hash: String,
    pub submitted_by: i64,
    pub position: i64,
}

/// One step of one category's chain, as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStepRow {
    pub category_id: i64,
    pub category_name: String,
    pub step: i64,
    pub role: String,
    pub name: String,
    pub due_days: i64,
    pub enabled: bool,
}

/// One step of a chain as it stands before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepSetting {
    pub category_name: String,
    pub role: String,
    pub name: String,
    pub due_days: i64,
    pub enabled: bool,
}

/// A decision to store (`decision` is its code, `grounds` the JSON list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision<'a> {
    pub round_id: i64,
    pub step: i64,
    pub step_name: &'a str,
    pub decision: &'a str,
    pub grounds: &'a str,
    pub comment: &'a str,
    pub content_hash: &'a str,
    pub decided_by: i64,
    pub decided_at: &'a str,
    pub rereview_on: Option<&'a str>,
    pub after_referral: bool,
}

/// The enabled steps of a category's chain, in order.
pub fn enabled_steps(conn: &Conn, category_id: i64) -> Result<Vec<StepRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT role, name, due_days FROM review_step WHERE category_id = ?1 AND enabled = 1 ORDER BY step",
        )?
        .query_map([category_id], |r| {
            Ok(StepRow {
                role: r.get(0)?,
                name: r.get(1)?,
                due_days: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every step of every category's chain, by category order then step.
pub fn chain_steps(conn: &Conn) -> Result<Vec<ChainStepRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT c.id, c.name, s.step, s.role, s.name, s.due_days, s.enabled
             FROM category c JOIN review_step s ON s.category_id = c.id
             ORDER BY c.sort_order, c.id, s.step",
        )?
        .query_map([], |r| {
            Ok(ChainStepRow {
                category_id: r.get(0)?,
                category_name: r.get(1)?,
                step: r.get(2)?,
                role: r.get(3)?,
                name: r.get(4)?,
                due_days: r.get(5)?,
                enabled: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Step `step` of the category's chain with its category's name; `None` when missing.
pub fn step_setting(conn: &Conn, category_id: i64, step: i64) -> Result<Option<StepSetting>> {
    Ok(conn
        .query_row(
            "SELECT c.name, s.role, s.name, s.due_days, s.enabled
             FROM review_step s JOIN category c ON c.id = s.category_id
             WHERE s.category_id = ?1 AND s.step = ?2",
            params![category_id, step],
            |r| {
                Ok(StepSetting {
                    category_name: r.get(0)?,
                    role: r.get(1)?,
                    name: r.get(2)?,
                    due_days: r.get(3)?,
                    enabled: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Sets a step's due time and whether it is switched on.
pub fn update_step(
    conn: &Conn,
    category_id: i64,
    step: i64,
    due_days: i64,
    enabled: bool,
) -> Result<()> {
    conn.execute(
        "UPDATE review_step SET due_days = ?3, enabled = ?4 WHERE category_id = ?1 AND step = ?2",
        params![category_id, step, due_days, enabled],
    )?;
    Ok(())
}

/// The stored re-review period (months, as text); `None` when never set.
pub fn rereview_months(conn: &Conn) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM setting WHERE key = 'rereview_months'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores the re-review period (months, as text).
pub fn set_rereview_months(conn: &Conn, months: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('rereview_months', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [months],
    )?;
    Ok(())
}

/// The item's latest round whose outcome is `outcome`.
pub fn round_in(conn: &Conn, item_id: i64, outcome: &str) -> Result<Option<Round>> {
    Ok(conn
        .query_row(
            "SELECT id, item_id, round, version, content_hash, submitted_by, position FROM review_round
             WHERE item_id = ?1 AND outcome = ?2 ORDER BY round DESC LIMIT 1",
            params![item_id, outcome],
            |r| {
                Ok(Round {
                    id: r.get(0)?,
                    item_id: r.get(1)?,
                    round: r.get(2)?,
                    version: r.get(3)?,
                    content_hash: r.get(4)?,
                    submitted_by: r.get(5)?,
                    position: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// The id of the item's latest round, whatever its outcome; `None` before its first.
pub fn latest_round_id(conn: &Conn, item_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM review_round WHERE item_id = ?1 ORDER BY round DESC LIMIT 1",
            [item_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The number the item's next round takes (1 for its first).
pub fn next_round_no(conn: &Conn, item_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(round), 0) + 1 FROM review_round WHERE item_id = ?1",
        [item_id],
        |r| r.get(0),
    )?)
}

/// Opens round `round` of the item on `version` at the first step; its id.
pub fn insert_round(
    conn: &Conn,
    item_id: i64,
    round: i64,
    version: i64,
    content_hash: &str,
    submitted_by: i64,
    submitted_at: &str,
) -> Result<i64> {
    conn.prepare_cached("INSERT INTO review_round (item_id, round, version, content_hash, submitted_by, submitted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?.execute(params![item_id, round, version, content_hash, submitted_by, submitted_at])?;
    Ok(conn.last_insert_rowid())
}

/// Opens a referred round again (its outcome recorded next).
pub fn reopen_round(conn: &Conn, round_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE review_round SET outcome = 'open', closed_at = NULL WHERE id = ?1",
        [round_id],
    )?;
    Ok(())
}

/// Moves the round on to its next step.
pub fn advance_round(conn: &Conn, round_id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE review_round SET position = position + 1 WHERE id = ?1")?
        .execute([round_id])?;
    Ok(())
}

/// Closes the round with `outcome`.
pub fn close_round(
    conn: &Conn,
    round_id: i64,
    outcome: &str,
    closed_at: &str,
    closed_by: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE review_round SET outcome = ?2, closed_at = ?3, closed_by = ?4 WHERE id = ?1",
    )?
    .execute(params![round_id, outcome, closed_at, closed_by])?;
    Ok(())
}

/// Stores a decision; its id.
pub fn insert_decision(conn: &Conn, d: &NewDecision<'_>) -> Result<i64> {
    conn.prepare_cached("INSERT INTO review_decision (round_id, step, step_name, decision, grounds, comment, content_hash,
                                      decided_by, decided_at, rereview_on, after_referral)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?.execute(params![
            d.round_id,
            d.step,
            d.step_name,
            d.decision,
            d.grounds,
            d.comment,
            d.content_hash,
            d.decided_by,
            d.decided_at,
            d.rereview_on,
            d.after_referral,
        ])?;
    Ok(conn.last_insert_rowid())
}

/// Who saved the item's `version` (an error when there is no such version).
pub fn version_author(conn: &Conn, item_id: i64, version: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT saved_by FROM item_version WHERE item_id = ?1 AND version = ?2",
        params![item_id, version],
        |r| r.get(0),
    )?)
}

/// Whether `staff_id` decided a step of the round: any step, or with `after_referral`
/// any step but `position`.
pub fn decided_other_step(
    conn: &Conn,
    round_id: i64,
    staff_id: i64,
    after_referral: bool,
    position: i64,
) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM review_decision
                        WHERE round_id = ?1 AND decided_by = ?2 AND (?3 = 0 OR step <> ?4))",
        params![round_id, staff_id, after_referral, position],
        |r| r.get(0),
    )?)
}

/// Whether `staff_id` settled a scanner finding of the round.
pub fn settled_findings(conn: &Conn, round_id: i64, staff_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM scan_finding WHERE round_id = ?1 AND settled_by = ?2)",
        params![round_id, staff_id],
        |r| r.get(0),
    )?)
}
