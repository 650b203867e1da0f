//! The item list's queries: filters, the full-text search (FTS5 `MATCH` over
//! `item_search`), the sort, and the count, pinned with `INDEXED BY` where the planner
//! would otherwise read every row.

use rusqlite::types::Value;

use super::Conn;
use crate::error::Result;

/// The order of an unsearched list (a search is newest first, always).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    UpdatedDesc,
    UpdatedAsc,
    WrittenDesc,
    IndexNoDesc,
}

/// What a list asks for; each `Some` is a condition on the items (alias `i`), in this
/// order.
#[derive(Debug, Clone)]
pub struct Filter {
    /// 我的: items created by this staff member.
    pub created_by: Option<i64>,
    /// 本处室: items of this office.
    pub office_scope: Option<i64>,
    /// The reader's condition (`access::list_clause`): SQL with one `?` and its value.
    pub access: Option<(String, Value)>,
    /// A search: `Some(Some(expr))` matches the FTS expression, `Some(None)` a search
    /// that can match nothing; `None` lists without searching.
    pub search: Option<Option<String>>,
    pub category_id: Option<i64>,
    /// A status code.
    pub status: Option<String>,
    pub office_id: Option<i64>,
    pub task_id: Option<i64>,
    /// A 有效性 code.
    pub validity: Option<String>,
    /// Last changed on or after (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last changed on or before (`YYYY-MM-DD`).
    pub to: Option<String>,
    pub order: Order,
    pub limit: i64,
    pub offset: i64,
    /// A search's count stops after this many hits (it counts up to `count_cap + 1`).
    pub count_cap: i64,
}

/// The SQL of a list query and its arguments.
struct Built {
    count_sql: String,
    page_sql: String,
    args: Vec<Value>,
    page_args: Vec<Value>,
}

fn build(f: &Filter) -> Built {
    let mut clauses = vec!["i.deleted_at IS NULL".to_string()];
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |clause: &str, v: Value, clauses: &mut Vec<String>| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(v) = f.created_by {
        arg("i.created_by = ?", v.into(), &mut clauses);
    }
    if let Some(v) = f.office_scope {
        arg("i.office_id = ?", v.into(), &mut clauses);
    }
    if let Some((clause, office)) = &f.access {
        arg(clause, office.clone(), &mut clauses);
    }
    // A search walks the index newest first (rowid order) and stops after the page, so a
    // word found in every item costs no more than a rare one.
    let searching = f.search.is_some();
    if let Some(expr) = &f.search {
        match expr {
            Some(expr) => arg("item_search MATCH ?", expr.clone().into(), &mut clauses),
            None => clauses.push("0".into()),
        }
    }
    let from_sql = if searching {
        "item_search CROSS JOIN item i ON i.id = item_search.rowid"
    } else {
        "item i"
    };
    if let Some(v) = f.category_id {
        arg("i.category_id = ?", v.into(), &mut clauses);
    }
    if let Some(v) = &f.status {
        arg("i.status = ?", v.clone().into(), &mut clauses);
    }
    if let Some(v) = f.office_id {
        arg("i.office_id = ?", v.into(), &mut clauses);
    }
    if let Some(v) = f.task_id {
        arg("i.task_id = ?", v.into(), &mut clauses);
    }
    if let Some(v) = &f.validity {
        arg("i.validity = ?", v.clone().into(), &mut clauses);
    }
    for (value, clause) in [
        (&f.from, "i.updated_at >= ?"),
        (&f.to, "i.updated_at < date(?, '+1 day')"),
    ] {
        if let Some(d) = value {
            arg(clause, d.clone().into(), &mut clauses);
        }
    }
    let where_sql = clauses.join(" AND ");
    let order = match f.order {
        _ if searching => "item_search.rowid DESC",
        Order::UpdatedDesc => "i.updated_at DESC, i.id DESC",
        Order::UpdatedAsc => "i.updated_at ASC, i.id ASC",
        Order::WrittenDesc => "i.written_on DESC, i.id DESC",
        Order::IndexNoDesc => "i.index_no DESC",
    };
    // Unfiltered (or only by date or 有效性), the count walks a small index of live items;
    // left to itself the planner may read every item row, bodies and all, to count them
    // (when nearly every item passes, an index looks no better to it than the table).
    let broad = f.created_by.is_none()
        && f.office_scope.is_none()
        && f.category_id.is_none()
        && f.status.is_none()
        && f.office_id.is_none()
        && f.task_id.is_none();
    let count_index = match (broad, &f.validity) {
        (true, None) => " INDEXED BY item_live_updated",
        (true, Some(_)) => " INDEXED BY item_live_validity",
        (false, _) => "",
    };
    // Search totals are counted up to a cap: "more than 1,000 hits" is all a person needs.
    let count_sql = if searching {
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {from_sql} WHERE {where_sql} LIMIT {})",
            f.count_cap + 1
        )
    } else {
        format!("SELECT COUNT(*) FROM item i{count_index} WHERE {where_sql}")
    };
    let mut page_args = args.clone();
    page_args.push(f.limit.into());
    page_args.push(f.offset.into());
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
    Built {
        count_sql,
        page_sql: sql,
        args,
        page_args,
    }
}

/// The query plans (`EXPLAIN QUERY PLAN` details) of the count and page queries.
pub fn plan(conn: &Conn, f: &Filter) -> Result<Vec<String>> {
    let b = build(f);
    let mut out = Vec::new();
    for (sql, args) in [(&b.count_sql, &b.args), (&b.page_sql, &b.page_args)] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            r.get::<_, String>(3)
        })?;
        out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(out)
}

/// A listed item as stored: codes as text; `body_text` is empty unless searching.
pub struct ListRow {
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub doc_number: String,
    pub status: String,
    pub category_name: String,
    pub office_name: String,
    pub written_on: Option<String>,
    pub validity: String,
    pub created_by_name: String,
    pub updated_at: String,
    pub summary: String,
    pub body_text: String,
}

/// How many items pass the filter (for a search, at most `count_cap + 1`), and the page.
pub fn list(conn: &Conn, f: &Filter) -> Result<(i64, Vec<ListRow>)> {
    let Built {
        count_sql,
        page_sql,
        args,
        page_args,
    } = build(f);
    let counted: i64 =
        conn.query_row(&count_sql, rusqlite::params_from_iter(args.iter()), |r| {
            r.get(0)
        })?;
    let mut stmt = conn.prepare_cached(&page_sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(page_args.iter()), |r| {
            Ok(ListRow {
                id: r.get(0)?,
                index_no: r.get(1)?,
                title: r.get(2)?,
                doc_number: r.get(3)?,
                status: r.get(4)?,
                category_name: r.get(5)?,
                office_name: r.get(6)?,
                written_on: r.get(7)?,
                validity: r.get(8)?,
                created_by_name: r.get(9)?,
                updated_at: r.get(10)?,
                summary: r.get(11)?,
                body_text: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((counted, rows))
}
