//! The deadlines' storage: the `deadline_rule` table (the numbers an administrator sets)
//! and the reads that find items by when their disclosure deadline falls. Which rule an
//! item follows and what its deadline is are `crate::deadline`'s; here, the facts they
//! need and the index-backed queries they describe.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// The stored number of days of the rule `code`, `None` when it has no row.
pub fn rule_days(conn: &Conn, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT days FROM deadline_rule WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores the rule `code`'s number of days, adding its row when missing.
pub fn set_rule_days(conn: &Conn, code: &str, days: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO deadline_rule (code, days) VALUES (?1, ?2)
         ON CONFLICT (code) DO UPDATE SET days = excluded.days",
        params![code, days],
    )?;
    Ok(())
}

/// Changes the rule `code`'s number of days when it has a row (nothing otherwise).
pub fn update_rule_days(conn: &Conn, code: &str, days: i64) -> Result<()> {
    conn.execute(
        "UPDATE deadline_rule SET days = ?1 WHERE code = ?2",
        params![days, code],
    )?;
    Ok(())
}

/// What the deadline rules need to know about one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsRow {
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub category_code: String,
    /// The status's stored code.
    pub status: String,
    pub written_on: Option<String>,
    pub created_at: String,
    /// When the policy an interpretation interprets was published.
    pub policy_published_on: Option<String>,
    pub published_on: Option<String>,
    pub comment_end: Option<String>,
    pub office_name: String,
}

const FACTS: &str =
    "SELECT i.id, i.index_no, i.title, c.code, i.status, i.written_on, i.created_at,
        (SELECT pp.published_on FROM publication pp
          WHERE pp.item_id = json_extract(i.extra, '$.interprets_item_id')),
        p.published_on, json_extract(i.extra, '$.comment_end'), COALESCE(o.name, '')
    FROM item i JOIN category c ON c.id = i.category_id
    LEFT JOIN office o ON o.id = i.office_id
    LEFT JOIN publication p ON p.item_id = i.id";

fn facts(r: &rusqlite::Row<'_>) -> rusqlite::Result<FactsRow> {
    Ok(FactsRow {
        item_id: r.get(0)?,
        index_no: r.get(1)?,
        title: r.get(2)?,
        category_code: r.get(3)?,
        status: r.get(4)?,
        written_on: r.get(5)?,
        created_at: r.get(6)?,
        policy_published_on: r.get(7)?,
        published_on: r.get(8)?,
        comment_end: r.get(9)?,
        office_name: r.get(10)?,
    })
}

/// The facts of the given items (deleted ones too), in the order asked, skipping ids
/// with no item. Each costs one lookup by id.
pub fn facts_of(conn: &Conn, item_ids: &[i64]) -> Result<Vec<FactsRow>> {
    let mut stmt = conn.prepare_cached(&format!("{FACTS} WHERE i.id = ?1"))?;
    let mut out = Vec::with_capacity(item_ids.len());
    for id in item_ids {
        if let Some(f) = stmt.query_row(params![id], facts).optional()? {
            out.push(f);
        }
    }
    Ok(out)
}

/// Every category whose items are published, as (id, code).
pub fn categories(conn: &Conn) -> Result<Vec<(i64, String)>> {
    Ok(conn
        // An office's part of a request is never published.
        .prepare_cached("SELECT id, code FROM category WHERE code <> ?1")?
        .query_map([super::request_parts::REPLY_CATEGORY], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// What a category's deadline counts from, as the queries below find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The publication of the policy the item interprets (`extra.interprets_item_id`).
    Policy,
    /// The 成文日期 (`written_on`); items without one have no deadline.
    Written,
    /// The 成文日期, else the day the item was created (the `item_due_start` index).
    Produced,
}

/// The date a proactive deadline counts from, as the `item_due_start` index holds it.
const START: &str = "COALESCE(i.written_on, substr(i.created_at, 1, 10))";

const UNPUBLISHED: &str = concat!(
    "i.deleted_at IS NULL AND p.item_id IS NULL
    AND i.status IN ",
    crate::status_sql!(Draft, InReview, Approved, Exported)
);

/// How the items with start `start` are found in the order their deadlines fall: the join
/// and condition (on `?1`, the latest start date wanted) after `FROM item i …`, and the
/// order key.
fn pending(start: Start) -> (String, &'static str) {
    match start {
        Start::Policy => (
            "JOIN publication pol ON pol.item_id = json_extract(i.extra, '$.interprets_item_id')
             WHERE pol.published_on <= ?1"
                .into(),
            "pol.published_on",
        ),
        Start::Written => (
            format!("WHERE {START} <= ?1 AND i.written_on IS NOT NULL"),
            START,
        ),
        Start::Produced => (format!("WHERE {START} <= ?1"), START),
    }
}

/// The facts of category `category_id`'s live unpublished items (draft to exported) whose
/// deadline counts from `start` on or before `cutoff` (`YYYY-MM-DD`), the earliest start
/// first, at most `limit`: read from an index, whatever the number of items.
pub fn pending_facts(
    conn: &Conn,
    category_id: i64,
    start: Start,
    cutoff: &str,
    limit: i64,
) -> Result<Vec<FactsRow>> {
    let (which, order) = pending(start);
    let sql = format!(
        "{FACTS} {which} AND i.category_id = ?3 AND {UNPUBLISHED}
             ORDER BY {order}, i.id LIMIT ?2"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(params![cutoff, limit, category_id], facts)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// How many of category `category_id`'s live unpublished items have a deadline counting
/// from `start` on or before `cutoff` (`YYYY-MM-DD`), counted on the index.
pub fn pending_count(conn: &Conn, category_id: i64, start: Start, cutoff: &str) -> Result<i64> {
    let (which, _) = pending(start);
    let sql = format!(
        "SELECT COUNT(*) FROM item i LEFT JOIN publication p ON p.item_id = i.id
                 {which} AND i.category_id = ?2 AND {UNPUBLISHED}"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![cutoff, category_id], |r| r.get::<_, i64>(0))?)
}

/// The distinct publication dates from `from` up to (not including) `to`.
pub fn publication_dates(conn: &Conn, from: &str, to: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT DISTINCT published_on FROM publication
             WHERE published_on >= ?1 AND published_on < ?2",
        )?
        .query_map([from, to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// For one publication date, the earliest start (`YYYY-MM-DD`) of each rule that is still
/// on time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnTimeFrom {
    pub published_on: String,
    /// The interpreted policy's publication.
    pub interpretation: String,
    /// The 成文日期 of a budget.
    pub budget: String,
    /// The 成文日期 (else the creation day) of anything else.
    pub proactive: String,
}

/// One office's publications: on time and late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficePunctuality {
    pub office: String,
    pub on_time: i64,
    pub late: i64,
}

/// The publications on the dates of `bounds` of live items with a deadline, counted by
/// office (in office order) as on time or late against those bounds.
pub fn punctuality(conn: &Conn, bounds: &[OnTimeFrom]) -> Result<Vec<OfficePunctuality>> {
    let bounds: Vec<[&str; 4]> = bounds
        .iter()
        .map(|b| {
            [
                b.published_on.as_str(),
                b.interpretation.as_str(),
                b.budget.as_str(),
                b.proactive.as_str(),
            ]
        })
        .collect();
    let bounds = serde_json::to_string(&bounds).unwrap_or_else(|_| "[]".into());
    Ok(conn
        .prepare_cached(
            // `x` is materialised so each publication's verdict is worked out once
            // (inlined, SQLite evaluates the CASE for each of the three uses); the item
            // is read from the narrow `item_live_facts`, its row only for an
            // interpretation's policy.
            concat!(
"WITH lim(p, li, lb, lp) AS (
                 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?1)),
             x AS MATERIALIZED (
                 SELECT i.office_id AS office_id,
                        CASE c.code
                          WHEN 'interpretation' THEN
                            (SELECT pp.published_on FROM publication pp
                              WHERE pp.item_id = json_extract(i.extra, '$.interprets_item_id')) >= lim.li
                          WHEN 'budget' THEN i.written_on >= lim.lb
                          ELSE COALESCE(i.written_on, substr(i.created_at, 1, 10)) >= lim.lp
                        END AS ok
                 FROM lim JOIN publication pub ON pub.published_on = lim.p
                 JOIN item i INDEXED BY item_live_facts ON i.id = pub.item_id
                 JOIN category c ON c.id = i.category_id
                 WHERE i.deleted_at IS NULL
                   AND i.status NOT IN ", crate::status_sql!(Withheld, Referred, Revoked), ")
             SELECT o.name, SUM(x.ok), COUNT(*) - SUM(x.ok)
             FROM x JOIN office o ON o.id = x.office_id
             WHERE x.ok IS NOT NULL
             GROUP BY o.id ORDER BY o.sort_order, o.id"
        ),
        )?
        .query_map([bounds], |r| {
            Ok(OfficePunctuality {
                office: r.get(0)?,
                on_time: r.get(1)?,
                late: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
