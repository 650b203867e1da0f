use disclosure_core::overview::Overview;
use disclosure_core::plan::PlanTask;
use disclosure_core::{overview, plan, Result};
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
