//! 申请登记 input: what the registration form (or `disclosure request add FILE.json`) gives,
//! checked field by field so a bad field is refused with a Chinese message that names its
//! key, before anything is stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use super::types::{ApplicantSubtype, ApplicantType, Channel, Form};
use crate::error::{Error, Result};

/// One application as registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestInput {
    pub applicant_type: ApplicantType,
    /// For 法人或其他组织 only.
    pub applicant_subtype: Option<ApplicantSubtype>,
    /// 申请人姓名或者名称.
    pub name: String,
    /// 身份证明的类型 (居民身份证, 统一社会信用代码, 护照 …).
    pub id_type: String,
    pub id_number: String,
    /// 联系方式.
    pub contact: String,
    pub address: String,
    pub channel: Channel,
    /// 收到申请之日 (第三十一条).
    #[ts(type = "string")]
    pub received_on: NaiveDate,
    /// 所需信息的名称、文号或者特征性描述.
    pub description: String,
    pub form: Form,
    /// 获取信息的方式、途径.
    pub delivery: String,
}

/// The keys of the JSON object, with their Chinese names and longest length in characters.
const TEXT_KEYS: &[(&str, &str, usize)] = &[
    ("name", "申请人姓名或者名称", 100),
    ("id_type", "身份证明类型", 30),
    ("id_number", "身份证明号码", 40),
    ("contact", "联系方式", 100),
    ("address", "通信地址", 200),
    ("description", "所需信息的描述", 2000),
    ("delivery", "获取信息的方式", 200),
];

const KEYS: &[&str] = &[
    "applicant_type",
    "applicant_subtype",
    "name",
    "id_type",
    "id_number",
    "contact",
    "address",
    "channel",
    "received_on",
    "description",
    "form",
    "delivery",
];

/// A refusal of field `key` (the CLI names the key in front of the message; the window shows
/// the message under the field).
fn bad(key: &'static str, message: String) -> Error {
    Error::invalid(key, message)
}

fn text<'a>(obj: &'a Map<String, Value>, key: &'static str) -> Result<&'a str> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s.trim()),
        Some(Value::Null) | None => Err(bad(key, "缺少此项，请填写。".into())),
        Some(_) => Err(bad(key, "应为文字（用双引号括起）。".into())),
    }
}

fn word<T>(
    obj: &Map<String, Value>,
    key: &'static str,
    parse: fn(&str) -> Option<T>,
    choices: String,
) -> Result<T> {
    let s = text(obj, key)?;
    parse(s).ok_or_else(|| bad(key, format!("“{s}”不是可选的值，应为 {choices} 之一。")))
}

/// Parses the registration JSON object (the CLI's contract); `today` bounds the receipt date.
pub fn from_json(json: &str, today: NaiveDate) -> Result<RequestInput> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        Error::invalid(
            "json",
            format!(
                "文件不是有效的 JSON（第 {} 行第 {} 列）。",
                e.line(),
                e.column()
            ),
        )
    })?;
    let Value::Object(obj) = value else {
        return Err(Error::invalid(
            "json",
            "文件应为一个 JSON 对象（{ … }），每个字段一项。",
        ));
    };
    if let Some(k) = obj.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(Error::invalid(
            "json",
            format!("未知字段“{k}”：可用的字段为 {}。", KEYS.join("、")),
        ));
    }
    let applicant_type = word(
        &obj,
        "applicant_type",
        ApplicantType::parse,
        ApplicantType::choices(),
    )?;
    let applicant_subtype = match obj.get("applicant_subtype") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(_) => Some(word(
            &obj,
            "applicant_subtype",
            ApplicantSubtype::parse,
            ApplicantSubtype::choices(),
        )?),
    };
    let received = text(&obj, "received_on")?;
    let received_on = NaiveDate::parse_from_str(received, "%Y-%m-%d").map_err(|_| {
        bad(
            "received_on",
            format!("日期“{received}”无效，请按 2026-12-02 的格式填写。"),
        )
    })?;
    let input = RequestInput {
        applicant_type,
        applicant_subtype,
        name: text(&obj, "name")?.into(),
        id_type: text(&obj, "id_type")?.into(),
        id_number: text(&obj, "id_number")?.into(),
        contact: text(&obj, "contact")?.into(),
        address: text(&obj, "address")?.into(),
        channel: word(&obj, "channel", Channel::parse, Channel::choices())?,
        received_on,
        description: text(&obj, "description")?.into(),
        form: word(&obj, "form", Form::parse, Form::choices())?,
        delivery: text(&obj, "delivery")?.into(),
    };
    check(&input, today)?;
    Ok(input)
}

/// The rules every registration meets, however it arrives.
pub fn check(x: &RequestInput, today: NaiveDate) -> Result<()> {
    for &(key, label, max) in TEXT_KEYS {
        let v = match key {
            "name" => &x.name,
            "id_type" => &x.id_type,
            "id_number" => &x.id_number,
            "contact" => &x.contact,
            "address" => &x.address,
            "description" => &x.description,
            _ => &x.delivery,
        };
        if v.trim().is_empty() {
            return Err(bad(key, format!("请填写{label}。")));
        }
        if v.chars().count() > max {
            return Err(bad(key, format!("{label}不超过 {max} 个字。")));
        }
    }
    match (x.applicant_type, x.applicant_subtype) {
        (ApplicantType::Organization, None) => {
            return Err(bad(
                "applicant_subtype",
                format!(
                    "法人或其他组织须写明类型：{}。",
                    ApplicantSubtype::choices()
                ),
            ))
        }
        (ApplicantType::Person, Some(_)) => {
            return Err(bad(
                "applicant_subtype",
                "自然人不填写组织类型，请删去此项。".into(),
            ))
        }
        _ => {}
    }
    if x.received_on > today {
        return Err(bad(
            "received_on",
            format!(
                "收到申请之日（{}）不能晚于今天。",
                x.received_on.format("%Y-%m-%d")
            ),
        ));
    }
    if x.received_on < NaiveDate::from_ymd_opt(2019, 5, 15).unwrap_or(x.received_on) {
        return Err(bad(
            "received_on",
            "收到申请之日早于现行条例施行之日（2019-05-15），请核对。".into(),
        ));
    }
    Ok(())
}
