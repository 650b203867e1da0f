//! 保密审查 — submitting a frozen version and deciding on it, step by step.
//!
//! The rules live here, not in the UI: only holders of a step's role act on it; the author
//! of the version (who saved it) and its submitter never decide on it; no person decides
//! two steps of one round; every decision names the content hash it saw, and a decision
//! on content that changed is refused; blocking scanner findings stored with the round
//! must be settled before it is approved at the reviewer's step or later. Grounds are the codes of 政府信息公开条例 (§2 of
//! the reference).

mod chain;
mod decide;
pub mod duties;
mod findings;
mod history;
mod queue;
mod rereview;
mod settle;
mod submit;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::item::Status;
use crate::staff::Role;
// The open (or referred) round of an item, as the decisions read it.
use crate::store::reviews::{self, Round};
use crate::store::{Conn, Tx};

pub use chain::{
    chains, review_settings, set_review_settings, set_step, Chain, ChainStep, ReviewSettings,
    StepUpdate,
};
pub use decide::{decide, decide_many, record_referral};
pub use findings::SettlementKind;
pub use findings::{findings, self_check, self_check_with, FindingView};
pub(crate) use history::outcome_label;
pub use history::{history, DecisionView, RereviewView, ReviewHistory, RoundView};
pub use queue::{queue, queue_on, QueueEntry, QueueKind};
pub use rereview::{rereview, RereviewInput};
pub use settle::{settle, Settlement};
pub use submit::{submit, submit_with, withdraw};

/// The statutory grounds a withholding decision may cite: (code, article, ground).
pub const GROUNDS: [(&str, &str, &str); 8] = [
    ("A14-1", "第十四条", "依法确定为国家秘密"),
    ("A14-2", "第十四条", "法律、行政法规禁止公开"),
    (
        "A14-3",
        "第十四条",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    ),
    (
        "A15",
        "第十五条",
        "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    ),
    (
        "A16-1",
        "第十六条第一款",
        "内部事务信息（人事管理、后勤管理、内部工作流程等）",
    ),
    (
        "A16-2a",
        "第十六条第二款",
        "过程性信息（讨论记录、过程稿、磋商信函、请示报告等）",
    ),
    ("A16-2b", "第十六条第二款", "行政执法案卷信息"),
    (
        "A37",
        "第三十七条",
        "可以区分处理：删除不应公开的内容后公开",
    ),
];

/// 审查决定.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 通过
    Approve,
    /// 退回修改
    Return,
    /// 不予公开
    Withhold,
    /// 依申请公开
    OnRequest,
    /// 部分公开 (A37): comes back to the drafter with what to remove.
    Partial,
    /// 需报审: referred outside, the item pauses.
    Refer,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Return => "return",
            Decision::Withhold => "withhold",
            Decision::OnRequest => "on-request",
            Decision::Partial => "partial",
            Decision::Refer => "refer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Approve => "通过",
            Decision::Return => "退回修改",
            Decision::Withhold => "不予公开",
            Decision::OnRequest => "依申请公开",
            Decision::Partial => "部分公开",
            Decision::Refer => "需报审",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        let s = s.trim().replace('_', "-");
        [
            Decision::Approve,
            Decision::Return,
            Decision::Withhold,
            Decision::OnRequest,
            Decision::Partial,
            Decision::Refer,
        ]
        .into_iter()
        .find(|d| d.code() == s || d.label() == s)
    }

    /// Only the confidentiality step may withhold, limit or refer.
    fn needs_reviewer(self) -> bool {
        !matches!(self, Decision::Approve | Decision::Return)
    }
}

/// A statutory ground as the ground picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Ground {
    pub code: String,
    pub article: String,
    pub ground: String,
}

pub fn grounds() -> Vec<Ground> {
    GROUNDS
        .iter()
        .map(|(code, article, ground)| Ground {
            code: code.to_string(),
            article: article.to_string(),
            ground: ground.to_string(),
        })
        .collect()
}

/// What a reviewer sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DecisionInput {
    pub decision: Decision,
    pub grounds: Vec<String>,
    pub comment: String,
}

/// A step of a category's chain that is switched on.
struct Step {
    role: Role,
    name: String,
    due_days: i64,
}

fn steps(conn: &Conn, category_id: i64) -> Result<Vec<Step>> {
    Ok(reviews::enabled_steps(conn, category_id)?
        .into_iter()
        .filter_map(|s| {
            Role::parse(&s.role).map(|role| Step {
                role,
                name: s.name,
                due_days: s.due_days,
            })
        })
        .collect())
}

/// The item's round whose outcome is `outcome` (`open`, or `referred` while paused).
fn round_in(conn: &Conn, item_id: i64, outcome: &str) -> Result<Option<Round>> {
    reviews::round_in(conn, item_id, outcome)
}

/// Moves `it` to `status` (see [`item::life`]).
fn set_status(tx: &Tx<'_>, it: &crate::item::Item, status: Status) -> Result<()> {
    crate::item::life::set_status(tx, it.id, it.status, status)
}
