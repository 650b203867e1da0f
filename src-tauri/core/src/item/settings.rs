//! 事项设置 — what an administrator tunes for drafting: the 索引号 pattern, the attachment
//! size limit and the minimum comment period of 重大决策预公开.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftingSettings {
    /// 索引号格式, e.g. `{机构代码}/{YYYY}-{NNNNN}`.
    pub index_pattern: String,
    /// 单个附件大小上限（MB）.
    #[ts(type = "number")]
    pub attachment_limit_mb: u64,
    /// 重大决策预公开 征求意见最短天数.
    #[ts(type = "number")]
    pub min_comment_days: i64,
}

pub fn get(store: &Store) -> Result<DraftingSettings> {
    Ok(DraftingSettings {
        index_pattern: crate::index_no::pattern(store)?,
        attachment_limit_mb: super::attachment_limit_mb(store)?,
        min_comment_days: crate::rules::min_comment_days(store)?,
    })
}

/// Saves all three, or nothing when one is invalid.
pub fn set(store: &mut Store, actor: &Staff, s: &DraftingSettings) -> Result<DraftingSettings> {
    actor.require(Role::Admin)?;
    if !(1..=365).contains(&s.min_comment_days) {
        return Err(Error::invalid(
            "min_comment_days",
            "征求意见最短天数须在 1 到 365 之间。",
        ));
    }
    store.transaction(|tx| {
        crate::index_no::write_pattern(tx, &s.index_pattern)?;
        super::write_attachment_limit(tx, s.attachment_limit_mb)?;
        // The same value as the 时限规则 tab's comment-period rule.
        crate::store::deadlines::update_rule_days(tx, "comment_period", s.min_comment_days)?;
        crate::audit::append(
            tx,
            actor.into(),
            crate::audit::Event::new(
                "settings.drafting",
                format!(
                    "事项设置：索引号格式 {}，附件上限 {} MB，征求意见最短 {} 天",
                    s.index_pattern, s.attachment_limit_mb, s.min_comment_days
                ),
            ),
        )
    })?;
    get(store)
}

/// Sets only the 索引号 pattern (管理员), as [`set`] with the other settings as they are;
/// returns the pattern stored.
pub fn set_pattern(store: &mut Store, actor: &Staff, pattern: &str) -> Result<String> {
    let mut s = get(store)?;
    s.index_pattern = pattern.to_string();
    Ok(set(store, actor, &s)?.index_pattern)
}
