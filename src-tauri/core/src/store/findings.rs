//! The scanner's findings stored with a review round (`scan_finding`) and their
//! settlement. Kinds, severities and settlements go as their stored codes.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// A finding to store with a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinding<'a> {
    pub kind: &'a str,
    pub severity: &'a str,
    pub location: &'a str,
    pub matched: &'a str,
    pub excerpt: &'a str,
    pub start: i64,
    pub end: i64,
    pub suggestion: Option<&'a str>,
}

/// A stored finding with its settlement and the settler's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub id: i64,
    pub kind: String,
    pub severity: String,
    pub location: String,
    pub matched: String,
    pub excerpt: String,
    pub start: i64,
    pub end: i64,
    pub suggestion: Option<String>,
    pub settlement: Option<String>,
    pub note: String,
    pub settled_by_name: Option<String>,
    pub settled_at: Option<String>,
}

/// What settling a finding looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToSettle {
    pub round_id: i64,
    pub kind: String,
    pub location: String,
    pub excerpt: String,
    /// Settled already.
    pub settled: bool,
}

/// The code of category `category_id` (`None` when there is no such category).
pub fn category_code(conn: &Conn, category_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT code FROM category WHERE id = ?1",
            [category_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores a round's findings, in order.
pub fn insert(conn: &Conn, round_id: i64, findings: &[NewFinding<'_>]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO scan_finding (round_id, kind, severity, location, matched, excerpt, match_start, match_end, suggestion)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for f in findings {
        insert.execute(params![
            round_id,
            f.kind,
            f.severity,
            f.location,
            f.matched,
            f.excerpt,
            f.start,
            f.end,
            f.suggestion,
        ])?;
    }
    Ok(())
}

/// The findings of round `round_id` and/or the finding `finding_id` (each `None` for
/// any), in the order found.
pub fn stored(
    conn: &Conn,
    round_id: Option<i64>,
    finding_id: Option<i64>,
) -> Result<Vec<FindingRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT f.id, f.kind, f.severity, f.location, f.matched, f.excerpt, f.match_start, f.match_end,
                    f.settlement, f.note, s.name, f.settled_at, f.suggestion
             FROM scan_finding f LEFT JOIN staff s ON s.id = f.settled_by
             WHERE (?1 IS NULL OR f.round_id = ?1) AND (?2 IS NULL OR f.id = ?2)
             ORDER BY f.id",
        )?
        .query_map(params![round_id, finding_id], |r| {
            Ok(FindingRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                severity: r.get(2)?,
                location: r.get(3)?,
                matched: r.get(4)?,
                excerpt: r.get(5)?,
                start: r.get(6)?,
                end: r.get(7)?,
                settlement: r.get(8)?,
                note: r.get(9)?,
                settled_by_name: r.get(10)?,
                settled_at: r.get(11)?,
                suggestion: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many blocking findings of the round no one has settled yet.
pub fn unsettled_blocking(conn: &Conn, round_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM scan_finding WHERE round_id = ?1 AND severity = 'block' AND settlement IS NULL",
        [round_id],
        |r| r.get(0),
    )?)
}

/// Finding `finding_id` of one of the item's rounds; `None` when it is not the item's.
pub fn to_settle(conn: &Conn, finding_id: i64, item_id: i64) -> Result<Option<ToSettle>> {
    Ok(conn
        .query_row(
            "SELECT f.round_id, f.kind, f.location, f.excerpt, f.settlement IS NOT NULL
             FROM scan_finding f JOIN review_round r ON r.id = f.round_id
             WHERE f.id = ?1 AND r.item_id = ?2",
            params![finding_id, item_id],
            |r| {
                Ok(ToSettle {
                    round_id: r.get(0)?,
                    kind: r.get(1)?,
                    location: r.get(2)?,
                    excerpt: r.get(3)?,
                    settled: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Records how the finding was settled (`settlement` is its code), by whom and when.
pub fn settle(
    conn: &Conn,
    finding_id: i64,
    settlement: &str,
    note: &str,
    settled_by: i64,
    settled_at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE scan_finding SET settlement = ?2, note = ?3, settled_by = ?4, settled_at = ?5 WHERE id = ?1",
        params![finding_id, settlement, note, settled_by, settled_at],
    )?;
    Ok(())
}
