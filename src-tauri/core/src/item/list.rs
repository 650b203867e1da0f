//! 事项列表 — filtered, sorted, paged lists and full-text search over items.

use rusqlite::types::Value;

use super::{ItemPage, ItemQuery, ItemRow, Scope, Sort, Status, Validity};
use crate::error::{Error, Result};
use crate::search;
use crate::staff::Staff;
use crate::store::Store;

pub const MAX_PAGE_SIZE: u32 = 200;

/// One page of the items asked for; `actor` is needed for the 我的 and 本处室 scopes.
pub fn list(store: &Store, actor: Option<&Staff>, q: &ItemQuery) -> Result<ItemPage> {
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
    let me = || actor.ok_or_else(|| Error::Unauthenticated("请先登录。".into()));
    match q.scope {
        Scope::Mine => arg("i.created_by = ?", me()?.id.into(), &mut clauses),
        Scope::Office => arg("i.office_id = ?", me()?.office_id.into(), &mut clauses),
        Scope::All => {}
    }
    let text = q.text.trim();
    if !text.is_empty() {
        match search::match_expr(text) {
            Some(expr) => arg(
                "i.id IN (SELECT rowid FROM item_search WHERE item_search MATCH ?)",
                expr.into(),
                &mut clauses,
            ),
            None => clauses.push("0".into()),
        }
    }
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
        Sort::UpdatedDesc => "i.updated_at DESC, i.id DESC",
        Sort::UpdatedAsc => "i.updated_at ASC, i.id ASC",
        Sort::WrittenDesc => "i.written_on DESC, i.id DESC",
        Sort::IndexNoDesc => "i.index_no DESC",
    };
    let conn = store.conn();
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM item i WHERE {where_sql}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let mut page_args = args.clone();
    page_args.push((page_size as i64).into());
    page_args.push((((page - 1) * page_size) as i64).into());
    let n = args.len();
    let sql = format!(
        "SELECT i.id, i.index_no, i.title, i.doc_number, i.status, c.name, o.name, i.written_on, i.validity,
                s.name, i.updated_at, i.summary, {body}
         FROM item i
         JOIN category c ON c.id = i.category_id
         JOIN office o ON o.id = i.office_id
         JOIN staff s ON s.id = i.created_by
         WHERE {where_sql} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2,
        // The body is only needed for a search snippet.
        body = if text.is_empty() { "''" } else { "i.body_text" },
    );
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
        page,
        page_size,
    })
}
