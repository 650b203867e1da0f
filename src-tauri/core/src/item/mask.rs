//! 脱敏 — masking a scanner finding in the item with one click: every occurrence of the
//! matched text in the body and in the catalog fields becomes [`scan::mask`] of it
//! (身份证号 keeps the first 6 and last 4 characters, 手机号 the first 3 and last 4, 银行卡号
//! the last 4), as an edit: a new version, audited, and a submitted item is withdrawn on
//! record first, exactly as a save does.
//!
//! The body is HTML, so the text is looked for in its escaped form; an occurrence split by
//! markup (`<b>2103</b>02…`) cannot be replaced safely, and the request is refused with a
//! message rather than half done. Attachments are files the drafter replaces by hand.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    audit_change, begin_edit, get, load, read, reindex, validate, versions, write_fields, Item,
};
use crate::error::{Error, Result};
use crate::html;
use crate::scan::{self, Kind};
use crate::staff::Staff;
use crate::store::{items, Store};

/// Which finding to mask: its `match` and `kind`, as `review::FindingView` has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaskRequest {
    pub text: String,
    pub kind: Kind,
}

/// Masks every whole occurrence of `req.text` in the body and the catalog fields of a
/// draft (or a submitted item, which this withdraws) and records the new version.
pub fn mask_finding(store: &mut Store, actor: &Staff, id: i64, req: &MaskRequest) -> Result<Item> {
    let text = req.text.trim();
    let masked = scan::mask(req.kind, text);
    if text.is_empty() || masked == text {
        return Err(Error::invalid(
            "kind",
            "这类检查结果不能自动脱敏，请手动修改。",
        ));
    }
    // Whether a text is in the item is its content: asked by someone who may not read it,
    // the item is not found, before anything is looked for.
    let before = read(store, actor, id)?;
    let mut input = before.fields.clone();
    let mut count = 0;
    for field in input.texts_mut() {
        count += replace_whole(field, text, &masked);
    }
    count += replace_whole(
        &mut input.body_html,
        &html::escape_text(text),
        &html::escape_text(&masked),
    );
    if count == 0 {
        return Err(Error::invalid("text", "未在正文中找到该内容，请手动修改。"));
    }
    if !whole_matches(&html::to_text(&input.body_html), text).is_empty() {
        return Err(Error::invalid(
            "text",
            "正文中该内容被格式分隔，无法自动脱敏，请手动修改。",
        ));
    }
    let input = validate(store, &input)?;
    store.immediate(|tx| {
        let item = load(tx, id)?;
        if item.fields != before.fields {
            return Err(Error::Conflict("事项内容刚刚有改动，请刷新后重试。".into()));
        }
        begin_edit(tx, actor, &item)?;
        write_fields(tx, id, &input)?;
        let r = versions::record(tx, id, actor, false)?;
        items::set_masked_version(tx, id)?;
        reindex(tx, id)?;
        let what = masking_entry(req.kind.label(), &masked);
        audit_change(tx, actor, id, "item.mask", &what, &r)
    })?;
    get(store, id)
}

/// The audit entry's words for a masking: `脱敏身份证号（210302********1238）` (the masked text,
/// never the number); [`masking_in`] reads them back.
fn masking_entry(kind_label: &str, masked: &str) -> String {
    format!("脱敏{kind_label}（{masked}）")
}

/// The kind and the masked text of a masking's audit entry (`脱敏身份证号（…） 索引号《…》`).
pub(crate) fn masking_in(detail: &str) -> Option<(&str, &str)> {
    let (kind, rest) = detail.strip_prefix("脱敏")?.split_once('（')?;
    Some((kind, rest.split_once('）')?.0))
}

/// A letter or digit, ASCII or full-width: what a number or code continues with.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{FF10}'..='\u{FF19}').contains(&c)
        || ('\u{FF21}'..='\u{FF3A}').contains(&c)
        || ('\u{FF41}'..='\u{FF5A}').contains(&c)
}

/// Where `needle` stands in `hay` as a whole, not inside a longer number or code (the
/// 11 digits of a 手机号 inside a 银行卡号).
fn whole_matches(hay: &str, needle: &str) -> Vec<usize> {
    let word = |c: Option<char>| c.is_some_and(word_char);
    hay.match_indices(needle)
        .map(|(i, _)| i)
        .filter(|&i| {
            !word(hay[..i].chars().next_back()) && !word(hay[i + needle.len()..].chars().next())
        })
        .collect()
}

/// Replaces every whole occurrence; returns how many there were.
fn replace_whole(hay: &mut String, needle: &str, with: &str) -> usize {
    let at = whole_matches(hay, needle);
    if at.is_empty() {
        return 0;
    }
    let mut out = String::with_capacity(hay.len());
    let mut last = 0;
    for &i in &at {
        out.push_str(&hay[last..i]);
        out.push_str(with);
        last = i + needle.len();
    }
    out.push_str(&hay[last..]);
    *hay = out;
    at.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_maskings_audit_words_read_back() {
        let detail = format!(
            "{} 11210300MB1234567X/2026-00001《关于（补充）通知》",
            masking_entry("身份证号", "210302********1238")
        );
        assert_eq!(
            masking_in(&detail),
            Some(("身份证号", "210302********1238"))
        );
        assert_eq!(
            masking_in("编辑 11210300MB1234567X/2026-00001《通知》"),
            None
        );
    }

    #[test]
    fn only_whole_occurrences_are_replaced() {
        let mut s = "电话13812341234，卡号6222138123412345，又13812341234".to_string();
        assert_eq!(replace_whole(&mut s, "13812341234", "138****1234"), 2);
        assert_eq!(s, "电话138****1234，卡号6222138123412345，又138****1234");
    }

    #[test]
    fn text_is_found_in_its_escaped_form() {
        let mut html = "<p>电话138&nbsp;1234&nbsp;5678</p>".to_string();
        let text = "138\u{a0}1234\u{a0}5678";
        let masked = scan::mask(Kind::Mobile, text);
        assert_eq!(
            replace_whole(
                &mut html,
                &html::escape_text(text),
                &html::escape_text(&masked)
            ),
            1
        );
        assert_eq!(html, "<p>电话138&nbsp;****&nbsp;5678</p>");
    }
}
