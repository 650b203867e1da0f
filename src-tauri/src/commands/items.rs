use std::path::PathBuf;

use disclosure_core::category::{self, Category};
use disclosure_core::item::import::{self, ImportReport};
use disclosure_core::item::{
    self, Item, ItemInput, ItemPage, ItemQuery, MaskRequest, Saved, VersionDiff, VersionInfo,
};
use disclosure_core::rules::Problem;
use disclosure_core::{Error, Result};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::state::Desk;

#[tauri::command]
pub fn category_list(desk: State<'_, Desk>) -> Result<Vec<Category>> {
    desk.with(|s| category::list(s))
}

/// 时限: the item's disclosure deadline and its state, or `None` when no rule applies yet.
#[tauri::command]
pub fn item_due(desk: State<'_, Desk>, id: i64) -> Result<Option<disclosure_core::deadline::Due>> {
    desk.as_user(|s, me| disclosure_core::reads::due(s, me, id))
}

#[tauri::command]
pub fn rules_lists() -> disclosure_core::rules::RuleLists {
    disclosure_core::rules::lists()
}

#[tauri::command]
pub fn item_defaults(desk: State<'_, Desk>) -> Result<ItemInput> {
    desk.as_user(|s, me| item::defaults(s, me))
}

#[tauri::command]
pub fn item_create(desk: State<'_, Desk>, input: ItemInput) -> Result<Saved> {
    desk.as_user(|s, me| item::create(s, me, &input))
}

#[tauri::command]
pub fn item_save(
    desk: State<'_, Desk>,
    id: i64,
    input: ItemInput,
    autosave: bool,
) -> Result<Saved> {
    desk.as_user(|s, me| item::save(s, me, id, &input, autosave))
}

#[tauri::command]
pub fn item_get(desk: State<'_, Desk>, id: i64) -> Result<Item> {
    desk.as_user(|s, me| disclosure_core::reads::item(s, me, id))
}

#[tauri::command]
pub fn item_delete(desk: State<'_, Desk>, id: i64) -> Result<()> {
    desk.as_user(|s, me| item::delete(s, me, id))
}

#[tauri::command]
pub fn item_list(desk: State<'_, Desk>, query: ItemQuery) -> Result<ItemPage> {
    desk.as_user(|s, me| item::list(s, me, &query))
}

#[tauri::command]
pub fn item_check(desk: State<'_, Desk>, id: i64) -> Result<Vec<Problem>> {
    desk.as_user(|s, me| disclosure_core::reads::check(s, me, id))
}

#[tauri::command]
pub fn item_versions(desk: State<'_, Desk>, id: i64) -> Result<Vec<VersionInfo>> {
    desk.as_user(|s, me| disclosure_core::reads::versions(s, me, id))
}

#[tauri::command]
pub fn item_diff(desk: State<'_, Desk>, id: i64, from: i64, to: i64) -> Result<VersionDiff> {
    desk.as_user(|s, me| disclosure_core::reads::diff(s, me, id, from, to))
}

/// Opens the native file dialog and attaches what the user picked (nothing if cancelled).
#[tauri::command]
pub async fn item_pick_attachments<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    id: i64,
) -> Result<Item> {
    let files: Vec<PathBuf> = match crate::test_hooks::picked_files() {
        Some(files) => files,
        None => app
            .dialog()
            .file()
            .set_title("选择附件")
            .blocking_pick_files()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|f| f.into_path().ok())
            .collect(),
    };
    desk.as_user(|s, me| {
        if files.is_empty() {
            disclosure_core::reads::item(s, me, id)
        } else {
            item::add_attachments(s, me, id, &files)
        }
    })
}

/// 一键脱敏: masks a finding's text in the body and fields, as a new version.
#[tauri::command]
pub fn item_mask(desk: State<'_, Desk>, id: i64, request: MaskRequest) -> Result<Item> {
    desk.as_user(|s, me| item::mask_finding(s, me, id, &request))
}

/// Attaches files dropped on the window.
#[tauri::command]
pub fn item_add_attachments(desk: State<'_, Desk>, id: i64, paths: Vec<PathBuf>) -> Result<Item> {
    desk.as_user(|s, me| item::add_attachments(s, me, id, &paths))
}

#[tauri::command]
pub fn item_remove_attachment(desk: State<'_, Desk>, id: i64, attachment_id: i64) -> Result<Item> {
    desk.as_user(|s, me| item::remove_attachment(s, me, id, attachment_id))
}

/// Opens an attachment in the system's program for its type, from a copy under its
/// original name in the run's private temporary folder (the store keeps files under their
/// hash). Executables and scripts are refused: a double click would run them.
#[tauri::command]
pub fn item_open_attachment<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    id: i64,
    attachment_id: i64,
) -> Result<()> {
    let (path, name) =
        desk.as_user(|s, me| disclosure_core::reads::attachment(s, me, id, attachment_id))?;
    disclosure_core::paths::check_openable(&name)?;
    let copy = app.state::<crate::state::Scratch>().folder()?.join(&name);
    std::fs::copy(&path, &copy).map_err(|e| Error::io("准备预览", e))?;
    app.opener()
        .open_path(copy.display().to_string(), None::<&str>)
        .map_err(|e| {
            log::error!("open attachment: {e}");
            Error::invalid("attachments", "系统中没有能打开该类型文件的程序。")
        })
}

/// 批量导入: the user picks a `.json` or `.xlsx` file; all rows become drafts, or none do
/// and every bad row is reported. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn item_import_pick<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> Result<Option<ImportReport>> {
    let filter = ("事项清单（JSON、Excel）", &["json", "xlsx", "xls"][..]);
    let Some(file) = super::dialog::pick_path(&app, "选择要导入的文件", filter) else {
        return Ok(None);
    };
    let rows = import::read_file(&file)?;
    desk.as_user(|s, me| import::import(s, me, &rows)).map(Some)
}
