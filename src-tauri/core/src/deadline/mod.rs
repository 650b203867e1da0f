//! 时限 — when an item must be public, on the working-day calendar, with the rule it
//! follows and its state (正常 / 即将到期 / 已逾期, or 按时公开 / 逾期公开 once published).
//!
//! The rules ([`rules`], numbers set by an administrator): 政策解读 within 3 working days
//! after its policy is published; 部门预决算 within 20 days of approval (its 成文日期);
//! everything else proactive within 20 working days of being produced (成文日期,
//! 条例第二十六条). 重大决策预公开 also shows the end of its comment period. Withheld and
//! on-request items have no disclosure deadline (their re-review date is the review
//! module's).

mod rules;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{self, Calendar};
use crate::error::Result;
use crate::store::deadlines::{self, FactsRow as Facts, OnTimeFrom, Start};
use crate::store::{Conn, Store};

pub use rules::{rule_days, rules, set_rule, unit_label, DayUnit, DeadlineRule, RuleCode};

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
    /// 重大决策预公开: the last day of the comment period (`YYYY-MM-DD`).
    pub comment_end: Option<String>,
    /// 承办处室.
    pub office_name: String,
}

/// The configured numbers of the three disclosure rules, read once per call.
#[derive(Debug, Clone, Copy)]
struct Limits {
    interpretation: i64,
    proactive: i64,
    budget: i64,
}

impl Limits {
    fn load(conn: &Conn) -> Result<Limits> {
        Ok(Limits {
            interpretation: rule_days(conn, RuleCode::Interpretation)?,
            proactive: rule_days(conn, RuleCode::Proactive)?,
            budget: rule_days(conn, RuleCode::Budget)?,
        })
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    calendar::date_of(s)
}

fn working(n: i64) -> u32 {
    n.clamp(0, 1000) as u32
}

/// The deadline of one item, or `None` when no rule applies yet (a policy interpretation
/// whose policy is not published, a withheld item).
fn due_of(cal: &Calendar, limits: Limits, f: Facts, today: NaiveDate) -> Option<Due> {
    if matches!(f.status.as_str(), "withheld" | "referred" | "revoked") {
        return None;
    }
    // An office's part of a 依申请公开 request is answered, never published: its date is
    // the one the request's handler gave it (`request::parts`), not a publication deadline.
    if f.category_code == crate::store::request_parts::REPLY_CATEGORY {
        return None;
    }
    let (due, mut basis) = match f.category_code.as_str() {
        "interpretation" => {
            let start = f.policy_published_on.as_deref().and_then(date)?;
            let n = limits.interpretation;
            (
                cal.add_working_days(start, working(n)),
                format!("政策解读：所解读政策于 {start} 公开，{n} 个工作日内公开解读"),
            )
        }
        "budget" => {
            let start = f.written_on.as_deref().and_then(date)?;
            let n = limits.budget;
            (
                start + Duration::days(n),
                format!("部门预决算：批复（{start}）后 {n} 日内公开"),
            )
        }
        _ => {
            let start = f
                .written_on
                .as_deref()
                .and_then(date)
                .or_else(|| date(&f.created_at))
                .unwrap_or(today);
            let n = limits.proactive;
            (
                cal.add_working_days(start, working(n)),
                format!("主动公开：信息形成（{start}）之日起 {n} 个工作日内（条例第二十六条）"),
            )
        }
    };
    let comment_end = if f.category_code == "decision_draft" {
        f.comment_end
            .as_deref()
            .and_then(date)
            .map(|d| d.format("%Y-%m-%d").to_string())
    } else {
        None
    };
    if let Some(end) = &comment_end {
        basis.push_str(&format!("；征求意见截止 {end}"));
    }
    let state = match f.published_on.as_deref().and_then(date) {
        Some(p) if p <= due => DueState::OnTime,
        Some(_) => DueState::Late,
        None if today > due => DueState::Overdue,
        None if cal.working_days_between(today, due) <= SOON_WORKING_DAYS => DueState::Soon,
        None => DueState::Ok,
    };
    Some(Due {
        item_id: f.item_id,
        index_no: f.index_no,
        title: f.title,
        basis,
        due_on: due.format("%Y-%m-%d").to_string(),
        state,
        state_label: state.label().into(),
        published_on: f.published_on,
        comment_end,
        office_name: f.office_name,
    })
}

/// The deadline of one item.
pub fn due(store: &Store, item_id: i64) -> Result<Option<Due>> {
    Ok(due_many_on(store, &[item_id], crate::clock::today())?.pop())
}

/// The deadlines of the given items (a list page's rows), in the order asked, skipping
/// those no rule applies to. Each costs one indexed lookup, whatever the number of items.
pub fn due_many(store: &Store, item_ids: &[i64]) -> Result<Vec<Due>> {
    due_many_on(store, item_ids, crate::clock::today())
}

pub fn due_many_on(store: &Store, item_ids: &[i64], today: NaiveDate) -> Result<Vec<Due>> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let limits = Limits::load(conn)?;
    Ok(deadlines::facts_of(conn, item_ids)?
        .into_iter()
        .filter_map(|f| due_of(&cal, limits, f, today))
        .collect())
}

/// The last date that still counts as 即将到期 on `today`.
fn soon_horizon(cal: &Calendar, today: NaiveDate) -> NaiveDate {
    let mut h = today;
    while cal.working_days_between(today, h + Duration::days(1)) <= SOON_WORKING_DAYS {
        h += Duration::days(1);
    }
    h
}

/// The latest start date whose working-day deadline falls on or before `by`.
fn latest_start(cal: &Calendar, n: i64, by: NaiveDate) -> NaiveDate {
    let mut s = by;
    while cal.add_working_days(s, working(n)) > by {
        s -= Duration::days(1);
    }
    s
}

/// How a category's unpublished items are found in the order their deadlines fall: what
/// their deadline counts from, and the latest start whose deadline falls on or before `by`.
///
/// A deadline only moves later as its start date does (an interpretation's start is its
/// policy's publication), so "due on or before `by`" is "started on or before the
/// cutoff", which the `item_due_start` index answers without computing any deadline.
fn pending(code: &str, cal: &Calendar, limits: Limits, by: NaiveDate) -> (Start, NaiveDate) {
    match code {
        "interpretation" => (Start::Policy, latest_start(cal, limits.interpretation, by)),
        "budget" => (Start::Written, by - Duration::days(limits.budget)),
        _ => (Start::Produced, latest_start(cal, limits.proactive, by)),
    }
}

/// Items not yet published that are overdue or due within [`SOON_WORKING_DAYS`], the most
/// urgent first, as of `today`.
///
/// For each category only the `limit` earliest starts are read (from an index, see
/// [`pending`]): the cost does not grow with the number of items.
pub fn urgent_on(store: &Store, today: NaiveDate, limit: usize) -> Result<Vec<Due>> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let limits = Limits::load(conn)?;
    let horizon = soon_horizon(&cal, today);
    let mut out = Vec::new();
    for (category_id, code) in deadlines::categories(conn)? {
        let (start, cutoff) = pending(&code, &cal, limits, horizon);
        let rows = deadlines::pending_facts(conn, category_id, start, &iso(cutoff), limit as i64)?;
        out.extend(
            rows.into_iter()
                .filter_map(|f| due_of(&cal, limits, f, today))
                .filter(|d| matches!(d.state, DueState::Overdue | DueState::Soon)),
        );
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.item_id.cmp(&b.item_id)));
    out.truncate(limit);
    Ok(out)
}

/// How many items not yet published are overdue, and how many more are due within
/// [`SOON_WORKING_DAYS`], as of `today`: all of them, counted on the index.
pub fn urgent_counts_on(store: &Store, today: NaiveDate) -> Result<UrgentCounts> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let limits = Limits::load(conn)?;
    let horizon = soon_horizon(&cal, today);
    let yesterday = today - Duration::days(1);
    let (mut overdue, mut due_by_horizon) = (0, 0);
    for (category_id, code) in deadlines::categories(conn)? {
        for (by, total) in [(yesterday, &mut overdue), (horizon, &mut due_by_horizon)] {
            let (start, cutoff) = pending(&code, &cal, limits, by);
            *total += deadlines::pending_count(conn, category_id, start, &iso(cutoff))?;
        }
    }
    Ok(UrgentCounts {
        overdue,
        soon: due_by_horizon - overdue,
    })
}

/// All overdue and nearly due items, counted (the dashboard lists the most urgent few).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UrgentCounts {
    #[ts(type = "number")]
    pub overdue: i64,
    #[ts(type = "number")]
    pub soon: i64,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The earliest start date whose working-day deadline is on or after `p`.
fn earliest_start(cal: &Calendar, n: i64, p: NaiveDate) -> NaiveDate {
    let mut s = p;
    while cal.add_working_days(s - Duration::days(1), working(n)) >= p {
        s -= Duration::days(1);
    }
    s
}

/// Publications from `from` up to (not including) `to`, by office name: (office, on time,
/// late), in office order.
///
/// Rather than computing every item's deadline, each publication date of the period gets,
/// per rule, the earliest start date that is still on time; SQL then compares and counts.
pub fn punctuality(store: &Store, from: &str, to: &str) -> Result<Vec<(String, i64, i64)>> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let limits = Limits::load(conn)?;
    let fmt = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let bounds: Vec<OnTimeFrom> = deadlines::publication_dates(conn, from, to)?
        .into_iter()
        .filter_map(|p| {
            let d = date(&p)?;
            Some(OnTimeFrom {
                interpretation: fmt(earliest_start(&cal, limits.interpretation, d)),
                budget: fmt(d - Duration::days(limits.budget)),
                proactive: fmt(earliest_start(&cal, limits.proactive, d)),
                published_on: p,
            })
        })
        .collect();
    Ok(deadlines::punctuality(conn, &bounds)?
        .into_iter()
        .map(|o| (o.office, o.on_time, o.late))
        .collect())
}

pub fn urgent(store: &Store, limit: usize) -> Result<Vec<Due>> {
    urgent_on(store, crate::clock::today(), limit)
}
