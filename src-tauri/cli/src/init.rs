//! `disclosure init`: a new data directory with its agency, first office and administrator.

use std::process::ExitCode;

use disclosure_core::staff::{self};
use disclosure_core::{agency, Error, Store};

use super::session::{office_by_name, password, PASSWORD_ENV};

pub fn init(
    store: &mut Store,
    admin: Option<String>,
    office: &str,
    org_code: Option<String>,
) -> Result<ExitCode, Error> {
    if let Some(code) = org_code {
        // Only while nobody exists: afterwards the agency is an administrator's setting.
        if !staff::is_empty(store)? {
            return Err(Error::Forbidden(
                "已有人员，机构代码请由管理员在“设置 → 机构信息”中修改。".into(),
            ));
        }
        let a = agency::get(store)?;
        agency::bootstrap(
            store,
            &agency::AgencyInput {
                name: a.name,
                short_name: a.short_name,
                org_code: code,
                ..Default::default()
            },
        )?;
    }
    if let Some(name) = admin {
        let office_id = office_by_name(store, office)?;
        let pw = password(PASSWORD_ENV, &format!("为管理员 {name} 设置密码："))?;
        let me = staff::create_first_admin(store, &name, office_id, &pw)?;
        println!("已创建管理员：{}（{}）", me.name, me.office_name);
    }
    println!("已初始化：{}", store.data_dir().display());
    Ok(ExitCode::SUCCESS)
}
