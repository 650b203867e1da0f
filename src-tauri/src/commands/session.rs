use disclosure_core::agency::{self, Agency, AgencyInput};
use disclosure_core::staff::{self, Staff};
use disclosure_core::staff_import::{self, StaffImportReport};
use disclosure_core::Result;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::state::Desk;

/// What the window needs to decide between 首次设置, 登录 and the app.
#[derive(Serialize)]
pub struct Session {
    pub needs_setup: bool,
    pub user: Option<Staff>,
}

#[tauri::command]
pub fn session_get(desk: State<'_, Desk>) -> Result<Session> {
    let needs_setup = desk.with(|s| staff::is_empty(s))?;
    Ok(Session {
        needs_setup,
        user: desk.user(),
    })
}

/// 首次设置, step 1: the agency's name and code, before anyone exists.
#[tauri::command]
pub fn session_setup_agency(desk: State<'_, Desk>, input: AgencyInput) -> Result<Agency> {
    desk.with(|s| agency::bootstrap(s, &input))
}

#[tauri::command]
pub fn session_setup_admin(
    desk: State<'_, Desk>,
    name: String,
    office_id: i64,
    password: String,
) -> Result<Staff> {
    let me = desk.with(|s| staff::create_first_admin(s, &name, office_id, &password))?;
    desk.set_user(Some(me.clone()));
    Ok(me)
}

#[tauri::command]
pub fn session_sign_in(desk: State<'_, Desk>, name: String, password: String) -> Result<Staff> {
    let me = desk.with(|s| staff::sign_in(s, &name, &password))?;
    desk.set_user(Some(me.clone()));
    Ok(me)
}

#[tauri::command]
pub fn session_sign_out(desk: State<'_, Desk>) {
    desk.set_user(None);
}

#[tauri::command]
pub fn staff_list(desk: State<'_, Desk>) -> Result<Vec<Staff>> {
    desk.as_user(|s, _| staff::list(s))
}

#[tauri::command]
pub fn staff_add(desk: State<'_, Desk>, new: staff::NewStaff) -> Result<Staff> {
    desk.as_user(|s, me| staff::add(s, me, &new))
}

#[tauri::command]
pub fn staff_update(desk: State<'_, Desk>, id: i64, change: staff::StaffUpdate) -> Result<Staff> {
    desk.as_user(|s, me| staff::update(s, me, id, &change))
}

#[tauri::command]
pub fn staff_reset_password(desk: State<'_, Desk>, id: i64, password: String) -> Result<()> {
    desk.as_user(|s, me| staff::reset_password(s, me, id, &password))
}

/// 导入人员: picks an .xlsx (姓名, 处室, 角色) and imports everyone in it with `password`
/// as their initial password; `None` when the user cancelled the dialog.
#[tauri::command]
pub async fn staff_import_pick<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    password: String,
) -> Result<Option<StaffImportReport>> {
    let filter = ("人员名单（Excel）", &["xlsx", "xls"][..]);
    let Some(file) = super::dialog::pick_path(&app, "选择人员名单", filter) else {
        return Ok(None);
    };
    desk.as_user(|s, me| staff_import::import_xlsx(s, me, &file, &password))
        .map(Some)
}
