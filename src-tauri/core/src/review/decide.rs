//! 审查决定 — a decision at the round's current step, and the outcome of a 需报审 referral.
//! Every rule of separation of duties is checked here, in one transaction with the write.

use super::{
    chain, duties, findings, round_in, set_status, steps, Decision, DecisionInput, Round, GROUNDS,
};
use crate::audit::{self, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::item::{self, Status};
use crate::staff::{Role, Staff};
use crate::store::{rereviews, reviews, Store, Tx};

/// Records a decision at the round's current step.
pub fn decide(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    input: &DecisionInput,
) -> Result<item::Item> {
    let it = item::get(store, item_id)?;
    let input = clean(input)?;
    store.immediate(|tx| {
        let round = round_in(tx, item_id, "open")?.ok_or_else(|| {
            Error::Conflict(format!("该事项当前为“{}”，不在审查中。", it.status.label()))
        })?;
        apply(tx, actor, &it, &round, &input, false)
    })?;
    item::get(store, item_id)
}

/// 批量决定: the same decision (通过, as a rule) on many items at their current steps, in one
/// transaction: every item is checked as by [`decide`] — the step's role, separation of
/// duties, the content still the submitted one, blocking findings settled — and if any
/// item fails, nothing is recorded and the error names that item's 索引号.
pub fn decide_many(
    store: &mut Store,
    actor: &Staff,
    item_ids: &[i64],
    input: &DecisionInput,
) -> Result<usize> {
    let input = clean(input)?;
    if item_ids.is_empty() {
        return Err(Error::invalid("items", "请先勾选要处理的事项。"));
    }
    store.immediate(|tx| {
        for id in item_ids {
            let it = item::load(tx, *id)?;
            let named = |e: Error| -> Error {
                let at = |m: String| format!("{}《{}》：{m}", it.index_no, it.fields.title);
                match e {
                    Error::Conflict(m) => Error::Conflict(at(m)),
                    Error::Forbidden(m) => Error::Forbidden(at(m)),
                    Error::NotFound(m) => Error::NotFound(at(m)),
                    Error::Invalid { field, message } => Error::Invalid {
                        field,
                        message: at(message),
                    },
                    other => other,
                }
            };
            let round = round_in(tx, *id, "open")?.ok_or_else(|| {
                named(Error::Conflict(format!(
                    "当前为“{}”，不在审查中。",
                    it.status.label()
                )))
            })?;
            apply(tx, actor, &it, &round, &input, false).map_err(named)?;
        }
        Ok(())
    })?;
    Ok(item_ids.len())
}

/// 报审结果: a confidentiality reviewer records what the outside authority decided on a
/// referred item. The round resumes at the step that referred it, and the outcome is a
/// decision there (通过 continues the chain), marked as coming from the referral.
pub fn record_referral(
    store: &mut Store,
    actor: &Staff,
    item_id: i64,
    input: &DecisionInput,
) -> Result<item::Item> {
    let it = item::get(store, item_id)?;
    let input = clean(input)?;
    if input.decision == Decision::Refer {
        return Err(Error::invalid(
            "decision",
            "请记录报审的结果，而不是再次报审。",
        ));
    }
    if input.comment.is_empty() {
        return Err(Error::invalid(
            "comment",
            "请写明报审机关的意见（文号或答复要点）。",
        ));
    }
    store.immediate(|tx| {
        let round = round_in(tx, item_id, "referred")?
            .filter(|_| it.status == Status::Referred)
            .ok_or_else(|| Error::Conflict("该事项没有待记录结果的报审。".into()))?;
        reviews::reopen_round(tx, round.id)?;
        apply(tx, actor, &it, &round, &input, true)
    })?;
    item::get(store, item_id)
}

fn clean(input: &DecisionInput) -> Result<DecisionInput> {
    let mut grounds: Vec<String> = input
        .grounds
        .iter()
        .map(|g| g.trim().to_uppercase())
        .filter(|g| !g.is_empty())
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
    Ok(DecisionInput {
        decision: input.decision,
        grounds,
        comment: input.comment.trim().to_string(),
    })
}

/// Checks every rule and writes the decision. `after_referral` records a referral's
/// outcome at the step that referred, so the one who referred may record it.
fn apply(
    tx: &Tx<'_>,
    actor: &Staff,
    it: &item::Item,
    round: &Round,
    input: &DecisionInput,
    after_referral: bool,
) -> Result<()> {
    let chain = steps(tx, it.fields.category_id)?;
    let step = chain
        .get((round.position - 1) as usize)
        .ok_or_else(|| Error::Conflict("审查流程已变更，请撤回后重新提交。".into()))?;
    let facts = duties::facts(tx, actor, it.fields.office_id, round, step, after_referral)?;
    duties::check_duties(actor, &facts)?;
    let current = item::version_hash(tx, it.id, it.version)?;
    if current != round.content_hash {
        return Err(Error::Conflict(
            "事项内容已与提交审查时不同，不能据此作出决定。".into(),
        ));
    }
    let d = input.decision;
    // Approving from the confidentiality step on lets the item out: every blocking
    // finding must have been looked at. Returning, withholding and referring publish
    // nothing, so they stay possible.
    if d == Decision::Approve && step.role != Role::OfficeHead {
        let open = findings::unsettled_blocking(tx, round.id)?;
        if open > 0 {
            return Err(Error::Conflict(format!(
                "还有 {open} 处阻断级检查结果未处理，请先逐条处理后再通过。"
            )));
        }
    }
    if d.needs_reviewer() && step.role != Role::Reviewer {
        return Err(Error::Forbidden(format!(
            "“{}”只能在保密审查步骤作出。",
            d.label()
        )));
    }
    let mut grounds = input.grounds.clone();
    match d {
        Decision::Withhold | Decision::OnRequest if grounds.is_empty() => {
            return Err(Error::invalid(
                "grounds",
                format!("“{}”须引用至少一项法定依据。", d.label()),
            ));
        }
        Decision::Return | Decision::Partial | Decision::Refer if input.comment.is_empty() => {
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
    let at = stamp();
    let rereview_on = (d == Decision::Withhold)
        .then(|| chain::next_rereview_on(tx))
        .transpose()?;
    let grounds_json = serde_json::to_string(&grounds).unwrap_or_else(|_| "[]".into());
    let decision_id = reviews::insert_decision(
        tx,
        &reviews::NewDecision {
            round_id: round.id,
            step: round.position,
            step_name: &step.name,
            decision: d.code(),
            grounds: &grounds_json,
            comment: &input.comment,
            content_hash: &round.content_hash,
            decided_by: actor.id,
            decided_at: &at,
            rereview_on: rereview_on.as_deref(),
            after_referral,
        },
    )?;
    if let Some(due) = &rereview_on {
        rereviews::insert(tx, it.id, decision_id, due)?;
    }
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
        None => reviews::advance_round(tx, round.id)?,
        Some(o) => reviews::close_round(tx, round.id, o, &at, actor.id)?,
    }
    set_status(tx, it, status)?;
    let mut detail = format!(
        "{}：{}{}（第 {} 轮，{}）",
        step.name,
        if after_referral { "报审结果 " } else { "" },
        d.label(),
        round.round,
        it.index_no
    );
    if !grounds.is_empty() {
        detail.push_str(&format!("，依据 {}", grounds.join("、")));
    }
    if let Some(due) = &rereview_on {
        detail.push_str(&format!("，复查日期 {due}"));
    }
    audit::append(
        tx,
        actor.into(),
        Event::new("review.decide", detail)
            .item(it.id)
            .hashes(Some(&round.content_hash), Some(&round.content_hash)),
    )?;
    Ok(())
}
