//! 人员 — staff, their office and roles.
//!
//! One person may hold several roles; the review rules (separation of duties) still apply
//! to them per action. Passwords ([`password`]) are stored only as argon2id hashes; no
//! default password exists: the first administrator sets their own, and everyone an
//! administrator adds gets a random initial password to change at first sign-in
//! ([`sign_in`]).

mod password;
mod sign_in;

pub(crate) use password::hash_password;
pub use password::{
    change_password, check_password, initial_password, reset_password, reset_password_by_os,
    MIN_LEN,
};
pub use sign_in::{sign_in, LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS, WRONG};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::Store;

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
    /// 须修改初始密码 — the password is one an administrator set (created, imported or
    /// reset): everything but changing it is refused until then.
    pub must_change_password: bool,
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
}

/// A person just added (or whose password was reset), with the random initial password
/// to hand them: shown once, never stored in clear.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Added {
    pub staff: Staff,
    pub initial_password: String,
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
        (SELECT group_concat(role) FROM staff_role r WHERE r.staff_id = s.id),
        s.must_change_password
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
        must_change_password: r.get(6)?,
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

/// Creates the first administrator of a fresh installation, with the password they choose.
/// Refused once anyone exists.
pub fn create_first_admin(
    store: &mut Store,
    name: &str,
    office_id: i64,
    password: &str,
) -> Result<Staff> {
    if !is_empty(store)? {
        return Err(Error::Forbidden("已有管理员，请由管理员添加人员。".into()));
    }
    let name = clean_name(name)?;
    check_password(password, &name)?;
    crate::office::get(store, office_id)?;
    let hash = hash_password(password)?;
    let tx = store.conn_mut().transaction()?;
    let id = insert_in(&tx, None, &name, office_id, &[Role::Admin], &hash, false)?;
    tx.commit()?;
    get(store, id)
}

/// Adds a person with a random initial password (returned, to be handed over once); only
/// an administrator may.
pub fn add(store: &mut Store, actor: &Staff, new: &NewStaff) -> Result<Added> {
    actor.require(Role::Admin)?;
    let name = clean_name(&new.name)?;
    let roles = clean_roles(&new.roles)?;
    crate::office::get(store, new.office_id)?;
    let initial_password = initial_password();
    let hash = hash_password(&initial_password)?;
    let tx = store.conn_mut().transaction()?;
    let id = insert_in(&tx, Some(actor), &name, new.office_id, &roles, &hash, true)?;
    tx.commit()?;
    Ok(Added {
        staff: get(store, id)?,
        initial_password,
    })
}

/// Writes one checked person and their audit entry inside the caller's transaction.
pub(crate) fn insert_in(
    tx: &Transaction<'_>,
    by: Option<&Staff>,
    name: &str,
    office_id: i64,
    roles: &[Role],
    hash: &str,
    must_change_password: bool,
) -> Result<i64> {
    if name_taken(tx, name)? {
        return Err(Error::invalid(
            "name",
            format!("已有名为“{name}”的人员。同名时请加以区分，例如“张伟（法规处）”。"),
        ));
    }
    tx.execute(
        "INSERT INTO staff (name, office_id, active, password_hash, created_at, must_change_password)
         VALUES (?1, ?2, 1, ?3, ?4, ?5)",
        params![name, office_id, hash, stamp(), must_change_password],
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
