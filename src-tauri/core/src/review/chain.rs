//! 审查流程 — the chain of steps per category and the review settings an administrator
//! tunes: each step's due time in working days, the leader's step switched on or off, and
//! how long a 不予公开 decision stands before its re-review.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::Store;

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
    let conn = store.conn();
    let rows = conn
        .prepare_cached(
            "SELECT c.id, c.name, s.step, s.role, s.name, s.due_days, s.enabled
             FROM category c JOIN review_step s ON s.category_id = c.id
             ORDER BY c.sort_order, c.id, s.step",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out: Vec<Chain> = Vec::new();
    for (category_id, category_name, step, role, name, due_days, enabled) in rows {
        let Some(role) = Role::parse(&role) else {
            continue;
        };
        if out.last().map(|c| c.category_id) != Some(category_id) {
            out.push(Chain {
                category_id,
                category_name,
                steps: Vec::new(),
            });
        }
        if let Some(chain) = out.last_mut() {
            chain.steps.push(ChainStep {
                step,
                role,
                name,
                due_days,
                enabled,
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
    {
        let tx = store.conn_mut().transaction()?;
        let found: Option<(String, String, String, i64, bool)> = tx
            .query_row(
                "SELECT c.name, s.role, s.name, s.due_days, s.enabled
                 FROM review_step s JOIN category c ON c.id = s.category_id
                 WHERE s.category_id = ?1 AND s.step = ?2",
                params![category_id, step],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let (category, role, name, due_days, enabled) =
            found.ok_or_else(|| Error::NotFound("找不到该审查步骤。".into()))?;
        if !update.enabled && Role::parse(&role) != Some(Role::Leader) {
            return Err(Error::invalid(
                "enabled",
                format!("“{name}”不能关闭：只有分管领导审批可以按类别关闭。"),
            ));
        }
        if due_days == update.due_days && enabled == update.enabled {
            drop(tx);
            return chains(store);
        }
        tx.execute(
            "UPDATE review_step SET due_days = ?3, enabled = ?4 WHERE category_id = ?1 AND step = ?2",
            params![category_id, step, update.due_days, update.enabled],
        )?;
        audit::append(
            &tx,
            actor.into(),
            Event::new(
                "settings.review_chain",
                format!(
                    "审查流程：{category}「{name}」{}，时限 {} 个工作日",
                    if update.enabled { "启用" } else { "关闭" },
                    update.due_days
                ),
            ),
        )?;
        tx.commit()?;
    }
    chains(store)
}

pub fn review_settings(store: &Store) -> Result<ReviewSettings> {
    review_settings_in(store.conn())
}

pub(super) fn review_settings_in(conn: &rusqlite::Connection) -> Result<ReviewSettings> {
    let months: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = 'rereview_months'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(ReviewSettings {
        rereview_months: months.and_then(|m| m.parse().ok()).unwrap_or(12),
    })
}

/// The re-review date of a 不予公开 decision taken (or kept) today: the configured number
/// of months on (条例第十八条).
pub(super) fn next_rereview_on(conn: &rusqlite::Connection) -> Result<String> {
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
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES ('rereview_months', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [s.rereview_months.to_string()],
    )?;
    audit::append(
        &tx,
        actor.into(),
        Event::new(
            "settings.review",
            format!("不予公开复查周期改为 {} 个月", s.rereview_months),
        ),
    )?;
    tx.commit()?;
    review_settings(store)
}
