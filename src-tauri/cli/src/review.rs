//! `disclosure review …`: deciding a step (a decision needs the password, which a CLI
//! command always has just been given) and the person's queue.

use std::process::ExitCode;

use disclosure_core::item;
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::session::Need;
use disclosure_core::{Error, Store};

use super::session::{reader, sign_in};
use super::{json, ReviewCommand};

pub fn run(store: &mut Store, c: ReviewCommand) -> Result<ExitCode, Error> {
    match c {
        ReviewCommand::Decide {
            index_no,
            user,
            decision,
            grounds,
            comment,
        } => {
            let me = sign_in(store, &user.user, Need::Password)?;
            let d = Decision::parse(&decision).ok_or_else(|| {
                Error::invalid(
                    "decision",
                    format!("没有“{decision}”这一决定，可用：approve、return、withhold、on-request、partial、refer。"),
                )
            })?;
            let id = item::read_by_index_no(store, &me, &index_no)?.id;
            let it = review::decide(
                store,
                &me,
                id,
                &DecisionInput {
                    decision: d,
                    grounds,
                    comment: comment.unwrap_or_default(),
                },
            )?;
            println!(
                "已{}：{}，事项现为“{}”。",
                d.label(),
                it.index_no,
                it.status.label()
            );
        }
        ReviewCommand::Queue {
            user,
            json: as_json,
        } => {
            let me = reader(store, &user.user)?;
            let q = review::queue(store, &me)?;
            if as_json {
                println!("{}", json(&q));
            } else {
                println!("待办 {} 项", q.len());
                for e in &q {
                    println!(
                        "{}\t{}\t第 {} 轮\t{}\t{}",
                        e.index_no, e.step_name, e.round, e.due_on, e.title
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
