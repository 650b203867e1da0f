//! 协办 — a request routed to the offices that hold the information. The disclosure office
//! (依申请承办人) assigns it to one or more offices, each with a due date inside the
//! request's clock; each office's part is a draft item of the category 依申请公开答复材料 in
//! that office, which its drafters write (the information, or a statement that it does not
//! exist or is not held) and submit through the same 保密审查 chain as any item — the same
//! separation of duties, scanner, masking and review sheet.
//!
//! Rules (enforced here and in `item`, whatever the caller):
//! - assign and cancel: 依申请承办人; an open request only; a part is cancelled only while
//!   its office has not yet submitted it, and the cancelled draft is deleted;
//! - a part's item keeps its category, office and 公开方式 (依申请公开); no other item may take
//!   that category, nor may a part be deleted by its office;
//! - the reply is recorded only once every part still assigned has been decided in review
//!   (通过 or 不予公开): the applicant never gets what the review has not seen;
//! - parts are answered to the applicant, never uploaded: the export leaves them out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::item::{
    self, Channel, ItemExtra, ItemInput, PublishMode, Status as ItemStatus, Validity,
};
use crate::staff::{Role, Staff};
use crate::store::request_parts::{self as rows, PartRow};
use crate::store::{items, Conn, Store, Tx};

use super::{parse_day, row_by_number, Request};

/// What the disclosure office asks of an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartInput {
    #[ts(type = "number")]
    pub office_id: i64,
    /// The office's date (`YYYY-MM-DD`), no later than the request's.
    pub due_on: String,
    /// What is asked (which records, in what form); may be empty.
    pub note: String,
}

/// An office's part of a request, as the request page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestPart {
    #[ts(type = "number")]
    pub id: i64,
    pub request_number: String,
    #[ts(type = "number")]
    pub office_id: i64,
    pub office_name: String,
    /// The office's draft (its 答复材料).
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub item_status: ItemStatus,
    /// Its last review round sent it back for rework.
    pub returned: bool,
    #[ts(type = "string")]
    pub due_on: NaiveDate,
    pub note: String,
    pub assigned_by: String,
    pub assigned_at: String,
    pub cancelled: bool,
    /// Past its date and not yet decided in review.
    pub overdue: bool,
}

impl RequestPart {
    /// Decided in review: approved (or exported), or withheld.
    pub fn decided(&self) -> bool {
        matches!(
            self.item_status,
            ItemStatus::Approved | ItemStatus::Exported | ItemStatus::Withheld
        )
    }
}

fn part_of(r: PartRow, today: NaiveDate) -> RequestPart {
    let due_on = crate::calendar::date_of(&r.due_on).unwrap_or(today);
    let item_status = ItemStatus::parse(&r.status).unwrap_or(ItemStatus::Draft);
    let mut p = RequestPart {
        id: r.id,
        request_number: r.request_number,
        office_id: r.office_id,
        office_name: r.office_name,
        item_id: r.item_id,
        index_no: r.index_no,
        title: r.title,
        item_status,
        returned: r.returned && item_status == ItemStatus::Draft,
        due_on,
        note: r.note,
        assigned_by: r.assigned_by,
        assigned_at: r.assigned_at,
        cancelled: r.cancelled_at.is_some(),
        overdue: false,
    };
    p.overdue = !p.cancelled && !p.decided() && due_on < today;
    p
}

/// A request's parts, cancelled ones included (for the request page).
pub(crate) fn of_request(
    conn: &Conn,
    request_id: i64,
    today: NaiveDate,
) -> Result<Vec<RequestPart>> {
    Ok(rows::of_request(conn, request_id)?
        .into_iter()
        .map(|r| part_of(r, today))
        .collect())
}

/// The parts waiting for `actor`'s office (its drafters and head): assigned, not cancelled,
/// not yet decided in review; soonest due first. Empty for anyone else.
pub fn waiting_for(store: &Store, actor: &Staff) -> Result<Vec<RequestPart>> {
    if !(actor.has(Role::Drafter) || actor.has(Role::OfficeHead)) {
        return Ok(Vec::new());
    }
    let today = crate::clock::today();
    Ok(rows::open_of_office(store.conn(), actor.office_id)?
        .into_iter()
        .map(|r| part_of(r, today))
        .collect())
}

/// Why the reply to request `request_id` may not be recorded yet: a part still assigned
/// that review has not decided.
pub(crate) fn reply_blocked(conn: &Conn, request_id: i64) -> Result<Option<String>> {
    let today = crate::clock::today();
    let waiting: Vec<String> = of_request(conn, request_id, today)?
        .into_iter()
        .filter(|p| !p.cancelled && !p.decided())
        .map(|p| format!("{}（{}）", p.office_name, p.item_status.label()))
        .collect();
    Ok((!waiting.is_empty()).then(|| {
        format!(
            "处室的答复材料尚未经保密审查决定：{}。答复材料通过审查（或经审查不予公开）后，才能记录答复。",
            waiting.join("、")
        )
    }))
}

/// Assigns request `number` to an office (依申请承办人; an open request; the date no later
/// than the request's): makes the office's draft and records the part, audited.
pub fn assign(
    store: &mut Store,
    actor: &Staff,
    number: &str,
    input: &PartInput,
) -> Result<Request> {
    actor.require(Role::RequestHandler)?;
    let today = crate::clock::today();
    let number = number.trim().to_string();
    let request = super::show_on(store, actor, &number, today)?;
    if request.clock.status.is_closed() {
        return Err(Error::Conflict(format!(
            "申请 {number} 已办结（{}），不能再分派。",
            request.clock.status.label()
        )));
    }
    let due_on = parse_day("due_on", &input.due_on)?;
    if due_on < today {
        return Err(Error::invalid("due_on", "处室办理期限不能早于今天。"));
    }
    if let Some(request_due) = request.clock.due_on {
        if due_on > request_due {
            return Err(Error::invalid(
                "due_on",
                format!("处室办理期限不能晚于申请的答复期限（{request_due}）。"),
            ));
        }
    }
    let office = crate::office::get(store, input.office_id)
        .map_err(|_| Error::invalid("office_id", "请选择处室。"))?;
    if !office.active {
        return Err(Error::invalid(
            "office_id",
            format!("“{}”已停用。", office.name),
        ));
    }
    let note = input.note.trim().to_string();
    if note.chars().count() > 500 {
        return Err(Error::invalid("note", "分派说明不能超过 500 个字。"));
    }
    let publisher = crate::agency::get(store)?.name;
    store.immediate(|tx| {
        let r = row_by_number(tx, &number)?;
        if rows::of_request(tx, r.id)?
            .iter()
            .any(|p| p.office_id == office.id && p.cancelled_at.is_none())
        {
            return Err(Error::Conflict(format!(
                "申请 {number} 已分派给{}，不能重复分派。",
                office.name
            )));
        }
        let draft = draft_for(
            tx,
            &r.description,
            &number,
            &r.received_on,
            due_on,
            &note,
            &publisher,
            office.id,
        )?;
        let item_id = item::insert_first(tx, actor, &draft)?;
        let due = due_on.format("%Y-%m-%d").to_string();
        rows::insert(
            tx,
            r.id,
            office.id,
            item_id,
            &due,
            &note,
            actor.id,
            &crate::clock::stamp(),
        )?;
        let (index_no, _) = items::index_no_and_title(tx, item_id)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "request.assign",
                format!(
                    "依申请公开申请 {number} 分派给{}，{due} 前办理；答复材料 {index_no}",
                    office.name
                ),
            )
            .item(item_id),
        )
    })?;
    super::show(store, actor, &number)
}

/// The office's draft of its part.
#[allow(clippy::too_many_arguments)]
fn draft_for(
    tx: &Tx<'_>,
    description: &str,
    number: &str,
    received_on: &str,
    due_on: NaiveDate,
    note: &str,
    publisher: &str,
    office_id: i64,
) -> Result<ItemInput> {
    let sought: String = description.chars().take(40).collect();
    let more = if description.chars().count() > 40 {
        "…"
    } else {
        ""
    };
    let mut summary = format!(
        "依申请公开申请 {number}（收到申请之日 {received_on}）的答复材料。申请公开的信息：{description}。"
    );
    if !note.is_empty() {
        summary.push_str(&format!("分派说明：{note}。"));
    }
    summary.push_str(&format!(
        "请于 {due_on} 前提供所申请的信息，或说明该信息不存在、本处室不掌握，并提交保密审查。"
    ));
    let summary: String = summary.chars().take(item::SUMMARY_MAX).collect();
    Ok(ItemInput {
        category_id: rows::reply_category(tx)?,
        title: format!("申请 {number} 答复材料：{sought}{more}"),
        summary,
        publisher: publisher.to_string(),
        doc_number: String::new(),
        written_on: None,
        topic: "依申请公开".into(),
        keywords: String::new(),
        publish_mode: PublishMode::OnRequest,
        channels: Vec::<Channel>::new(),
        validity: Validity::Valid,
        validity_date: None,
        office_id,
        handler_id: None,
        planned_publish_on: None,
        task_id: None,
        body_html: String::new(),
        extra: ItemExtra::default(),
    })
}

/// Cancels a part its office has not yet submitted (依申请承办人): the draft is deleted,
/// the part stays on the request as 已撤销; audited.
pub fn cancel(store: &mut Store, actor: &Staff, number: &str, part_id: i64) -> Result<Request> {
    actor.require(Role::RequestHandler)?;
    let number = number.trim().to_string();
    store.immediate(|tx| {
        let r = row_by_number(tx, &number)?;
        let p = rows::of_request(tx, r.id)?
            .into_iter()
            .find(|p| p.id == part_id)
            .ok_or_else(|| Error::NotFound("找不到该分派，可能已被其他人撤销，请刷新。".into()))?;
        if p.cancelled_at.is_some() {
            return Err(Error::Conflict("该分派已撤销。".into()));
        }
        if p.status != ItemStatus::Draft.code() {
            return Err(Error::Conflict(format!(
                "{}的答复材料已提交审查（{}），不能撤销分派。",
                p.office_name,
                ItemStatus::parse(&p.status)
                    .map(|s| s.label())
                    .unwrap_or("")
            )));
        }
        let at = crate::clock::stamp();
        rows::cancel(tx, p.id, &at)?;
        items::delete(tx, p.item_id, &at)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "request.unassign",
                format!(
                    "撤销依申请公开申请 {number} 对{}的分派，删除答复材料草稿 {}",
                    p.office_name, p.index_no
                ),
            )
            .item(p.item_id),
        )
    })?;
    super::show(store, actor, &number)
}
