//! `disclosure request …`: 依申请公开 from the command line, as the signed-in person, with
//! the same rules as the window. A bad field of the registration file is refused with a
//! Chinese message naming its key (exit 2) and nothing is saved.

use std::process::ExitCode;

use disclosure_core::request::letters::{self, LetterKind, ServedHow};
use disclosure_core::request::{self, EventKind, RequestSummary};
use disclosure_core::{Error, Store};

use super::session::{reader, warn_missing};
use super::{json, RequestCommand};

pub fn run(store: &mut Store, c: RequestCommand) -> Result<ExitCode, Error> {
    match c {
        RequestCommand::Add {
            file,
            receipt,
            user,
        } => {
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
            if let Some(path) = receipt {
                let today = disclosure_core::clock::today();
                let letter = letters::issue(store, &me, &r.number, LetterKind::Receipt, today)?;
                let pdf = letters::write(store, &me, letter.id, &path)?;
                warn_missing(&pdf.missing);
                println!("已出具申请接收回执 {}：{}", letter.number, path.display());
            }
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
        RequestCommand::Record {
            number,
            event,
            on,
            user,
        } => {
            let text = std::fs::read_to_string(&event)
                .map_err(|e| Error::io(format!("读取 {}", event.display()), e))?;
            let event: EventKind = serde_json::from_str(&text).map_err(|e| {
                Error::invalid(
                    "event",
                    format!(
                        "办理事项文件无效（第 {} 行第 {} 列）：应为一个 JSON 对象，kind 为 correction_sent、extension_requested、consult_started、fee_noticed、replied 等之一。",
                        e.line(),
                        e.column()
                    ),
                )
            })?;
            let me = reader(store, &user.user)?;
            let on = on.unwrap_or_else(disclosure_core::clock::today);
            let r = request::record(store, &me, &number, on, &event)?;
            println!(
                "{} {}：{}",
                r.number,
                on.format("%Y-%m-%d"),
                event.describe()
            );
            if let Some(d) = r.clock.due_on {
                println!(
                    "答复期限 {}（{}）",
                    d.format("%Y-%m-%d"),
                    r.clock.status.label()
                );
            } else {
                println!("{}", r.clock.status.label());
            }
        }
        RequestCommand::Letter {
            number,
            kind,
            on,
            output,
            user,
        } => {
            let kind = LetterKind::parse(&kind).ok_or_else(|| {
                Error::invalid(
                    "kind",
                    format!(
                        "文书种类“{kind}”无效，应为 {} 之一。",
                        LetterKind::ALL
                            .iter()
                            .map(|k| k.code().replace('_', "-"))
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                )
            })?;
            let me = reader(store, &user.user)?;
            let on = on.unwrap_or_else(disclosure_core::clock::today);
            let letter = letters::issue(store, &me, &number, kind, on)?;
            let pdf = letters::write(store, &me, letter.id, &output)?;
            warn_missing(&pdf.missing);
            println!(
                "已出具{}（{}），共 {} 页：{}",
                letter.title,
                kind.label(),
                pdf.pages,
                output.display()
            );
            println!("{}", letter.number);
        }
        RequestCommand::Served {
            number,
            letter,
            how,
            tracking,
            on,
            user,
        } => {
            let how = ServedHow::parse(&how).ok_or_else(|| {
                Error::invalid(
                    "how",
                    format!("送达方式“{how}”无效，应为 直接、邮寄 或 电子。"),
                )
            })?;
            let me = reader(store, &user.user)?;
            let found = letters::find(store, &me, &letter)?;
            if found.request != number.trim() {
                return Err(Error::invalid(
                    "letter",
                    format!(
                        "文书 {} 属于申请 {}，不是 {}。",
                        found.number,
                        found.request,
                        number.trim()
                    ),
                ));
            }
            let on = on.unwrap_or_else(disclosure_core::clock::today);
            let l = letters::served(store, &me, found.id, how, on, tracking.as_deref())?;
            println!(
                "文书 {} 已登记{}：{}{}",
                l.number,
                how.label(),
                on.format("%Y-%m-%d"),
                l.tracking_no
                    .map(|t| format!("，邮件号 {t}"))
                    .unwrap_or_default()
            );
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
