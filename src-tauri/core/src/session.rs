//! 会话 — one person signed in at one window (later: one browser or desktop client), and
//! what they may do without typing their password again.
//!
//! Every command a shell (the window, the CLI) runs as a person goes through
//! [`Session::authorize`], which enforces, in the core and not only in the UI:
//! - the account is still active (a deactivation takes effect at the next command);
//! - 自动锁定: after [`auto_lock_minutes`] without a command the session is locked, and
//!   only the same person's password ([`Session::unlock`]) opens it again;
//! - 初始密码: a person with a password an administrator set may do nothing but change it;
//! - 再次确认: decisions, exports, restores and staff changes ([`Need::Password`]) need the
//!   password to have been entered within [`STEP_UP_MINUTES`] ([`Session::confirm`]).

use chrono::{DateTime, FixedOffset};

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{self, Staff};
use crate::store::{settings, Store};

/// How long a typed password counts for decisions, exports, restores and staff changes.
pub const STEP_UP_MINUTES: i64 = 5;
/// 自动锁定 after this many idle minutes unless an administrator chose otherwise.
pub const AUTO_LOCK_DEFAULT: u32 = 10;
/// The range an administrator may choose from.
pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

const AUTO_LOCK_KEY: &str = "auto_lock_minutes";

/// What a command needs of its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A signed-in person who has chosen their own password.
    SignedIn,
    /// As `SignedIn`, and the password entered within [`STEP_UP_MINUTES`]: decisions,
    /// exports, restores, staff changes.
    Password,
    /// Changing one's own password: allowed with an initial password too.
    PasswordChange,
}

/// A signed-in person's session.
#[derive(Debug, Clone)]
pub struct Session {
    staff_id: i64,
    /// When the password was last typed (sign-in, unlock, confirm).
    password_at: DateTime<FixedOffset>,
    /// The last command that went through.
    active_at: DateTime<FixedOffset>,
    locked: bool,
}

impl Session {
    /// 登录: checks the name and password ([`staff::sign_in`]) and starts a session.
    pub fn begin(store: &mut Store, name: &str, password: &str) -> Result<(Session, Staff)> {
        let me = staff::sign_in(store, name, password)?;
        Ok((Session::started(me.id), me))
    }

    /// A session for someone whose password was just checked (sign-in, the first
    /// administrator's setup, a CLI command given the password).
    pub fn started(staff_id: i64) -> Session {
        let now = crate::clock::now();
        Session {
            staff_id,
            password_at: now,
            active_at: now,
            locked: false,
        }
    }

    /// A session carried over a restart of the LAN server: the person stays signed in
    /// (their page and typing stay), but locked until they type their password again, and
    /// with no recent password for step-up.
    pub fn resumed(staff_id: i64) -> Session {
        let now = crate::clock::now();
        Session {
            staff_id,
            password_at: now - chrono::Duration::minutes(STEP_UP_MINUTES + 1),
            active_at: now,
            locked: true,
        }
    }

    pub fn staff_id(&self) -> i64 {
        self.staff_id
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// The person this session acts as, re-read so a change of roles or a deactivation
    /// takes effect at once, if `need` is met; counts as activity.
    pub fn authorize(&mut self, store: &Store, need: Need) -> Result<Staff> {
        let me = staff::get(store, self.staff_id)?;
        if !me.active {
            return Err(Error::Unauthenticated(
                "该账户已停用，请联系管理员。".into(),
            ));
        }
        let now = crate::clock::now();
        let idle = chrono::Duration::minutes(i64::from(auto_lock_minutes(store)?));
        if self.locked || now - self.active_at > idle {
            self.locked = true;
            return Err(Error::SessionLocked);
        }
        if me.must_change_password && need != Need::PasswordChange {
            return Err(Error::MustChangePassword);
        }
        if need == Need::Password
            && now - self.password_at > chrono::Duration::minutes(STEP_UP_MINUTES)
        {
            return Err(Error::StepUpRequired);
        }
        self.active_at = now;
        Ok(me)
    }

    /// Locks the session now (the window's own idle timer, or 锁定 by hand).
    pub fn lock(&mut self) {
        self.locked = true;
    }

    /// 解锁: the same person's password opens a locked session (wrong passwords count
    /// towards the account's lock-out, as at sign-in). Anyone else signs in afresh.
    pub fn unlock(&mut self, store: &mut Store, password: &str) -> Result<Staff> {
        let name = staff::get(store, self.staff_id)?.name;
        let me = staff::sign_in(store, &name, password)?;
        let now = crate::clock::now();
        self.locked = false;
        self.password_at = now;
        self.active_at = now;
        Ok(me)
    }

    /// 确认身份: the password typed again before a decision, export, restore or staff
    /// change whose session's last password is older than [`STEP_UP_MINUTES`].
    pub fn confirm(&mut self, store: &mut Store, password: &str) -> Result<Staff> {
        self.authorize(store, Need::SignedIn)?;
        let name = staff::get(store, self.staff_id)?.name;
        let me = staff::sign_in(store, &name, password)?;
        self.password_at = crate::clock::now();
        Ok(me)
    }
}

/// Minutes without a command before a session locks (an administrator's setting).
pub fn auto_lock_minutes(store: &Store) -> Result<u32> {
    Ok(settings::get(store.conn(), AUTO_LOCK_KEY)?
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|m| AUTO_LOCK_RANGE.contains(m))
        .unwrap_or(AUTO_LOCK_DEFAULT))
}

/// Sets the auto-lock minutes; administrators only, audited.
pub fn set_auto_lock_minutes(store: &mut Store, actor: &Staff, minutes: u32) -> Result<u32> {
    actor.require(staff::Role::Admin)?;
    if !AUTO_LOCK_RANGE.contains(&minutes) {
        return Err(Error::invalid(
            "auto_lock_minutes",
            "自动锁定时间应在 1 到 60 分钟之间。",
        ));
    }
    let before = auto_lock_minutes(store)?;
    store.transaction(|tx| {
        settings::set(tx, AUTO_LOCK_KEY, &minutes.to_string())?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.auto_lock",
                format!("自动锁定时间由 {before} 分钟改为 {minutes} 分钟"),
            ),
        )
    })?;
    Ok(minutes)
}

/// 结束会话: an administrator signs someone's LAN session out; recorded in the audit log
/// (`detail` names the person, the address and the program). The shell ends the session.
/// 本机改为连接局域网服务器 (administrators), in this desk's own audit log.
pub fn record_lan_connect(store: &mut Store, actor: &Staff, detail: &str) -> Result<()> {
    record_lan(store, actor, "lan.connect", detail)
}

/// 本机作为服务器 (administrators): from now on this desk's data is served on the LAN.
pub fn record_lan_serve(store: &mut Store, actor: &Staff, detail: &str) -> Result<()> {
    record_lan(store, actor, "lan.serve", detail)
}

fn record_lan(store: &mut Store, actor: &Staff, action: &str, detail: &str) -> Result<()> {
    actor.require(staff::Role::Admin)?;
    store.transaction(|tx| audit::append(tx, actor.into(), Event::new(action, detail.to_string())))
}

pub fn record_session_end(store: &mut Store, actor: &Staff, detail: &str) -> Result<()> {
    actor.require(staff::Role::Admin)?;
    store.transaction(|tx| {
        audit::append(
            tx,
            actor.into(),
            Event::new("session.end", detail.to_string()),
        )
    })
}
