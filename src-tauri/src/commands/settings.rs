use disclosure_core::agency::{Agency, AgencyInput};
use disclosure_core::category::{self, Category};
use disclosure_core::item::settings::{self as item_settings, DraftingSettings};
use disclosure_core::office::Office;
use disclosure_core::preferences::Preferences;
use disclosure_core::{agency, office, preferences, Result};
use tauri::State;

use crate::state::Desk;

#[tauri::command]
pub fn agency_get(desk: State<'_, Desk>) -> Result<Agency> {
    desk.with(|s| agency::get(s))
}

#[tauri::command]
pub fn agency_update(desk: State<'_, Desk>, input: AgencyInput) -> Result<Agency> {
    desk.with(|s| agency::update(s, &input))
}

#[tauri::command]
pub fn office_list(desk: State<'_, Desk>, include_inactive: bool) -> Result<Vec<Office>> {
    desk.with(|s| office::list(s, include_inactive))
}

#[tauri::command]
pub fn office_add(desk: State<'_, Desk>, name: String) -> Result<Office> {
    desk.with(|s| office::add(s, &name))
}

#[tauri::command]
pub fn office_rename(desk: State<'_, Desk>, id: i64, name: String) -> Result<Office> {
    desk.with(|s| office::rename(s, id, &name))
}

#[tauri::command]
pub fn office_set_active(desk: State<'_, Desk>, id: i64, active: bool) -> Result<Office> {
    desk.with(|s| office::set_active(s, id, active))
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
