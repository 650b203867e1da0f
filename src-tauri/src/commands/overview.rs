use disclosure_core::overview::Overview;
use disclosure_core::plan::PlanTask;
use disclosure_core::{deadline, overview, plan, Result};
use tauri::State;

use crate::state::{Desk, StartupStatus};

#[tauri::command]
pub fn startup_status(desk: State<'_, Desk>) -> StartupStatus {
    desk.startup()
}

#[tauri::command]
pub fn overview_get(desk: State<'_, Desk>) -> Result<Overview> {
    desk.with(|s| overview::get(s))
}

#[tauri::command]
pub fn plan_list(desk: State<'_, Desk>) -> Result<Vec<PlanTask>> {
    desk.with(|s| plan::list(s))
}

#[tauri::command]
pub fn dashboard_get(desk: State<'_, Desk>) -> Result<disclosure_core::dashboard::Dashboard> {
    desk.as_user(|s, me| disclosure_core::dashboard::get(s, me))
}

/// 责任分工台账: an administrator changes a task's offices and 落实专人.
#[tauri::command]
pub fn plan_update(
    desk: State<'_, Desk>,
    id: i64,
    update: plan::TaskUpdate,
) -> Result<Vec<PlanTask>> {
    desk.as_user(|s, me| plan::update(s, me, id, &update))
}

/// 时限规则.
#[tauri::command]
pub fn deadline_rules(desk: State<'_, Desk>) -> Result<Vec<deadline::DeadlineRule>> {
    desk.as_user(|s, _| deadline::rules(s))
}

#[tauri::command]
pub fn deadline_rule_set(
    desk: State<'_, Desk>,
    code: deadline::RuleCode,
    days: i64,
) -> Result<Vec<deadline::DeadlineRule>> {
    desk.as_user(|s, me| deadline::set_rule(s, me, code, days))
}

/// The deadlines of a list page's rows.
#[tauri::command]
pub fn item_dues(desk: State<'_, Desk>, ids: Vec<i64>) -> Result<Vec<deadline::Due>> {
    desk.as_user(|s, _| deadline::due_many(s, &ids))
}
