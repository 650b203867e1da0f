//! 保密审查 — submitting a frozen version and deciding on it, step by step.
//!
//! The rules live here, not in the UI: only holders of a step's role act on it; the author
//! of the version (who saved it) and its submitter never decide on it; no person decides
//! two steps of one round; every decision names the content hash it saw, and a decision
//! on content that changed is refused. Grounds are the codes of 政府信息公开条例 (§2 of
//! the reference).

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::item::{self, Status};
use crate::staff::{Role, Staff};
use crate::store::{now, Store};

/// The statutory grounds a withholding decision may cite: (code, article, ground).
pub const GROUNDS: [(&str, &str, &str); 8] = [
    ("A14-1", "第十四条", "依法确定为国家秘密"),
    ("A14-2", "第十四条", "法律、行政法规禁止公开"),
    (
        "A14-3",
        "第十四条",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    ),
    (
        "A15",
        "第十五条",
        "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    ),
    (
        "A16-1",
        "第十六条第一款",
        "内部事务信息（人事管理、后勤管理、内部工作流程等）",
    ),
    (
        "A16-2a",
        "第十六条第二款",
        "过程性信息（讨论记录、过程稿、磋商信函、请示报告等）",
    ),
    ("A16-2b", "第十六条第二款", "行政执法案卷信息"),
    (
        "A37",
        "第三十七条",
        "可以区分处理：删除不应公开的内容后公开",
    ),
];

/// 审查决定.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 通过
    Approve,
    /// 退回修改
    Return,
    /// 不予公开
    Withhold,
    /// 依申请公开
    OnRequest,
    /// 部分公开 (A37): comes back to the drafter with what to remove.
    Partial,
    /// 需报审: referred outside, the item pauses.
    Refer,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Return => "return",
            Decision::Withhold => "withhold",
            Decision::OnRequest => "on-request",
            Decision::Partial => "partial",
            Decision::Refer => "refer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Approve => "通过",
            Decision::Return => "退回修改",
            Decision::Withhold => "不予公开",
            Decision::OnRequest => "依申请公开",
            Decision::Partial => "部分公开",
            Decision::Refer => "需报审",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        let s = s.trim().replace('_', "-");
        [
            Decision::Approve,
            Decision::Return,
            Decision::Withhold,
            Decision::OnRequest,
            Decision::Partial,
            Decision::Refer,
        ]
        .into_iter()
        .find(|d| d.code() == s || d.label() == s)
    }

    /// Only the confidentiality step may withhold, limit or refer.
    fn needs_reviewer(self) -> bool {
        !matches!(self, Decision::Approve | Decision::Return)
    }
}

/// A statutory ground as the ground picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Ground {
    pub code: String,
    pub article: String,
    pub ground: String,
}

pub fn grounds() -> Vec<Ground> {
    GROUNDS
        .iter()
        .map(|(code, article, ground)| Ground {
            code: code.to_string(),
            article: article.to_string(),
            ground: ground.to_string(),
        })
        .collect()
}

/// What a reviewer sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DecisionInput {
    pub decision: Decision,
    pub grounds: Vec<String>,
    pub comment: String,
}

/// A step of a round, as the queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueEntry {
    #[ts(type = "number")]
    pub item_id: i64,
    pub index_no: String,
    pub title: String,
    pub office_name: String,
    #[ts(type = "number")]
    pub round: i64,
    pub step_name: String,
    /// The role the step needs (the reviewer's step offers the withholding decisions).
    pub step_role: Role,
    pub submitted_at: String,
    /// The step is due on this date (`YYYY-MM-DD`).
    pub due_on: String,
}

struct Step {
    role: Role,
    name: String,
    due_days: i64,
}

struct Round {
    id: i64,
    round: i64,
    version: i64,
    content_hash: String,
    submitted_by: i64,
    position: i64,
}

fn steps(conn: &rusqlite::Connection, category_id: i64) -> Result<Vec<Step>> {
    let rows = conn
        .prepare_cached(
            "SELECT role, name, due_days FROM review_step WHERE category_id = ?1 AND enabled = 1 ORDER BY step",
        )?
        .query_map([category_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, name, due_days)| {
            Role::parse(&role).map(|role| Step {
                role,
                name,
                due_days,
            })
        })
        .collect())
}

fn open_round(conn: &rusqlite::Connection, item_id: i64) -> Result<Option<Round>> {
    Ok(conn
        .query_row(
            "SELECT id, round, version, content_hash, submitted_by, position FROM review_round
             WHERE item_id = ?1 AND outcome = 'open'",
            [item_id],
            |r| {
                Ok(Round {
                    id: r.get(0)?,
                    round: r.get(1)?,
                    version: r.get(2)?,
                    content_hash: r.get(3)?,
                    submitted_by: r.get(4)?,
                    position: r.get(5)?,
                })
            },
        )
        .optional()?)
}

fn immediate(store: &mut Store) -> Result<Transaction<'_>> {
    Ok(store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?)
}

fn set_status(tx: &Transaction<'_>, item_id: i64, status: Status) -> Result<()> {
    tx.execute(
        "UPDATE item SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![item_id, status.code(), now()],
    )?;
    Ok(())
}

/// 提交审查: freezes the current version and starts a round at the first step.
pub fn submit(store: &mut Store, actor: &Staff, item_id: i64) -> Result<item::Item> {
    let it = item::get(store, item_id)?;
    if it.status != Status::Draft {
        return Err(Error::Conflict(format!(
            "该事项当前为“{}”，不能提交。",
            it.status.label()
        )));
    }
    let problems = item::check(store, item_id)?;
    if let Some(first) = problems.first() {
        return Err(Error::invalid(
            "submit",
            format!(
                "还有 {} 处需要完善才能提交审查：{}",
                problems.len(),
                first.message
            ),
        ));
    }
    {
        let tx = immediate(store)?;
        // Close the open editing session so the frozen version is exactly what is shown.
        let version = item::freeze(&tx, actor, item_id)?;
        let hash = item::version_hash(&tx, item_id, version)?;
        let category_id: i64 = tx.query_row(
            "SELECT category_id FROM item WHERE id = ?1",
            [item_id],
            |r| r.get(0),
        )?;
        if steps(&tx, category_id)?.is_empty() {
            return Err(Error::Conflict(
                "该公开类别没有设置审查流程，请联系管理员。".into(),
            ));
        }
        let round: i64 = tx.query_row(
            "SELECT COALESCE(MAX(round), 0) + 1 FROM review_round WHERE item_id = ?1",
            [item_id],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO review_round (item_id, round, version, content_hash, submitted_by, submitted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![item_id, round, version, hash, actor.id, now()],
        )?;
        set_status(&tx, item_id, Status::InReview)?;
        audit::append(
            &tx,
            actor.into(),
            Event::new(
                "item.submit",
                format!("提交审查 {}（第 {round} 轮，第 {version} 版）", it.index_no),
            )
            .item(item_id)
            .hashes(None, Some(&hash)),
        )?;
        tx.commit()?;
    }
    item::get(store, item_id)
}

/// 撤回: the drafter takes the item back to edit it; the round ends and is recorded.
pub fn withdraw(store: &mut Store, actor: &Staff, item_id: i64) -> Result<item::Item> {
    let it = item::get(store, item_id)?;
    if !(it.created_by == actor.id
        || (actor.has(Role::Drafter) && it.fields.office_id == actor.office_id))
    {
        return Err(Error::Forbidden("只能撤回本人或本处室提交的事项。".into()));
    }
    {
        let tx = immediate(store)?;
        let round = open_round(&tx, item_id)?
            .ok_or_else(|| Error::Conflict("该事项不在审查中。".into()))?;
        tx.execute(
            "UPDATE review_round SET outcome = 'withdrawn', closed_at = ?2 WHERE id = ?1",
            params![round.id, now()],
        )?;
        set_status(&tx, item_id, Status::Draft)?;
        audit::append(
            &tx,
            actor.into(),
            Event::new(
                "item.withdraw",
                format!(
                    "撤回审查 {}（第 {} 轮），修改后需重新提交",
                    it.index_no, round.round
                ),
            )
            .item(item_id),
        )?;
        tx.commit()?;
    }
    item::get(store, item_id)
}

/// Records a decision at the round's current step.
pub fn decide(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    input: &DecisionInput,
) -> Result<item::Item> {
    let it = item::get(store, item_id)?;
    let comment = input.comment.trim().to_string();
    let mut grounds: Vec<String> = input
        .grounds
        .iter()
        .map(|g| g.trim().to_uppercase())
        .collect();
    grounds.sort();
    grounds.dedup();
    if let Some(bad) = grounds
        .iter()
        .find(|g| !GROUNDS.iter().any(|(c, _, _)| c.eq_ignore_ascii_case(g)))
    {
        return Err(Error::invalid(
            "grounds",
            format!("没有“{bad}”这一法定依据。"),
        ));
    }
    {
        let tx = immediate(store)?;
        let round = open_round(&tx, item_id)?.ok_or_else(|| {
            Error::Conflict(format!("该事项当前为“{}”，不在审查中。", it.status.label()))
        })?;
        let chain = steps(&tx, it.fields.category_id)?;
        let step = chain
            .get((round.position - 1) as usize)
            .ok_or_else(|| Error::Conflict("审查流程已变更，请撤回后重新提交。".into()))?;
        if !actor.has(step.role) {
            return Err(Error::Forbidden(format!(
                "当前步骤“{}”只能由{}处理。",
                step.name,
                step.role.label()
            )));
        }
        let author: i64 = tx.query_row(
            "SELECT saved_by FROM item_version WHERE item_id = ?1 AND version = ?2",
            params![item_id, round.version],
            |r| r.get(0),
        )?;
        if actor.id == author || actor.id == round.submitted_by {
            return Err(Error::Forbidden(
                "职责分离：起草或提交该版本的人不能审查它。".into(),
            ));
        }
        let decided_before: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM review_decision WHERE round_id = ?1 AND decided_by = ?2)",
            params![round.id, actor.id],
            |r| r.get(0),
        )?;
        if decided_before {
            return Err(Error::Forbidden(
                "职责分离：同一轮审查中，一人只能处理一个步骤。".into(),
            ));
        }
        let current = item::version_hash(&tx, item_id, it.version)?;
        if current != round.content_hash {
            return Err(Error::Conflict(
                "事项内容已与提交审查时不同，不能据此作出决定。".into(),
            ));
        }
        let d = input.decision;
        if d.needs_reviewer() && step.role != Role::Reviewer {
            return Err(Error::Forbidden(format!(
                "“{}”只能在保密审查步骤作出。",
                d.label()
            )));
        }
        match d {
            Decision::Withhold | Decision::OnRequest if grounds.is_empty() => {
                return Err(Error::invalid(
                    "grounds",
                    format!("“{}”须引用至少一项法定依据。", d.label()),
                ));
            }
            Decision::Return | Decision::Partial | Decision::Refer if comment.is_empty() => {
                let what = match d {
                    Decision::Partial => "请写明须删除或处理的内容。",
                    Decision::Refer => "请写明报送的部门和事由。",
                    _ => "请写明退回的理由和修改意见。",
                };
                return Err(Error::invalid("comment", what));
            }
            _ => {}
        }
        if d == Decision::Partial && !grounds.iter().any(|g| g == "A37") {
            grounds.push("A37".into());
        }
        let at = now();
        tx.execute(
            "INSERT INTO review_decision (round_id, step, decision, grounds, comment, content_hash, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                round.id,
                round.position,
                d.code(),
                serde_json::to_string(&grounds).unwrap_or_else(|_| "[]".into()),
                comment,
                round.content_hash,
                actor.id,
                at
            ],
        )?;
        let last = round.position as usize >= chain.len();
        let (outcome, status) = match d {
            Decision::Approve if !last => (None, Status::InReview),
            Decision::Approve => (Some("approved"), Status::Approved),
            Decision::Return | Decision::Partial => (Some("returned"), Status::Draft),
            Decision::Withhold => (Some("withheld"), Status::Withheld),
            Decision::OnRequest => (Some("on_request"), Status::Withheld),
            Decision::Refer => (Some("referred"), Status::Referred),
        };
        match outcome {
            None => {
                tx.execute(
                    "UPDATE review_round SET position = position + 1 WHERE id = ?1",
                    [round.id],
                )?;
            }
            Some(o) => {
                tx.execute(
                    "UPDATE review_round SET outcome = ?2, closed_at = ?3 WHERE id = ?1",
                    params![round.id, o, at],
                )?;
            }
        }
        set_status(&tx, item_id, status)?;
        let mut detail = format!(
            "{}：{}（第 {} 轮，{}）",
            step.name,
            d.label(),
            round.round,
            it.index_no
        );
        if !grounds.is_empty() {
            detail.push_str(&format!("，依据 {}", grounds.join("、")));
        }
        audit::append(
            &tx,
            actor.into(),
            Event::new("review.decide", detail)
                .item(item_id)
                .hashes(Some(&round.content_hash), Some(&round.content_hash)),
        )?;
        tx.commit()?;
    }
    item::get(store, item_id)
}

/// 我的待办: open rounds at a step `actor` may act on, oldest first.
pub fn queue(store: &Store, actor: &Staff) -> Result<Vec<QueueEntry>> {
    let conn = store.conn();
    struct Open {
        round_id: i64,
        item_id: i64,
        round: i64,
        position: i64,
        category_id: i64,
        index_no: String,
        title: String,
        office_name: String,
        submitter: i64,
        author: i64,
    }
    let rounds: Vec<Open> = conn
        .prepare_cached(
            "SELECT r.id, r.item_id, r.round, r.position, i.category_id, i.index_no, i.title, o.name, r.submitted_by,
                    (SELECT saved_by FROM item_version v WHERE v.item_id = r.item_id AND v.version = r.version)
             FROM review_round r JOIN item i ON i.id = r.item_id JOIN office o ON o.id = i.office_id
             WHERE r.outcome = 'open' ORDER BY r.submitted_at, r.id",
        )?
        .query_map([], |r| {
            Ok(Open {
                round_id: r.get(0)?,
                item_id: r.get(1)?,
                round: r.get(2)?,
                position: r.get(3)?,
                category_id: r.get(4)?,
                index_no: r.get(5)?,
                title: r.get(6)?,
                office_name: r.get(7)?,
                submitter: r.get(8)?,
                author: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for Open {
        round_id,
        item_id,
        round,
        position,
        category_id,
        index_no,
        title,
        office_name,
        submitter,
        author,
    } in rounds
    {
        let chain = steps(conn, category_id)?;
        let Some(step) = chain.get((position - 1) as usize) else {
            continue;
        };
        if !actor.has(step.role) || actor.id == submitter || actor.id == author {
            continue;
        }
        let (decided_before, since): (bool, String) = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM review_decision WHERE round_id = ?1 AND decided_by = ?2),
                    COALESCE((SELECT MAX(decided_at) FROM review_decision WHERE round_id = ?1),
                             (SELECT submitted_at FROM review_round WHERE id = ?1))",
            params![round_id, actor.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if decided_before {
            continue;
        }
        let start = chrono::NaiveDate::parse_from_str(&since[..10.min(since.len())], "%Y-%m-%d")
            .unwrap_or_else(|_| chrono::Local::now().date_naive());
        out.push(QueueEntry {
            item_id,
            index_no,
            title,
            office_name,
            round,
            step_name: step.name.clone(),
            step_role: step.role,
            submitted_at: since,
            // Calendar days until the working-day calendar arrives (deadlines issue).
            due_on: (start + chrono::Duration::days(step.due_days))
                .format("%Y-%m-%d")
                .to_string(),
        });
    }
    Ok(out)
}
