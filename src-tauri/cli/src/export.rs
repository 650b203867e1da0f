//! `disclosure export`: the upload bundle for the website.

use std::path::PathBuf;
use std::process::ExitCode;

use disclosure_core::session::Need;
use disclosure_core::{bundle, item, Error, Store};

use super::session::sign_in;

pub fn export(
    store: &mut Store,
    user: Option<String>,
    index_nos: &[String],
    out: PathBuf,
) -> Result<ExitCode, Error> {
    let user = user
        .or_else(|| {
            std::env::var("DISCLOSURE_USER")
                .ok()
                .filter(|u| !u.is_empty())
        })
        .ok_or_else(|| {
            Error::invalid(
                "user",
                "请用 --user 或环境变量 DISCLOSURE_USER 指明导出人（发布员或管理员）。",
            )
        })?;
    let me = sign_in(store, &user, Need::Password)?;
    let item_ids = if index_nos.is_empty() {
        None
    } else {
        Some(
            index_nos
                .iter()
                .map(|n| item::read_by_index_no(store, &me, n).map(|it| it.id))
                .collect::<Result<Vec<_>, _>>()?,
        )
    };
    let req = bundle::ExportRequest { item_ids, dir: out };
    let done = bundle::export(store, &me, &req, &mut |_| true)?;
    for s in &done.skipped {
        eprintln!("未导出 {}：{}", s.index_no, s.message);
    }
    println!("{}", done.path);
    Ok(ExitCode::SUCCESS)
}
