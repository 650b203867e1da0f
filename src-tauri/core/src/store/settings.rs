//! The installation's own rows: the one `agency` row (机构信息) and the `setting`
//! key-value table (preferences, the auto-lock minutes and the like, each value as text).

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Conn;
use crate::error::Result;

/// 机构信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Agency {
    /// 机构名称, e.g. 鞍山市教育局.
    pub name: String,
    /// 机构简称, used in upload bundle file names.
    pub short_name: String,
    /// 机构代码 or 统一社会信用代码: the 索引号 prefix. Empty until an administrator sets it.
    pub org_code: String,
    /// 办公地址, as the 政府信息公开指南 gives it; may be empty.
    pub address: String,
    /// 咨询电话 (one or more numbers); may be empty.
    pub phone: String,
    /// 电子邮箱; may be empty.
    pub email: String,
    pub updated_at: String,
}

/// The agency row; `None` before one is seeded.
pub fn agency(conn: &Conn) -> Result<Option<Agency>> {
    Ok(conn
        .query_row(
            "SELECT name, short_name, org_code, address, phone, email, updated_at
             FROM agency WHERE id = 1",
            [],
            |r| {
                Ok(Agency {
                    name: r.get(0)?,
                    short_name: r.get(1)?,
                    org_code: r.get(2)?,
                    address: r.get(3)?,
                    phone: r.get(4)?,
                    email: r.get(5)?,
                    updated_at: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// Writes every field of the agency row as given.
pub fn update_agency(conn: &Conn, a: &Agency) -> Result<()> {
    conn.execute(
        "UPDATE agency SET name = ?1, short_name = ?2, org_code = ?3, address = ?4, phone = ?5,
                email = ?6, updated_at = ?7
         WHERE id = 1",
        params![
            a.name,
            a.short_name,
            a.org_code,
            a.address,
            a.phone,
            a.email,
            a.updated_at
        ],
    )?;
    Ok(())
}

/// The value of setting `key`; `None` when it was never set.
pub fn get(conn: &Conn, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets setting `key` to `value`, replacing what it was.
pub fn set(conn: &Conn, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
