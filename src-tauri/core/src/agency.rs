//! 机构 — the agency this installation serves: its name, short name, the code that
//! prefixes every 索引号, and its public contact details (办公地址, 咨询电话, 电子邮箱), which
//! seed 设置 → 公开联系方式 so the scanner never reports them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor, Event};
use crate::clock::stamp;
use crate::contacts;
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{settings, Store};

pub use crate::store::settings::Agency;

/// What the settings form sends. The contact details may be left out (empty).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct AgencyInput {
    pub name: String,
    pub short_name: String,
    pub org_code: String,
    #[serde(default)]
    #[ts(optional)]
    pub address: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub email: Option<String>,
}

const ADDRESS_MAX: usize = 100;
const PHONE_MAX: usize = 60;
const EMAIL_MAX: usize = 60;

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
    let a = validate(input)?;
    store.transaction(|tx| {
        settings::update_agency(tx, &a)?;
        let entries: Vec<String> = contact_details(&a)
            .map(|(label, v)| format!("{label}：{v}"))
            .collect();
        let added = contacts::adopt(tx, &entries)?;
        let mut detail = format!(
            "机构信息：{}（简称 {}，机构代码 {}）",
            a.name, a.short_name, a.org_code
        );
        for (label, v) in contact_details(&a) {
            detail.push_str(&format!("，{label} {v}"));
        }
        if !added.is_empty() {
            detail.push_str(&format!("；加入公开联系方式：{}", added.join("；")));
        }
        audit::append(tx, actor, Event::new("agency.update", detail))
    })?;
    get(store)
}

/// The contact details filled in, each with its label as a reader of 公开联系方式 wants it.
fn contact_details(a: &Agency) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("办公地址", a.address.as_str()),
        ("咨询电话", a.phone.as_str()),
        ("电子邮箱", a.email.as_str()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
}

/// Trims the input and checks it; returns the agency row to write, stamped now.
fn validate(input: &AgencyInput) -> Result<Agency> {
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
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let (address, phone, email) = (text(&input.address), text(&input.phone), text(&input.email));
    if address.chars().count() > ADDRESS_MAX {
        return Err(Error::invalid(
            "address",
            format!("办公地址不能超过 {ADDRESS_MAX} 个字。"),
        ));
    }
    if phone.chars().count() > PHONE_MAX {
        return Err(Error::invalid(
            "phone",
            format!("咨询电话不能超过 {PHONE_MAX} 个字。"),
        ));
    }
    if !phone.is_empty() && !contacts::has_phone_number(&phone) {
        return Err(Error::invalid(
            "phone",
            "请填写完整的电话号码，如 0412-2221234；多个号码用“、”隔开。",
        ));
    }
    if email.chars().count() > EMAIL_MAX || !email.is_empty() && !looks_like_email(&email) {
        return Err(Error::invalid(
            "email",
            "请填写一个电子邮箱地址，如 jyj@anshan.gov.cn。",
        ));
    }
    Ok(Agency {
        name,
        short_name,
        org_code,
        address,
        phone,
        email,
        updated_at: stamp(),
    })
}

/// One address: `local@domain.tld`, no spaces, nothing around it.
fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && s.chars().all(|c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, short: &str, code: &str) -> AgencyInput {
        AgencyInput {
            name: name.into(),
            short_name: short.into(),
            org_code: code.into(),
            ..AgencyInput::default()
        }
    }

    #[test]
    fn contact_details_are_checked() {
        let with = |phone: &str, email: &str| AgencyInput {
            phone: Some(phone.into()),
            email: Some(email.into()),
            ..input("鞍山市教育局", "鞍山教育局", "")
        };
        assert!(validate(&with("0412-2221234、0412-2225678", "jyj@anshan.gov.cn")).is_ok());
        assert!(validate(&with("", "")).is_ok(), "both may be left empty");
        let e = validate(&with("12345", "")).unwrap_err();
        assert_eq!(e.field(), Some("phone"));
        for bad in ["jyj", "jyj@anshan", "a b@anshan.gov.cn", "jyj@.cn"] {
            let e = validate(&with("", bad)).unwrap_err();
            assert_eq!(e.field(), Some("email"), "{bad}");
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
