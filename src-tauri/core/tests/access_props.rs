//! 查看权限 under random data: random items (office, category, status, whether their
//! category's chain has its leader step) and a staff of every kind of role and office;
//! every read command and the list and search must answer exactly as the table in
//! `access`'s doc says — written out again here as the test's own oracle.

use std::collections::BTreeSet;

use disclosure_core::item::{self, ItemQuery, Scope};
use disclosure_core::staff::{Role, Staff};
use disclosure_core::{category, reads, review, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

use crate::util::{add_person, bureau, office_id, Dir};

const STATUSES: [&str; 8] = [
    "draft",
    "in_review",
    "approved",
    "withheld",
    "referred",
    "exported",
    "published",
    "revoked",
];
/// The last is an office's part of a 依申请公开 request (made a notice, then moved to that
/// category directly, as the statuses are set).
const CATEGORIES: [&str; 4] = ["通知公告", "政策文件", "部门预决算", "依申请公开答复材料"];
const OFFICES: [&str; 3] = ["法规处", "财审处", "办公室"];

/// The table, as the issue states it.
fn oracle(p: &Staff, status: &str, office: i64, leader_step: bool, part: bool) -> bool {
    let admin = p.has(Role::Admin);
    let own = p.office_id == office;
    if part && p.has(Role::RequestHandler) {
        return true;
    }
    match status {
        "approved" | "exported" | "published" | "revoked" => {
            !part || own || admin || p.has(Role::Reviewer) || p.has(Role::Leader)
        }
        "draft" => own || admin,
        "in_review" | "referred" => {
            own || admin || p.has(Role::Reviewer) || (leader_step && p.has(Role::Leader))
        }
        "withheld" => admin || p.has(Role::Reviewer) || p.has(Role::Leader),
        _ => false,
    }
}

#[test]
fn every_read_command_obeys_the_table() {
    let mut runner = TestRunner::new(Config {
        cases: 16,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x2026_1219),
        ..Config::default()
    });
    runner
        .run(
            &(
                prop::collection::vec((0..3usize, 0..8usize, 0..4usize), 12..30),
                any::<bool>(),
            ),
            |(items, leader_on_notices)| {
                check_case(&items, leader_on_notices);
                Ok(())
            },
        )
        .unwrap();
}

fn check_case(items: &[(usize, usize, usize)], leader_on_notices: bool) {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let admin = b.admin.clone();
    let office = |s: &Store, i: usize| office_id(s, OFFICES[i]);
    let (fagui, caishen, bangong) = (
        office(&b.store, 0),
        office(&b.store, 1),
        office(&b.store, 2),
    );
    let mut people = vec![b.drafter.clone(), b.other_office.clone(), admin.clone()];
    for (name, office, roles) in [
        ("赵处长", fagui, vec![Role::OfficeHead]),
        ("钱处长", caishen, vec![Role::OfficeHead, Role::Drafter]),
        ("孙审查", bangong, vec![Role::Reviewer]),
        ("李局长", bangong, vec![Role::Leader]),
        ("周发布", bangong, vec![Role::Publisher]),
        ("吴起草", bangong, vec![Role::Drafter]),
        (
            "郑承办",
            bangong,
            vec![Role::RequestHandler, Role::Publisher],
        ),
        ("冯承办", fagui, vec![Role::RequestHandler, Role::Drafter]),
    ] {
        people.push(add_person(&mut b.store, &admin, name, office, roles));
    }
    // The notices' chain with or without its leader step.
    let notices = category::find(&b.store, "通知公告").unwrap().id;
    let steps = review::chains(&b.store).unwrap();
    let chain = steps.iter().find(|c| c.category_id == notices).unwrap();
    let leader = chain.steps.iter().find(|s| s.role == Role::Leader).unwrap();
    review::set_step(
        &mut b.store,
        &admin,
        notices,
        leader.step,
        &review::StepUpdate {
            enabled: leader_on_notices,
            due_days: leader.due_days,
        },
    )
    .unwrap();
    let mut made = Vec::new();
    for (k, &(o, s, c)) in items.iter().enumerate() {
        let office_id = office(&b.store, o);
        let author = people
            .iter()
            .find(|p| p.office_id == office_id && p.has(Role::Drafter))
            .cloned()
            .unwrap();
        let mut input =
            crate::util::draft(&b.store, &author, CATEGORIES[c.min(2)], &format!("事项{k}"));
        input.office_id = office_id;
        let id = item::create(&mut b.store, &author, &input).unwrap().item.id;
        made.push((
            id,
            STATUSES[s],
            office_id,
            leader_on_notices || c != 0,
            c == 3,
        ));
    }
    drop(b);
    // The statuses are set directly: the rule reads the item as it stands.
    let conn = disclosure_core::store::open_connection(dir.path()).unwrap();
    for (k, &(_, s, c)) in items.iter().enumerate() {
        conn.execute(
            "UPDATE item SET status = ?2 WHERE id = ?1",
            rusqlite::params![made[k].0, STATUSES[s]],
        )
        .unwrap();
        if c == 3 {
            conn.execute(
                "UPDATE item SET category_id = (SELECT id FROM category WHERE code = 'request_reply')
                 WHERE id = ?1",
                [made[k].0],
            )
            .unwrap();
        }
    }
    let store = dir.open();
    let blank = crate::util::draft(&store, &people[0], CATEGORIES[0], "检查");
    for p in &people {
        let mut expected = BTreeSet::new();
        for &(id, status, office, leader_step, part) in &made {
            let may = oracle(p, status, office, leader_step, part);
            if may {
                expected.insert(id);
            }
            let answers = [
                ("item", reads::item(&store, p, id).is_ok()),
                ("versions", reads::versions(&store, p, id).is_ok()),
                ("version", reads::version(&store, p, id, 1).is_ok()),
                ("diff", reads::diff(&store, p, id, 1, 1).is_ok()),
                ("history", reads::history(&store, p, id).is_ok()),
                ("findings", reads::findings(&store, p, id).is_ok()),
                ("self_check", reads::self_check(&store, p, id).is_ok()),
                ("check", reads::check(&store, p, id).is_ok()),
                (
                    "check_draft",
                    reads::check_draft(&store, p, Some(id), &blank).is_ok(),
                ),
                ("due", reads::due(&store, p, id).is_ok()),
                (
                    "attachment",
                    reads::attachment(&store, p, id, 0).is_ok() || may,
                ),
            ];
            assert_eq!(
                answers.iter().map(|a| a.0).collect::<Vec<_>>().len(),
                reads::COMMANDS.len(),
                "every read command is checked here"
            );
            for (name, allowed) in answers {
                assert_eq!(
                    allowed, may,
                    "{name}: {} ({:?}, office {}) on a {status} item of office {office}",
                    p.name, p.roles, p.office_id
                );
            }
            // An attachment that does not exist is refused either way: what matters is
            // that the refusal for an unreadable item does not say more.
            if !may {
                let e = reads::attachment(&store, p, id, 0).unwrap_err();
                assert_eq!(e.code(), "not_found");
            }
        }
        for text in ["", "事项"] {
            let listed: BTreeSet<i64> = item::list(
                &store,
                p,
                &ItemQuery {
                    scope: Scope::All,
                    text: text.into(),
                    page_size: 200,
                    ..Default::default()
                },
            )
            .unwrap()
            .rows
            .iter()
            .map(|r| r.id)
            .collect();
            assert_eq!(listed, expected, "list {text:?} for {}", p.name);
        }
    }
}
