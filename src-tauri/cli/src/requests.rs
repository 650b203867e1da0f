//! `disclosure request …`: 依申请公开 from the command line, as the signed-in person, with
//! the same rules as the window. A bad field of the registration file is refused with a
//! Chinese message naming its key (exit 2) and nothing is saved.

use std::process::ExitCode;

use disclosure_core::request::{self, RequestSummary};
use disclosure_core::{Error, Store};

use super::session::reader;
use super::{json, RequestCommand};

pub fn run(store: &mut Store, c: RequestCommand) -> Result<ExitCode, Error> {
    match c {
        RequestCommand::Add { file, user } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Error::io(format!("读取 {}", file.display()), e))?;
            // The key in front of the message: scripts name fields by their JSON keys.
            let input =
                request::input::from_json(&text, disclosure_core::clock::today()).map_err(|e| {
                    match e {
                        Error::Invalid {
                            field: Some(key),
                            message,
                        } if key != "json" => Error::invalid(key, format!("字段 {key}：{message}")),
                        e => e,
                    }
                })?;
            let me = reader(store, &user.user)?;
            let r = request::add(store, &me, &input)?;
            let due = r
                .clock
                .due_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default();
            println!(
                "已登记 {} 的申请（{}收到于 {}），答复期限 {due}。",
                r.input.name,
                r.input.channel.label(),
                r.input.received_on.format("%Y-%m-%d")
            );
            println!("{}", r.number);
        }
        RequestCommand::List {
            user,
            json: as_json,
        } => {
            let me = reader(store, &user.user)?;
            let rows = request::list(store, &me)?;
            print_rows(&rows, as_json);
        }
        RequestCommand::Show {
            number,
            user,
            json: as_json,
        } => {
            let me = reader(store, &user.user)?;
            let r = request::show(store, &me, &number)?;
            if as_json {
                println!("{}", json(&r));
            } else {
                let i = &r.input;
                println!("申请编号\t{}", r.number);
                println!("申请人\t{}（{}）", i.name, i.applicant_type.label());
                println!("身份证明\t{} {}", i.id_type, i.id_number);
                println!(
                    "收到申请\t{}（{}）",
                    i.received_on.format("%Y-%m-%d"),
                    i.channel.label()
                );
                println!("所需信息\t{}", i.description);
                println!(
                    "状态\t{}{}",
                    r.clock.status.label(),
                    if r.clock.overdue { "（逾期）" } else { "" }
                );
                if let Some(d) = r.clock.due_on {
                    println!("答复期限\t{}", d.format("%Y-%m-%d"));
                }
                for p in &r.clock.pauses {
                    println!(
                        "暂停\t{} {} 起，{} 个工作日（{}）",
                        p.reason,
                        p.from.format("%Y-%m-%d"),
                        p.days,
                        p.basis
                    );
                }
                for e in &r.events {
                    println!("{}\t{}（{}）", e.on.format("%Y-%m-%d"), e.text, e.by);
                }
            }
        }
        RequestCommand::Due {
            within,
            user,
            json: as_json,
        } => {
            let me = reader(store, &user.user)?;
            let rows = request::due(store, &me, within)?;
            if !as_json && rows.is_empty() {
                println!("{within} 个工作日内没有到期的申请。");
            }
            print_rows(&rows, as_json);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_rows(rows: &[RequestSummary], as_json: bool) {
    if as_json {
        println!("{}", json(&rows));
        return;
    }
    for r in rows {
        let due = r
            .due_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "—".into());
        println!(
            "{}\t{}\t{}\t{}\t期限 {due}{}\t{}",
            r.number,
            r.received_on.format("%Y-%m-%d"),
            r.name,
            r.status.label(),
            if r.overdue { "（逾期）" } else { "" },
            r.description
        );
    }
}
