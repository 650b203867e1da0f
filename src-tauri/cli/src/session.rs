//! Signing in for one command: the password comes from `DISCLOSURE_PASSWORD` (or a prompt
//! that does not echo), never from an argument, and the core's [`Session`] applies the
//! same checks as a window's: an initial password must be changed first, an inactive
//! account is refused. A command's session is fresh, so decisions need no second entry.

use disclosure_core::session::{Need, Session};
use disclosure_core::staff::Staff;
use disclosure_core::{office, sheet, Error, Store};

/// The variable holding the signing-in person's password.
pub const PASSWORD_ENV: &str = "DISCLOSURE_PASSWORD";
/// The variable holding a new password (`user passwd`).
pub const NEW_PASSWORD_ENV: &str = "DISCLOSURE_NEW_PASSWORD";

/// A password from `var`, or typed at a prompt that does not echo.
pub fn password(var: &str, prompt: &str) -> Result<String, Error> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    rpassword::prompt_password(prompt).map_err(|_| {
        Error::Unauthenticated(format!(
            "无法读取密码：请在终端中输入，或设置环境变量 {var}。"
        ))
    })
}

/// Signs `name` in for a command that needs `need`.
pub fn sign_in(store: &mut Store, name: &str, need: Need) -> Result<Staff, Error> {
    let pw = password(PASSWORD_ENV, &format!("{name} 的密码："))?;
    let (mut session, _) = Session::begin(store, name, &pw)?;
    session.authorize(store, need)
}

/// Signs in for reading records.
pub fn reader(store: &mut Store, name: &str) -> Result<Staff, Error> {
    sign_in(store, name, Need::SignedIn)
}

pub fn office_by_name(store: &Store, name: &str) -> Result<i64, Error> {
    office::list(store, false)?
        .into_iter()
        .find(|o| o.name == name.trim())
        .map(|o| o.id)
        .ok_or_else(|| Error::invalid("office", format!("没有名为“{}”的处室。", name.trim())))
}

/// Tells which characters the fonts lack (they are printed as 〓).
pub fn warn_missing(missing: &[char]) {
    if !missing.is_empty() {
        let chars: String = missing.iter().collect();
        eprintln!(
            "注意：内置字体缺少以下字符，已印作“{}”，请核对：{chars}",
            sheet::MISSING_MARK
        );
    }
}

/// The operating-system account running the command (for the audit of `reset-password`
/// and of a restore over damaged data).
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "未知".into())
}
