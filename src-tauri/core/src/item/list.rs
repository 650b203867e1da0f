//! 事项列表 — filtered, sorted, paged lists and full-text search over items.

use rusqlite::types::Value;

use super::{ItemPage, ItemQuery, ItemRow, Scope, Sort, Status, Validity};
use crate::error::{Error, Result};
use crate::search;
use crate::staff::Staff;
use crate::store::Store;

pub const MAX_PAGE_SIZE: u32 = 200;
/// Search hits are counted up to this many.
pub const SEARCH_COUNT_CAP: i64 = 1000;

/// The SQL of a list query and its arguments.
struct Built {
    count_sql: String,
    page_sql: String,
    args: Vec<Value>,
    page_args: Vec<Value>,
    searching: bool,
    text: String,
    page: u32,
    page_size: u32,
}

fn build(actor: &Staff, q: &ItemQuery) -> Result<Built> {
    let page = q.page.max(1);
    let page_size = match q.page_size {
        0 => 50,
        n => n.min(MAX_PAGE_SIZE),
    };
    let mut clauses = vec!["i.deleted_at IS NULL".to_string()];
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |clause: &str, v: Value, clauses: &mut Vec<String>| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    match q.scope {
        Scope::Mine => arg("i.created_by = ?", actor.id.into(), &mut clauses),
        Scope::Office => arg("i.office_id = ?", actor.office_id.into(), &mut clauses),
        Scope::All => {}
    }
    // Only what the person may read (see `access`): drafts of other offices, withheld
    // items and the like are not listed, counted or found.
    if let Some((clause, office)) = crate::access::list_clause(actor) {
        arg(&clause, office, &mut clauses);
    }
    let text = q.text.trim();
    // A search walks the index newest first (rowid order) and stops after the page, so a
    // word found in every item costs no more than a rare one.
    let searching = !text.is_empty();
    if searching {
        match search::match_expr(text) {
            Some(expr) => arg("item_search MATCH ?", expr.into(), &mut clauses),
            None => clauses.push("0".into()),
        }
    }
    let from_sql = if searching {
        "item_search CROSS JOIN item i ON i.id = item_search.rowid"
    } else {
        "item i"
    };
    if let Some(v) = q.category_id {
        arg("i.category_id = ?", v.into(), &mut clauses);
    }
    if let Some(v) = q.status {
        arg("i.status = ?", v.code().to_string().into(), &mut clauses);
    }
    if let Some(v) = q.office_id {
        arg("i.office_id = ?", v.into(), &mut clauses);
    }
    if let Some(v) = q.task_id {
        arg("i.task_id = ?", v.into(), &mut clauses);
    }
    if let Some(v) = q.validity {
        arg("i.validity = ?", v.code().to_string().into(), &mut clauses);
    }
    for (value, clause, name) in [
        (&q.from, "i.updated_at >= ?", "开始日期"),
        (&q.to, "i.updated_at < date(?, '+1 day')", "结束日期"),
    ] {
        if let Some(d) = value.as_deref().filter(|d| !d.is_empty()) {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(Error::invalid("date", format!("{name}“{d}”不是有效日期。")));
            }
            arg(clause, d.to_string().into(), &mut clauses);
        }
    }
    let where_sql = clauses.join(" AND ");
    let order = match q.sort {
        _ if searching => "item_search.rowid DESC",
        Sort::UpdatedDesc => "i.updated_at DESC, i.id DESC",
        Sort::UpdatedAsc => "i.updated_at ASC, i.id ASC",
        Sort::WrittenDesc => "i.written_on DESC, i.id DESC",
        Sort::IndexNoDesc => "i.index_no DESC",
    };
    // Unfiltered (or only by date or 有效性), the count walks a small index of live items;
    // left to itself the planner may read every item row, bodies and all, to count them
    // (when nearly every item passes, an index looks no better to it than the table).
    let broad = q.scope == Scope::All
        && q.category_id.is_none()
        && q.status.is_none()
        && q.office_id.is_none()
        && q.task_id.is_none();
    let count_index = match (broad, q.validity) {
        (true, None) => " INDEXED BY item_live_updated",
        (true, Some(_)) => " INDEXED BY item_live_validity",
        (false, _) => "",
    };
    // Search totals are counted up to a cap: "more than 1,000 hits" is all a person needs.
    let count_sql = if searching {
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {from_sql} WHERE {where_sql} LIMIT {})",
            SEARCH_COUNT_CAP + 1
        )
    } else {
        format!("SELECT COUNT(*) FROM item i{count_index} WHERE {where_sql}")
    };
    let mut page_args = args.clone();
    page_args.push((page_size as i64).into());
    page_args.push((((page - 1) * page_size) as i64).into());
    let n = args.len();
    // A list page finds its ids first, walking only the index (so a far page skips index
    // entries, not rows with their joins), then reads those rows in that order (the CROSS
    // JOIN keeps the page's ids as the outer loop).
    let sql = if searching {
        format!(
            "SELECT i.id, i.index_no, i.title, i.doc_number, i.status, c.name, o.name, i.written_on, i.validity,
                    s.name, i.updated_at, i.summary, i.body_text
             FROM {from_sql}
             JOIN category c ON c.id = i.category_id
             JOIN office o ON o.id = i.office_id
             JOIN staff s ON s.id = i.created_by
             WHERE {where_sql} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2,
        )
    } else {
        format!(
            "SELECT i.id, i.index_no, i.title, i.doc_number, i.status, c.name, o.name, i.written_on, i.validity,
                    s.name, i.updated_at, i.summary, ''
             FROM (SELECT i.id FROM item i WHERE {where_sql} ORDER BY {order} LIMIT ?{} OFFSET ?{}) p
             CROSS JOIN item i ON i.id = p.id
             JOIN category c ON c.id = i.category_id
             JOIN office o ON o.id = i.office_id
             JOIN staff s ON s.id = i.created_by",
            n + 1,
            n + 2,
        )
    };
    Ok(Built {
        count_sql,
        page_sql: sql,
        args,
        page_args,
        searching,
        text: text.to_string(),
        page,
        page_size,
    })
}

/// The query plans (`EXPLAIN QUERY PLAN` details) of the count and page queries, for the
/// test that keeps list and search from falling back to a scan of the items table.
pub fn plan(store: &Store, actor: &Staff, q: &ItemQuery) -> Result<Vec<String>> {
    let b = build(actor, q)?;
    let mut out = Vec::new();
    for (sql, args) in [(&b.count_sql, &b.args), (&b.page_sql, &b.page_args)] {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            r.get::<_, String>(3)
        })?;
        out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(out)
}

/// One page of the items asked for that `actor` may read (their own for 我的, their
/// office's for 本处室).
pub fn list(store: &Store, actor: &Staff, q: &ItemQuery) -> Result<ItemPage> {
    let Built {
        count_sql,
        page_sql: sql,
        args,
        page_args,
        searching,
        text,
        page,
        page_size,
    } = build(actor, q)?;
    let text = text.as_str();
    let conn = store.conn();
    let counted: i64 =
        conn.query_row(&count_sql, rusqlite::params_from_iter(args.iter()), |r| {
            r.get(0)
        })?;
    let total_capped = searching && counted > SEARCH_COUNT_CAP;
    let total = counted.min(if searching {
        SEARCH_COUNT_CAP
    } else {
        i64::MAX
    });
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(page_args.iter()), |r| {
            let title: String = r.get(2)?;
            let doc: String = r.get(3)?;
            let status: String = r.get(4)?;
            let validity: String = r.get(8)?;
            let summary: String = r.get(11)?;
            let body: String = r.get(12)?;
            let source =
                if search::highlight(&summary, text).iter().any(|s| s.hit) || body.is_empty() {
                    summary
                } else {
                    body
                };
            Ok(ItemRow {
                id: r.get(0)?,
                index_no: r.get(1)?,
                title: search::highlight(&title, text),
                doc_number: search::highlight(&doc, text),
                snippet: search::snippet(&source, text, 80),
                status: Status::parse(&status).unwrap_or(Status::Draft),
                category_name: r.get(5)?,
                office_name: r.get(6)?,
                written_on: r.get(7)?,
                validity: Validity::parse(&validity).unwrap_or(Validity::Valid),
                created_by_name: r.get(9)?,
                updated_at: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ItemPage {
        rows,
        total,
        total_capped,
        page,
        page_size,
    })
}
