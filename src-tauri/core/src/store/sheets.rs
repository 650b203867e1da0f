//! What the review sheet, the sheet lookup and the review register read: a round's
//! automatic-check findings, rounds by their content hash and the concluded rounds
//! of a period with their deciders.

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// One automatic-check finding of a round, as codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub kind: String,
    pub severity: String,
    pub settlement: Option<String>,
}

/// The findings of `item_id`'s review round `round`, in the order found.
pub fn round_findings(conn: &Conn, item_id: i64, round: i64) -> Result<Vec<FindingRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT f.kind, f.severity, f.settlement FROM scan_finding f
             JOIN review_round r ON r.id = f.round_id
             WHERE r.item_id = ?1 AND r.round = ?2 ORDER BY f.id",
        )?
        .query_map(params![item_id, round], |row| {
            Ok(FindingRow {
                kind: row.get(0)?,
                severity: row.get(1)?,
                settlement: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The item's 一键脱敏 as the audit log recorded them up to `until` (a round's submission),
/// oldest first: (when, by whom, the entry's text — `脱敏身份证号（210302********1238） …`).
pub fn maskings(conn: &Conn, item_id: i64, until: &str) -> Result<Vec<(String, String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, actor_name, detail FROM audit_log
             WHERE item_id = ?1 AND action = 'item.mask' AND at <= ?2 ORDER BY id",
        )?
        .query_map(params![item_id, until], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A review round as a printed sheet names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRound {
    pub item_id: i64,
    pub round: i64,
    pub version: i64,
    pub content_hash: String,
}

fn sheet_round(row: &rusqlite::Row<'_>) -> rusqlite::Result<SheetRound> {
    Ok(SheetRound {
        item_id: row.get(0)?,
        round: row.get(1)?,
        version: row.get(2)?,
        content_hash: row.get(3)?,
    })
}

/// Round `round` of `item_id` if it reviewed content `content_hash` (none or one).
pub fn round_with_hash(
    conn: &Conn,
    item_id: i64,
    round: i64,
    content_hash: &str,
) -> Result<Vec<SheetRound>> {
    Ok(conn
        .prepare_cached(
            "SELECT item_id, round, version, content_hash FROM review_round
             WHERE item_id = ?1 AND round = ?2 AND content_hash = ?3",
        )?
        .query_map(params![item_id, round, content_hash], sheet_round)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The rounds whose content hash starts with `prefix` (lower-case hex), latest submitted
/// first.
pub fn rounds_by_hash_prefix(conn: &Conn, prefix: &str) -> Result<Vec<SheetRound>> {
    Ok(conn
        .prepare_cached(
            "SELECT item_id, round, version, content_hash FROM review_round
             WHERE substr(content_hash, 1, ?1) = ?2 ORDER BY submitted_at DESC",
        )?
        .query_map(params![prefix.len() as i64, prefix], sheet_round)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A concluded round of the register, with the reviewed version's title and office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRound {
    pub round_id: i64,
    pub item_id: i64,
    pub index_no: String,
    pub title: Option<String>,
    pub office_name: Option<String>,
    pub round: i64,
    /// The outcome code.
    pub outcome: String,
    pub submitted_at: String,
    pub closed_at: Option<String>,
}

/// The rounds of live items concluded (not withdrawn) on `from`..=`to` (`YYYY-MM-DD`),
/// oldest first.
pub fn concluded_rounds(conn: &Conn, from: &str, to: &str) -> Result<Vec<RegisterRound>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, i.id, i.index_no, json_extract(v.snapshot, '$.fields.title'), o.name, r.round,
                    r.outcome, r.submitted_at, r.closed_at
             FROM review_round r
             JOIN item i ON i.id = r.item_id
             JOIN item_version v ON v.item_id = r.item_id AND v.version = r.version
             LEFT JOIN office o ON o.id = json_extract(v.snapshot, '$.fields.office_id')
             WHERE r.outcome IN ('approved', 'withheld', 'on_request', 'returned', 'referred')
               AND substr(r.closed_at, 1, 10) BETWEEN ?1 AND ?2
               AND i.deleted_at IS NULL
             ORDER BY r.closed_at, r.id",
        )?
        .query_map([from, to], |r| {
            Ok(RegisterRound {
                round_id: r.get(0)?,
                item_id: r.get(1)?,
                index_no: r.get(2)?,
                title: r.get(3)?,
                office_name: r.get(4)?,
                round: r.get(5)?,
                outcome: r.get(6)?,
                submitted_at: r.get(7)?,
                closed_at: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// (decider's name, grounds as stored JSON) of each decision of round `round_id`, in order.
pub fn round_deciders(conn: &Conn, round_id: i64) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.name, d.grounds FROM review_decision d JOIN staff s ON s.id = d.decided_by
         WHERE d.round_id = ?1 ORDER BY d.id",
        )?
        .query_map([round_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
