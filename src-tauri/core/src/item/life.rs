//! 事项的生命周期 — every status change the item's life allows, as drawn in DESIGN.md, and
//! nothing else. Every `UPDATE` of an item's status goes through [`set_status`], which asks
//! [`transition`] first and writes the status's code from [`Status::code`] (the one
//! mapping between the enum and the stored text) through `store::item_life`, the one
//! place that SQL is written.
//!
//! ```text
//! 草稿 ─提交─> 审查中 ─最后一步通过─> 已通过 ─导出─> 已导出 ─登记发布─> 已发布 ─撤回/废止─> 已撤回
//!  ^            │ 退回 / 撤回审查 / 修改                  (再次导出)
//!  └────────────┤ 不予公开 ─> 不予公开 ─复查解除─> 草稿
//!               │ 报审 ─> 待报审 ─记录报审结果─> 审查中 / 已通过 / 草稿 / 不予公开
//! ```

/// A status's stored code as an SQL string literal, for queries written with `concat!`:
/// `status_sql!(Approved)` is `'approved'`, `status_sql!(Draft, InReview)` is
/// `('draft', 'in_review')`. The one place besides [`Status::code`] that spells the codes;
/// a unit test holds the two together, and `tests/lint.rs` refuses a status code written
/// into the SQL of any other file. (A literal, not a bound parameter: the planner matches
/// the partial indexes' `WHERE status IN (…)` against it.)
#[macro_export]
macro_rules! status_sql {
    (@one Draft) => { "'draft'" };
    (@one InReview) => { "'in_review'" };
    (@one Approved) => { "'approved'" };
    (@one Withheld) => { "'withheld'" };
    (@one Referred) => { "'referred'" };
    (@one Exported) => { "'exported'" };
    (@one Published) => { "'published'" };
    (@one Revoked) => { "'revoked'" };
    ($one:ident) => { $crate::status_sql!(@one $one) };
    ($first:ident, $($rest:ident),+) => {
        concat!("(", $crate::status_sql!(@one $first), $(", ", $crate::status_sql!(@one $rest)),+, ")")
    };
}

use crate::audit::{self, Event};
use crate::staff::Staff;
use crate::store::{item_life, reviews, Conn, Tx};

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
pub(crate) fn set_status(conn: &Conn, item_id: i64, from: Status, to: Status) -> Result<()> {
    transition(from, to)?;
    let changed = item_life::set_status(conn, item_id, from.code(), to.code(), &stamp())?;
    if changed != 1 {
        return Err(Error::Conflict(
            "事项的状态刚刚被他人改变，请刷新后再试。".into(),
        ));
    }
    Ok(())
}

/// 撤回审查: closes the item's open review round as withdrawn and takes it back to 草稿,
/// on record — the drafter's withdrawal, or an edit of a submitted item (so reviewers
/// never decide on content that changes under them). Inside the caller's transaction.
pub(crate) fn withdraw_in(tx: &Tx<'_>, actor: &Staff, it: &super::Item, why: &str) -> Result<()> {
    let open = reviews::round_in(tx, it.id, "open")?
        .ok_or_else(|| Error::Conflict("该事项不在审查中。".into()))?;
    reviews::close_round(tx, open.id, "withdrawn", &stamp(), actor.id)?;
    set_status(tx, it.id, it.status, Draft)?;
    audit::append(
        tx,
        actor.into(),
        Event::new(
            "item.withdraw",
            format!(
                "{why} {}（第 {} 轮），须重新提交审查",
                it.index_no, open.round
            ),
        )
        .item(it.id)
        .hashes(Some(&open.content_hash), None),
    )?;
    Ok(())
}

/// gen-demo's one write of a generated item's final state: each step of that life went
/// through [`transition`] as it was generated (`demo::Life::go`).
#[cfg(feature = "demo")]
pub(crate) fn write_generated(
    conn: &Conn,
    item_id: i64,
    status: Status,
    version: i64,
    updated_at: &str,
) -> Result<()> {
    item_life::write_generated(conn, item_id, status.code(), version, updated_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_literals_are_the_stored_codes() {
        // Exhaustive: a new status must get its literal here and in the macro.
        let literal = |s: Status| match s {
            Draft => status_sql!(Draft),
            InReview => status_sql!(InReview),
            Approved => status_sql!(Approved),
            Withheld => status_sql!(Withheld),
            Referred => status_sql!(Referred),
            Exported => status_sql!(Exported),
            Published => status_sql!(Published),
            Revoked => status_sql!(Revoked),
        };
        for s in Status::ALL {
            assert_eq!(literal(*s), format!("'{}'", s.code()));
        }
        assert_eq!(status_sql!(Draft, InReview), "('draft', 'in_review')");
    }

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
