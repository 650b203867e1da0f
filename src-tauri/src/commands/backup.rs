//! 设置 → 备份与恢复, and the start-up screen's restore.

use std::path::Path;

use disclosure_core::backup::{self, BackupInfo, BackupOverview, BackupSettings};
use disclosure_core::staff::Role;
use disclosure_core::{Error, Result};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::state::Desk;

#[tauri::command]
pub fn backup_overview(desk: State<'_, Desk>) -> Result<BackupOverview> {
    desk.as_user(|s, me| {
        me.require(Role::Admin)?;
        backup::overview(s)
    })
}

/// When the last backup was made, for 设置 → 关于 (anyone signed in).
#[tauri::command]
pub fn backup_last(desk: State<'_, Desk>) -> Result<Option<String>> {
    desk.as_user(|s, _| backup::last(s))
}

#[tauri::command]
pub fn backup_create(desk: State<'_, Desk>) -> Result<BackupInfo> {
    desk.as_user(|s, me| backup::create_manual(s, me, None))
}

#[tauri::command]
pub fn backup_settings_set(
    desk: State<'_, Desk>,
    settings: BackupSettings,
) -> Result<BackupSettings> {
    desk.as_user(|s, me| backup::set_settings(s, me, &settings))
}

/// The folder for backups from the system's dialog; `None` when cancelled.
#[tauri::command]
pub fn backup_pick_dir<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> Result<Option<String>> {
    desk.as_user(|_, me| me.require(Role::Admin))?;
    Ok(super::dialog::pick_folder(&app, "选择备份位置").map(|p| p.display().to_string()))
}

/// Restores a listed backup (管理员); everyone is signed out and the window reloads.
#[tauri::command]
pub fn backup_restore(desk: State<'_, Desk>, path: String) -> Result<()> {
    let me = desk.as_user_confirmed(|_, me| {
        me.require(Role::Admin)?;
        Ok(me.clone())
    })?;
    desk.restore(Path::new(&path), &me.name)
}

/// The start-up screen's 恢复: only while the data failed its start-up check.
#[tauri::command]
pub fn startup_restore(desk: State<'_, Desk>) -> Result<()> {
    if desk.startup().ok {
        return Err(Error::Conflict("数据完好，无需恢复。".into()));
    }
    desk.restore_at_startup()
}

/// Opens the data directory in the system's file manager (the start-up screen).
#[tauri::command]
pub fn startup_open_data_dir<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>) -> Result<()> {
    let dir = desk
        .data_dir()
        .ok_or_else(|| Error::NotFound("未能确定数据目录。".into()))?;
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| {
            log::error!("open data dir: {e}");
            Error::invalid("dir", "无法打开文件管理器。")
        })
}
