//! `disclosure export | verify | publish | revoke`: the bundle for the website, checking
//! one (on its own, or against this data directory's record of its export), and what the
//! website did with it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use disclosure_core::session::Need;
use disclosure_core::{bundle, item, Error, Store};

use super::json;
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

/// `disclosure verify`: on its own it needs no data directory; `--against-db` also
/// compares the zip with this data directory's record of its export. Neither shows any
/// record's content, so neither needs a sign-in.
pub fn verify(store: Option<&mut Store>, path: &Path, as_json: bool) -> Result<ExitCode, Error> {
    let check = match store {
        Some(s) => bundle::verify_recorded(s, path)?,
        None => bundle::verify(path)?,
    };
    if as_json {
        println!("{}", json(&check));
    } else if check.ok {
        println!("OK {}：{}", check.path, check.message);
    } else {
        println!("FAILED {}：{}", check.path, check.message);
        for p in &check.problems {
            match &p.file {
                Some(file) => println!("{}\t{file}\t{}", p.kind.label(), p.message),
                None => println!("{}\t-\t{}", p.kind.label(), p.message),
            }
        }
    }
    Ok(ExitCode::from(u8::from(!check.ok)))
}

pub fn publish(
    store: &mut Store,
    user: &str,
    index_no: Option<String>,
    url: Option<String>,
    date: Option<String>,
    csv: Option<PathBuf>,
    as_json: bool,
) -> Result<ExitCode, Error> {
    let me = sign_in(store, user, Need::SignedIn)?;
    if let Some(file) = csv {
        let report = bundle::publish_csv_file(store, &me, &file)?;
        if as_json {
            println!("{}", json(&report));
        } else {
            println!("已登记发布 {} 项", report.applied.len());
            for index_no in &report.applied {
                println!("{index_no}");
            }
        }
        for e in &report.errors {
            eprintln!("第 {} 行：{}", e.line, e.message);
        }
        if !report.errors.is_empty() {
            eprintln!("有 {} 行未登记，其余已登记。", report.errors.len());
            return Ok(ExitCode::from(1));
        }
    } else {
        let index_no = index_no.unwrap_or_default();
        let url = url.ok_or_else(|| Error::invalid("url", "请用 --url 给出公开网址。"))?;
        let date = date.unwrap_or_else(|| {
            disclosure_core::clock::today()
                .format("%Y-%m-%d")
                .to_string()
        });
        let id = item::read_by_index_no(store, &me, &index_no)?.id;
        let it = bundle::publish(store, &me, id, &url, &date)?;
        println!("已登记发布：{}，{url}（{date}）", it.index_no);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn revoke(
    store: &mut Store,
    user: &str,
    index_no: &str,
    kind: &str,
    reason: &str,
) -> Result<ExitCode, Error> {
    let me = sign_in(store, user, Need::SignedIn)?;
    let kind = bundle::RevokeKind::parse(kind).ok_or_else(|| {
        Error::invalid(
            "kind",
            format!("没有“{kind}”，可用：withdrawn（撤回）、repealed（废止）。"),
        )
    })?;
    let id = item::read_by_index_no(store, &me, index_no)?.id;
    let it = bundle::revoke(store, &me, id, kind, reason)?;
    println!(
        "已{}：{}，下一个上传包会通知网站。",
        kind.label(),
        it.index_no
    );
    Ok(ExitCode::SUCCESS)
}
