//! 提交前检查 — what an item must have before it may be submitted for review: the catalog
//! fields every item needs, plus the rules of its category (§4 of the work plan).
//!
//! Each category rule is a function of the item's fields keyed by the category's `code`;
//! a new category reuses one (or adds one) here, not in the UI. The UI shows the problems
//! at their fields; submission (review module) refuses while any remain.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::item::{ItemInput, PublishMode};
use crate::store::Store;

/// The eight required components of 部门预决算.
pub const BUDGET_COMPONENTS: [&str; 8] = [
    "部门主要职责",
    "预决算单位构成",
    "收支预决算",
    "支出预决算",
    "财政拨款支出预决算",
    "“三公”经费支出预决算",
    "预决算情况说明",
    "相关名词解释",
];

/// 重大建设项目 stages offered in the form.
pub const PROJECT_STAGES: [&str; 6] = ["批准", "核准", "备案", "招标", "实施", "竣工"];

/// The fixed choices the category fields offer, so the window shows exactly what the rules check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct RuleLists {
    /// 部门预决算 应公开的八项内容.
    pub budget_components: Vec<String>,
    /// 重大建设项目 阶段.
    pub project_stages: Vec<String>,
}

pub fn lists() -> RuleLists {
    RuleLists {
        budget_components: BUDGET_COMPONENTS.iter().map(|s| s.to_string()).collect(),
        project_stages: PROJECT_STAGES.iter().map(|s| s.to_string()).collect(),
    }
}

/// One thing missing or wrong, at a form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem {
        field: field.into(),
        message: message.into(),
    }
}

pub(crate) fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Everything that keeps `fields` (of category `code`, with `attachments` files) from being
/// submitted `today`. The body may be empty when the content is in the attachments.
pub fn check(
    store: &Store,
    code: &str,
    fields: &ItemInput,
    attachments: usize,
    today: NaiveDate,
) -> Result<Vec<Problem>> {
    let mut out = Vec::new();
    if fields.summary.trim().is_empty() {
        out.push(problem("summary", "请填写内容概述。"));
    }
    if fields.publisher.trim().is_empty() {
        out.push(problem("publisher", "请填写发布机构。"));
    }
    if fields.topic.trim().is_empty() {
        out.push(problem("topic", "请填写主题分类。"));
    }
    if fields.publish_mode == PublishMode::Proactive && fields.channels.is_empty() {
        out.push(problem(
            "channels",
            "主动公开的事项请至少选择一个公开渠道。",
        ));
    }
    if crate::html::to_text(&fields.body_html).trim().is_empty() && attachments == 0 {
        out.push(problem(
            "body_html",
            "正文为空：请填写正文、导入 Word 文档或添加附件。",
        ));
    }
    let x = &fields.extra;
    match code {
        "budget" => {
            let missing: Vec<&str> = BUDGET_COMPONENTS
                .iter()
                .copied()
                .filter(|c| !x.budget_components.iter().any(|have| have == c))
                .collect();
            if !missing.is_empty() {
                out.push(problem(
                    "extra.budget_components",
                    format!("部门预决算还缺少：{}。", missing.join("、")),
                ));
            }
        }
        "decision_draft" => {
            let min = min_comment_days(store)?;
            match (date(&x.comment_start), date(&x.comment_end)) {
                (Some(start), Some(end)) if end < start => out.push(problem(
                    "extra.comment_end",
                    "征求意见截止日期早于开始日期。",
                )),
                (Some(start), Some(end)) if (end - start).num_days() + 1 < min => {
                    out.push(problem(
                        "extra.comment_end",
                        format!(
                            "征求意见期不少于 {min} 天（时限规则“重大决策预公开征求意见期”），现为 {} 天。",
                            (end - start).num_days() + 1
                        ),
                    ))
                }
                (Some(_), Some(end)) if end < today && x.feedback_record.trim().is_empty() => out
                    .push(problem(
                        "extra.feedback_record",
                        "征求意见期已结束，请填写意见采纳情况。",
                    )),
                (Some(_), Some(_)) => {}
                _ => out.push(problem(
                    "extra.comment_start",
                    "请填写征求意见的开始和截止日期。",
                )),
            }
        }
        "interpretation" => match x.interprets_item_id {
            None => out.push(problem(
                "extra.interprets_item_id",
                "政策解读须关联所解读的政策文件。",
            )),
            Some(id) => {
                if !crate::store::categories::is_live_policy(store.conn(), id)? {
                    out.push(problem(
                        "extra.interprets_item_id",
                        "所关联的事项不存在或不是政策文件。",
                    ));
                }
            }
        },
        "construction" if x.project_stage.trim().is_empty() => {
            out.push(problem(
                "extra.project_stage",
                "请选择重大建设项目所处的阶段。",
            ));
        }
        "inspection" => {
            for (field, value, name) in [
                ("extra.inspection_basis", &x.inspection_basis, "抽查依据"),
                (
                    "extra.inspection_subject",
                    &x.inspection_subject,
                    "抽查主体",
                ),
                (
                    "extra.inspection_content",
                    &x.inspection_content,
                    "抽查内容",
                ),
                ("extra.inspection_method", &x.inspection_method, "抽查方式"),
            ] {
                if value.trim().is_empty() {
                    out.push(problem(field, format!("随机抽查事项须写明{name}。")));
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

/// 重大决策预公开 征求意见最短天数 — the `comment_period` deadline rule.
pub fn min_comment_days(store: &Store) -> Result<i64> {
    crate::deadline::rule_days(store.conn(), crate::deadline::RuleCode::CommentPeriod)
}
