use disclosure_core::overview::Overview;
use disclosure_core::plan::PlanTask;
use disclosure_core::{deadline, overview, plan, Result};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::state::{Desk, StartupStatus};

#[tauri::command]
pub fn startup_status(desk: State<'_, Desk>) -> StartupStatus {
    desk.startup()
}

#[tauri::command]
pub fn overview_get(desk: State<'_, Desk>) -> Result<Overview> {
    desk.with(|s| overview::get(s))
}

/// 打开数据目录 in the system's file manager (设置 → 关于).
#[tauri::command]
pub fn data_dir_open<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>) -> Result<()> {
    let dir = desk.with(|s| Ok(s.data_dir().display().to_string()))?;
    app.opener().open_path(dir, None::<&str>).map_err(|e| {
        log::error!("open data dir: {e}");
        disclosure_core::Error::invalid("data_dir", "无法打开文件管理器，请按上面的路径手动打开。")
    })
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
    desk.as_user(|s, me| {
        // Only the items the person may read (the list page asks for its own rows).
        let readable: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| disclosure_core::access::check(s, me, *id).is_ok())
            .collect();
        deadline::due_many(s, &readable)
    })
}
