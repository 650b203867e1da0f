//! 人员 — staff, their office and roles, and signing in.
//!
//! One person may hold several roles; the review rules (separation of duties) still apply
//! to them per action. Passwords are stored only as argon2id hashes; after
//! `MAX_FAILED_SIGN_INS` wrong passwords in a row the account is locked for
//! `LOCKOUT_MINUTES`. No default password exists: the first administrator sets one.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::Store;

pub const MAX_FAILED_SIGN_INS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

/// 角色.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 起草人
    Drafter,
    /// 处室负责人
    OfficeHead,
    /// 保密审查员
    Reviewer,
    /// 分管领导
    Leader,
    /// 发布员
    Publisher,
    /// 管理员
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Drafter,
        Role::OfficeHead,
        Role::Reviewer,
        Role::Leader,
        Role::Publisher,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Drafter => "drafter",
            Role::OfficeHead => "office_head",
            Role::Reviewer => "reviewer",
            Role::Leader => "leader",
            Role::Publisher => "publisher",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Drafter => "起草人",
            Role::OfficeHead => "处室负责人",
            Role::Reviewer => "保密审查员",
            Role::Leader => "分管领导",
            Role::Publisher => "发布员",
            Role::Admin => "管理员",
        }
    }

    /// Accepts the code (`office_head`) or the Chinese name (`处室负责人`).
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s || r.label() == s)
    }
}

/// 人员.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Staff {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub office_id: i64,
    pub office_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
}

impl Staff {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn require(&self, role: Role) -> Result<()> {
        if self.has(role) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "只有{}可以进行此操作。",
                role.label()
            )))
        }
    }
}

/// What the 新增人员 form sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewStaff {
    pub name: String,
    #[ts(type = "number")]
    pub office_id: i64,
    pub roles: Vec<Role>,
    pub password: String,
}

/// What the 修改人员 form sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StaffUpdate {
    #[ts(type = "number")]
    pub office_id: i64,
    pub roles: Vec<Role>,
    pub active: bool,
}

const SELECT: &str = "SELECT s.id, s.name, s.office_id, o.name, s.active,
        (SELECT group_concat(role) FROM staff_role r WHERE r.staff_id = s.id)
    FROM staff s JOIN office o ON o.id = s.office_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let roles: Option<String> = r.get(5)?;
    let mut roles: Vec<Role> = roles
        .unwrap_or_default()
        .split(',')
        .filter_map(Role::parse)
        .collect();
    roles.sort();
    Ok(Staff {
        id: r.get(0)?,
        name: r.get(1)?,
        office_id: r.get(2)?,
        office_name: r.get(3)?,
        active: r.get(4)?,
        roles,
    })
}

pub fn list(store: &Store) -> Result<Vec<Staff>> {
    let mut stmt = store
        .conn()
        .prepare_cached(&format!("{SELECT} ORDER BY o.sort_order, s.name"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(store: &Store, id: i64) -> Result<Staff> {
    store
        .conn()
        .query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("找不到该人员。".into()))
}

pub fn find_by_name(store: &Store, name: &str) -> Result<Staff> {
    store
        .conn()
        .query_row(
            &format!("{SELECT} WHERE s.name = ?1"),
            [name.trim()],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("找不到人员“{}”。", name.trim())))
}

/// True when no one has been created yet (a fresh installation).
pub fn is_empty(store: &Store) -> Result<bool> {
    Ok(!store
        .conn()
        .query_row("SELECT EXISTS (SELECT 1 FROM staff)", [], |r| {
            r.get::<_, bool>(0)
        })?)
}

/// Creates the first administrator of a fresh installation. Refused once anyone exists.
pub fn create_first_admin(
    store: &mut Store,
    name: &str,
    office_id: i64,
    password: &str,
) -> Result<Staff> {
    if !is_empty(store)? {
        return Err(Error::Forbidden("已有管理员，请由管理员添加人员。".into()));
    }
    let new = NewStaff {
        name: name.into(),
        office_id,
        roles: vec![Role::Admin],
        password: password.into(),
    };
    insert(store, None, &new)
}

/// Adds a person; only an administrator may.
pub fn add(store: &mut Store, actor: &Staff, new: &NewStaff) -> Result<Staff> {
    actor.require(Role::Admin)?;
    insert(store, Some(actor), new)
}

/// Adds a person; `by` is None only for the first administrator, who adds themself.
fn insert(store: &mut Store, by: Option<&Staff>, new: &NewStaff) -> Result<Staff> {
    let name = clean_name(&new.name)?;
    let roles = clean_roles(&new.roles)?;
    check_password(&new.password)?;
    crate::office::get(store, new.office_id)?;
    let hash = hash_password(&new.password)?;
    let tx = store.conn_mut().transaction()?;
    let id = insert_in(&tx, by, &name, new.office_id, &roles, &hash)?;
    tx.commit()?;
    get(store, id)
}

/// Writes one checked person and their audit entry inside the caller's transaction.
pub(crate) fn insert_in(
    tx: &Transaction<'_>,
    by: Option<&Staff>,
    name: &str,
    office_id: i64,
    roles: &[Role],
    hash: &str,
) -> Result<i64> {
    if name_taken(tx, name)? {
        return Err(Error::invalid(
            "name",
            format!("已有名为“{name}”的人员。同名时请加以区分，例如“张伟（法规处）”。"),
        ));
    }
    tx.execute(
        "INSERT INTO staff (name, office_id, active, password_hash, created_at) VALUES (?1, ?2, 1, ?3, ?4)",
        params![name, office_id, hash, stamp()],
    )?;
    let id = tx.last_insert_rowid();
    write_roles(tx, id, roles)?;
    let detail = format!("新增人员“{name}”，角色：{}", labels(roles));
    let actor = match by {
        Some(s) => Actor::Staff(s),
        None => Actor::Name(name),
    };
    audit::append(tx, actor, Event::new("staff.add", detail))?;
    Ok(id)
}

pub(crate) fn name_taken(conn: &rusqlite::Connection, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?)
}

pub(crate) fn labels(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join("、")
}

pub fn update(store: &mut Store, actor: &Staff, id: i64, change: &StaffUpdate) -> Result<Staff> {
    actor.require(Role::Admin)?;
    let roles = clean_roles(&change.roles)?;
    crate::office::get(store, change.office_id)?;
    get(store, id)?;
    if actor.id == id && (!change.active || !roles.contains(&Role::Admin)) {
        return Err(Error::Forbidden(
            "不能停用自己或取消自己的管理员角色，请由另一位管理员操作。".into(),
        ));
    }
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE staff SET office_id = ?1, active = ?2 WHERE id = ?3",
        params![change.office_id, change.active, id],
    )?;
    tx.execute("DELETE FROM staff_role WHERE staff_id = ?1", [id])?;
    write_roles(&tx, id, &roles)?;
    let who = tx.query_row("SELECT name FROM staff WHERE id = ?1", [id], |r| {
        r.get::<_, String>(0)
    })?;
    audit::append(
        &tx,
        actor.into(),
        Event::new(
            "staff.update",
            format!(
                "修改人员“{who}”：角色 {}，{}",
                labels(&roles),
                if change.active { "启用" } else { "停用" }
            ),
        ),
    )?;
    tx.commit()?;
    get(store, id)
}

/// An administrator sets a new password for someone (and unlocks the account).
pub fn reset_password(store: &mut Store, actor: &Staff, id: i64, password: &str) -> Result<()> {
    actor.require(Role::Admin)?;
    check_password(password)?;
    let who = get(store, id)?;
    let hash = hash_password(password)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE staff SET password_hash = ?1, failed_logins = 0, locked_until = NULL WHERE id = ?2",
        params![hash, id],
    )?;
    audit::append(
        &tx,
        actor.into(),
        Event::new("staff.reset_password", format!("重置“{}”的密码", who.name)),
    )?;
    tx.commit()?;
    Ok(())
}

/// Checks a name and password. Wrong passwords are counted; the answer never says whether
/// the name or the password was wrong.
pub fn sign_in(store: &mut Store, name: &str, password: &str) -> Result<Staff> {
    let wrong = || Error::Unauthenticated("姓名或密码不正确。".into());
    let row: Option<(i64, String, i64, Option<String>, bool)> = store
        .conn()
        .query_row(
            "SELECT id, password_hash, failed_logins, locked_until, active FROM staff WHERE name = ?1",
            [name.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let typed = name.trim().chars().take(30).collect::<String>();
    let Some((id, hash, failed, locked_until, active)) = row else {
        // Spend the same time as a real check, so timing does not tell names apart.
        let _ = verify_password(password, DUMMY_HASH);
        audit::append(
            store.conn(),
            Actor::Name(&typed),
            Event::new(
                "sign_in.failed",
                format!("登录失败：没有名为“{typed}”的人员"),
            ),
        )?;
        return Err(wrong());
    };
    let now_local = crate::clock::now();
    if let Some(until) = locked_until
        .as_deref()
        .and_then(|u| chrono::DateTime::parse_from_rfc3339(u).ok())
    {
        if until > now_local {
            return Err(Error::Unauthenticated(format!(
                "连续输错密码 {MAX_FAILED_SIGN_INS} 次，账户已锁定至 {}。请稍后再试，或请管理员重置密码。",
                until.format("%H:%M")
            )));
        }
    }
    if !verify_password(password, &hash) {
        let failed = failed + 1;
        let lock = (failed >= MAX_FAILED_SIGN_INS).then(|| {
            (now_local + chrono::Duration::minutes(LOCKOUT_MINUTES))
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        });
        let tx = store.conn_mut().transaction()?;
        tx.execute(
            "UPDATE staff SET failed_logins = ?1, locked_until = ?2 WHERE id = ?3",
            params![if lock.is_some() { 0 } else { failed }, lock, id],
        )?;
        let detail = match &lock {
            Some(_) => format!(
                "“{typed}”连续 {MAX_FAILED_SIGN_INS} 次密码错误，账户锁定 {LOCKOUT_MINUTES} 分钟"
            ),
            None => format!("“{typed}”密码错误（第 {failed} 次）"),
        };
        let action = if lock.is_some() {
            "sign_in.locked"
        } else {
            "sign_in.failed"
        };
        audit::append(&tx, Actor::Name(&typed), Event::new(action, detail))?;
        tx.commit()?;
        return Err(match lock {
            Some(_) => Error::Unauthenticated(format!(
                "连续输错密码 {MAX_FAILED_SIGN_INS} 次，账户已锁定 {LOCKOUT_MINUTES} 分钟。"
            )),
            None => wrong(),
        });
    }
    if !active {
        return Err(Error::Unauthenticated(
            "该账户已停用，请联系管理员。".into(),
        ));
    }
    let me = get(store, id)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
        [id],
    )?;
    audit::append(
        &tx,
        (&me).into(),
        Event::new("sign_in.ok", format!("“{}”登录", me.name)),
    )?;
    tx.commit()?;
    Ok(me)
}

fn write_roles(tx: &Transaction<'_>, id: i64, roles: &[Role]) -> Result<()> {
    for role in roles {
        tx.execute(
            "INSERT INTO staff_role (staff_id, role) VALUES (?1, ?2)",
            params![id, role.code()],
        )?;
    }
    Ok(())
}

pub(crate) fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "请填写姓名。"));
    }
    if name.chars().count() > 30 {
        return Err(Error::invalid("name", "姓名不能超过 30 个字。"));
    }
    Ok(name.to_string())
}

pub(crate) fn clean_roles(roles: &[Role]) -> Result<Vec<Role>> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(Error::invalid("roles", "请至少选择一个角色。"));
    }
    Ok(roles)
}

pub(crate) fn check_password(password: &str) -> Result<()> {
    let long_enough = password.chars().count() >= 8;
    let letters = password.chars().any(|c| c.is_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if !(long_enough && letters && digits) {
        return Err(Error::invalid(
            "password",
            "密码至少 8 位，且须同时包含字母和数字。",
        ));
    }
    Ok(())
}

pub(crate) fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            log::error!("argon2 hashing failed: {e}");
            Error::invalid("password", "无法处理该密码，请换一个。")
        })
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A valid hash of a random string, checked against when the name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0oVn1pDs9QzK3lWB1nBFtrdWGEmS3mU7lEZ2S7rV0Ck";
