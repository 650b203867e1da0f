//! 行政复议 and 行政诉讼 against a reply: recorded on the request (依申请承办人), with the
//! result once it comes; counted in the annual report's section 四 (15 cells: 行政复议, 未经
//! 复议直接起诉, 复议后起诉, each 结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计).
//!
//! A case counts in the year it was filed, with its result as of the report day (尚未审结
//! until then). The counting rule of 国办公开办函〔2016〕201号 — when the 复议机关 is a
//! co-defendant only the original agency counts the case — is followed by recording only
//! cases against this agency's own replies.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::requests::{self as rows, AppealRow};
use crate::store::{Conn, Store};

/// 行政复议 / 行政诉讼 (and which kind of lawsuit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppealKind {
    /// 行政复议
    Review,
    /// 行政诉讼，未经复议直接起诉
    Lawsuit,
    /// 行政诉讼，复议后起诉
    LawsuitAfterReview,
}

impl AppealKind {
    pub const ALL: [AppealKind; 3] = [
        AppealKind::Review,
        AppealKind::Lawsuit,
        AppealKind::LawsuitAfterReview,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AppealKind::Review => "review",
            AppealKind::Lawsuit => "lawsuit",
            AppealKind::LawsuitAfterReview => "lawsuit_after_review",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AppealKind::Review => "行政复议",
            AppealKind::Lawsuit => "行政诉讼（未经复议直接起诉）",
            AppealKind::LawsuitAfterReview => "行政诉讼（复议后起诉）",
        }
    }

    fn parse(s: &str) -> Option<AppealKind> {
        AppealKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// 结果维持 / 结果纠正 / 其他结果 / 尚未审结.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppealResult {
    Upheld,
    Corrected,
    Other,
    Pending,
}

impl AppealResult {
    pub const ALL: [AppealResult; 4] = [
        AppealResult::Upheld,
        AppealResult::Corrected,
        AppealResult::Other,
        AppealResult::Pending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AppealResult::Upheld => "upheld",
            AppealResult::Corrected => "corrected",
            AppealResult::Other => "other",
            AppealResult::Pending => "pending",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AppealResult::Upheld => "结果维持",
            AppealResult::Corrected => "结果纠正",
            AppealResult::Other => "其他结果",
            AppealResult::Pending => "尚未审结",
        }
    }

    fn parse(s: &str) -> Option<AppealResult> {
        AppealResult::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// A review or lawsuit as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppealInput {
    pub kind: AppealKind,
    /// 复议机关 or 人民法院.
    pub body: String,
    #[ts(type = "string")]
    pub filed_on: NaiveDate,
    pub result: AppealResult,
    /// When the result came (required unless 尚未审结).
    #[ts(type = "string | null")]
    pub decided_on: Option<NaiveDate>,
}

/// Records a review or lawsuit against request `number`'s reply (依申请承办人); audited.
pub fn record(store: &mut Store, actor: &Staff, number: &str, a: &AppealInput) -> Result<()> {
    actor.require(Role::RequestHandler)?;
    if a.body.trim().is_empty() {
        return Err(Error::invalid("body", "请填写复议机关或人民法院。"));
    }
    if a.filed_on > crate::clock::today() {
        return Err(Error::invalid("filed_on", "日期不能晚于今天。"));
    }
    match (a.result, a.decided_on) {
        (AppealResult::Pending, Some(_)) => {
            return Err(Error::invalid("decided_on", "尚未审结的案件没有审结日期。"))
        }
        (AppealResult::Pending, None) => {}
        (_, None) => return Err(Error::invalid("decided_on", "请填写审结日期。")),
        (_, Some(d)) if d < a.filed_on => {
            return Err(Error::invalid("decided_on", "审结日期不能早于提起日期。"))
        }
        _ => {}
    }
    let number = number.trim().to_string();
    store.immediate(|tx| {
        let r = super::row_by_number(tx, &number)?;
        rows::insert_appeal(
            tx,
            r.id,
            &AppealRow {
                kind: a.kind.code().into(),
                body: a.body.trim().into(),
                filed_on: a.filed_on.format("%Y-%m-%d").to_string(),
                result: a.result.code().into(),
                decided_on: a.decided_on.map(|d| d.format("%Y-%m-%d").to_string()),
            },
            actor.id,
            &crate::clock::stamp(),
        )?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "request.appeal",
                format!(
                    "依申请公开申请 {number}：{}（{}，{} 提起），{}",
                    a.kind.label(),
                    a.body.trim(),
                    a.filed_on.format("%Y-%m-%d"),
                    a.result.label()
                ),
            ),
        )
    })
}

/// Section 四: `[kind][result]` for cases filed in `year`, results as of `end`; the fifth
/// cell of each kind is its 总计.
pub fn table(conn: &Conn, year: i32, end: NaiveDate) -> Result<[[u32; 5]; 3]> {
    let mut out = [[0u32; 5]; 3];
    for c in rows::all_appeals(conn)? {
        let AppealRow {
            kind,
            filed_on: filed,
            result,
            decided_on: decided,
            ..
        } = c;
        let (Some(kind), Some(filed)) =
            (AppealKind::parse(&kind), crate::calendar::date_of(&filed))
        else {
            continue;
        };
        if filed.year() != year || filed > end {
            continue;
        }
        let decided_by_end = decided
            .as_deref()
            .and_then(crate::calendar::date_of)
            .is_some_and(|d| d <= end);
        let result = match AppealResult::parse(&result) {
            Some(r) if decided_by_end => r,
            _ => AppealResult::Pending,
        };
        let k = AppealKind::ALL.iter().position(|x| *x == kind).unwrap_or(0);
        let r = AppealResult::ALL
            .iter()
            .position(|x| *x == result)
            .unwrap_or(3);
        out[k][r] += 1;
        out[k][4] += 1;
    }
    Ok(out)
}
