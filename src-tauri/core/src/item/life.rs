//! 事项的生命周期 — every status change the item's life allows, as drawn in DESIGN.md, and
//! nothing else. Every `UPDATE` of an item's status goes through [`set_status`], which asks
//! [`transition`] first and writes the status's code from [`Status::code`] (the one
//! mapping between the enum and the stored text).
//!
//! ```text
//! 草稿 ─提交─> 审查中 ─最后一步通过─> 已通过 ─导出─> 已导出 ─登记发布─> 已发布 ─撤回/废止─> 已撤回
//!  ^            │ 退回 / 撤回审查 / 修改                  (再次导出)
//!  └────────────┤ 不予公开 ─> 不予公开 ─复查解除─> 草稿
//!               │ 报审 ─> 待报审 ─记录报审结果─> 审查中 / 已通过 / 草稿 / 不予公开
//! ```

use rusqlite::{params, Connection};

use super::Status;
use crate::clock::stamp;
use crate::error::{Error, Result};

use Status::*;

/// The allowed changes, and what each is in the item's life.
pub const TRANSITIONS: &[(Status, Status, &str)] = &[
    (Draft, InReview, "提交审查"),
    (InReview, InReview, "通过本步骤，进入下一步骤"),
    (InReview, Approved, "最后一步通过"),
    (InReview, Draft, "退回修改，或撤回审查"),
    (InReview, Withheld, "决定不予公开"),
    (InReview, Referred, "报审"),
    (Referred, InReview, "报审结果：通过本步骤"),
    (Referred, Approved, "报审结果：最后一步通过"),
    (Referred, Draft, "报审结果：退回修改"),
    (Referred, Withheld, "报审结果：不予公开"),
    (Withheld, Draft, "复查解除不予公开，重新审查"),
    (Approved, Exported, "导出上传包"),
    (Exported, Exported, "再次导出"),
    (Exported, Published, "登记发布"),
    (Published, Revoked, "撤回或废止"),
];

/// May an item go from `from` to `to`? The error names both states in Chinese.
pub fn transition(from: Status, to: Status) -> Result<()> {
    if TRANSITIONS.iter().any(|(f, t, _)| *f == from && *t == to) {
        Ok(())
    } else {
        Err(Error::Conflict(format!(
            "事项当前为“{}”，不能变为“{}”。",
            from.label(),
            to.label()
        )))
    }
}

/// Moves item `item_id` from `from` to `to` inside the caller's transaction. Refused when
/// the life does not allow it, or when the item is no longer in `from` (someone changed
/// it meanwhile).
pub(crate) fn set_status(conn: &Connection, item_id: i64, from: Status, to: Status) -> Result<()> {
    transition(from, to)?;
    let changed = conn.execute(
        "UPDATE item SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status = ?4",
        params![item_id, to.code(), stamp(), from.code()],
    )?;
    if changed != 1 {
        return Err(Error::Conflict(
            "事项的状态刚刚被他人改变，请刷新后再试。".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_is_allowed_exactly_when_the_life_draws_it() {
        // The item's life (DESIGN.md), written out as the pairs it draws.
        let drawn = |from: Status, to: Status| {
            matches!(
                (from, to),
                (Draft, InReview)
                    | (InReview, InReview | Approved | Draft | Withheld | Referred)
                    | (Referred, InReview | Approved | Draft | Withheld)
                    | (Withheld, Draft)
                    | (Approved, Exported)
                    | (Exported, Exported | Published)
                    | (Published, Revoked)
            )
        };
        let mut allowed = 0;
        for &from in Status::ALL {
            for &to in Status::ALL {
                let got = transition(from, to);
                assert_eq!(got.is_ok(), drawn(from, to), "{from:?} → {to:?}");
                if let Err(e) = got {
                    assert_eq!(e.code(), "conflict");
                    assert!(e.to_string().contains(from.label()), "{e}");
                } else {
                    allowed += 1;
                }
            }
        }
        assert_eq!(allowed, TRANSITIONS.len());
        // Nothing leaves 已撤回, and nothing goes back to 已通过 from outside the review.
        assert!(Status::ALL
            .iter()
            .all(|&to| transition(Revoked, to).is_err()));
        assert!(transition(Exported, Approved).is_err());
        assert!(transition(Draft, Approved).is_err());
    }
}
