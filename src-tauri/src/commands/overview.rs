use disclosure_core::overview::Overview;
use disclosure_core::plan::PlanTask;
use disclosure_core::{overview, plan, Result};
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
