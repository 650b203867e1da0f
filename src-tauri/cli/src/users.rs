//! `disclosure user …`: adding and importing people (with random initial passwords shown
//! once), changing one's own password, and the operating-system-level reset.

use std::process::ExitCode;

use disclosure_core::session::{Need, Session};
use disclosure_core::staff::{self, NewStaff, Role};
use disclosure_core::{sheet, staff_import, Error, Store};

use super::session::{
    office_by_name, os_user, password, sign_in, warn_missing, NEW_PASSWORD_ENV, PASSWORD_ENV,
};
use super::{json, UserCommand};

pub fn run(store: &mut Store, c: UserCommand) -> Result<ExitCode, Error> {
    match c {
        UserCommand::Add {
            name,
            office,
            roles,
            by,
            json: as_json,
        } => {
            let admin = sign_in(store, &by, Need::Password)?;
            let roles = roles
                .iter()
                .map(|r| {
                    Role::parse(r)
                        .ok_or_else(|| Error::invalid("roles", format!("没有“{r}”这个角色。")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let office_id = office_by_name(store, &office)?;
            let added = staff::add(
                store,
                &admin,
                &NewStaff {
                    name,
                    office_id,
                    roles,
                },
            )?;
            let s = &added.staff;
            if as_json {
                println!(
                    "{}",
                    json(&serde_json::json!({
                        "name": s.name,
                        "office": s.office_name,
                        "roles": s.roles,
                        "initial_password": added.initial_password,
                    }))
                );
            } else {
                let roles: Vec<&str> = s.roles.iter().map(|r| r.label()).collect();
                println!(
                    "已添加：{}（{}；{}）",
                    s.name,
                    s.office_name,
                    roles.join("、")
                );
                println!(
                    "初始密码：{}（只显示这一次；本人首次登录后须修改）",
                    added.initial_password
                );
            }
        }
        UserCommand::Import {
            file,
            by,
            slips,
            json: as_json,
        } => {
            let admin = sign_in(store, &by, Need::Password)?;
            let report = staff_import::import_xlsx(store, &admin, &file)?;
            if !report.errors.is_empty() {
                if as_json {
                    println!("{}", json(&report));
                }
                for e in &report.errors {
                    eprintln!("第 {} 行：{}", e.row, e.message);
                }
                eprintln!("有 {} 行不能导入，未导入任何人员。", report.errors.len());
                return Ok(ExitCode::from(1));
            }
            if let Some(path) = &slips {
                let pdf = sheet::render_slips(store, &admin, &report.created)?;
                sheet::save(&pdf, path)?;
                warn_missing(&pdf.missing);
            }
            if as_json {
                println!("{}", json(&report));
            } else {
                println!(
                    "已导入 {} 位人员（初始密码只显示这一次）：",
                    report.created.len()
                );
                for a in &report.created {
                    println!(
                        "{}\t{}\t{}",
                        a.staff.name, a.staff.office_name, a.initial_password
                    );
                }
                if let Some(path) = &slips {
                    println!("初始密码单：{}", path.display());
                }
            }
        }
        UserCommand::Passwd { name } => {
            let current = password(PASSWORD_ENV, &format!("{} 的当前密码：", name.trim()))?;
            let (mut session, _) = Session::begin(store, &name, &current)?;
            let me = session.authorize(store, Need::PasswordChange)?;
            let new = match std::env::var(NEW_PASSWORD_ENV) {
                Ok(p) => p,
                Err(_) => {
                    let a = password(NEW_PASSWORD_ENV, "新密码：")?;
                    let b = password(NEW_PASSWORD_ENV, "再输入一次新密码：")?;
                    if a != b {
                        return Err(Error::invalid("password", "两次输入的新密码不一致。"));
                    }
                    a
                }
            };
            staff::change_password(store, &me, &current, &new)?;
            println!("已修改 {} 的密码。", me.name);
        }
        UserCommand::ResetPassword { name } => {
            let new = staff::reset_password_by_os(store, &name, &os_user())?;
            println!("已重置 {} 的密码，下次登录时须修改。", name.trim());
            println!("初始密码：{new}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
