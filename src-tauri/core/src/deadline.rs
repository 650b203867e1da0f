//! 时限 — when an item must be public, on the working-day calendar, with the rule it
//! follows and its state (正常 / 即将到期 / 已逾期, or 按时公开 / 逾期公开 once published).
//!
//! The rules: 政策解读 within 3 working days after its policy is published; 部门预决算
//! within 20 days of approval (its 成文日期); everything else proactive within 20 working
//! days of being produced (成文日期, 条例第二十六条). Withheld and on-request items have
//! no disclosure deadline (their re-review date is the review module's).

use chrono::{Duration, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{self, Calendar};
use crate::error::Result;
use crate::store::Store;

/// Working days before the due date from which an item counts as 即将到期.
pub const SOON_WORKING_DAYS: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// 正常
    Ok,
    /// 即将到期
    Soon,
    /// 已逾期
    Overdue,
    /// 按时公开
    OnTime,
    /// 逾期公开
    Late,
}

impl DueState {
    pub fn label(self) -> &'static str {
        match self {
            DueState::Ok => "正常",
            DueState::Soon => "即将到期",
            DueState::Overdue => "已逾期",
            DueState::OnTime => "按时公开",
            DueState::Late => "逾期公开",
        }
    }
}

/// An item's disclosure deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Due {
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    /// The rule and its legal basis, as shown next to the date.
    pub basis: String,
    /// `YYYY-MM-DD`
    pub due_on: String,
    pub state: DueState,
    pub state_label: String,
    /// `YYYY-MM-DD` when published.
    pub published_on: Option<String>,
}

/// What the rules need to know about one item.
struct Facts {
    item_id: i64,
    index_no: String,
    title: String,
    category_code: String,
    status: String,
    written_on: Option<String>,
    created_at: String,
    interprets: Option<i64>,
    published_on: Option<String>,
}

fn date(s: &str) -> Option<NaiveDate> {
    calendar::date_of(s)
}

/// The deadline of one item, or `None` when no rule applies yet (a policy interpretation
/// whose policy is not published, a withheld item).
fn due_of(
    conn: &rusqlite::Connection,
    cal: &Calendar,
    f: Facts,
    today: NaiveDate,
) -> Result<Option<Due>> {
    if matches!(f.status.as_str(), "withheld" | "referred" | "revoked") {
        return Ok(None);
    }
    let (due, basis) = match f.category_code.as_str() {
        "interpretation" => {
            let Some(policy) = f.interprets else {
                return Ok(None);
            };
            let published: Option<String> = conn
                .query_row(
                    "SELECT published_on FROM publication WHERE item_id = ?1",
                    [policy],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(start) = published.as_deref().and_then(date) else {
                return Ok(None);
            };
            (
                cal.add_working_days(start, 3),
                format!("政策解读：所解读政策于 {start} 公开，3 个工作日内公开解读"),
            )
        }
        "budget" => {
            let Some(start) = f.written_on.as_deref().and_then(date) else {
                return Ok(None);
            };
            (
                start + Duration::days(20),
                format!("部门预决算：批复（{start}）后 20 日内公开"),
            )
        }
        _ => {
            let start = f
                .written_on
                .as_deref()
                .and_then(date)
                .or_else(|| date(&f.created_at))
                .unwrap_or(today);
            (
                cal.add_working_days(start, 20),
                format!("主动公开：信息形成（{start}）之日起 20 个工作日内（条例第二十六条）"),
            )
        }
    };
    let state = match f.published_on.as_deref().and_then(date) {
        Some(p) if p <= due => DueState::OnTime,
        Some(_) => DueState::Late,
        None if today > due => DueState::Overdue,
        None if cal.working_days_between(today, due) <= SOON_WORKING_DAYS => DueState::Soon,
        None => DueState::Ok,
    };
    Ok(Some(Due {
        item_id: f.item_id,
        index_no: f.index_no,
        title: f.title,
        basis,
        due_on: due.format("%Y-%m-%d").to_string(),
        state,
        state_label: state.label().into(),
        published_on: f.published_on,
    }))
}

const FACTS: &str =
    "SELECT i.id, i.index_no, i.title, c.code, i.status, i.written_on, i.created_at,
        json_extract(i.extra, '$.interprets_item_id'), p.published_on
    FROM item i JOIN category c ON c.id = i.category_id
    LEFT JOIN publication p ON p.item_id = i.id";

fn facts(r: &rusqlite::Row<'_>) -> rusqlite::Result<Facts> {
    Ok(Facts {
        item_id: r.get(0)?,
        index_no: r.get(1)?,
        title: r.get(2)?,
        category_code: r.get(3)?,
        status: r.get(4)?,
        written_on: r.get(5)?,
        created_at: r.get(6)?,
        interprets: r.get(7)?,
        published_on: r.get(8)?,
    })
}

/// The deadline of one item.
pub fn due(store: &Store, item_id: i64) -> Result<Option<Due>> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let f = conn
        .query_row(&format!("{FACTS} WHERE i.id = ?1"), params![item_id], facts)
        .optional()?;
    match f {
        Some(f) => due_of(conn, &cal, f, calendar::today()),
        None => Ok(None),
    }
}

/// Items not yet published that are overdue or due within [`SOON_WORKING_DAYS`], the most
/// urgent first, as of `today`.
pub fn urgent_on(store: &Store, today: NaiveDate, limit: usize) -> Result<Vec<Due>> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let rows = conn
        .prepare_cached(&format!(
            "{FACTS} WHERE i.deleted_at IS NULL AND p.item_id IS NULL
               AND i.status IN ('draft', 'in_review', 'approved', 'exported')"
        ))?
        .query_map([], facts)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for f in rows {
        if let Some(d) = due_of(conn, &cal, f, today)? {
            if matches!(d.state, DueState::Overdue | DueState::Soon) {
                out.push(d);
            }
        }
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.item_id.cmp(&b.item_id)));
    out.truncate(limit);
    Ok(out)
}

pub fn urgent(store: &Store, limit: usize) -> Result<Vec<Due>> {
    urgent_on(store, calendar::today(), limit)
}
