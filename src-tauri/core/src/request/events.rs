//! What happens to a request after it is registered ([`EventKind`]), as recorded and as its
//! page shows it ([`RequestEvent`]), and who may record each.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::types::{ConsultParty, Outcome};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};

/// Something that happened to a request (its day is kept beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// 补正告知 sent: the items to correct and the deadline (default: the setting's days).
    CorrectionSent {
        #[serde(default)]
        #[ts(type = "string | null")]
        until: Option<NaiveDate>,
        #[serde(default)]
        items: String,
    },
    /// The corrected request arrived: the clock starts again.
    CorrectionReceived,
    /// 申请延期, for the 负责人 to decide.
    ExtensionRequested {
        days: u32,
        #[serde(default)]
        reason: String,
    },
    /// 负责人同意延期.
    ExtensionApproved,
    /// 负责人不同意延期.
    ExtensionRefused,
    /// 征求意见书 sent to a third party or a co-making agency.
    ConsultStarted {
        party: ConsultParty,
        #[serde(default)]
        whom: String,
    },
    /// Their answer arrived.
    ConsultAnswered {
        #[serde(default)]
        answer: String,
    },
    /// 收费通知 sent, in 元.
    FeeNoticed {
        #[ts(type = "number")]
        amount: i64,
        #[serde(default)]
        basis: String,
    },
    FeePaid,
    /// 答复: the outcome and, when it withholds anything, the reasons.
    Replied {
        outcome: Outcome,
        #[serde(default)]
        reason: String,
    },
    /// 申请人撤回申请.
    Withdrawn {
        #[serde(default)]
        reason: String,
    },
}

impl EventKind {
    pub fn code(&self) -> &'static str {
        match self {
            EventKind::CorrectionSent { .. } => "correction_sent",
            EventKind::CorrectionReceived => "correction_received",
            EventKind::ExtensionRequested { .. } => "extension_requested",
            EventKind::ExtensionApproved => "extension_approved",
            EventKind::ExtensionRefused => "extension_refused",
            EventKind::ConsultStarted { .. } => "consult_started",
            EventKind::ConsultAnswered { .. } => "consult_answered",
            EventKind::FeeNoticed { .. } => "fee_noticed",
            EventKind::FeePaid => "fee_paid",
            EventKind::Replied { .. } => "replied",
            EventKind::Withdrawn { .. } => "withdrawn",
        }
    }

    /// One line in Chinese for the request's history and the audit log.
    pub fn describe(&self) -> String {
        match self {
            EventKind::CorrectionSent { until, items } => format!(
                "发出补正告知{}{}",
                until
                    .map(|u| format!("，补正期限至 {}", u.format("%Y-%m-%d")))
                    .unwrap_or_default(),
                if items.is_empty() {
                    String::new()
                } else {
                    format!("：{items}")
                }
            ),
            EventKind::CorrectionReceived => "收到补正后的申请，答复期限重新起算".into(),
            EventKind::ExtensionRequested { days, reason } => {
                format!("申请延期 {days} 个工作日：{reason}")
            }
            EventKind::ExtensionApproved => "负责人同意延期".into(),
            EventKind::ExtensionRefused => "负责人不同意延期".into(),
            EventKind::ConsultStarted { party, whom } => {
                format!("向{}{}发出征求意见书", party.label(), with_colon(whom))
            }
            EventKind::ConsultAnswered { answer } => {
                format!("收到征求意见的答复{}", with_colon(answer))
            }
            EventKind::FeeNoticed { amount, .. } => format!("发出收费通知：{amount} 元"),
            EventKind::FeePaid => "申请人已缴费".into(),
            EventKind::Replied { outcome, .. } => format!("答复：{}", outcome.label()),
            EventKind::Withdrawn { reason } => format!("申请人撤回申请{}", with_colon(reason)),
        }
    }

    /// Who may record it.
    pub(super) fn allowed(&self, who: &Staff) -> Result<()> {
        match self {
            EventKind::ExtensionApproved | EventKind::ExtensionRefused => {
                if who.has(Role::Leader) || who.has(Role::OfficeHead) {
                    Ok(())
                } else {
                    Err(Error::Forbidden(
                        "延期须由负责人（分管领导或处室负责人）决定。".into(),
                    ))
                }
            }
            _ => who.require(Role::RequestHandler),
        }
    }
}

fn with_colon(s: &str) -> String {
    if s.trim().is_empty() {
        String::new()
    } else {
        format!("：{}", s.trim())
    }
}

/// One recorded event, as the request page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestEvent {
    #[ts(type = "string")]
    pub on: NaiveDate,
    pub event: EventKind,
    pub text: String,
    pub by: String,
    /// When it was recorded.
    pub at: String,
}
