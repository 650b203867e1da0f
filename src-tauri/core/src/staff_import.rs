//! 导入人员 — staff from an Excel sheet (姓名, 处室, 角色), all or nothing.
//!
//! The first sheet's first row is the header; columns are found by name, so their order
//! does not matter. 角色 holds one or more Chinese role names (or codes) separated by
//! 、，, ; or spaces. Every row is checked before anything is written; one bad row means
//! no one is imported and every bad row is reported by its number. Everyone imported gets
//! a different random initial password (shown once, printable as slips with
//! [`crate::sheet::render_slips`]), to be changed at first sign-in.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::item::import::RowError;
use crate::staff::{self, Role, Staff};
use crate::store::Store;

/// The sheet's column headers.
pub const COLUMNS: [&str; 3] = ["姓名", "处室", "角色"];

/// What an import did: the people added (in file order) with their initial passwords, or
/// why nothing was.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct StaffImportReport {
    pub created: Vec<staff::Added>,
    pub errors: Vec<RowError>,
}

/// One checked row, ready to write.
struct Person {
    name: String,
    office_id: i64,
    roles: Vec<Role>,
}

/// Imports everyone in `path` as `actor` (an administrator), each with a random initial
/// password. Bad rows come back in the report and nothing is written.
pub fn import_xlsx(store: &mut Store, actor: &Staff, path: &Path) -> Result<StaffImportReport> {
    actor.require(Role::Admin)?;
    let rows = read_sheet(path)?;
    if rows.is_empty() {
        return Err(Error::invalid(
            "file",
            "表中没有人员（第 2 行起每行一人）。",
        ));
    }
    let offices = crate::office::list(store, false)?;
    let mut people = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (row, [name, office, roles]) in rows {
        match check_row(store, &offices, &mut seen, &name, &office, &roles) {
            Ok(p) => people.push(p),
            Err(message) => errors.push(RowError { row, message }),
        }
    }
    if !errors.is_empty() {
        return Ok(StaffImportReport {
            created: Vec::new(),
            errors,
        });
    }
    let passwords: Vec<String> = people.iter().map(|_| staff::initial_password()).collect();
    let hashes = passwords
        .iter()
        .map(|p| staff::hash_password(p))
        .collect::<Result<Vec<_>>>()?;
    let ids = store.transaction(|tx| {
        let mut ids = Vec::with_capacity(people.len());
        for (p, hash) in people.iter().zip(&hashes) {
            ids.push(staff::insert_in(
                tx,
                Some(actor),
                &p.name,
                p.office_id,
                &p.roles,
                hash,
                true,
            )?);
        }
        Ok(ids)
    })?;
    let created = ids
        .into_iter()
        .zip(passwords)
        .map(|(id, initial_password)| {
            Ok(staff::Added {
                staff: staff::get(store, id)?,
                initial_password,
            })
        })
        .collect::<Result<_>>()?;
    Ok(StaffImportReport {
        created,
        errors: Vec::new(),
    })
}

fn check_row(
    store: &Store,
    offices: &[crate::office::Office],
    seen: &mut HashSet<String>,
    name: &str,
    office: &str,
    roles: &str,
) -> std::result::Result<Person, String> {
    let name = staff::clean_name(name).map_err(|e| e.to_string())?;
    if !seen.insert(name.clone()) {
        return Err(format!("姓名“{name}”在表中重复出现。"));
    }
    if staff::name_taken(store.conn(), &name).map_err(|e| e.to_string())? {
        return Err(format!("已有名为“{name}”的人员。"));
    }
    let office = office.trim();
    if office.is_empty() {
        return Err("请填写处室。".into());
    }
    let office_id = offices
        .iter()
        .find(|o| o.name == office)
        .map(|o| o.id)
        .ok_or_else(|| format!("没有名为“{office}”的处室（请先在“设置 → 处室”中添加）。"))?;
    let mut parsed = Vec::new();
    for word in roles
        .split(|c: char| "、,，;；/".contains(c) || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let role = Role::parse(word).ok_or_else(|| {
            format!(
                "无法识别角色“{word}”，应为：{}。",
                Role::ALL.map(|r| r.label()).join("、")
            )
        })?;
        parsed.push(role);
    }
    let roles = staff::clean_roles(&parsed).map_err(|_| "请填写角色。".to_string())?;
    Ok(Person {
        name,
        office_id,
        roles,
    })
}

/// The rows under the header as [姓名, 处室, 角色], numbered as Excel shows them.
fn read_sheet(path: &Path) -> Result<Vec<(usize, [String; 3])>> {
    let (header, rows) = crate::item::import::first_sheet(path)?;
    let mut cols = [0; 3];
    for (i, title) in COLUMNS.iter().enumerate() {
        cols[i] = header.iter().position(|h| h == title).ok_or_else(|| {
            Error::invalid(
                "file",
                format!("第 1 行缺少“{title}”列。表头应为：{}。", COLUMNS.join("、")),
            )
        })?;
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let cell = |c: usize| cells.get(c).cloned().unwrap_or_default();
            (row, cols.map(cell))
        })
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect())
}
