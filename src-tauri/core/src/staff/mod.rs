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

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::{people, Conn, Store, Tx};

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
    /// 依申请承办人 — the disclosure office's staff who register and handle applications
    /// for disclosure (依申请公开); often the same people as 发布员.
    RequestHandler,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Drafter,
        Role::OfficeHead,
        Role::Reviewer,
        Role::Leader,
        Role::Publisher,
        Role::Admin,
        Role::RequestHandler,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Drafter => "drafter",
            Role::OfficeHead => "office_head",
            Role::Reviewer => "reviewer",
            Role::Leader => "leader",
            Role::Publisher => "publisher",
            Role::Admin => "admin",
            Role::RequestHandler => "request_handler",
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
            Role::RequestHandler => "依申请承办人",
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

/// The office a person is put in exists (read from the store: `office` manages the list
/// and asks `staff` who may, so `staff` does not ask `office`).
fn require_office(store: &Store, office_id: i64) -> Result<()> {
    if office_id <= 0 {
        return Err(Error::invalid("office_id", "请选择处室。"));
    }
    match crate::store::offices::get(store.conn(), office_id)? {
        Some(_) => Ok(()),
        None => Err(Error::NotFound(
            "所选处室不存在，可能已被其他人修改，请刷新。".into(),
        )),
    }
}

impl<'a> From<&'a Staff> for Actor<'a> {
    fn from(s: &'a Staff) -> Self {
        Actor::Person {
            id: s.id,
            name: &s.name,
        }
    }
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

/// A stored person with their role codes parsed (unknown codes are dropped).
fn from_row(row: people::StaffRow) -> Staff {
    let mut roles: Vec<Role> = row.roles.iter().filter_map(|c| Role::parse(c)).collect();
    roles.sort();
    Staff {
        id: row.id,
        name: row.name,
        office_id: row.office_id,
        office_name: row.office_name,
        active: row.active,
        roles,
        must_change_password: row.must_change_password,
    }
}

pub fn list(store: &Store) -> Result<Vec<Staff>> {
    Ok(people::list(store.conn())?
        .into_iter()
        .map(from_row)
        .collect())
}

pub fn get(store: &Store, id: i64) -> Result<Staff> {
    people::get(store.conn(), id)?
        .map(from_row)
        .ok_or_else(|| Error::NotFound("找不到该人员。".into()))
}

pub fn find_by_name(store: &Store, name: &str) -> Result<Staff> {
    people::named(store.conn(), name.trim())?
        .map(from_row)
        .ok_or_else(|| Error::NotFound(format!("找不到人员“{}”。", name.trim())))
}

/// True when no one has been created yet (a fresh installation).
pub fn is_empty(store: &Store) -> Result<bool> {
    Ok(!people::any(store.conn())?)
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
    require_office(store, office_id)?;
    let hash = hash_password(password)?;
    let id = store
        .transaction(|tx| insert_in(tx, None, &name, office_id, &[Role::Admin], &hash, false))?;
    get(store, id)
}

/// Adds a person with a random initial password (returned, to be handed over once); only
/// an administrator may.
pub fn add(store: &mut Store, actor: &Staff, new: &NewStaff) -> Result<Added> {
    actor.require(Role::Admin)?;
    let name = clean_name(&new.name)?;
    let roles = clean_roles(&new.roles)?;
    require_office(store, new.office_id)?;
    let initial_password = initial_password();
    let hash = hash_password(&initial_password)?;
    let id = store
        .transaction(|tx| insert_in(tx, Some(actor), &name, new.office_id, &roles, &hash, true))?;
    Ok(Added {
        staff: get(store, id)?,
        initial_password,
    })
}

/// Writes one checked person and their audit entry inside the caller's transaction.
pub(crate) fn insert_in(
    tx: &Tx<'_>,
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
    let id = people::insert(tx, name, office_id, hash, &stamp(), must_change_password)?;
    write_roles(tx, id, roles)?;
    let detail = format!("新增人员“{name}”，角色：{}", labels(roles));
    let actor = match by {
        Some(s) => Actor::from(s),
        None => Actor::Name(name),
    };
    audit::append(tx, actor, Event::new("staff.add", detail))?;
    Ok(id)
}

pub(crate) fn name_taken(conn: &Conn, name: &str) -> Result<bool> {
    people::name_taken(conn, name)
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
    require_office(store, change.office_id)?;
    get(store, id)?;
    if actor.id == id && (!change.active || !roles.contains(&Role::Admin)) {
        return Err(Error::Forbidden(
            "不能停用自己或取消自己的管理员角色，请由另一位管理员操作。".into(),
        ));
    }
    store.transaction(|tx| {
        people::update(tx, id, change.office_id, change.active)?;
        people::clear_roles(tx, id)?;
        write_roles(tx, id, &roles)?;
        let who = people::name_of(tx, id)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "staff.update",
                format!(
                    "修改人员“{who}”：角色 {}，{}",
                    labels(&roles),
                    if change.active { "启用" } else { "停用" }
                ),
            ),
        )
    })?;
    get(store, id)
}

fn write_roles(conn: &Conn, id: i64, roles: &[Role]) -> Result<()> {
    for role in roles {
        people::add_role(conn, id, role.code())?;
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
