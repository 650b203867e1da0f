//! 保密审查: the chain, the decisions and separation of duties.

use disclosure_core::audit;
use disclosure_core::audit_admin;
use disclosure_core::item::{self, Status};
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::staff::{self, Role, Staff};

use crate::util::{add_person, bureau, office_id, Bureau, Dir};

/// A bureau with the three steps' people: office head 赵处长 (法规处), reviewer 钱审查 and
/// leader 孙局长 (办公室).
pub(crate) struct Chain {
    pub b: Bureau,
    pub head: Staff,
    pub reviewer: Staff,
    pub leader: Staff,
}

pub(crate) fn chain(dir: &Dir) -> Chain {
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

pub(crate) fn decide(
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
fn editing_a_submitted_item_withdraws_it_on_record() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (drafter, head) = (c.b.drafter.clone(), c.head.clone());
    let mut f = item::get(&c.b.store, id).unwrap().fields;
    // Saving what is already there changes nothing and withdraws nothing.
    item::save(&mut c.b.store, &drafter, id, &f, false).unwrap();
    assert_eq!(item::get(&c.b.store, id).unwrap().status, Status::InReview);
    // Someone from another office may not edit, and so may not withdraw it either (nor
    // learn that it exists: they may not read it).
    let other = c.b.other_office.clone();
    f.title = "改标题".into();
    assert_eq!(
        item::save(&mut c.b.store, &other, id, &f, false)
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(item::get(&c.b.store, id).unwrap().status, Status::InReview);

    let saved = item::save(&mut c.b.store, &drafter, id, &f, false).unwrap();
    assert_eq!(saved.item.status, Status::Draft);
    assert!(review::queue(&c.b.store, &head).unwrap().is_empty());
    let h = review::history(&c.b.store, id).unwrap();
    assert_eq!(h.rounds[0].outcome, "withdrawn");
    assert_eq!(h.rounds[0].closed_by_name.as_deref(), Some("张伟"));
    let log = audit_admin::recent(&c.b.store, Some(id), 10).unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "item.withdraw" && e.detail.contains("自动撤回")),
        "{log:?}"
    );
}

#[test]
fn the_history_keeps_every_round_its_comments_and_the_diff() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (drafter, head, reviewer) = (c.b.drafter.clone(), c.head.clone(), c.reviewer.clone());
    decide(&mut c, &head, id, Decision::Return, &[], "请补充认定时间").unwrap();
    let mut f = item::get(&c.b.store, id).unwrap().fields;
    f.body_html = "<p>关于教师资格认定的通知正文。</p><p>认定时间为每年五月。</p>".into();
    item::save(&mut c.b.store, &drafter, id, &f, false).unwrap();
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    decide(&mut c, &head, id, Decision::Approve, &[], "已补充").unwrap();

    let h = review::history(&c.b.store, id).unwrap();
    assert_eq!(h.rounds.len(), 2);
    assert_eq!(h.rounds[0].outcome_label, "已退回");
    let returned = &h.rounds[0].decisions[0];
    assert_eq!(
        (
            returned.step_name.as_str(),
            returned.decision,
            returned.comment.as_str()
        ),
        ("处室负责人审核", Decision::Return, "请补充认定时间")
    );
    assert_eq!(returned.decided_by_name, "赵处长");
    assert_eq!(h.rounds[1].outcome, "open");
    assert_eq!(h.rounds[1].decisions[0].comment, "已补充");
    let diff = h.diff.expect("a diff against the returned round");
    assert_eq!(diff.from, h.rounds[0].version);
    assert_eq!(diff.to, h.rounds[1].version);
    assert!(
        diff.body
            .iter()
            .any(|l| l.tag == "insert" && l.text.contains("认定时间为每年五月")),
        "{:?}",
        diff.body
    );
    // The reviewer now has it, and sees the same history.
    assert_eq!(review::queue(&c.b.store, &reviewer).unwrap().len(), 1);
}

#[test]
fn withheld_items_come_back_for_re_review_after_a_year() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (head, reviewer, drafter) = (c.head.clone(), c.reviewer.clone(), c.b.drafter.clone());
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    decide(
        &mut c,
        &reviewer,
        id,
        Decision::Withhold,
        &["A15"],
        "涉及个人隐私",
    )
    .unwrap();

    let today = disclosure_core::clock::today();
    let due = today.checked_add_months(chrono::Months::new(12)).unwrap();
    let h = review::history(&c.b.store, id).unwrap();
    let due_text = due.format("%Y-%m-%d").to_string();
    assert_eq!(h.rereview_on.as_deref(), Some(due_text.as_str()));
    assert_eq!(
        h.rounds[0].decisions[1].rereview_on.as_deref(),
        Some(due_text.as_str())
    );
    assert_eq!(h.rounds[0].decisions[1].grounds, vec!["A15".to_string()]);

    let rereviews = |c: &Chain, who: &Staff, on| -> usize {
        review::queue_on(&c.b.store, who, on)
            .unwrap()
            .iter()
            .filter(|e| e.kind == review::QueueKind::Rereview)
            .count()
    };
    assert_eq!(rereviews(&c, &reviewer, today), 0, "not due for a year");
    assert_eq!(rereviews(&c, &reviewer, due), 1);
    assert_eq!(rereviews(&c, &head, due), 0, "re-review is the reviewer's");

    let keep = review::RereviewInput {
        release: false,
        comment: "隐私理由仍然成立".into(),
    };
    assert_eq!(
        review::rereview(&mut c.b.store, &head, id, &keep)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    review::rereview(&mut c.b.store, &reviewer, id, &keep).unwrap();
    let h = review::history(&c.b.store, id).unwrap();
    assert_eq!(h.rereviews.len(), 1);
    assert!(!h.rereviews[0].release);
    assert_eq!(
        h.rereview_on.as_deref(),
        Some(due_text.as_str()),
        "a year from today again"
    );

    let release = review::RereviewInput {
        release: true,
        comment: "当事人已同意公开".into(),
    };
    let it = review::rereview(&mut c.b.store, &reviewer, id, &release).unwrap();
    assert_eq!(it.status, Status::Draft);
    assert_eq!(rereviews(&c, &reviewer, due), 0);
    assert_eq!(review::history(&c.b.store, id).unwrap().rereview_on, None);
    // Released, it goes through the whole chain again before anything leaves.
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    assert_eq!(review::queue(&c.b.store, &head).unwrap().len(), 1);
}

#[test]
fn a_referral_outcome_resumes_the_chain_where_it_paused() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (head, reviewer, leader) = (c.head.clone(), c.reviewer.clone(), c.leader.clone());
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    decide(
        &mut c,
        &reviewer,
        id,
        Decision::Refer,
        &[],
        "报市保密局审核",
    )
    .unwrap();
    assert!(review::queue(&c.b.store, &leader).unwrap().is_empty());
    let q = review::queue(&c.b.store, &reviewer).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].kind, review::QueueKind::Referral);

    let outcome = |comment: &str| DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: comment.into(),
    };
    // The outcome is the reviewer's to record, with the authority's answer.
    assert_eq!(
        review::record_referral(&mut c.b.store, &leader, id, &outcome("同意"))
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        review::record_referral(&mut c.b.store, &reviewer, id, &outcome(""))
            .unwrap_err()
            .field(),
        Some("comment")
    );
    assert_eq!(item::get(&c.b.store, id).unwrap().status, Status::Referred);
    let it = review::record_referral(
        &mut c.b.store,
        &reviewer,
        id,
        &outcome("市保密局复函：同意公开"),
    )
    .unwrap();
    assert_eq!(it.status, Status::InReview);
    let h = review::history(&c.b.store, id).unwrap();
    let last = h.rounds[0].decisions.last().unwrap();
    assert!(last.after_referral);
    assert_eq!(last.step_name, "保密审查员审查");
    // The one who referred still may not take the leader's step.
    assert_eq!(review::queue(&c.b.store, &leader).unwrap().len(), 1);
    decide(&mut c, &leader, id, Decision::Approve, &[], "").unwrap();
    assert_eq!(item::get(&c.b.store, id).unwrap().status, Status::Approved);
}

#[test]
fn the_leader_step_can_be_switched_off_per_category_and_only_it() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let admin = c.b.admin.clone();
    let chains = review::chains(&c.b.store).unwrap();
    let notice = chains
        .iter()
        .find(|ch| ch.category_name == "通知公告")
        .unwrap();
    let category = notice.category_id;
    assert_eq!(notice.steps.len(), 3);
    assert_eq!(
        review::set_step(
            &mut c.b.store,
            &admin,
            category,
            2,
            &review::StepUpdate {
                due_days: 5,
                enabled: false
            }
        )
        .unwrap_err()
        .field(),
        Some("enabled")
    );
    assert_eq!(
        review::set_step(
            &mut c.b.store,
            &c.head.clone(),
            category,
            3,
            &review::StepUpdate {
                due_days: 5,
                enabled: false
            }
        )
        .unwrap_err()
        .code(),
        "forbidden"
    );
    let after = review::set_step(
        &mut c.b.store,
        &admin,
        category,
        3,
        &review::StepUpdate {
            due_days: 3,
            enabled: false,
        },
    )
    .unwrap();
    let step3 = &after
        .iter()
        .find(|ch| ch.category_id == category)
        .unwrap()
        .steps[2];
    assert!(!step3.enabled);
    assert_eq!(step3.due_days, 3);

    let id = submitted(&mut c);
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let it = decide(&mut c, &reviewer, id, Decision::Approve, &[], "").unwrap();
    assert_eq!(it.status, Status::Approved, "two steps without the leader");
}

#[test]
fn queue_due_dates_count_working_days() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let head = c.head.clone();
    let q = review::queue(&c.b.store, &head).unwrap();
    assert_eq!(q[0].item_id, id);
    let cal = disclosure_core::calendar::Calendar::shipped();
    let submitted_on = disclosure_core::calendar::date_of(&q[0].submitted_at).unwrap();
    let due = chrono::NaiveDate::parse_from_str(&q[0].due_on, "%Y-%m-%d").unwrap();
    assert_eq!(cal.working_days_between(submitted_on, due), 5);
    assert!(cal.is_working_day(due));
}

#[test]
fn the_dashboard_shows_my_steps_my_returned_drafts_and_counts() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c);
    let (head, drafter) = (c.head.clone(), c.b.drafter.clone());
    let d = disclosure_core::dashboard::get(&c.b.store, &head).unwrap();
    assert_eq!(d.todo.len(), 1);
    assert!(d.returned.is_empty());
    decide(&mut c, &head, id, Decision::Return, &[], "请补充附件").unwrap();
    let mine = disclosure_core::dashboard::get(&c.b.store, &drafter).unwrap();
    assert_eq!(mine.returned.len(), 1);
    assert_eq!(mine.returned[0].comment, "请补充附件");
    assert_eq!(mine.returned[0].decided_by_name, "赵处长");
    let drafts = mine
        .by_status
        .iter()
        .find(|s| s.status == Status::Draft)
        .unwrap();
    assert_eq!(drafts.count, 1);
    // Someone in another office does not see it as theirs.
    let other = c.b.other_office.clone();
    assert!(disclosure_core::dashboard::get(&c.b.store, &other)
        .unwrap()
        .returned
        .is_empty());
    // Resubmitted, it is no longer a returned draft.
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    assert!(disclosure_core::dashboard::get(&c.b.store, &drafter)
        .unwrap()
        .returned
        .is_empty());
}

#[test]
fn a_batch_is_decided_whole_or_not_at_all() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let ids: Vec<i64> = (0..5).map(|_| submitted(&mut c)).collect();
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    let approve = DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: String::new(),
    };
    let entries = audit::verify(&c.b.store).unwrap().entries;
    // Not the reviewer's step yet: the whole batch is refused, naming the item.
    let err = review::decide_many(&mut c.b.store, &reviewer, &ids, &approve).unwrap_err();
    assert!(err.to_string().contains("处室负责人"), "{err}");
    // One item already past the first step: refused with its 索引号, nothing recorded.
    decide(&mut c, &head, ids[2], Decision::Approve, &[], "").unwrap();
    let third = item::get(&c.b.store, ids[2]).unwrap().index_no;
    let entries_after_one = audit::verify(&c.b.store).unwrap().entries;
    assert_eq!(entries_after_one, entries + 1);
    let err = review::decide_many(&mut c.b.store, &head, &ids, &approve).unwrap_err();
    assert!(err.to_string().contains(&third), "{err}");
    assert_eq!(
        audit::verify(&c.b.store).unwrap().entries,
        entries_after_one
    );
    for id in [ids[0], ids[1], ids[3], ids[4]] {
        assert!(review::queue(&c.b.store, &head)
            .unwrap()
            .iter()
            .any(|q| q.item_id == id));
    }
    // The others, together: each moves to the next step, each decision audited.
    let rest = [ids[0], ids[1], ids[3], ids[4]];
    assert_eq!(
        review::decide_many(&mut c.b.store, &head, &rest, &approve).unwrap(),
        4
    );
    let check = audit::verify(&c.b.store).unwrap();
    assert!(check.ok);
    assert_eq!(check.entries, entries_after_one + 4);
    assert_eq!(review::queue(&c.b.store, &reviewer).unwrap().len(), 5);
    // Separation of duties per item: the drafter may not approve their own items in a batch.
    let drafter = c.b.drafter.clone();
    let err = review::decide_many(&mut c.b.store, &drafter, &rest, &approve).unwrap_err();
    assert!(matches!(err, disclosure_core::Error::Forbidden(_)), "{err}");
}
