//! `disclosure publish`: what the website published, by hand or from a CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use disclosure_core::session::Need;
use disclosure_core::{bundle, item, Error, Store};

use super::json;
use super::session::sign_in;

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
