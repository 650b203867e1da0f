use disclosure_core::agency::{Agency, AgencyInput};
use disclosure_core::audit::{self, AuditCheck, AuditEntry, AuditFilter};
use disclosure_core::calendar::{self, CalendarYear};
use disclosure_core::category::{self, Category};
use disclosure_core::item::settings::{self as item_settings, DraftingSettings};
use disclosure_core::office::Office;
use disclosure_core::preferences::Preferences;
use disclosure_core::staff::Role;
use disclosure_core::{agency, office, preferences, sensitive_words, Result};
use tauri::{AppHandle, Runtime, State};

use super::dialog;

use crate::state::Desk;

#[tauri::command]
pub fn agency_get(desk: State<'_, Desk>) -> Result<Agency> {
    desk.with(|s| agency::get(s))
}

#[tauri::command]
pub fn agency_update(desk: State<'_, Desk>, input: AgencyInput) -> Result<Agency> {
    desk.as_user(|s, me| agency::update(s, me, &input))
}

#[tauri::command]
pub fn office_list(desk: State<'_, Desk>, include_inactive: bool) -> Result<Vec<Office>> {
    desk.with(|s| office::list(s, include_inactive))
}

#[tauri::command]
pub fn office_add(desk: State<'_, Desk>, name: String) -> Result<Office> {
    desk.as_user(|s, me| office::add(s, me, &name))
}

#[tauri::command]
pub fn office_rename(desk: State<'_, Desk>, id: i64, name: String) -> Result<Office> {
    desk.as_user(|s, me| office::rename(s, me, id, &name))
}

#[tauri::command]
pub fn office_set_active(desk: State<'_, Desk>, id: i64, active: bool) -> Result<Office> {
    desk.as_user(|s, me| office::set_active(s, me, id, active))
}

#[tauri::command]
pub fn preferences_get(desk: State<'_, Desk>) -> Result<Preferences> {
    desk.with(|s| preferences::get(s))
}

#[tauri::command]
pub fn preferences_set(desk: State<'_, Desk>, prefs: Preferences) -> Result<Preferences> {
    desk.with(|s| preferences::set(s, &prefs))
}

#[tauri::command]
pub fn drafting_settings_get(desk: State<'_, Desk>) -> Result<DraftingSettings> {
    desk.with(|s| item_settings::get(s))
}

#[tauri::command]
pub fn drafting_settings_set(
    desk: State<'_, Desk>,
    settings: DraftingSettings,
) -> Result<DraftingSettings> {
    desk.as_user(|s, me| item_settings::set(s, me, &settings))
}

#[tauri::command]
pub fn category_set_offices(
    desk: State<'_, Desk>,
    id: i64,
    office_ids: Vec<i64>,
) -> Result<Category> {
    desk.as_user(|s, me| category::set_offices(s, me, id, &office_ids))
}

#[tauri::command]
pub fn audit_verify(desk: State<'_, Desk>) -> Result<AuditCheck> {
    // The chain, every anchor the data directory knows (its anchor file and backups) and
    // the records against the log: administrators.
    desk.as_user(|s, me| {
        me.require(Role::Admin)?;
        audit::verify_full(s, &[])
    })
}

#[tauri::command]
pub fn audit_search(
    desk: State<'_, Desk>,
    filter: AuditFilter,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    desk.as_user(|s, me| audit::search(s, me, &filter, limit))
}

/// Asks where to save, then writes the filtered log as CSV. `None` when cancelled.
#[tauri::command]
pub async fn audit_export_csv<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    filter: AuditFilter,
) -> Result<Option<ExportedFile>> {
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let name = format!(
        "审计日志-{}.csv",
        disclosure_core::clock::today().format("%Y%m%d")
    );
    let Some(path) = dialog::save_path(&app, "导出审计日志", &name, ("CSV 表格", &["csv"]))
    else {
        return Ok(None);
    };
    let count = desk.as_user(|s, me| audit::export_csv(s, me, &filter, &path))?;
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        count,
    }))
}

#[tauri::command]
pub fn sensitive_words_get(desk: State<'_, Desk>) -> Result<Vec<String>> {
    desk.as_user(|s, _| sensitive_words::list(s))
}

#[tauri::command]
pub fn sensitive_words_set(desk: State<'_, Desk>, words: Vec<String>) -> Result<Vec<String>> {
    desk.as_user(|s, me| sensitive_words::set(s, me, &words))
}

/// Replaces the list with a text file the administrator picks; `None` when cancelled.
#[tauri::command]
pub async fn sensitive_words_import<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> Result<Option<Vec<String>>> {
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(file) = dialog::pick_path(&app, "导入敏感词表", ("文本文件", &["txt"]))
    else {
        return Ok(None);
    };
    desk.as_user(|s, me| sensitive_words::import_file(s, me, &file))
        .map(Some)
}

/// Asks where to save, then writes the list as a text file. `None` when cancelled.
#[tauri::command]
pub async fn sensitive_words_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> Result<Option<ExportedFile>> {
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(path) =
        dialog::save_path(&app, "导出敏感词表", "敏感词表.txt", ("文本文件", &["txt"]))
    else {
        return Ok(None);
    };
    let count = desk.as_user(|s, me| sensitive_words::export_file(s, me, &path))?;
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        count,
    }))
}

/// A file written where the user chose.
#[derive(serde::Serialize)]
pub struct ExportedFile {
    pub path: String,
    pub count: usize,
}

#[tauri::command]
pub fn calendar_years(desk: State<'_, Desk>) -> Result<Vec<CalendarYear>> {
    desk.with(|s| calendar::years(s))
}

/// Imports holiday arrangements (the shipped JSON shape) from a file the user picks.
#[tauri::command]
pub async fn calendar_import<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> Result<Option<Vec<CalendarYear>>> {
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(path) = dialog::pick_path(
        &app,
        "选择节假日安排文件",
        ("节假日安排（JSON）", &["json"]),
    ) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| disclosure_core::Error::io(format!("读取“{}”", path.display()), e))?;
    let years = calendar::parse_years(&text, None)?;
    desk.as_user(|s, me| {
        let mut listed = Vec::new();
        for (year, plan) in &years {
            listed = calendar::add_year(s, me, *year, plan)?;
        }
        Ok(Some(listed))
    })
}
