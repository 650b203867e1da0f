//! 职责分离 — separation of duties as a pure rule over facts: only the step's role acts,
//! and the 处室负责人 step only a head of the item's own office; the author and the submitter
//! of the version never decide on it; no one decides two steps of one round. Settling a
//! finding counts as acting at the reviewer's step, and is checked as a decision there.
//!
//! [`facts`] reads what the rule needs; [`check_duties`] decides without a database, so it
//! is tested as a table here and, with the rest of the review, by the property test.

use super::{Round, Step};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{reviews, Conn};

/// What the rule looks at for one decision at one step of one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundFacts {
    /// The step's name (for the message) and the role it needs.
    pub step_name: String,
    pub step_role: Role,
    /// The office the item belongs to.
    pub item_office: i64,
    /// Who saved the version under review, and who submitted it.
    pub author: i64,
    pub submitted_by: i64,
    /// The actor already decided another step of this round (after a referral, deciding
    /// the step that referred is recording its outcome, and does not count).
    pub decided_other_step: bool,
    /// The actor settled scanner findings of this round (the reviewer step's work), and
    /// this step is not the reviewer's.
    pub settled_findings: bool,
}

/// May `actor` decide this step, given `f`? The error says why not, in Chinese.
pub fn check_duties(actor: &Staff, f: &RoundFacts) -> Result<()> {
    if !actor.has(f.step_role) {
        return Err(Error::Forbidden(format!(
            "当前步骤“{}”只能由{}处理。",
            f.step_name,
            f.step_role.label()
        )));
    }
    if f.step_role == Role::OfficeHead && actor.office_id != f.item_office {
        return Err(Error::Forbidden(format!(
            "当前步骤“{}”只能由承办处室的负责人处理。",
            f.step_name
        )));
    }
    if actor.id == f.author || actor.id == f.submitted_by {
        return Err(Error::Forbidden(
            "职责分离：起草或提交该版本的人不能审查它。".into(),
        ));
    }
    if f.decided_other_step || f.settled_findings {
        return Err(Error::Forbidden(
            "职责分离：同一轮审查中，一人只能处理一个步骤。".into(),
        ));
    }
    Ok(())
}

/// Reads the facts for a decision by `actor` at `step` of `round`.
pub(super) fn facts(
    conn: &Conn,
    actor: &Staff,
    item_office: i64,
    round: &Round,
    step: &Step,
    after_referral: bool,
) -> Result<RoundFacts> {
    let author = reviews::version_author(conn, round.item_id, round.version)?;
    let decided_other_step =
        reviews::decided_other_step(conn, round.id, actor.id, after_referral, round.position)?;
    let settled_findings =
        step.role != Role::Reviewer && reviews::settled_findings(conn, round.id, actor.id)?;
    Ok(RoundFacts {
        step_name: step.name.clone(),
        step_role: step.role,
        item_office,
        author,
        submitted_by: round.submitted_by,
        decided_other_step,
        settled_findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, office: i64, roles: &[Role]) -> Staff {
        Staff {
            id,
            name: format!("甲{id}"),
            office_id: office,
            office_name: String::new(),
            roles: roles.to_vec(),
            active: true,
            must_change_password: false,
        }
    }

    fn facts(role: Role) -> RoundFacts {
        RoundFacts {
            step_name: "保密审查".into(),
            step_role: role,
            item_office: 1,
            author: 10,
            submitted_by: 11,
            decided_other_step: false,
            settled_findings: false,
        }
    }

    #[test]
    fn each_rule_refuses_on_its_own() {
        let reviewer = person(20, 2, &[Role::Reviewer]);
        let head_here = person(21, 1, &[Role::OfficeHead]);
        let head_elsewhere = person(22, 2, &[Role::OfficeHead]);
        let author = person(10, 1, &[Role::OfficeHead, Role::Reviewer]);
        let submitter = person(11, 1, &[Role::OfficeHead]);
        let cases: &[(&Staff, RoundFacts, Option<&str>)] = &[
            (&reviewer, facts(Role::Reviewer), None),
            (&reviewer, facts(Role::Leader), Some("只能由")),
            (&head_here, facts(Role::OfficeHead), None),
            (
                &head_elsewhere,
                facts(Role::OfficeHead),
                Some("承办处室的负责人"),
            ),
            (&author, facts(Role::Reviewer), Some("起草或提交")),
            (&submitter, facts(Role::OfficeHead), Some("起草或提交")),
            (
                &reviewer,
                RoundFacts {
                    decided_other_step: true,
                    ..facts(Role::Reviewer)
                },
                Some("一人只能处理一个步骤"),
            ),
            (
                &reviewer,
                RoundFacts {
                    settled_findings: true,
                    ..facts(Role::Reviewer)
                },
                Some("一人只能处理一个步骤"),
            ),
        ];
        for (who, f, refused) in cases {
            let got = check_duties(who, f);
            match refused {
                None => assert!(got.is_ok(), "{} at {:?}: {got:?}", who.name, f),
                Some(why) => {
                    let e = got.expect_err(&format!("{} at {:?} is refused", who.name, f));
                    assert_eq!(e.code(), "forbidden");
                    assert!(e.to_string().contains(why), "{e}");
                }
            }
        }
    }
}
