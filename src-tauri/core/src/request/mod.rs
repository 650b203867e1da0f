//! 依申请公开 — applications for disclosure from the public (条例 第四章): registered with
//! the applicant and the day of receipt, given a number that is never reused, and carried
//! on the statutory clock ([`clock`]) through 补正, extension, consultations and fees to the
//! reply, whose outcome is the row it counts in in the annual report.
//!
//! Who may do what (enforced here, whatever the caller):
//! - register and record what happens: 依申请承办人;
//! - decide an extension: 分管领导 or 处室负责人 (the 负责人 of 第三十三条), never the person who
//!   asked for it;
//! - read requests: 依申请承办人, 分管领导, 处室负责人 and 管理员; the applicant's 身份证明号码
//!   only by 依申请承办人 — everyone else sees it masked.
//!
//! Every change is audited (`request.add`, `request.event`) in the transaction that makes it.
//! The letters to the applicant and how each was served: [`letters`].

pub mod appeals;
pub mod clock;
mod events;
pub mod fees;
pub mod input;
pub mod letters;
pub mod parts;
mod types;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use clock::{Clock, ClockSettings, ClockView, Pause};
pub use events::{EventKind, RequestEvent};
pub use input::RequestInput;
pub use parts::{PartInput, RequestPart};
pub use types::*;

use crate::audit::{self, Event};
use crate::calendar::{self, Calendar};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::requests::{self as rows, EventRow, RequestRow};
use crate::store::{settings, Conn, Store};

/// A request with where its clock stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Request {
    pub number: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub input: RequestInput,
    /// Whether `id_number` is shown in full (only to 依申请承办人).
    pub id_number_masked: bool,
    pub registered_by: String,
    pub registered_at: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub clock: ClockView,
    pub events: Vec<RequestEvent>,
    /// The offices it was routed to (协办), cancelled ones included.
    pub parts: Vec<RequestPart>,
}

/// A line of the request list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestSummary {
    pub number: String,
    pub applicant_type: ApplicantType,
    pub name: String,
    /// Always masked in lists.
    pub id_number: String,
    pub channel: Channel,
    #[ts(type = "string")]
    pub received_on: NaiveDate,
    pub description: String,
    pub status: Status,
    #[ts(type = "string | null")]
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    pub outcome: Option<Outcome>,
    /// Who registered it (the handler holding it).
    pub registered_by: String,
}

const CLOCK_KEY: &str = "request_clock";

/// The clock's settings (the defaults until an administrator changes them).
pub fn clock_settings(store: &Store) -> Result<ClockSettings> {
    clock_settings_in(store.conn())
}

fn clock_settings_in(conn: &Conn) -> Result<ClockSettings> {
    Ok(settings::get(conn, CLOCK_KEY)?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// Changes the clock's settings (管理员), audited.
pub fn set_clock_settings(
    store: &mut Store,
    actor: &Staff,
    s: &ClockSettings,
) -> Result<ClockSettings> {
    actor.require(Role::Admin)?;
    let checks = [
        ("reply_days", s.reply_days, 1, 60),
        ("correction_notice_days", s.correction_notice_days, 1, 30),
        ("correction_days", s.correction_days, 1, 60),
        ("extension_max_days", s.extension_max_days, 0, 60),
        ("consult_days", s.consult_days, 1, 60),
        ("fee_days", s.fee_days, 1, 60),
    ];
    for (key, v, lo, hi) in checks {
        if !(lo..=hi).contains(&v) {
            return Err(Error::invalid(key, format!("应为 {lo} 至 {hi} 个工作日。")));
        }
    }
    let json = serde_json::to_string(s).unwrap_or_default();
    store.immediate(|tx| {
        settings::set(tx, CLOCK_KEY, &json)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.request_clock",
                format!(
                    "依申请公开期限：答复 {} 个工作日，补正告知 {} 个工作日内，延期至多 {} 个工作日，征求意见 {} 个工作日，缴费 {} 个工作日{}{}",
                    s.reply_days,
                    s.correction_notice_days,
                    s.extension_max_days,
                    s.consult_days,
                    s.fee_days,
                    if s.fee_pauses { "，待缴费期间暂停计算" } else { "" },
                    if s.receipt_day_counts { "，收到申请当日计入" } else { "" }
                ),
            ),
        )
    })?;
    clock_settings(store)
}

/// The request numbered `number`, or a Chinese “not found”.
pub(crate) fn row_by_number(conn: &Conn, number: &str) -> Result<RequestRow> {
    rows::by_number(conn, number.trim())?
        .ok_or_else(|| Error::NotFound(format!("没有编号为“{}”的申请。", number.trim())))
}

/// May read requests at all.
fn require_reader(who: &Staff) -> Result<()> {
    if [
        Role::RequestHandler,
        Role::Leader,
        Role::OfficeHead,
        Role::Admin,
    ]
    .iter()
    .any(|r| who.has(*r))
    {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "只有依申请承办人、负责人和管理员可以查看依申请公开的申请。".into(),
        ))
    }
}

/// The 身份证明号码 as shown to everyone but the handlers: its first 3 and last 2 characters.
pub fn mask_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 3 || i >= n - 2 { *c } else { '*' })
        .collect()
}

fn input_of(r: &RequestRow) -> RequestInput {
    RequestInput {
        applicant_type: ApplicantType::parse(&r.applicant_type).unwrap_or(ApplicantType::Person),
        applicant_subtype: r
            .applicant_subtype
            .as_deref()
            .and_then(ApplicantSubtype::parse),
        name: r.name.clone(),
        id_type: r.id_type.clone(),
        id_number: r.id_number.clone(),
        contact: r.contact.clone(),
        address: r.address.clone(),
        channel: Channel::parse(&r.channel).unwrap_or(Channel::InPerson),
        received_on: calendar::date_of(&r.received_on).unwrap_or_default(),
        description: r.description.clone(),
        form: Form::parse(&r.form).unwrap_or(Form::Electronic),
        delivery: r.delivery.clone(),
    }
}

fn parsed(events: &[EventRow]) -> Vec<(NaiveDate, EventKind, i64, &EventRow)> {
    events
        .iter()
        .filter_map(|e| {
            let on = calendar::date_of(&e.on_date)?;
            let kind: EventKind = serde_json::from_str(&e.detail).ok()?;
            Some((on, kind, e.staff_id, e))
        })
        .collect()
}

fn clock_of<'c>(
    cal: &'c Calendar,
    s: &ClockSettings,
    received: NaiveDate,
    events: &[(NaiveDate, EventKind, i64, &EventRow)],
) -> Clock<'c> {
    let plain: Vec<(NaiveDate, EventKind, i64)> = events
        .iter()
        .map(|(on, k, by, _)| (*on, k.clone(), *by))
        .collect();
    Clock::replay(cal, s, received, &plain)
}

fn summary(r: &RequestRow, v: &ClockView) -> RequestSummary {
    let input = input_of(r);
    RequestSummary {
        number: r.number.clone(),
        applicant_type: input.applicant_type,
        name: r.name.clone(),
        id_number: mask_id(&r.id_number),
        channel: input.channel,
        received_on: input.received_on,
        description: r.description.clone(),
        status: v.status,
        due_on: v.due_on,
        overdue: v.overdue,
        days_left: v.days_left,
        outcome: v.outcome,
        registered_by: r.registered_by.clone(),
    }
}

/// Every request with its clock on `today`, for the lists and the report.
pub(crate) fn all_on(store: &Store, today: NaiveDate) -> Result<Vec<(RequestRow, ClockView)>> {
    let conn = store.conn();
    let cal = Calendar::load(conn)?;
    let s = clock_settings_in(conn)?;
    let mut by_request: HashMap<i64, Vec<EventRow>> = HashMap::new();
    for e in rows::all_events(conn)? {
        by_request.entry(e.request_id).or_default().push(e);
    }
    let empty = Vec::new();
    Ok(rows::all(conn)?
        .into_iter()
        .map(|r| {
            let events = parsed(by_request.get(&r.id).unwrap_or(&empty));
            let received = calendar::date_of(&r.received_on).unwrap_or(today);
            let v = clock_of(&cal, &s, received, &events).view(today);
            (r, v)
        })
        .collect())
}

/// Registers a request (依申请承办人); audited. Returns it as stored.
pub fn add(store: &mut Store, actor: &Staff, input: &RequestInput) -> Result<Request> {
    actor.require(Role::RequestHandler)?;
    let today = crate::clock::today();
    input::check(input, today)?;
    let at = crate::clock::stamp();
    let number = store.immediate(|tx| {
        let year = today.year();
        let n = rows::next_in_year(tx, year)?;
        let number = format!("{year}-{n:04}");
        let row = RequestRow {
            id: 0,
            number: number.clone(),
            applicant_type: input.applicant_type.code().into(),
            applicant_subtype: input.applicant_subtype.map(|s| s.code().into()),
            name: input.name.trim().into(),
            id_type: input.id_type.trim().into(),
            id_number: input.id_number.trim().into(),
            contact: input.contact.trim().into(),
            address: input.address.trim().into(),
            channel: input.channel.code().into(),
            received_on: input.received_on.format("%Y-%m-%d").to_string(),
            description: input.description.trim().into(),
            form: input.form.code().into(),
            delivery: input.delivery.trim().into(),
            registered_by: String::new(),
            registered_at: at.clone(),
        };
        rows::insert(tx, &row, actor.id)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "request.add",
                format!(
                    "登记依申请公开申请 {number}：{}（{}），{}收到于 {}",
                    row.name,
                    input.applicant_type.label(),
                    input.channel.label(),
                    row.received_on
                ),
            ),
        )?;
        Ok(number)
    })?;
    show(store, actor, &number)
}

/// One request with its history and clock (readers; the 身份证明号码 in full only for
/// 依申请承办人).
pub fn show(store: &Store, actor: &Staff, number: &str) -> Result<Request> {
    show_on(store, actor, number, crate::clock::today())
}

pub fn show_on(store: &Store, actor: &Staff, number: &str, today: NaiveDate) -> Result<Request> {
    require_reader(actor)?;
    let conn = store.conn();
    let r = row_by_number(conn, number)?;
    let cal = Calendar::load(conn)?;
    let s = clock_settings_in(conn)?;
    let event_rows = rows::events(conn, r.id)?;
    let events = parsed(&event_rows);
    let mut input = input_of(&r);
    let clock = clock_of(&cal, &s, input.received_on, &events).view(today);
    let masked = !actor.has(Role::RequestHandler);
    if masked {
        input.id_number = mask_id(&input.id_number);
    }
    Ok(Request {
        number: r.number.clone(),
        input,
        id_number_masked: masked,
        registered_by: r.registered_by.clone(),
        registered_at: r.registered_at.clone(),
        clock,
        events: events
            .iter()
            .map(|(on, kind, _, row)| RequestEvent {
                on: *on,
                text: kind.describe(),
                event: kind.clone(),
                by: row.staff_name.clone(),
                at: row.at.clone(),
            })
            .collect(),
        parts: parts::of_request(conn, r.id, today)?,
    })
}

/// Every request, newest first (readers).
pub fn list(store: &Store, actor: &Staff) -> Result<Vec<RequestSummary>> {
    require_reader(actor)?;
    let today = crate::clock::today();
    Ok(all_on(store, today)?
        .iter()
        .map(|(r, v)| summary(r, v))
        .collect())
}

/// Open requests due within `within` working days, or overdue, soonest first (readers).
pub fn due(store: &Store, actor: &Staff, within: u32) -> Result<Vec<RequestSummary>> {
    due_on(store, actor, within, crate::clock::today())
}

pub fn due_on(
    store: &Store,
    actor: &Staff,
    within: u32,
    today: NaiveDate,
) -> Result<Vec<RequestSummary>> {
    require_reader(actor)?;
    let mut out: Vec<RequestSummary> = all_on(store, today)?
        .iter()
        .filter(|(_, v)| !v.status.is_closed())
        .filter(|(_, v)| v.days_left.is_some_and(|d| d <= i64::from(within)))
        .map(|(r, v)| summary(r, v))
        .collect();
    out.sort_by_key(|s| (s.due_on, s.number.clone()));
    Ok(out)
}

/// A day as the window sends it (`YYYY-MM-DD`), or a Chinese error naming `field`.
pub fn parse_day(field: &'static str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!("日期“{}”无效，请按 2026-12-02 的格式填写。", s.trim()),
        )
    })
}

/// Records what happened on `on` (who may: see [`EventKind`]); refused with the clock's
/// reason when the rules do not allow it, and then nothing is stored. Audited.
pub fn record(
    store: &mut Store,
    actor: &Staff,
    number: &str,
    on: NaiveDate,
    event: &EventKind,
) -> Result<Request> {
    let number = number.trim().to_string();
    store.immediate(|tx| record_in(tx, actor, &number, on, event).map(|_| ()))?;
    show(store, actor, &number)
}

/// [`record`] inside the caller's transaction (a letter issued with its event, say); the
/// stored event's id.
pub(crate) fn record_in(
    tx: &Conn,
    actor: &Staff,
    number: &str,
    on: NaiveDate,
    event: &EventKind,
) -> Result<i64> {
    event.allowed(actor)?;
    let today = crate::clock::today();
    if on > today {
        return Err(Error::invalid("on", "日期不能晚于今天。"));
    }
    if let EventKind::Replied { outcome, reason } = event {
        if outcome.withholds() && reason.trim().is_empty() {
            return Err(Error::invalid(
                "reason",
                "不予公开或部分公开，须说明理由（第三十六条第三项、第三十七条）。",
            ));
        }
    }
    let r = row_by_number(tx, number)?;
    let cal = Calendar::load(tx)?;
    let s = clock_settings_in(tx)?;
    let event_rows = rows::events(tx, r.id)?;
    let events = parsed(&event_rows);
    let received = calendar::date_of(&r.received_on).unwrap_or(today);
    if on < received {
        return Err(Error::invalid("on", "日期不能早于收到申请之日。"));
    }
    if matches!(event, EventKind::Replied { .. }) {
        if let Some(why) = parts::reply_blocked(tx, r.id)? {
            return Err(Error::Conflict(why));
        }
    }
    let mut clock = clock_of(&cal, &s, received, &events);
    clock.apply(on, event, actor.id).map_err(Error::Conflict)?;
    let day = on.format("%Y-%m-%d").to_string();
    let detail = serde_json::to_string(event).unwrap_or_default();
    let id = rows::insert_event(
        tx,
        r.id,
        event.code(),
        &day,
        &detail,
        actor.id,
        &crate::clock::stamp(),
    )?;
    audit::append(
        tx,
        actor.into(),
        Event::new(
            "request.event",
            format!("依申请公开申请 {}（{day}）：{}", r.number, event.describe()),
        ),
    )?;
    Ok(id)
}

/// A fee paid (listed in the annual report's section 六).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeeCharged {
    pub number: String,
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "string")]
    pub paid_on: NaiveDate,
}

/// Every fee paid: the request, the amount of its notice and the day it was paid.
pub(crate) fn fees_paid(store: &Store) -> Result<Vec<FeeCharged>> {
    let conn = store.conn();
    let numbers: HashMap<i64, String> = rows::all(conn)?
        .into_iter()
        .map(|r| (r.id, r.number))
        .collect();
    let mut out = Vec::new();
    let mut noticed: HashMap<i64, i64> = HashMap::new();
    for e in rows::all_events(conn)? {
        let Ok(kind) = serde_json::from_str::<EventKind>(&e.detail) else {
            continue;
        };
        match kind {
            EventKind::FeeNoticed { amount, .. } => {
                noticed.insert(e.request_id, amount);
            }
            EventKind::FeePaid => {
                if let (Some(amount), Some(paid_on)) =
                    (noticed.get(&e.request_id), calendar::date_of(&e.on_date))
                {
                    out.push(FeeCharged {
                        number: numbers.get(&e.request_id).cloned().unwrap_or_default(),
                        amount: *amount,
                        paid_on,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
