use disclosure_core::agency::{Agency, AgencyInput};
use disclosure_core::audit::{self, AuditCheck, AuditEntry, AuditFilter};
use disclosure_core::calendar::{self, CalendarYear};
use disclosure_core::category::{self, Category};
use disclosure_core::item::settings::{self as item_settings, DraftingSettings};
use disclosure_core::job::Job;
use disclosure_core::office::Office;
use disclosure_core::preferences::Preferences;
use disclosure_core::staff::Role;
use disclosure_core::window::ExportedFile;
use disclosure_core::{agency, office, preferences, sensitive_words, Result};
use tauri::Runtime;

use super::dialog;

use super::jobs::with_progress;
use super::Ctx;

pub fn agency_get<R: Runtime>(cx: &Ctx<R>) -> Result<Agency> {
    let desk = cx.desk();
    desk.read(agency::get)
}

pub fn agency_update<R: Runtime>(cx: &Ctx<R>, input: AgencyInput) -> Result<Agency> {
    let desk = cx.desk();
    desk.as_user(|s, me| agency::update(s, me, &input))
}

pub fn office_list<R: Runtime>(cx: &Ctx<R>, include_inactive: bool) -> Result<Vec<Office>> {
    let desk = cx.desk();
    desk.read(|s| office::list(s, include_inactive))
}

pub fn office_add<R: Runtime>(cx: &Ctx<R>, name: String) -> Result<Office> {
    let desk = cx.desk();
    desk.as_user(|s, me| office::add(s, me, &name))
}

pub fn office_rename<R: Runtime>(cx: &Ctx<R>, id: i64, name: String) -> Result<Office> {
    let desk = cx.desk();
    desk.as_user(|s, me| office::rename(s, me, id, &name))
}

pub fn office_set_active<R: Runtime>(cx: &Ctx<R>, id: i64, active: bool) -> Result<Office> {
    let desk = cx.desk();
    desk.as_user(|s, me| office::set_active(s, me, id, active))
}

pub fn preferences_get<R: Runtime>(cx: &Ctx<R>) -> Result<Preferences> {
    let desk = cx.desk();
    desk.read(preferences::get)
}

pub fn preferences_set<R: Runtime>(cx: &Ctx<R>, prefs: Preferences) -> Result<Preferences> {
    let desk = cx.desk();
    desk.with(|s| preferences::set(s, &prefs))
}

pub fn drafting_settings_get<R: Runtime>(cx: &Ctx<R>) -> Result<DraftingSettings> {
    let desk = cx.desk();
    desk.read(item_settings::get)
}

pub fn drafting_settings_set<R: Runtime>(
    cx: &Ctx<R>,
    settings: DraftingSettings,
) -> Result<DraftingSettings> {
    let desk = cx.desk();
    desk.as_user(|s, me| item_settings::set(s, me, &settings))
}

pub fn category_set_offices<R: Runtime>(
    cx: &Ctx<R>,
    id: i64,
    office_ids: Vec<i64>,
) -> Result<Category> {
    let desk = cx.desk();
    desk.as_user(|s, me| category::set_offices(s, me, id, &office_ids))
}

/// The chain, every anchor the data directory knows (its anchor file and backups) and the
/// records against the log (管理员), on a read connection, with `job-progress` events;
/// `job_cancel` stops it.
pub fn audit_verify<R: Runtime>(cx: &Ctx<R>) -> Result<AuditCheck> {
    let desk = cx.desk();
    with_progress(&cx.app, Job::AuditVerify, |report| {
        desk.as_reader(|s, me| {
            me.require(Role::Admin)?;
            audit::verify_full_with(s, &[], report)
        })
    })
}

pub fn audit_search<R: Runtime>(
    cx: &Ctx<R>,
    filter: AuditFilter,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    let desk = cx.desk();
    desk.as_reader(|s, me| audit::search(s, me, &filter, limit))
}

/// Asks where to save, then writes the filtered log as CSV. `None` when cancelled.
pub fn audit_export_csv<R: Runtime>(
    cx: &Ctx<R>,
    filter: AuditFilter,
) -> Result<Option<ExportedFile>> {
    let desk = cx.desk();
    let app = &cx.app;
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let name = format!(
        "审计日志-{}.csv",
        disclosure_core::clock::today().format("%Y%m%d")
    );
    let Some(path) = dialog::save_path(app, "导出审计日志", &name, ("CSV 表格", &["csv"]))
    else {
        return Ok(None);
    };
    let count = desk.as_user(|s, me| audit::export_csv(s, me, &filter, &path))?;
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        count,
    }))
}

pub fn sensitive_words_get<R: Runtime>(cx: &Ctx<R>) -> Result<Vec<String>> {
    let desk = cx.desk();
    desk.as_reader(|s, _| sensitive_words::list(s))
}

pub fn sensitive_words_set<R: Runtime>(cx: &Ctx<R>, words: Vec<String>) -> Result<Vec<String>> {
    let desk = cx.desk();
    desk.as_user(|s, me| sensitive_words::set(s, me, &words))
}

/// Replaces the list with a text file the administrator picks; `None` when cancelled.
pub fn sensitive_words_import<R: Runtime>(cx: &Ctx<R>) -> Result<Option<Vec<String>>> {
    let desk = cx.desk();
    let app = &cx.app;
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(file) = dialog::pick_path(app, "导入敏感词表", ("文本文件", &["txt"]))
    else {
        return Ok(None);
    };
    desk.as_user(|s, me| sensitive_words::import_file(s, me, &file))
        .map(Some)
}

/// Asks where to save, then writes the list as a text file. `None` when cancelled.
pub fn sensitive_words_export<R: Runtime>(cx: &Ctx<R>) -> Result<Option<ExportedFile>> {
    let desk = cx.desk();
    let app = &cx.app;
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(path) = dialog::save_path(app, "导出敏感词表", "敏感词表.txt", ("文本文件", &["txt"]))
    else {
        return Ok(None);
    };
    let count = desk.as_user(|s, me| sensitive_words::export_file(s, me, &path))?;
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        count,
    }))
}

pub fn calendar_years<R: Runtime>(cx: &Ctx<R>) -> Result<Vec<CalendarYear>> {
    let desk = cx.desk();
    desk.read(calendar::years)
}

/// Imports holiday arrangements (the shipped JSON shape) from a file the user picks.
pub fn calendar_import<R: Runtime>(cx: &Ctx<R>) -> Result<Option<Vec<CalendarYear>>> {
    let desk = cx.desk();
    let app = &cx.app;
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(path) =
        dialog::pick_path(app, "选择节假日安排文件", ("节假日安排（JSON）", &["json"]))
    else {
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
