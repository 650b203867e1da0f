//! 事项列表 — filtered, sorted, paged lists and full-text search over items.

use super::{ItemPage, ItemQuery, ItemRow, Scope, Sort, Status, Validity};
use crate::error::{Error, Result};
use crate::search;
use crate::staff::Staff;
use crate::store::item_list::{self, Filter, Order};
use crate::store::Store;

pub const MAX_PAGE_SIZE: u32 = 200;
/// Search hits are counted up to this many.
pub const SEARCH_COUNT_CAP: i64 = 1000;

/// The list query `q` asks of `actor`, as the store's filter; the text searched for, the
/// page and its size.
struct Built {
    filter: Filter,
    text: String,
    page: u32,
    page_size: u32,
}

// `access::list_clause` gives its value as the store's parameter type today; the
// conversion keeps this compiling when it gives the office's id as a plain number.
#[allow(clippy::useless_conversion)]
fn build(actor: &Staff, q: &ItemQuery) -> Result<Built> {
    let page = q.page.max(1);
    let page_size = match q.page_size {
        0 => 50,
        n => n.min(MAX_PAGE_SIZE),
    };
    let mut dates = [None, None];
    for (i, (value, name)) in [(&q.from, "开始日期"), (&q.to, "结束日期")]
        .into_iter()
        .enumerate()
    {
        if let Some(d) = value.as_deref().filter(|d| !d.is_empty()) {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(Error::invalid("date", format!("{name}“{d}”不是有效日期。")));
            }
            dates[i] = Some(d.to_string());
        }
    }
    let [from, to] = dates;
    let text = q.text.trim();
    let filter = Filter {
        created_by: (q.scope == Scope::Mine).then_some(actor.id),
        office_scope: (q.scope == Scope::Office).then_some(actor.office_id),
        // Only what the person may read (see `access`): drafts of other offices, withheld
        // items and the like are not listed, counted or found.
        access: crate::access::list_clause(actor).map(|(clause, office)| (clause, office.into())),
        search: (!text.is_empty()).then(|| search::match_expr(text)),
        category_id: q.category_id,
        // 我的草稿 is the drafter's desk: drafts, returned ones included (a return makes
        // the item a draft again); what went on has the other tabs and the status filter.
        status: match q.scope {
            Scope::Mine => Some(Status::Draft.code().to_string()),
            _ => q.status.map(|s| s.code().to_string()),
        },
        office_id: q.office_id,
        task_id: q.task_id,
        validity: q.validity.map(|v| v.code().to_string()),
        from,
        to,
        order: match q.sort {
            Sort::UpdatedDesc => Order::UpdatedDesc,
            Sort::UpdatedAsc => Order::UpdatedAsc,
            Sort::WrittenDesc => Order::WrittenDesc,
            Sort::IndexNoDesc => Order::IndexNoDesc,
        },
        limit: page_size as i64,
        offset: ((page - 1) * page_size) as i64,
        count_cap: SEARCH_COUNT_CAP,
    };
    Ok(Built {
        filter,
        text: text.to_string(),
        page,
        page_size,
    })
}

/// The query plans (`EXPLAIN QUERY PLAN` details) of the count and page queries, for the
/// test that keeps list and search from falling back to a scan of the items table.
pub fn plan(store: &Store, actor: &Staff, q: &ItemQuery) -> Result<Vec<String>> {
    item_list::plan(store.conn(), &build(actor, q)?.filter)
}

/// One page of the items asked for that `actor` may read (their own for 我的, their
/// office's for 本处室).
pub fn list(store: &Store, actor: &Staff, q: &ItemQuery) -> Result<ItemPage> {
    let Built {
        filter,
        text,
        page,
        page_size,
    } = build(actor, q)?;
    let text = text.as_str();
    let searching = filter.search.is_some();
    let (counted, found) = item_list::list(store.conn(), &filter)?;
    let total_capped = searching && counted > SEARCH_COUNT_CAP;
    let total = counted.min(if searching {
        SEARCH_COUNT_CAP
    } else {
        i64::MAX
    });
    let rows = found
        .into_iter()
        .map(|r| {
            let source = if search::highlight(&r.summary, text).iter().any(|s| s.hit)
                || r.body_text.is_empty()
            {
                r.summary
            } else {
                r.body_text
            };
            ItemRow {
                id: r.id,
                index_no: r.index_no,
                title: search::highlight(&r.title, text),
                doc_number: search::highlight(&r.doc_number, text),
                snippet: search::snippet(&source, text, 80),
                status: Status::parse(&r.status).unwrap_or(Status::Draft),
                category_name: r.category_name,
                office_name: r.office_name,
                written_on: r.written_on,
                validity: Validity::parse(&r.validity).unwrap_or(Validity::Valid),
                created_by_name: r.created_by_name,
                updated_at: r.updated_at,
            }
        })
        .collect();
    Ok(ItemPage {
        rows,
        total,
        total_capped,
        page,
        page_size,
    })
}
