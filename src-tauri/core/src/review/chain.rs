//! 审查流程 — the chain of steps per category and the review settings an administrator
//! tunes: each step's due time in working days, the leader's step switched on or off, and
//! how long a 不予公开 decision stands before its re-review.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{reviews, Conn, Store};

/// A category's chain as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Chain {
    #[ts(type = "number")]
    pub category_id: i64,
    pub category_name: String,
    pub steps: Vec<ChainStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainStep {
    #[ts(type = "number")]
    pub step: i64,
    pub role: Role,
    pub name: String,
    /// 办理时限（工作日）.
    #[ts(type = "number")]
    pub due_days: i64,
    pub enabled: bool,
    /// Only the leader's step may be switched off; the office head and the
    /// confidentiality reviewer always look.
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StepUpdate {
    #[ts(type = "number")]
    pub due_days: i64,
    pub enabled: bool,
}

/// 审查设置.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewSettings {
    /// 不予公开复查周期（月）, default 12 (条例第十八条 asks for regular re-review).
    #[ts(type = "number")]
    pub rereview_months: i64,
}

pub fn chains(store: &Store) -> Result<Vec<Chain>> {
    let mut out: Vec<Chain> = Vec::new();
    for row in reviews::chain_steps(store.conn())? {
        let Some(role) = Role::parse(&row.role) else {
            continue;
        };
        if out.last().map(|c| c.category_id) != Some(row.category_id) {
            out.push(Chain {
                category_id: row.category_id,
                category_name: row.category_name,
                steps: Vec::new(),
            });
        }
        if let Some(chain) = out.last_mut() {
            chain.steps.push(ChainStep {
                step: row.step,
                role,
                name: row.name,
                due_days: row.due_days,
                enabled: row.enabled,
                optional: role == Role::Leader,
            });
        }
    }
    Ok(out)
}

/// Changes one step of one category's chain. Rounds already open keep their position;
/// switching the leader's step off ends the chain after the confidentiality review.
pub fn set_step(
    store: &mut Store,
    actor: &Staff,
    category_id: i64,
    step: i64,
    update: &StepUpdate,
) -> Result<Vec<Chain>> {
    actor.require(Role::Admin)?;
    if !(1..=60).contains(&update.due_days) {
        return Err(Error::invalid(
            "due_days",
            "办理时限须在 1 到 60 个工作日之间。",
        ));
    }
    store.transaction(|tx| {
        let found = reviews::step_setting(tx, category_id, step)?
            .ok_or_else(|| Error::NotFound("找不到该审查步骤。".into()))?;
        let (category, name) = (&found.category_name, &found.name);
        if !update.enabled && Role::parse(&found.role) != Some(Role::Leader) {
            return Err(Error::invalid(
                "enabled",
                format!("“{name}”不能关闭：只有分管领导审批可以按类别关闭。"),
            ));
        }
        if found.due_days == update.due_days && found.enabled == update.enabled {
            // Nothing changes: nothing written, nothing on record.
            return Ok(());
        }
        reviews::update_step(tx, category_id, step, update.due_days, update.enabled)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.review_chain",
                format!(
                    "审查流程：{category}「{name}」{}，时限 {} 个工作日",
                    if update.enabled { "启用" } else { "关闭" },
                    update.due_days
                ),
            ),
        )
    })?;
    chains(store)
}

pub fn review_settings(store: &Store) -> Result<ReviewSettings> {
    review_settings_in(store.conn())
}

pub(super) fn review_settings_in(conn: &Conn) -> Result<ReviewSettings> {
    let months = reviews::rereview_months(conn)?;
    Ok(ReviewSettings {
        rereview_months: months.and_then(|m| m.parse().ok()).unwrap_or(12),
    })
}

/// The re-review date of a 不予公开 decision taken (or kept) today: the configured number
/// of months on (条例第十八条).
pub(super) fn next_rereview_on(conn: &Conn) -> Result<String> {
    let months = review_settings_in(conn)?.rereview_months;
    let today = crate::clock::today();
    Ok(today
        .checked_add_months(chrono::Months::new(months as u32))
        .unwrap_or(today)
        .format("%Y-%m-%d")
        .to_string())
}

pub fn set_review_settings(
    store: &mut Store,
    actor: &Staff,
    s: &ReviewSettings,
) -> Result<ReviewSettings> {
    actor.require(Role::Admin)?;
    if !(1..=60).contains(&s.rereview_months) {
        return Err(Error::invalid(
            "rereview_months",
            "复查周期须在 1 到 60 个月之间。",
        ));
    }
    store.transaction(|tx| {
        reviews::set_rereview_months(tx, &s.rereview_months.to_string())?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.review",
                format!("不予公开复查周期改为 {} 个月", s.rereview_months),
            ),
        )
    })?;
    review_settings(store)
}
