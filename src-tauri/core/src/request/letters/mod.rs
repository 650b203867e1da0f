//! 文书 — the letters of 依申请公开, each issued with a 文号 and printed from the sheet
//! engine: 申请接收回执 (at registration, with the due date), 补正告知书, 延期答复告知书,
//! 征求意见书 (to a third party, 第三十二条, or a co-making agency, 第三十四条), 收费通知书,
//! the 答复书 of each outcome (`reply` holds its wording), and the 不再处理告知书 when a
//! request lapsed for want of a 补正 or a payment.
//!
//! - 文号: from an administrator's pattern ([`LetterSettings::number_pattern`], default
//!   `{short_name}依申〔{year}〕{n}号`), `{n}` counted per year of the letter's date in a
//!   counter table: a number is given once and never again, even when the pattern changes.
//! - A letter's text is composed when it is issued (`wording`) and kept: a reprint
//!   ([`render`]) is the same letter, whatever changed since (settings, agency, events).
//! - A letter announces something already recorded on the request's clock: the 补正告知书
//!   its `CorrectionSent`, the 延期答复告知书 the approved extension, the 征求意见书 its
//!   `ConsultStarted`, the 收费通知书 its `FeeNoticed`, the 答复书 its `Replied` (one letter per
//!   event). Events and letters are kept apart — a letter can be reissued only as a new
//!   letter and an event can be recorded without a printed letter (an 当场答复, say) — and
//!   [`record_with_letter`] does both in one transaction for the window's “登记并出具文书”.
//! - 送达 ([`served`]): 直接送达 (the 签收之日), 邮寄送达 through the postal service with
//!   its 邮件号 (the 交邮之日, 国办公开办函〔2016〕235号), 电子送达; the day neither before the
//!   letter's date nor after today. A service may be recorded again (a letter returned by
//!   the post and then handed over); the audit log keeps each.
//! - The remedies paragraph (救济途径) is printed on the letters that decide: the 答复书 and
//!   the 不再处理告知书 — not on a receipt, a notice or a consultation, which decide nothing.
//!
//! Who may: issue a letter and record its service — 依申请承办人; list and reprint the
//! letters — every reader of requests (依申请承办人, 分管领导, 处室负责人, 管理员): a letter
//! carries no more than it said when it was sent (the 身份证明号码 only masked, on the
//! receipt), so a reprint discloses nothing new; change the settings — 管理员. Issuing,
//! service and settings are audited (`request.letter`, `request.served`,
//! `settings.request_letters`).

mod issuing;
mod reply;
mod settings;
mod wording;

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{require_reader, row_by_number, EventKind};
use crate::audit::{self, Event};
use crate::calendar;
use crate::error::{Error, Result};
use crate::sheet::{self, Pdf, PrintedLetter};
use crate::staff::{Role, Staff};
use crate::store::request_letters::{self as rows, LetterRow};
use crate::store::{Conn, Store};

use issuing::issue_in;
pub use settings::{
    letter_settings, set_letter_settings, LetterSettings, BLANK, DEFAULT_FEE_PAYMENT,
    DEFAULT_NUMBER_PATTERN, DEFAULT_REMEDIES,
};
pub use wording::day;

/// The letters' settings as the window shows them (every reader of requests: they are
/// printed on the letters those readers reprint).
pub fn settings_for(store: &Store, actor: &Staff) -> Result<LetterSettings> {
    require_reader(actor)?;
    letter_settings(store)
}

/// Which letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "RequestLetterKind")]
pub enum LetterKind {
    /// 申请接收回执
    Receipt,
    /// 补正告知书
    Correction,
    /// 延期答复告知书
    Extension,
    /// 征求意见书（第三方）
    ConsultThirdParty,
    /// 征求意见书（共同制作机关）
    ConsultCoMaker,
    /// 收费通知书
    Fee,
    /// 政府信息公开申请答复书, worded by the outcome
    Reply,
    /// 答复书: 不属于本机关负责公开 (第三十六条（五）), for the outcome 本机关不掌握
    ReplyReferral,
    /// 不再处理告知书: 逾期不补正
    AbandonCorrection,
    /// 不再处理告知书: 逾期未缴费
    AbandonFee,
}

impl LetterKind {
    pub const ALL: [LetterKind; 10] = [
        LetterKind::Receipt,
        LetterKind::Correction,
        LetterKind::Extension,
        LetterKind::ConsultThirdParty,
        LetterKind::ConsultCoMaker,
        LetterKind::Fee,
        LetterKind::Reply,
        LetterKind::ReplyReferral,
        LetterKind::AbandonCorrection,
        LetterKind::AbandonFee,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LetterKind::Receipt => "receipt",
            LetterKind::Correction => "correction",
            LetterKind::Extension => "extension",
            LetterKind::ConsultThirdParty => "consult_third_party",
            LetterKind::ConsultCoMaker => "consult_co_maker",
            LetterKind::Fee => "fee",
            LetterKind::Reply => "reply",
            LetterKind::ReplyReferral => "reply_referral",
            LetterKind::AbandonCorrection => "abandon_correction",
            LetterKind::AbandonFee => "abandon_fee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LetterKind::Receipt => "申请接收回执",
            LetterKind::Correction => "补正告知书",
            LetterKind::Extension => "延期答复告知书",
            LetterKind::ConsultThirdParty => "征求意见书（第三方）",
            LetterKind::ConsultCoMaker => "征求意见书（共同制作机关）",
            LetterKind::Fee => "收费通知书",
            LetterKind::Reply => "答复书",
            LetterKind::ReplyReferral => "答复书（不属于本机关负责公开）",
            LetterKind::AbandonCorrection => "不再处理告知书（逾期不补正）",
            LetterKind::AbandonFee => "不再处理告知书（逾期未缴费）",
        }
    }

    /// By code (`consult_third_party`, also with `-`) or label.
    pub fn parse(s: &str) -> Option<LetterKind> {
        let s = s.trim().replace('-', "_");
        LetterKind::ALL
            .into_iter()
            .find(|k| k.code() == s || k.label() == s)
    }

    /// The letter that announces `event`, if it has one.
    pub fn of_event(event: &EventKind) -> Option<LetterKind> {
        Some(match event {
            EventKind::CorrectionSent { .. } => LetterKind::Correction,
            EventKind::ExtensionApproved => LetterKind::Extension,
            EventKind::ConsultStarted { party, .. } => match party {
                super::ConsultParty::ThirdParty => LetterKind::ConsultThirdParty,
                super::ConsultParty::CoMaker => LetterKind::ConsultCoMaker,
            },
            EventKind::FeeNoticed { .. } => LetterKind::Fee,
            EventKind::Replied { .. } => LetterKind::Reply,
            _ => return None,
        })
    }
}

/// 送达方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServedHow {
    /// 直接送达 (签收之日).
    Direct,
    /// 邮寄送达, through the postal service (交邮之日), with the 邮件号.
    Post,
    /// 电子送达.
    Electronic,
}

impl ServedHow {
    pub const ALL: [ServedHow; 3] = [ServedHow::Direct, ServedHow::Post, ServedHow::Electronic];

    pub fn code(self) -> &'static str {
        match self {
            ServedHow::Direct => "direct",
            ServedHow::Post => "post",
            ServedHow::Electronic => "electronic",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServedHow::Direct => "直接送达",
            ServedHow::Post => "邮寄送达",
            ServedHow::Electronic => "电子送达",
        }
    }

    /// By code or label (直接、邮寄、电子, with or without 送达).
    pub fn parse(s: &str) -> Option<ServedHow> {
        let s = s.trim();
        ServedHow::ALL
            .into_iter()
            .find(|h| h.code() == s || h.label() == s || h.label().trim_end_matches("送达") == s)
    }
}

/// A letter issued, as the request page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "RequestLetter")]
pub struct Letter {
    #[ts(type = "number")]
    pub id: i64,
    /// 申请编号.
    pub request: String,
    pub kind: LetterKind,
    pub title: String,
    /// 文号.
    pub number: String,
    #[ts(type = "string")]
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub at: String,
    pub served_how: Option<ServedHow>,
    #[ts(type = "string | null")]
    pub served_on: Option<NaiveDate>,
    pub tracking_no: Option<String>,
}

fn date(s: &str) -> Option<NaiveDate> {
    calendar::date_of(s)
}

fn letter_of(r: &LetterRow, request: &str) -> Letter {
    let title = serde_json::from_str::<PrintedLetter>(&r.content)
        .map(|p| p.title)
        .unwrap_or_default();
    Letter {
        id: r.id,
        request: request.into(),
        kind: LetterKind::parse(&r.kind).unwrap_or(LetterKind::Reply),
        title,
        number: r.number.clone(),
        issued_on: date(&r.issued_on).unwrap_or_default(),
        issued_by: r.issued_by.clone(),
        at: r.at.clone(),
        served_how: r.served_how.as_deref().and_then(ServedHow::parse),
        served_on: r.served_on.as_deref().and_then(date),
        tracking_no: r.tracking_no.clone(),
    }
}

/// Issues a letter of `kind` for the request `number`, dated `on` (依申请承办人): allocates
/// its 文号, composes and keeps its text, audited. Refused when the request has nothing for
/// it to say (no 补正告知 recorded for a 补正告知书, say) or its event already has a letter.
pub fn issue(
    store: &mut Store,
    actor: &Staff,
    number: &str,
    kind: LetterKind,
    on: NaiveDate,
) -> Result<Letter> {
    actor.require(Role::RequestHandler)?;
    let id = store.immediate(|tx| issue_in(tx, actor, number.trim(), kind, on))?;
    by_id(store.conn(), id)
}

/// Records `event` on the request and issues the letter that announces it, in one
/// transaction: both or neither (依申请承办人, who may record the event).
pub fn record_with_letter(
    store: &mut Store,
    actor: &Staff,
    number: &str,
    on: NaiveDate,
    event: &EventKind,
) -> Result<Letter> {
    actor.require(Role::RequestHandler)?;
    let Some(kind) = LetterKind::of_event(event) else {
        return Err(Error::invalid("event", "该办理事项没有对应的文书。"));
    };
    let number = number.trim();
    let id = store.immediate(|tx| {
        super::record_in(tx, actor, number, on, event)?;
        issue_in(tx, actor, number, kind, on)
    })?;
    by_id(store.conn(), id)
}

fn by_id(conn: &Conn, id: i64) -> Result<Letter> {
    let r = rows::by_id(conn, id)?.ok_or_else(|| Error::NotFound("没有该文书。".into()))?;
    let request = rows::request_number(conn, r.request_id)?;
    Ok(letter_of(&r, &request))
}

/// The letter with the 文号 `number` (readers).
pub fn find(store: &Store, actor: &Staff, number: &str) -> Result<Letter> {
    require_reader(actor)?;
    let conn = store.conn();
    let r = rows::by_number(conn, number.trim())?
        .ok_or_else(|| Error::NotFound(format!("没有文号为“{}”的文书。", number.trim())))?;
    let request = rows::request_number(conn, r.request_id)?;
    Ok(letter_of(&r, &request))
}

/// The request's letters, in the order issued (readers).
pub fn list(store: &Store, actor: &Staff, number: &str) -> Result<Vec<Letter>> {
    require_reader(actor)?;
    let conn = store.conn();
    let r = row_by_number(conn, number)?;
    Ok(rows::of_request(conn, r.id)?
        .iter()
        .map(|l| letter_of(l, &r.number))
        .collect())
}

/// The letter as a PDF, exactly as issued (readers may reprint; not recorded).
pub fn render(store: &Store, actor: &Staff, letter_id: i64) -> Result<Pdf> {
    require_reader(actor)?;
    let r = rows::by_id(store.conn(), letter_id)?
        .ok_or_else(|| Error::NotFound("没有该文书。".into()))?;
    let printed: PrintedLetter = serde_json::from_str(&r.content)
        .map_err(|_| Error::Conflict(format!("文书 {} 的内容无法读取。", r.number)))?;
    sheet::render_letter(&printed)
}

/// [`render`] written to `path` atomically (the whole PDF or what was there before).
/// The suggested file name of letter `letter_id`: its title and 文号 (`补正告知书-鞍教依申〔2026〕3号.pdf`).
pub fn file_name(store: &Store, actor: &Staff, letter_id: i64) -> Result<String> {
    require_reader(actor)?;
    let l = by_id(store.conn(), letter_id)?;
    let safe: String = format!("{}-{}", l.title, l.number)
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    Ok(format!("{safe}.pdf"))
}

pub fn write(store: &Store, actor: &Staff, letter_id: i64, path: &Path) -> Result<Pdf> {
    let pdf = render(store, actor, letter_id)?;
    sheet::save(&pdf, path)?;
    Ok(pdf)
}

/// Records how the letter was served (依申请承办人), audited: 邮寄 needs the 邮件号; the
/// day is neither before the letter's date nor after today.
pub fn served(
    store: &mut Store,
    actor: &Staff,
    letter_id: i64,
    how: ServedHow,
    on: NaiveDate,
    tracking_no: Option<&str>,
) -> Result<Letter> {
    actor.require(Role::RequestHandler)?;
    let tracking = tracking_no.map(str::trim).filter(|t| !t.is_empty());
    match (how, tracking) {
        (ServedHow::Post, None) => {
            return Err(Error::invalid(
                "tracking_no",
                "邮寄送达须填写邮政寄递的邮件号。",
            ))
        }
        (ServedHow::Post, Some(t))
            if t.chars().count() > 40
                || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            return Err(Error::invalid(
                "tracking_no",
                "邮件号只能由字母、数字和“-”组成（不超过 40 位）。",
            ))
        }
        (ServedHow::Direct | ServedHow::Electronic, Some(_)) => {
            return Err(Error::invalid("tracking_no", "只有邮寄送达填写邮件号。"))
        }
        _ => {}
    }
    if on > crate::clock::today() {
        return Err(Error::invalid("on", "送达日期不能晚于今天。"));
    }
    store.immediate(|tx| {
        let r =
            rows::by_id(tx, letter_id)?.ok_or_else(|| Error::NotFound("没有该文书。".into()))?;
        let issued = date(&r.issued_on).unwrap_or(on);
        if on < issued {
            return Err(Error::invalid(
                "on",
                format!("送达日期不能早于文书的日期（{}）。", r.issued_on),
            ));
        }
        let day = on.format("%Y-%m-%d").to_string();
        rows::set_served(
            tx,
            letter_id,
            how.code(),
            &day,
            tracking,
            actor.id,
            &crate::clock::stamp(),
        )?;
        let before = match (&r.served_how, &r.served_on) {
            (Some(h), Some(d)) => format!(
                "（更正，原为 {} {d}{}）",
                ServedHow::parse(h).map_or(h.as_str(), |h| h.label()),
                r.tracking_no
                    .as_deref()
                    .map(|t| format!("，邮件号 {t}"))
                    .unwrap_or_default()
            ),
            _ => String::new(),
        };
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "request.served",
                format!(
                    "文书 {} {}于 {day}{}{before}",
                    r.number,
                    how.label(),
                    tracking
                        .map(|t| format!("，邮件号 {t}"))
                        .unwrap_or_default()
                ),
            ),
        )
    })?;
    by_id(store.conn(), letter_id)
}
