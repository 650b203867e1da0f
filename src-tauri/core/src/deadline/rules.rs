//! 时限规则 — the deadline rules an administrator tunes, each with its unit and the basis
//! shown next to it. The numbers live in the `deadline_rule` table; what a rule means (its
//! name, unit, basis and allowed range) lives here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{deadlines, Conn, Store};

/// Which rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleCode {
    /// 政策解读: working days after its policy's publication.
    Interpretation,
    /// 主动公开: working days after the information is produced or changed (第二十六条).
    Proactive,
    /// 部门预决算: days after the finance department's approval.
    Budget,
    /// 重大决策预公开: the shortest comment period, in days.
    CommentPeriod,
}

/// What a rule counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// 工作日 — on the working-day calendar.
    Working,
    /// 日 — calendar days.
    Calendar,
}

struct Meta {
    code: RuleCode,
    key: &'static str,
    name: &'static str,
    unit: DayUnit,
    default: i64,
    max: i64,
    basis: &'static str,
}

const RULES: [Meta; 4] = [
    Meta {
        code: RuleCode::Interpretation,
        key: "interpretation",
        name: "政策解读公开时限",
        unit: DayUnit::Working,
        default: 3,
        max: 30,
        basis: "实施方案“主动做好政策解读”：政策性文件公开后 3 个工作日内公开解读材料",
    },
    Meta {
        code: RuleCode::Proactive,
        key: "proactive",
        name: "主动公开时限",
        unit: DayUnit::Working,
        default: 20,
        max: 60,
        basis:
            "《政府信息公开条例》第二十六条：自该政府信息形成或者变更之日起 20 个工作日内予以公开",
    },
    Meta {
        code: RuleCode::Budget,
        key: "budget",
        name: "部门预决算公开时限",
        unit: DayUnit::Calendar,
        default: 20,
        max: 60,
        basis: "实施方案“深入推进预决算公开”：财政部门批复后 20 日内公开",
    },
    Meta {
        code: RuleCode::CommentPeriod,
        key: "comment_period",
        name: "重大决策预公开征求意见期",
        unit: DayUnit::Calendar,
        default: 30,
        max: 365,
        basis: "实施方案“积极推进决策公开”：重大决策预公开征求意见，期限一般不少于 30 日",
    },
];

fn meta(code: RuleCode) -> &'static Meta {
    RULES.iter().find(|m| m.code == code).unwrap_or(&RULES[0])
}

/// One rule as the 时限规则 tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeadlineRule {
    pub code: RuleCode,
    pub name: String,
    #[ts(type = "number")]
    pub days: i64,
    pub unit: DayUnit,
    /// 工作日 or 日.
    pub unit_label: String,
    /// Where the rule comes from, with its default.
    pub basis: String,
    #[ts(type = "number")]
    pub default_days: i64,
    #[ts(type = "number")]
    pub max_days: i64,
}

/// The configured number of days of one rule.
pub fn rule_days(conn: &Conn, code: RuleCode) -> Result<i64> {
    let m = meta(code);
    Ok(deadlines::rule_days(conn, m.key)?.unwrap_or(m.default))
}

/// Every rule, in the order of the settings tab.
pub fn rules(store: &Store) -> Result<Vec<DeadlineRule>> {
    RULES
        .iter()
        .map(|m| {
            Ok(DeadlineRule {
                code: m.code,
                name: m.name.into(),
                days: rule_days(store.conn(), m.code)?,
                unit: m.unit,
                unit_label: unit_label(m.unit).into(),
                basis: m.basis.into(),
                default_days: m.default,
                max_days: m.max,
            })
        })
        .collect()
}

pub fn unit_label(unit: DayUnit) -> &'static str {
    match unit {
        DayUnit::Working => "个工作日",
        DayUnit::Calendar => "日",
    }
}

/// Changes one rule (administrators only, audited). Items' due dates follow at once.
pub fn set_rule(
    store: &mut Store,
    actor: &Staff,
    code: RuleCode,
    days: i64,
) -> Result<Vec<DeadlineRule>> {
    actor.require(Role::Admin)?;
    let m = meta(code);
    if !(1..=m.max).contains(&days) {
        return Err(Error::invalid(
            "days",
            format!(
                "“{}”须在 1 到 {} {}之间。",
                m.name,
                m.max,
                unit_label(m.unit)
            ),
        ));
    }
    let before = rule_days(store.conn(), code)?;
    if before != days {
        store.transaction(|tx| {
            deadlines::set_rule_days(tx, m.key, days)?;
            audit::append(
                tx,
                actor.into(),
                Event::new(
                    "settings.deadline_rule",
                    format!(
                        "时限规则“{}”由 {before} 改为 {days} {}",
                        m.name,
                        unit_label(m.unit)
                    ),
                ),
            )
        })?;
    }
    rules(store)
}
