//! 保密审查: the chain, the decisions and separation of duties.

use disclosure_core::audit;
use disclosure_core::item::{self, Status};
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::staff::{self, Role, Staff};

use crate::util::{add_person, bureau, office_id, Bureau, Dir};

struct Chain {
    b: Bureau,
    head: Staff,
    reviewer: Staff,
    leader: Staff,
}

fn chain(dir: &Dir) -> Chain {
    let mut b = bureau(dir);
    let fagui = office_id(&b.store, "法规处");
    let bangong = office_id(&b.store, "办公室");
    let admin = b.admin.clone();
    let mut add = |name: &str, office: i64, roles: Vec<Role>| {
        add_person(&mut b.store, &admin, name, office, roles)
    };
    let head = add("赵处长", fagui, vec![Role::OfficeHead]);
    let reviewer = add("钱审查", bangong, vec![Role::Reviewer]);
    let leader = add("孙局长", bangong, vec![Role::Leader]);
    Chain {
        b,
        head,
        reviewer,
        leader,
    }
}

fn decide(
    c: &mut Chain,
    who: &Staff,
    id: i64,
    d: Decision,
    grounds: &[&str],
    comment: &str,
) -> disclosure_core::Result<item::Item> {
    review::decide(
        &mut c.b.store,
        who,
        id,
        &DecisionInput {
            decision: d,
            grounds: grounds.iter().map(|g| g.to_string()).collect(),
            comment: comment.into(),
        },
    )
}

fn submitted(c: &mut Chain) -> i64 {
    let drafter = c.b.drafter.clone();
    let id =
        c.b.create(&drafter, "通知公告", "关于教师资格认定的通知")
            .unwrap()
            .item
            .id;
    let it = review::submit(&mut c.b.store, &drafter, id).unwrap();
    assert_eq!(it.status, Status::InReview);
    id
}

#[test]
fn three_steps_approve_an_item() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (head, reviewer, leader) = (c.head.clone(), c.reviewer.clone(), c.leader.clone());
    assert_eq!(review::queue(&c.b.store, &head).unwrap().len(), 1);
    assert!(
        review::queue(&c.b.store, &reviewer).unwrap().is_empty(),
        "not the reviewer's turn yet"
    );
    decide(&mut c, &head, id, Decision::Approve, &[], "同意").unwrap();
    assert_eq!(
        review::queue(&c.b.store, &reviewer).unwrap()[0].step_name,
        "保密审查员审查"
    );
    decide(&mut c, &reviewer, id, Decision::Approve, &[], "").unwrap();
    let it = decide(&mut c, &leader, id, Decision::Approve, &[], "").unwrap();
    assert_eq!(it.status, Status::Approved);
    assert!(audit::verify(&c.b.store).unwrap().ok);
}

#[test]
fn the_author_never_approves_their_version_even_holding_the_role() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let admin = c.b.admin.clone();
    let drafter = c.b.drafter.clone();
    let both = staff::update(
        &mut c.b.store,
        &admin,
        drafter.id,
        &staff::StaffUpdate {
            office_id: drafter.office_id,
            roles: vec![Role::Drafter, Role::OfficeHead],
            active: true,
        },
    )
    .unwrap();
    let id = submitted(&mut c);
    assert!(review::queue(&c.b.store, &both).unwrap().is_empty());
    let err = decide(&mut c, &both, id, Decision::Approve, &[], "").unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err.to_string().contains("职责分离"), "{err}");
    let colleague = c.b.colleague.clone();
    let err = decide(&mut c, &colleague, id, Decision::Approve, &[], "").unwrap_err();
    assert!(err.to_string().contains("处室负责人"), "{err}");
}

#[test]
fn no_one_decides_two_steps_of_a_round() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let admin = c.b.admin.clone();
    let head = c.head.clone();
    let head = staff::update(
        &mut c.b.store,
        &admin,
        head.id,
        &staff::StaffUpdate {
            office_id: head.office_id,
            roles: vec![Role::OfficeHead, Role::Reviewer],
            active: true,
        },
    )
    .unwrap();
    let id = submitted(&mut c);
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let err = decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap_err();
    assert!(err.to_string().contains("一人只能处理一个步骤"), "{err}");
    assert_eq!(item::get(&c.b.store, id).unwrap().status, Status::InReview);
}

#[test]
fn returns_need_a_comment_and_resubmission_starts_a_new_round() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let head = c.head.clone();
    assert_eq!(
        decide(&mut c, &head, id, Decision::Return, &[], " ")
            .unwrap_err()
            .field(),
        Some("comment")
    );
    let it = decide(&mut c, &head, id, Decision::Return, &[], "请补充办理时限。").unwrap();
    assert_eq!(it.status, Status::Draft);
    let drafter = c.b.drafter.clone();
    let mut f = it.fields.clone();
    f.body_html = "<p>办理时限为 20 个工作日。</p>".into();
    item::save(&mut c.b.store, &drafter, id, &f, false).unwrap();
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    assert_eq!(review::queue(&c.b.store, &head).unwrap()[0].round, 2);
    // The same head may decide again in the new round.
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
}

#[test]
fn withholding_cites_grounds_and_only_the_reviewer_may_withhold() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    let err = decide(&mut c, &head, id, Decision::Withhold, &["A15"], "").unwrap_err();
    assert!(err.to_string().contains("只能在保密审查步骤"), "{err}");
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    assert_eq!(
        decide(&mut c, &reviewer, id, Decision::Withhold, &[], "")
            .unwrap_err()
            .field(),
        Some("grounds")
    );
    assert_eq!(
        decide(&mut c, &reviewer, id, Decision::Withhold, &["A99"], "")
            .unwrap_err()
            .field(),
        Some("grounds")
    );
    let it = decide(
        &mut c,
        &reviewer,
        id,
        Decision::Withhold,
        &["a15"],
        "涉及个人隐私",
    )
    .unwrap();
    assert_eq!(it.status, Status::Withheld);
}

#[test]
fn referral_pauses_and_drafts_failing_the_rules_cannot_be_submitted() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let it = decide(
        &mut c,
        &reviewer,
        id,
        Decision::Refer,
        &[],
        "报市保密局审核",
    )
    .unwrap();
    assert_eq!(it.status, Status::Referred);

    let drafter = c.b.drafter.clone();
    let budget =
        c.b.create(&drafter, "部门预决算", "缺内容的预算")
            .unwrap()
            .item
            .id;
    let err = review::submit(&mut c.b.store, &drafter, budget).unwrap_err();
    assert!(err.to_string().contains("部门预决算还缺少"), "{err}");
    assert_eq!(item::get(&c.b.store, budget).unwrap().status, Status::Draft);
}

#[test]
fn submitted_items_cannot_be_edited_until_withdrawn() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let drafter = c.b.drafter.clone();
    let mut f = item::get(&c.b.store, id).unwrap().fields;
    f.title = "改标题".into();
    assert_eq!(
        item::save(&mut c.b.store, &drafter, id, &f, false)
            .unwrap_err()
            .code(),
        "conflict"
    );
    review::withdraw(&mut c.b.store, &drafter, id).unwrap();
    item::save(&mut c.b.store, &drafter, id, &f, false).unwrap();
    let head = c.head.clone();
    assert!(review::queue(&c.b.store, &head).unwrap().is_empty());
}
