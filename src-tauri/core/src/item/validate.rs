//! The form checked and cleaned before it is stored: text trimmed, the body sanitized,
//! lengths, dates and references checked; the first problem is answered at its field.

use super::{ItemInput, Validity, BODY_MAX_BYTES, SHORT_MAX, SUMMARY_MAX, TITLE_MAX};
use crate::error::{Error, Result};
use crate::store::items::{self, Ref};
use crate::store::Store;
use crate::{html, rules};

/// Checks and cleans the form: trims text, sanitizes the body, checks lengths, dates and
/// references. The first problem is returned at its field.
pub fn validate(store: &Store, input: &ItemInput) -> Result<ItemInput> {
    let mut x = input.clone();
    for s in [
        &mut x.title,
        &mut x.summary,
        &mut x.publisher,
        &mut x.doc_number,
        &mut x.topic,
        &mut x.keywords,
    ] {
        *s = s.trim().to_string();
    }
    let len = |s: &str| s.chars().count();
    if x.title.is_empty() {
        return Err(Error::invalid("title", "请填写信息名称。"));
    }
    if len(&x.title) > TITLE_MAX {
        return Err(Error::invalid(
            "title",
            format!(
                "信息名称不能超过 {TITLE_MAX} 个字（现有 {} 个字）。",
                len(&x.title)
            ),
        ));
    }
    if len(&x.summary) > SUMMARY_MAX {
        return Err(Error::invalid(
            "summary",
            format!("内容概述不能超过 {SUMMARY_MAX} 个字。"),
        ));
    }
    for (field, value, name) in [
        ("publisher", &x.publisher, "发布机构"),
        ("doc_number", &x.doc_number, "文号"),
        ("topic", &x.topic, "主题分类"),
    ] {
        if len(value) > SHORT_MAX {
            return Err(Error::invalid(
                field,
                format!("{name}不能超过 {SHORT_MAX} 个字。"),
            ));
        }
    }
    if len(&x.keywords) > 2 * SHORT_MAX {
        return Err(Error::invalid("keywords", "主题词过长。"));
    }
    if x.body_html.len() > BODY_MAX_BYTES {
        return Err(Error::invalid(
            "body_html",
            "正文过长（超过 5 MB），请把大段内容放入附件。",
        ));
    }
    x.body_html = html::sanitize(&x.body_html);
    let today = crate::clock::today();
    for (field, value, name) in [
        ("written_on", &mut x.written_on, "成文日期"),
        ("validity_date", &mut x.validity_date, "有效性变更日期"),
        (
            "planned_publish_on",
            &mut x.planned_publish_on,
            "拟公开日期",
        ),
        (
            "extra.comment_start",
            &mut x.extra.comment_start,
            "征求意见开始日期",
        ),
        (
            "extra.comment_end",
            &mut x.extra.comment_end,
            "征求意见截止日期",
        ),
    ] {
        clean_date(field, value, name)?;
    }
    let written = rules::date(&x.written_on);
    if written.is_some_and(|w| w > today) {
        return Err(Error::invalid("written_on", "成文日期不能晚于今天。"));
    }
    if let (Some(w), Some(p)) = (written, rules::date(&x.planned_publish_on)) {
        if p < w {
            return Err(Error::invalid(
                "planned_publish_on",
                "拟公开日期不能早于成文日期。",
            ));
        }
    }
    if let (Some(s), Some(e)) = (
        rules::date(&x.extra.comment_start),
        rules::date(&x.extra.comment_end),
    ) {
        if e < s {
            return Err(Error::invalid(
                "extra.comment_end",
                "征求意见截止日期不能早于开始日期。",
            ));
        }
    }
    if x.validity == Validity::Valid {
        x.validity_date = None;
    } else if let (Some(w), Some(v)) = (written, rules::date(&x.validity_date)) {
        if v < w {
            return Err(Error::invalid(
                "validity_date",
                "失效或废止日期不能早于成文日期。",
            ));
        }
    }
    if x.category_id == 0 {
        return Err(Error::invalid("category_id", "请选择公开类别。"));
    }
    let exists = |what: Ref, id: i64| items::exists(store.conn(), what, id);
    if !exists(Ref::ActiveCategory, x.category_id)? {
        return Err(Error::invalid("category_id", "请选择公开类别。"));
    }
    if !exists(Ref::ActiveOffice, x.office_id)? {
        return Err(Error::invalid("office_id", "请选择承办处室。"));
    }
    if let Some(h) = x.handler_id {
        if !exists(Ref::Staff, h)? {
            return Err(Error::invalid("handler_id", "承办人不存在。"));
        }
    }
    if let Some(t) = x.task_id {
        if !exists(Ref::Task, t)? {
            return Err(Error::invalid("task_id", "所选工作任务不存在。"));
        }
    }
    x.extra
        .budget_components
        .retain(|c| rules::BUDGET_COMPONENTS.contains(&c.as_str()));
    x.extra.budget_components.dedup();
    Ok(x)
}

fn clean_date(field: &'static str, value: &mut Option<String>, name: &str) -> Result<()> {
    if let Some(v) = value.as_deref().map(str::trim) {
        if v.is_empty() {
            *value = None;
        } else if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
            return Err(Error::invalid(
                field,
                format!("{name}“{v}”不是有效日期，请按 2026-11-27 的格式填写。"),
            ));
        } else {
            *value = Some(v.to_string());
        }
    }
    Ok(())
}
