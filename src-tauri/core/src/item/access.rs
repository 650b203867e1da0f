//! 查看权限 — who may read which item, for every read command and the CLI.
//!
//! | the item is | who may read it |
//! |---|---|
//! | 草稿 (drafts, returned ones included) | its office, and administrators |
//! | 审查中, 待报审 | its office, whoever holds a step of its review chain (the role of an enabled step), administrators |
//! | 不予公开 | 保密审查员, 分管领导 and administrators only |
//! | 已通过, 已导出, 已发布, 已撤回 | everyone signed in |
//!
//! An office's part of a 依申请公开 request (category 依申请公开答复材料, `request::parts`) is
//! answered to one applicant, never published: past review it stays with its office,
//! 保密审查员, 分管领导 and administrators; 依申请承办人 read it at every stage.
//!
//! Old versions from before a masking (脱敏) and the scanner's excerpts of personal data are
//! for 保密审查员, 分管领导 and administrators only ([`may_see_unmasked`]).
//!
//! [`can_read`] is the rule as a pure function of facts; [`list_clause`] is the same rule
//! as an SQL condition on the items table (alias `i`) for lists and counts (its SQL is
//! written in `store::people`, with the query of an item's facts). A property test
//! checks both against each other and every read command against the table.

use crate::error::{Error, Result};
use crate::item::Status;
use crate::staff::{Role, Staff};
use crate::store::{people, Conn};

/// What the rule needs to know of an item.
#[derive(Debug, Clone, Copy)]
pub struct ItemFacts {
    pub status: Status,
    pub office_id: i64,
    /// The roles of the enabled steps of its category's review chain.
    pub chain_has_reviewer: bool,
    pub chain_has_leader: bool,
    /// An office's part of a 依申请公开 request.
    pub request_part: bool,
}

/// Whether `actor` may read an item with these facts.
pub fn can_read(actor: &Staff, item: &ItemFacts) -> bool {
    if actor.has(Role::Admin) {
        return true;
    }
    let own_office = actor.office_id == item.office_id;
    if item.request_part && actor.has(Role::RequestHandler) {
        return true;
    }
    match item.status {
        Status::Approved | Status::Exported | Status::Published | Status::Revoked => {
            !item.request_part || own_office || actor.has(Role::Reviewer) || actor.has(Role::Leader)
        }
        Status::Draft => own_office,
        Status::InReview | Status::Referred => {
            own_office
                || (item.chain_has_reviewer && actor.has(Role::Reviewer))
                || (item.chain_has_leader && actor.has(Role::Leader))
        }
        Status::Withheld => actor.has(Role::Reviewer) || actor.has(Role::Leader),
    }
}

/// Whether `actor` may see what masking removed: versions from before a masking and the
/// scanner's excerpts (the personal data found).
pub fn may_see_unmasked(actor: &Staff) -> bool {
    actor.has(Role::Reviewer) || actor.has(Role::Leader) || actor.has(Role::Admin)
}

/// The same answer to everything an actor may not read as to what does not exist, so an
/// item's existence is not given away by its number.
pub fn not_found() -> Error {
    Error::NotFound("找不到该事项，或您没有查看它的权限。".into())
}

/// Reads the facts of item `id` (deleted items included: their rows stay).
pub(crate) fn facts(conn: &Conn, id: i64) -> Result<Option<ItemFacts>> {
    Ok(people::item_access(conn, id)?.map(|row| ItemFacts {
        status: Status::parse(&row.status).unwrap_or(Status::Draft),
        office_id: row.office_id,
        chain_has_reviewer: row.chain_has_reviewer,
        chain_has_leader: row.chain_has_leader,
        request_part: row.request_part,
    }))
}

/// Refuses (as not found) an item `actor` may not read.
pub fn check(store: &crate::store::Store, actor: &Staff, id: i64) -> Result<()> {
    check_conn(store.conn(), actor, id)
}

pub(crate) fn check_conn(conn: &Conn, actor: &Staff, id: i64) -> Result<()> {
    match facts(conn, id)? {
        Some(f) if can_read(actor, &f) => Ok(()),
        _ => Err(not_found()),
    }
}

/// [`can_read`] as an SQL condition on `item i` whose every `?` is the one argument
/// returned with it (the actor's office); `None` when the actor may read everything
/// (administrators).
pub fn list_clause(actor: &Staff) -> Option<people::Clause> {
    if actor.has(Role::Admin) {
        return None;
    }
    Some(people::readable_clause(
        actor.office_id,
        actor.has(Role::Reviewer),
        actor.has(Role::Leader),
        actor.has(Role::RequestHandler),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(office_id: i64, roles: &[Role]) -> Staff {
        Staff {
            id: 1,
            name: "某人".into(),
            office_id,
            office_name: String::new(),
            roles: roles.to_vec(),
            active: true,
            must_change_password: false,
        }
    }

    fn item(status: Status, office_id: i64) -> ItemFacts {
        ItemFacts {
            status,
            office_id,
            chain_has_reviewer: true,
            chain_has_leader: true,
            request_part: false,
        }
    }

    #[test]
    fn the_table_of_the_module_doc() {
        let drafter = person(1, &[Role::Drafter]);
        let other_office = person(2, &[Role::Drafter, Role::OfficeHead]);
        let reviewer = person(3, &[Role::Reviewer]);
        let leader = person(4, &[Role::Leader]);
        let publisher = person(5, &[Role::Publisher]);
        let admin = person(6, &[Role::Admin]);
        for s in [
            Status::Approved,
            Status::Exported,
            Status::Published,
            Status::Revoked,
        ] {
            for p in [
                &drafter,
                &other_office,
                &reviewer,
                &leader,
                &publisher,
                &admin,
            ] {
                assert!(can_read(p, &item(s, 1)), "{s:?}");
            }
        }
        let draft = item(Status::Draft, 1);
        assert!(can_read(&drafter, &draft) && can_read(&admin, &draft));
        for p in [&other_office, &reviewer, &leader, &publisher] {
            assert!(!can_read(p, &draft));
        }
        let in_review = item(Status::InReview, 1);
        for p in [&drafter, &reviewer, &leader, &admin] {
            assert!(can_read(p, &in_review));
        }
        assert!(!can_read(&other_office, &in_review));
        assert!(!can_read(&publisher, &in_review));
        // A leader holds no step of a chain whose leader step is switched off.
        let no_leader = ItemFacts {
            chain_has_leader: false,
            ..in_review
        };
        assert!(!can_read(&leader, &no_leader));
        let withheld = item(Status::Withheld, 1);
        for p in [&reviewer, &leader, &admin] {
            assert!(can_read(p, &withheld));
        }
        for p in [&drafter, &other_office, &publisher] {
            assert!(!can_read(p, &withheld));
        }
        assert!(may_see_unmasked(&reviewer) && !may_see_unmasked(&drafter));
    }

    #[test]
    fn a_request_part_is_never_read_by_everyone() {
        let office = person(1, &[Role::Drafter]);
        let other_office = person(2, &[Role::Drafter, Role::OfficeHead]);
        let publisher = person(5, &[Role::Publisher]);
        let handler = person(5, &[Role::RequestHandler]);
        let reviewer = person(3, &[Role::Reviewer]);
        for s in [
            Status::Draft,
            Status::InReview,
            Status::Approved,
            Status::Withheld,
        ] {
            let part = ItemFacts {
                request_part: true,
                ..item(s, 1)
            };
            assert!(can_read(&handler, &part), "{s:?}");
            assert!(!can_read(&other_office, &part), "{s:?}");
            assert!(!can_read(&publisher, &part), "{s:?}");
        }
        let approved = ItemFacts {
            request_part: true,
            ..item(Status::Approved, 1)
        };
        assert!(can_read(&office, &approved) && can_read(&reviewer, &approved));
    }
}
