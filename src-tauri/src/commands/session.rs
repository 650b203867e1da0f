//! 登录、锁定与人员: the window's session and the 人员 settings.
//!
//! Who may call what is decided in the core: [`Desk::as_user`] (anyone signed in, with
//! their own password, not locked) or [`Desk::as_user_confirmed`] (the password typed in
//! the last few minutes: staff changes). The first-run commands work only while nobody
//! exists; sign-in and unlock need the password.

use disclosure_core::agency::{self, Agency, AgencyInput};
use disclosure_core::session::{self, Need, Session};
use disclosure_core::staff::{self, Added, Staff};
use disclosure_core::staff_import::{self, StaffImportReport};
use disclosure_core::Result;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::state::Desk;

/// What the window needs to decide between 首次设置, 登录, 锁定, 修改初始密码 and the app.
#[derive(Serialize)]
pub struct SessionInfo {
    pub needs_setup: bool,
    pub user: Option<Staff>,
    /// The session is locked (idle too long): the page stays, the password opens it.
    pub locked: bool,
    /// Minutes without a command before the window locks.
    pub auto_lock_minutes: u32,
}

/// Anyone: whether setup is needed and who is signed in (no record's content).
#[tauri::command]
pub fn session_get(desk: State<'_, Desk>) -> Result<SessionInfo> {
    let needs_setup = desk.with(|s| staff::is_empty(s))?;
    let auto_lock_minutes = desk.with(|s| session::auto_lock_minutes(s))?;
    let (user, locked) = match desk.signed_in()? {
        Some((u, locked)) => (Some(u), locked),
        None => (None, false),
    };
    Ok(SessionInfo {
        needs_setup,
        user,
        locked,
        auto_lock_minutes,
    })
}

/// 首次设置, step 1: the agency's name and code, before anyone exists.
#[tauri::command]
pub fn session_setup_agency(desk: State<'_, Desk>, input: AgencyInput) -> Result<Agency> {
    desk.with(|s| agency::bootstrap(s, &input))
}

/// 首次设置, step 2: the first administrator, with the password they choose.
#[tauri::command]
pub fn session_setup_admin(
    desk: State<'_, Desk>,
    name: String,
    office_id: i64,
    password: String,
) -> Result<Staff> {
    let me = desk.with(|s| staff::create_first_admin(s, &name, office_id, &password))?;
    desk.set_session(Some(Session::started(me.id)));
    Ok(me)
}

/// 登录: a fresh session (another person at a locked window signs in here too).
#[tauri::command]
pub fn session_sign_in(desk: State<'_, Desk>, name: String, password: String) -> Result<Staff> {
    let (session, me) = desk.with(|s| Session::begin(s, &name, &password))?;
    desk.set_session(Some(session));
    Ok(me)
}

#[tauri::command]
pub fn session_sign_out(desk: State<'_, Desk>) {
    desk.set_session(None);
}

/// 锁定: the window's idle timer (or the person) locks the session now.
#[tauri::command]
pub fn session_lock(desk: State<'_, Desk>) -> Result<()> {
    desk.with_session(|_, session| {
        session.lock();
        Ok(())
    })
}

/// 解锁: the same person's password opens the locked session, the page as it was.
#[tauri::command]
pub fn session_unlock(desk: State<'_, Desk>, password: String) -> Result<Staff> {
    desk.with_session(|s, session| session.unlock(s, &password))
}

/// 确认身份: the password again, before a decision, export, restore or staff change.
#[tauri::command]
pub fn session_confirm(desk: State<'_, Desk>, password: String) -> Result<Staff> {
    desk.with_session(|s, session| session.confirm(s, &password))
}

/// Activity in the window (typing, clicking) keeps the session from locking; answers
/// `session_locked` once it has.
#[tauri::command]
pub fn session_touch(desk: State<'_, Desk>) -> Result<()> {
    desk.as_user(|_, _| Ok(()))
}

/// 修改密码: anyone signed in, their own password (allowed with an initial password).
#[tauri::command]
pub fn session_change_password(
    desk: State<'_, Desk>,
    current: String,
    password: String,
) -> Result<Staff> {
    desk.as_user_with(Need::PasswordChange, |s, me| {
        staff::change_password(s, me, &current, &password)?;
        staff::get(s, me.id)
    })
}

/// 自动锁定 minutes: administrators (checked in the core), audited.
#[tauri::command]
pub fn session_set_auto_lock(desk: State<'_, Desk>, minutes: u32) -> Result<u32> {
    desk.as_user(|s, me| session::set_auto_lock_minutes(s, me, minutes))
}

/// Anyone signed in: the people and their roles (no passwords, no hashes).
#[tauri::command]
pub fn staff_list(desk: State<'_, Desk>) -> Result<Vec<Staff>> {
    desk.as_user(|s, _| staff::list(s))
}

/// Administrators, password confirmed: the new person and their initial password, shown
/// once to the administrator.
#[tauri::command]
pub fn staff_add(desk: State<'_, Desk>, new: staff::NewStaff) -> Result<Added> {
    desk.as_user_confirmed(|s, me| staff::add(s, me, &new))
}

/// Administrators, password confirmed.
#[tauri::command]
pub fn staff_update(desk: State<'_, Desk>, id: i64, change: staff::StaffUpdate) -> Result<Staff> {
    desk.as_user_confirmed(|s, me| staff::update(s, me, id, &change))
}

/// Administrators, password confirmed: a new random initial password, shown once.
#[tauri::command]
pub fn staff_reset_password(desk: State<'_, Desk>, id: i64) -> Result<Added> {
    desk.as_user_confirmed(|s, me| {
        let initial_password = staff::reset_password(s, me, id)?;
        Ok(Added {
            staff: staff::get(s, id)?,
            initial_password,
        })
    })
}

/// 导入人员 (administrators, password confirmed): picks an .xlsx (姓名, 处室, 角色) and
/// imports everyone in it, each with a random initial password; `None` when the user
/// cancelled the dialog.
#[tauri::command]
pub async fn staff_import_pick<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> Result<Option<StaffImportReport>> {
    desk.as_user_confirmed(|_, me| me.require(staff::Role::Admin))?;
    let filter = ("人员名单（Excel）", &["xlsx", "xls"][..]);
    let Some(file) = super::dialog::pick_path(&app, "选择人员名单", filter) else {
        return Ok(None);
    };
    desk.as_user_confirmed(|s, me| staff_import::import_xlsx(s, me, &file))
        .map(Some)
}

/// 初始密码单 (administrators): the slips of people just added, imported or reset, saved
/// where the administrator picks; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn staff_slips_save<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    people: Vec<Added>,
) -> Result<Option<String>> {
    let pdf = desk.as_user(|s, me| {
        me.require(staff::Role::Admin)?;
        disclosure_core::sheet::render_slips(s, &people)
    })?;
    let Some(path) = super::dialog::save_path(
        &app,
        "保存初始密码单",
        "初始密码单.pdf",
        ("PDF 文件", &["pdf"]),
    ) else {
        return Ok(None);
    };
    disclosure_core::sheet::save(&pdf, &path)?;
    Ok(Some(path.display().to_string()))
}
