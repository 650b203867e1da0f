//! `disclosure info`: counts and versions of the data directory, no record's content.

use std::process::ExitCode;

use disclosure_core::{overview, Error, Store};

use super::json;

/// No record's content: counts and versions only.
pub fn info(store: &mut Store, as_json: bool) -> Result<ExitCode, Error> {
    let o = overview::get(store)?;
    if as_json {
        println!("{}", json(&o));
    } else {
        println!("数据目录：{}", o.data_dir);
        println!("数据库：{}", o.db_path);
        println!("数据结构版本：{}", o.schema_version);
        println!("机构：{}", o.agency);
        println!("处室：{}", o.counts.offices);
        println!("工作任务：{}", o.counts.plan_tasks);
        println!("人员：{}", o.counts.staff);
        println!("公开事项：{}", o.counts.items);
    }
    Ok(ExitCode::SUCCESS)
}
