//! The reports' reads: the published regulations of the annual report, and the items and
//! review rounds of the year-end assessment.

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// One published regulation item as the annual report counts it (dates as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegulationRow {
    /// The 规章/行政规范性文件 code of its extra fields, if set.
    pub kind: Option<String>,
    /// 成文日期, else 发布日期.
    pub issued: Option<String>,
    /// The 有效性 code.
    pub validity: String,
    /// 有效性变更日期, else when the first version with the current validity was saved.
    pub validity_on: Option<String>,
    /// The earliest revocation as 废止.
    pub revoked_repealed: Option<String>,
    /// The earliest revocation as withdrawn from the site.
    pub withdrawn: Option<String>,
}

/// The live, proactively published items of the 规章和规范性文件 category.
pub fn published_regulations(conn: &Conn) -> Result<Vec<RegulationRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT json_extract(i.extra, '$.regulation_kind'), COALESCE(i.written_on, p.published_on),
                    i.validity,
                    COALESCE(i.validity_date,
                        (SELECT MIN(v.saved_at) FROM item_version v WHERE v.item_id = i.id
                           AND json_extract(v.snapshot, '$.fields.validity') = i.validity)),
                    (SELECT MIN(r.revoked_on) FROM revocation r WHERE r.item_id = i.id AND r.kind = 'repealed'),
                    (SELECT MIN(r.revoked_on) FROM revocation r WHERE r.item_id = i.id AND r.kind = 'withdrawn')
             FROM item i JOIN category c ON c.id = i.category_id
             JOIN publication p ON p.item_id = i.id
             WHERE c.code = 'regulation' AND i.deleted_at IS NULL AND i.publish_mode = 'proactive'",
        )?
        .query_map([], |r| {
            Ok(RegulationRow {
                kind: r.get(0)?,
                issued: r.get(1)?,
                validity: r.get(2)?,
                validity_on: r.get(3)?,
                revoked_repealed: r.get(4)?,
                withdrawn: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// (id, name) of every category, in catalog order.
pub fn categories(conn: &Conn) -> Result<Vec<(i64, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, name FROM category ORDER BY sort_order, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// An item the assessment counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessedItem {
    pub item_id: i64,
    pub office_id: i64,
    pub category_id: i64,
    pub published_on: Option<String>,
}

/// Live items (of `office_id` only, when given) published in `year` (`YYYY`), or not
/// published and still on their way to it (draft, in review, approved, exported); by id.
pub fn assessed_items(
    conn: &Conn,
    year: &str,
    office_id: Option<i64>,
) -> Result<Vec<AssessedItem>> {
    Ok(conn
        .prepare_cached(concat!(
            "SELECT i.id, i.office_id, i.category_id, p.published_on
             FROM item i LEFT JOIN publication p ON p.item_id = i.id
             WHERE i.deleted_at IS NULL AND (?2 IS NULL OR i.office_id = ?2)
               AND (substr(p.published_on, 1, 4) = ?1
                    OR (p.item_id IS NULL AND i.status IN ",
            crate::status_sql!(Draft, InReview, Approved, Exported),
            "))
             ORDER BY i.id"
        ))?
        .query_map(params![year, office_id], |r| {
            Ok(AssessedItem {
                item_id: r.get(0)?,
                office_id: r.get(1)?,
                category_id: r.get(2)?,
                published_on: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// A review round concluded by a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcludedRound {
    pub office_id: i64,
    /// The outcome code (`approved`, `returned`, …).
    pub outcome: String,
    pub submitted_at: String,
    pub closed_at: String,
}

/// Review rounds of live items (of `office_id` only, when given) concluded by a decision
/// (not withdrawn) in `year` (`YYYY`), on or before `end` (`YYYY-MM-DD`).
pub fn concluded_rounds(
    conn: &Conn,
    year: &str,
    office_id: Option<i64>,
    end: &str,
) -> Result<Vec<ConcludedRound>> {
    Ok(conn
        .prepare_cached(
            "SELECT i.office_id, r.outcome, r.submitted_at, r.closed_at
             FROM review_round r JOIN item i ON i.id = r.item_id
             WHERE i.deleted_at IS NULL AND (?2 IS NULL OR i.office_id = ?2)
               AND r.outcome IN ('approved', 'returned', 'withheld', 'on_request', 'referred')
               AND substr(r.closed_at, 1, 4) = ?1 AND substr(r.closed_at, 1, 10) <= ?3",
        )?
        .query_map(params![year, office_id, end], |r| {
            Ok(ConcludedRound {
                office_id: r.get(0)?,
                outcome: r.get(1)?,
                submitted_at: r.get(2)?,
                closed_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
