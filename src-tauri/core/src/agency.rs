//! 机构 — the agency this installation serves: its name, short name and the code that
//! prefixes every 索引号.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{settings, Store};

pub use crate::store::settings::Agency;

/// What the settings form sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AgencyInput {
    pub name: String,
    pub short_name: String,
    pub org_code: String,
}

pub fn get(store: &Store) -> Result<Agency> {
    settings::agency(store.conn())?.ok_or_else(|| Error::NotFound("尚未设置机构信息。".into()))
}

/// An administrator changes the agency's name, short name or code (audited).
pub fn update(store: &mut Store, actor: &Staff, input: &AgencyInput) -> Result<Agency> {
    actor.require(Role::Admin)?;
    write(store, Actor::from(actor), input)
}

/// Sets the agency before anyone exists (`disclosure init --org-code`); refused afterwards.
pub fn bootstrap(store: &mut Store, input: &AgencyInput) -> Result<Agency> {
    if !crate::staff::is_empty(store)? {
        return Err(Error::Forbidden(
            "已有人员，请由管理员在设置中修改机构信息。".into(),
        ));
    }
    write(store, Actor::Name("初始化"), input)
}

fn write(store: &mut Store, actor: Actor<'_>, input: &AgencyInput) -> Result<Agency> {
    let input = validate(input)?;
    store.transaction(|tx| {
        settings::update_agency(
            tx,
            &input.name,
            &input.short_name,
            &input.org_code,
            &stamp(),
        )?;
        audit::append(
            tx,
            actor,
            Event::new(
                "agency.update",
                format!(
                    "机构信息：{}（简称 {}，机构代码 {}）",
                    input.name, input.short_name, input.org_code
                ),
            ),
        )
    })?;
    get(store)
}

/// Trims the input and checks it; returns the cleaned copy.
fn validate(input: &AgencyInput) -> Result<AgencyInput> {
    let name = input.name.trim().to_string();
    let short_name = input.short_name.trim().to_string();
    let org_code = input.org_code.trim().to_uppercase();
    if name.is_empty() {
        return Err(Error::invalid("name", "请填写机构名称。"));
    }
    if name.chars().count() > 60 {
        return Err(Error::invalid("name", "机构名称不能超过 60 个字。"));
    }
    if short_name.is_empty() {
        return Err(Error::invalid("short_name", "请填写机构简称。"));
    }
    if short_name.chars().count() > 20 {
        return Err(Error::invalid("short_name", "机构简称不能超过 20 个字。"));
    }
    // The short name becomes part of file names on Windows and Linux.
    if let Some(c) = short_name
        .chars()
        .find(|c| "\\/:*?\"<>|".contains(*c) || c.is_control() || c.is_whitespace())
    {
        return Err(Error::invalid(
            "short_name",
            format!("机构简称会用于文件名，不能包含“{c}”或空格。"),
        ));
    }
    if org_code.chars().count() > 32
        || !org_code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Error::invalid(
            "org_code",
            "机构代码只能由数字、大写字母和“-”组成，最长 32 位。",
        ));
    }
    Ok(AgencyInput {
        name,
        short_name,
        org_code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, short: &str, code: &str) -> AgencyInput {
        AgencyInput {
            name: name.into(),
            short_name: short.into(),
            org_code: code.into(),
        }
    }

    #[test]
    fn validation_names_the_field() {
        let e = validate(&input("  ", "鞍山教育局", "")).unwrap_err();
        assert_eq!(e.field(), Some("name"));
        let e = validate(&input("鞍山市教育局", "鞍山/教育", "")).unwrap_err();
        assert_eq!(e.field(), Some("short_name"));
        assert!(e.to_string().contains('/'));
        let e = validate(&input("鞍山市教育局", "鞍山教育局", "12 34")).unwrap_err();
        assert_eq!(e.field(), Some("org_code"));
    }

    #[test]
    fn validation_trims_and_uppercases_the_code() {
        let ok = validate(&input(
            " 鞍山市教育局 ",
            "鞍山教育局",
            " 11210300mb1234567x ",
        ))
        .unwrap();
        assert_eq!(ok.name, "鞍山市教育局");
        assert_eq!(ok.org_code, "11210300MB1234567X");
    }
}
