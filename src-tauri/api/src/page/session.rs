//! 登录、锁定与人员: the window's session and the 人员 settings.
//!
//! Who may call what is decided in the core: [`Desk::as_user`] (anyone signed in, with
//! their own password, not locked) or [`Desk::as_user_confirmed`] (the password typed in
//! the last few minutes: staff changes). The first-run commands work only while nobody
//! exists; sign-in and unlock need the password.

use disclosure_core::session::{self, Need, Session};
use disclosure_core::staff::{self, Added, Staff};
use disclosure_core::staff_import::{self, StaffImportReport};
use disclosure_core::window::{LanServer, LanStatus, SessionInfo};
use disclosure_core::Result;

use crate::Shell;

/// Anyone: whether setup is needed and who is signed in (no record's content).
pub fn session_get<S: Shell>(cx: &S) -> Result<SessionInfo> {
    let desk = cx.desk();
    let needs_setup = desk.read(staff::is_empty)?;
    let auto_lock_minutes = desk.read(session::auto_lock_minutes)?;
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

/// 首次设置, step 2: the first administrator, with the password they choose.
pub fn session_setup_admin<S: Shell>(
    cx: &S,
    name: String,
    office_id: i64,
    password: String,
) -> Result<Staff> {
    let desk = cx.desk();
    let me = desk.with(|s| staff::create_first_admin(s, &name, office_id, &password))?;
    desk.set_session(Some(Session::started(me.id)));
    Ok(me)
}

/// 登录: a fresh session (another person at a locked window signs in here too).
pub fn session_sign_in<S: Shell>(cx: &S, name: String, password: String) -> Result<Staff> {
    let desk = cx.desk();
    let (session, me) = desk.with(|s| Session::begin(s, &name, &password))?;
    desk.set_session(Some(session));
    Ok(me)
}

pub fn session_sign_out<S: Shell>(cx: &S) -> Result<()> {
    let desk = cx.desk();
    desk.set_session(None);
    Ok(())
}

/// 锁定: the window's idle timer (or the person) locks the session now.
pub fn session_lock<S: Shell>(cx: &S) -> Result<()> {
    let desk = cx.desk();
    desk.with_session(|_, session| {
        session.lock();
        Ok(())
    })
}

/// 修改密码: anyone signed in, their own password (allowed with an initial password).
pub fn session_change_password<S: Shell>(
    cx: &S,
    current: String,
    password: String,
) -> Result<Staff> {
    let desk = cx.desk();
    desk.as_user_with(Need::PasswordChange, |s, me| {
        staff::change_password(s, me, &current, &password)?;
        staff::get(s, me.id)
    })
}

/// Administrators, password confirmed: a new random initial password, shown once.
pub fn staff_reset_password<S: Shell>(cx: &S, id: i64) -> Result<Added> {
    let desk = cx.desk();
    desk.as_user_confirmed(|s, me| {
        let initial_password = staff::reset_password(s, me, id)?;
        Ok(Added {
            staff: staff::get(s, id)?,
            initial_password,
        })
    })
}

/// 设置 → 局域网 (administrators): the mode, the certificate's fingerprint and, on the
/// server, who is signed in from where.
pub fn lan_status<S: Shell>(cx: &S) -> Result<LanStatus> {
    cx.desk().as_user(|_, me| me.require(staff::Role::Admin))?;
    Ok(cx.lan_status())
}

/// 结束会话 (administrators, password confirmed): signs that person out at once; audited.
pub fn lan_session_end<S: Shell>(cx: &S, id: String) -> Result<()> {
    cx.desk()
        .as_user_confirmed(|_, me| me.require(staff::Role::Admin))?;
    let status = cx.lan_status();
    let Some(session) = status.sessions.iter().find(|s| s.id == id) else {
        return Err(disclosure_core::Error::NotFound("该会话已结束。".into()));
    };
    let detail = format!(
        "结束 {} 的会话（{}，{}）",
        session.staff_name, session.address, session.program
    );
    cx.desk()
        .as_user_confirmed(|s, me| session::record_session_end(s, me, &detail))?;
    cx.end_session(&id);
    Ok(())
}

/// 导入人员 (administrators, password confirmed): picks an .xlsx (姓名, 处室, 角色) and
/// imports everyone in it, each with a random initial password; `None` when the user
/// cancelled the dialog.
pub fn staff_import_pick<S: Shell>(cx: &S) -> Result<Option<StaffImportReport>> {
    let desk = cx.desk();
    desk.as_user_confirmed(|_, me| me.require(staff::Role::Admin))?;
    let filter = ("人员名单（Excel）", &["xlsx", "xls"][..]);
    let Some(file) = cx.pick_file("选择人员名单", filter) else {
        return Ok(None);
    };
    desk.as_user_confirmed(|s, me| staff_import::import_xlsx(s, me, &file))
        .map(Some)
}

/// 初始密码单 (administrators): the slips of people just added, imported or reset, saved
/// where the administrator picks; `None` when the dialog was cancelled.
pub fn staff_slips_save<S: Shell>(cx: &S, people: Vec<Added>) -> Result<Option<String>> {
    let desk = cx.desk();
    let pdf = desk.as_user(|s, me| disclosure_core::sheet::render_slips(s, me, &people))?;
    let Some(path) = cx.save_path("保存初始密码单", "初始密码单.pdf", ("PDF 文件", &["pdf"]))
    else {
        return Ok(None);
    };
    disclosure_core::sheet::save(&pdf, &path)?;
    Ok(Some(path.display().to_string()))
}

/// 连接局域网服务器: while nobody has been set up on this desk (the first-run wizard),
/// whoever is at it; afterwards administrators — looking needs a session, connecting the
/// password confirmed, and is audited here (this desk's own data stays as it is, unused,
/// until 断开连接).
pub fn lan_connect<S: Shell>(
    cx: &S,
    address: String,
    fingerprint: Option<String>,
) -> Result<LanServer> {
    let desk = cx.desk();
    let first_run = desk.read(staff::is_empty)?;
    if !first_run {
        match fingerprint {
            None => desk.as_user(|_, me| me.require(staff::Role::Admin))?,
            Some(_) => desk.as_user_confirmed(|_, me| me.require(staff::Role::Admin))?,
        }
    }
    let server = cx.connect_server(&address, fingerprint.as_deref())?;
    if server.connected && !first_run {
        let detail = format!(
            "本机改为连接局域网服务器 {}（证书指纹 {}）",
            server.address, server.fingerprint
        );
        desk.as_user_confirmed(|s, me| session::record_lan_connect(s, me, &detail))?;
    }
    Ok(server)
}

/// 本机作为服务器: as [`lan_connect`] — the first-run wizard, or administrators with the
/// password confirmed; audited here (the same data, now served on the LAN).
pub fn lan_serve<S: Shell>(cx: &S, port: u16) -> Result<LanServer> {
    let desk = cx.desk();
    let first_run = desk.read(staff::is_empty)?;
    if !first_run {
        desk.as_user_confirmed(|_, me| me.require(staff::Role::Admin))?;
    }
    if port == 0 {
        return Err(disclosure_core::Error::invalid(
            "port",
            "请填写端口号（1–65535，一般用 8443）。",
        ));
    }
    let server = cx.serve_here(port)?;
    if !first_run {
        let detail = format!(
            "本机作为局域网服务器，端口 {port}（证书指纹 {}）",
            server.fingerprint
        );
        desk.as_user_confirmed(|s, me| session::record_lan_serve(s, me, &detail))?;
    }
    Ok(server)
}
