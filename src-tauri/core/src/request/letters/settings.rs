//! The letters' settings (管理员): the 文号 pattern, the remedies paragraph and the 缴纳方式,
//! each with a documented default.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{settings, Conn, Store};

/// The letters' settings (管理员), with documented defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(rename = "RequestLetterSettings")]
pub struct LetterSettings {
    /// The 文号: `{short_name}` (机构简称), `{year}`, `{n}` (the year's count, from 1).
    pub number_pattern: String,
    /// 救济途径, printed on the 答复书 and the 不再处理告知书. The default follows the 2023
    /// 行政复议法 (in force 2024-01-01) as read here: 60 days to apply (第二十条); for a city
    /// bureau the 复议机关 is the city's people's government (第二十四条); a reply that
    /// withholds information goes to 行政复议 first (第二十三条第一款第（四）项); otherwise a
    /// suit within six months (行政诉讼法第四十六条). The two names are left as “……” for the
    /// agency to fill in ([`LetterSettings::remedies_unfilled`]); the reading is to be
    /// checked by the agency's legal office, which is why it is a setting.
    pub remedies: String,
    /// 缴纳方式 on the 收费通知书.
    pub fee_payment: String,
}

pub const DEFAULT_NUMBER_PATTERN: &str = "{short_name}依申〔{year}〕{n}号";
pub const DEFAULT_REMEDIES: &str = "如对本答复不服，可以自收到本答复之日起六十日内向……人民政府申请行政复议，或者自收到本答复之日起六个月内向……人民法院提起行政诉讼；对不予公开的答复不服的，应当先申请行政复议。";

/// The mark of a blank the agency is to fill in, in the default remedies paragraph.
pub const BLANK: &str = "……";
pub const DEFAULT_FEE_PAYMENT: &str =
    "请持本通知到本机关政府信息公开工作机构办理缴费手续，费用缴入国库，本机关出具财政票据。";

impl Default for LetterSettings {
    fn default() -> Self {
        LetterSettings {
            number_pattern: DEFAULT_NUMBER_PATTERN.into(),
            remedies: DEFAULT_REMEDIES.into(),
            fee_payment: DEFAULT_FEE_PAYMENT.into(),
        }
    }
}

impl LetterSettings {
    /// The remedies paragraph still has a blank (“……”): the 复议机关 or the court is not
    /// named, and a letter printed now would say so.
    pub fn remedies_unfilled(&self) -> bool {
        self.remedies.contains(BLANK)
    }
}

const SETTINGS_KEY: &str = "request_letters";

/// The letters' settings (the defaults until an administrator changes them).
pub fn letter_settings(store: &Store) -> Result<LetterSettings> {
    settings_in(store.conn())
}

pub(super) fn settings_in(conn: &Conn) -> Result<LetterSettings> {
    Ok(settings::get(conn, SETTINGS_KEY)?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// Changes the letters' settings (管理员), audited.
pub fn set_letter_settings(
    store: &mut Store,
    actor: &Staff,
    s: &LetterSettings,
) -> Result<LetterSettings> {
    actor.require(Role::Admin)?;
    let s = LetterSettings {
        number_pattern: s.number_pattern.trim().into(),
        remedies: s.remedies.trim().into(),
        fee_payment: s.fee_payment.trim().into(),
    };
    check_pattern(&s.number_pattern)?;
    if s.remedies.chars().count() > 500 {
        return Err(Error::invalid("remedies", "救济途径不超过 500 个字。"));
    }
    if s.fee_payment.is_empty() || s.fee_payment.chars().count() > 300 {
        return Err(Error::invalid(
            "fee_payment",
            "请填写缴纳方式（不超过 300 个字）。",
        ));
    }
    let json = serde_json::to_string(&s).unwrap_or_default();
    store.immediate(|tx| {
        settings::set(tx, SETTINGS_KEY, &json)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.request_letters",
                format!(
                    "依申请公开文书：文号格式“{}”；救济途径“{}”；缴纳方式“{}”",
                    s.number_pattern, s.remedies, s.fee_payment
                ),
            ),
        )
    })?;
    letter_settings(store)
}

/// A pattern names the year and the count (so numbers stay unique), and nothing else.
fn check_pattern(p: &str) -> Result<()> {
    let bad = |m: &str| Err(Error::invalid("number_pattern", m.to_string()));
    if !p.contains("{n}") || !p.contains("{year}") {
        return bad("文号格式须包含 {year}（年份）和 {n}（序号）。");
    }
    let rest = p
        .replace("{short_name}", "")
        .replace("{year}", "")
        .replace("{n}", "");
    if rest.contains(['{', '}']) {
        return bad("文号格式只能使用 {short_name}、{year}、{n}。");
    }
    if p.chars().count() > 40 {
        return bad("文号格式不超过 40 个字。");
    }
    Ok(())
}

pub(super) fn number_of(pattern: &str, short_name: &str, year: i32, n: i64) -> String {
    pattern
        .replace("{short_name}", short_name)
        .replace("{year}", &year.to_string())
        .replace("{n}", &n.to_string())
}
