//! 登录 — checking a name and password.
//!
//! The answer never tells names apart: an unknown name, a wrong password and a locked
//! account all get the same message after the same argon2 work, so nobody can probe which
//! names exist or which accounts are locked. After [`MAX_FAILED_SIGN_INS`] wrong passwords
//! in a row the account is locked for [`LOCKOUT_MINUTES`]. Every attempt is audited; a
//! failed attempt's entry is written in one transaction with its counters.

use super::password::{verify_password, DUMMY_HASH};
use super::{get, Staff};
use crate::audit::{self, Actor, Event};
use crate::error::{Error, Result};
use crate::store::{people, Store};

pub const MAX_FAILED_SIGN_INS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

/// The one answer to every failed sign-in.
pub const WRONG: &str = "姓名或密码不正确。";

fn wrong() -> Error {
    Error::Unauthenticated(WRONG.into())
}

/// Checks a name and password. Wrong passwords are counted. The person returned may have
/// to change an initial password first (`must_change_password`).
pub fn sign_in(store: &mut Store, name: &str, password: &str) -> Result<Staff> {
    let typed = name.trim().chars().take(30).collect::<String>();
    let row = people::sign_in_row(store.conn(), name.trim())?;
    let Some(people::SignInRow {
        id,
        password_hash: hash,
        failed_logins: failed,
        locked_until,
        active,
    }) = row
    else {
        // Spend the same time as a real check, so timing does not tell names apart.
        let _ = verify_password(password, DUMMY_HASH);
        fail(
            store,
            &typed,
            None,
            "sign_in.failed",
            format!("登录失败：没有名为“{typed}”的人员"),
        )?;
        return Err(wrong());
    };
    let now = crate::clock::now();
    let locked = locked_until
        .as_deref()
        .and_then(|u| chrono::DateTime::parse_from_rfc3339(u).ok())
        .is_some_and(|until| until > now);
    if locked {
        let _ = verify_password(password, DUMMY_HASH);
        fail(
            store,
            &typed,
            None,
            "sign_in.failed",
            format!("“{typed}”的账户已锁定，登录被拒绝"),
        )?;
        return Err(wrong());
    }
    if !verify_password(password, &hash) {
        let failed = failed + 1;
        let lock = (failed >= MAX_FAILED_SIGN_INS).then(|| {
            (now + chrono::Duration::minutes(LOCKOUT_MINUTES))
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        });
        let (action, detail) = match &lock {
            Some(_) => (
                "sign_in.locked",
                format!(
                    "“{typed}”连续 {MAX_FAILED_SIGN_INS} 次密码错误，账户锁定 {LOCKOUT_MINUTES} 分钟"
                ),
            ),
            None => ("sign_in.failed", format!("“{typed}”密码错误（第 {failed} 次）")),
        };
        let counters = (id, if lock.is_some() { 0 } else { failed }, lock);
        fail(store, &typed, Some(counters), action, detail)?;
        return Err(wrong());
    }
    if !active {
        // The right password, so the account's counters stay as they are; the attempt is
        // on record like every other.
        fail(
            store,
            &typed,
            None,
            "sign_in.failed",
            format!("“{typed}”的账户已停用，登录被拒绝"),
        )?;
        return Err(Error::Unauthenticated(
            "该账户已停用，请联系管理员。".into(),
        ));
    }
    let me = get(store, id)?;
    store.transaction(|tx| {
        people::clear_sign_in_counters(tx, id)?;
        audit::append(
            tx,
            (&me).into(),
            Event::new("sign_in.ok", format!("“{}”登录", me.name)),
        )
    })?;
    Ok(me)
}

/// Records a failed attempt (and, for a known account, its new counters) in one
/// transaction, so the audit entry and its chain head are written together or not at all.
fn fail(
    store: &mut Store,
    typed: &str,
    counters: Option<(i64, i64, Option<String>)>,
    action: &'static str,
    detail: String,
) -> Result<()> {
    store.transaction(|tx| {
        if let Some((id, failed, lock)) = counters {
            people::set_sign_in_counters(tx, id, failed, lock.as_deref())?;
        }
        audit::append(tx, Actor::Name(typed), Event::new(action, detail))
    })?;
    Ok(())
}
