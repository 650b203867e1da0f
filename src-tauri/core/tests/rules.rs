//! 提交前检查: the catalog fields and each category's rules.

use disclosure_core::item;
use disclosure_core::rules::BUDGET_COMPONENTS;

use crate::util::{bureau, draft, Dir};

fn problems(b: &mut crate::util::Bureau, input: &item::ItemInput) -> Vec<(String, String)> {
    let id = item::create(&mut b.store, &b.drafter, input)
        .unwrap()
        .item
        .id;
    item::check(&b.store, id)
        .unwrap()
        .into_iter()
        .map(|p| (p.field, p.message))
        .collect()
}

#[test]
fn a_complete_notice_has_no_problems_and_an_empty_one_names_each_field() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let ok = draft(&b.store, &b.drafter, "通知公告", "完整的通知");
    assert_eq!(problems(&mut b, &ok), vec![]);
    let mut empty = ok.clone();
    empty.summary.clear();
    empty.topic.clear();
    empty.channels.clear();
    empty.body_html.clear();
    let fields: Vec<String> = problems(&mut b, &empty).into_iter().map(|p| p.0).collect();
    assert_eq!(fields, ["summary", "topic", "channels", "body_html"]);
}

#[test]
fn budgets_need_all_eight_components() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let mut input = draft(&b.store, &b.drafter, "部门预决算", "2026年部门预算");
    input.extra.budget_components = BUDGET_COMPONENTS[..6]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let p = problems(&mut b, &input);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, "extra.budget_components");
    assert!(
        p[0].1.contains("预决算情况说明、相关名词解释"),
        "{}",
        p[0].1
    );
    input.extra.budget_components = BUDGET_COMPONENTS.iter().map(|s| s.to_string()).collect();
    assert!(problems(&mut b, &input).is_empty());
}

#[test]
fn decision_drafts_need_a_long_enough_comment_period_then_feedback() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let mut input = draft(
        &b.store,
        &b.drafter,
        "重大决策预公开",
        "学区划分调整方案（征求意见稿）",
    );
    assert_eq!(problems(&mut b, &input)[0].0, "extra.comment_start");
    input.extra.comment_start = Some("2099-01-01".into());
    input.extra.comment_end = Some("2099-01-20".into());
    let p = problems(&mut b, &input);
    assert!(
        p[0].1.contains("不少于 30 天") && p[0].1.contains("现为 20 天"),
        "{p:?}"
    );
    input.extra.comment_end = Some("2099-01-30".into());
    assert!(
        problems(&mut b, &input).is_empty(),
        "30 days inclusive is enough"
    );
    input.extra.comment_start = Some("2026-01-01".into());
    input.extra.comment_end = Some("2026-02-15".into());
    assert_eq!(
        problems(&mut b, &input)[0].0,
        "extra.feedback_record",
        "period over: feedback due"
    );
    input.extra.feedback_record = "共收到意见 12 条，采纳 5 条。".into();
    assert!(problems(&mut b, &input).is_empty());
}

#[test]
fn interpretations_link_to_a_policy() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let notice = b
        .create(&b.drafter.clone(), "通知公告", "通知")
        .unwrap()
        .item;
    let policy = b
        .create(&b.drafter.clone(), "政策文件", "政策")
        .unwrap()
        .item;
    let mut input = draft(&b.store, &b.drafter, "政策解读", "《政策》解读");
    assert_eq!(problems(&mut b, &input)[0].0, "extra.interprets_item_id");
    input.extra.interprets_item_id = Some(notice.id);
    assert!(problems(&mut b, &input)[0].1.contains("不是政策文件"));
    input.extra.interprets_item_id = Some(policy.id);
    assert!(problems(&mut b, &input).is_empty());
}

#[test]
fn construction_projects_need_a_stage_and_inspections_their_four_elements() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let mut project = draft(&b.store, &b.drafter, "重大建设项目", "第三十中学新建教学楼");
    assert_eq!(problems(&mut b, &project)[0].0, "extra.project_stage");
    project.extra.project_stage = "核准".into();
    assert!(problems(&mut b, &project).is_empty());

    let mut check = draft(
        &b.store,
        &b.drafter,
        "随机抽查事项及结果",
        "2026年民办学校随机抽查事项清单",
    );
    check.extra.inspection_basis = "《民办教育促进法》".into();
    check.extra.inspection_method = "双随机".into();
    let fields: Vec<String> = problems(&mut b, &check).into_iter().map(|p| p.0).collect();
    assert_eq!(
        fields,
        ["extra.inspection_subject", "extra.inspection_content"]
    );
}

/// The editor re-checks the fields as they are typed: a field filled in is no longer a
/// problem before anything is saved, and an unsaved draft is checked the same way.
#[test]
fn unsaved_fields_are_checked_as_they_are_typed() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let mut input = draft(&b.store, &b.drafter, "通知公告", "边写边查");
    input.summary.clear();
    input.topic.clear();
    let id = item::create(&mut b.store, &b.drafter, &input)
        .unwrap()
        .item
        .id;
    let fields = |p: Vec<disclosure_core::rules::Problem>| -> Vec<String> {
        p.into_iter().map(|p| p.field).collect()
    };
    let check = |input: &item::ItemInput, id| {
        disclosure_core::reads::check_draft(&b.store, &b.drafter, id, input).unwrap()
    };
    assert_eq!(fields(check(&input, Some(id))), ["summary", "topic"]);
    input.summary = "已填写的概述。".into();
    assert_eq!(
        fields(check(&input, Some(id))),
        ["topic"],
        "filled, not yet saved"
    );
    assert_eq!(
        item::check(&b.store, id).unwrap().len(),
        2,
        "the saved item is unchanged"
    );
    // A new draft: no id, no attachments; an unchosen category is said as such.
    input.category_id = 0;
    assert_eq!(fields(check(&input, None)), ["category_id", "topic"]);
}
