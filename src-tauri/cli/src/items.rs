//! `disclosure item …`: importing drafts, listing and showing what the person may read,
//! submitting for review.

use std::process::ExitCode;

use disclosure_core::item::{self, import, ItemQuery};
use disclosure_core::session::Need;
use disclosure_core::{Error, Store};

use super::session::{reader, sign_in};
use super::{json, ItemCommand};

pub fn run(store: &mut Store, c: ItemCommand) -> Result<ExitCode, Error> {
    match c {
        ItemCommand::Import {
            file,
            user,
            json: as_json,
        } => {
            let me = sign_in(store, &user.user, Need::SignedIn)?;
            let rows = import::read_file(&file)?;
            let report = import::import(store, &me, &rows)?;
            if as_json {
                println!("{}", json(&report));
            } else if report.errors.is_empty() {
                println!("已导入 {} 个草稿：", report.created.len());
                for index_no in &report.created {
                    println!("{index_no}");
                }
            }
            if !report.errors.is_empty() {
                for e in &report.errors {
                    eprintln!("第 {} 行：{}", e.row, e.message);
                }
                eprintln!("有 {} 行不能导入，未导入任何事项。", report.errors.len());
                return Ok(ExitCode::from(2));
            }
        }
        ItemCommand::List {
            user,
            search,
            limit,
            json: as_json,
        } => {
            let me = reader(store, &user.user)?;
            let q = ItemQuery {
                text: search.unwrap_or_default(),
                page_size: limit,
                ..Default::default()
            };
            let page = item::list(store, &me, &q)?;
            if as_json {
                println!("{}", json(&page));
            } else {
                println!("共 {} 项", page.total);
                for r in &page.rows {
                    let title: String = r.title.iter().map(|s| s.text.as_str()).collect();
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        r.index_no,
                        r.status.label(),
                        r.category_name,
                        r.office_name,
                        title
                    );
                }
            }
        }
        ItemCommand::Show {
            index_no,
            user,
            json: as_json,
        } => {
            let me = reader(store, &user.user)?;
            let it = item::read_by_index_no(store, &me, &index_no)?;
            if as_json {
                println!("{}", json(&it));
            } else {
                let f = &it.fields;
                println!("索引号：{}", it.index_no);
                println!("信息名称：{}", f.title);
                println!("状态：{}", it.status.label());
                println!("公开类别：{}", it.category_name);
                println!("文号：{}", f.doc_number);
                println!("发布机构：{}", f.publisher);
                println!("成文日期：{}", f.written_on.clone().unwrap_or_default());
                println!("承办处室：{}", it.office_name);
                println!("公开方式：{}", f.publish_mode.label());
                let ch: Vec<&str> = f.channels.iter().map(|c| c.label()).collect();
                println!("公开渠道：{}", ch.join("、"));
                println!("有效性：{}", f.validity.label());
                println!("版本：{}", it.version);
                println!("内容概述：{}", f.summary);
                for a in &it.attachments {
                    println!("附件：{}（{} 字节，SHA-256 {}）", a.name, a.size, a.sha256);
                }
                println!("正文：\n{}", disclosure_core::html::to_text(&f.body_html));
            }
        }
        ItemCommand::Submit { index_no, user } => {
            let me = sign_in(store, &user.user, Need::SignedIn)?;
            let id = item::read_by_index_no(store, &me, &index_no)?.id;
            let it = disclosure_core::review::submit(store, &me, id)?;
            println!(
                "已提交审查：{}（第 {} 版），等待处室负责人审核。",
                it.index_no, it.version
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
