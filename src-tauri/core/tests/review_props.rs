//! Separation of duties under random use: 10,000 random sequences of saves, submissions,
//! withdrawals, decisions, referral outcomes and settlements of scanner findings by random
//! people (several holding more than one role, one heading another office), with the
//! invariants checked against the database after every action. A third of the drafts carry a 身份证号 in their body, so
//! their rounds have a blocking finding to settle before approval.

use std::cell::RefCell;

use disclosure_core::item;
use disclosure_core::review::{self, Decision, DecisionInput, Settlement, SettlementKind};
use disclosure_core::scan::Severity;
use disclosure_core::staff::{Role, Staff};
use disclosure_core::store::open_connection;
use disclosure_core::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use rusqlite::Connection;

use crate::util::{add_person, bureau, office_id, Dir};

#[derive(Debug, Clone)]
enum Action {
    Edit {
        who: usize,
        change: bool,
    },
    Submit {
        who: usize,
    },
    Withdraw {
        who: usize,
    },
    Decide {
        who: usize,
        decision: Decision,
        grounds: bool,
        comment: bool,
    },
    /// The first person allowed takes the step (so sequences reach the deep states).
    Turn {
        pick: usize,
        decision: Decision,
        grounds: bool,
        comment: bool,
    },
    Referral {
        who: usize,
        decision: Decision,
    },
    /// Every unsettled blocking finding of the latest round, each by the first person
    /// allowed from `pick` on.
    Settle {
        pick: usize,
    },
}

/// A 身份证号 with a valid check character.
const ID: &str = "210302199001011238";

const PEOPLE: usize = 9;

fn decision() -> impl Strategy<Value = Decision> {
    prop_oneof![
        8 => Just(Decision::Approve),
        2 => Just(Decision::Return),
        1 => Just(Decision::Withhold),
        1 => Just(Decision::OnRequest),
        1 => Just(Decision::Partial),
        1 => Just(Decision::Refer),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    let who = 0..PEOPLE;
    prop_oneof![
        1 => (who.clone(), any::<bool>()).prop_map(|(who, change)| Action::Edit { who, change }),
        2 => who.clone().prop_map(|who| Action::Submit { who }),
        1 => who.clone().prop_map(|who| Action::Withdraw { who }),
        3 => (who.clone(), decision(), any::<bool>(), any::<bool>())
            .prop_map(|(who, decision, grounds, comment)| Action::Decide { who, decision, grounds, comment }),
        6 => (0..PEOPLE, decision(), any::<bool>(), any::<bool>())
            .prop_map(|(pick, decision, grounds, comment)| Action::Turn { pick, decision, grounds, comment }),
        1 => (who, decision()).prop_map(|(who, decision)| Action::Referral { who, decision }),
        2 => (0..PEOPLE).prop_map(|pick| Action::Settle { pick }),
    ]
}

/// Everything about one item's review, as the database holds it.
#[derive(Debug, PartialEq)]
struct Snapshot {
    status: String,
    version: i64,
    rounds: Vec<(i64, String, i64)>,
    decisions: i64,
    settled: i64,
}

fn snapshot(c: &Connection, id: i64) -> Snapshot {
    let (status, version) = c
        .query_row(
            "SELECT status, version FROM item WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let rounds = c
        .prepare(
            "SELECT round, outcome, position FROM review_round WHERE item_id = ?1 ORDER BY round",
        )
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let decisions = c
        .query_row(
            "SELECT COUNT(*) FROM review_decision d JOIN review_round r ON r.id = d.round_id WHERE r.item_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let settled = c
        .query_row(
            "SELECT COUNT(*) FROM scan_finding f JOIN review_round r ON r.id = f.round_id
             WHERE r.item_id = ?1 AND f.settlement IS NOT NULL",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    Snapshot {
        status,
        version,
        rounds,
        decisions,
        settled,
    }
}

/// The invariants of the review on item `id` (whose body holds a 身份证号 when `with_id`);
/// returns the first broken one.
pub(crate) fn check(
    c: &Connection,
    people: &[Staff],
    id: i64,
    with_id: bool,
) -> Result<(), String> {
    let role_of = |step: i64| -> Role {
        [Role::OfficeHead, Role::Reviewer, Role::Leader][(step - 1) as usize]
    };
    let person = |sid: i64| people.iter().find(|p| p.id == sid).cloned();
    let item_office: i64 = c
        .query_row("SELECT office_id FROM item WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    struct Row {
        round_id: i64,
        round: i64,
        submitted_by: i64,
        round_hash: String,
        author: i64,
        decision: String,
        grounds: String,
        by: i64,
        hash: String,
        comment: String,
        step: i64,
    }
    let rows: Vec<Row> = c
        .prepare(
            "SELECT r.id, r.round, r.submitted_by, r.content_hash,
                    (SELECT saved_by FROM item_version v WHERE v.item_id = r.item_id AND v.version = r.version),
                    d.decision, d.grounds, d.decided_by, d.content_hash, d.comment, d.step
             FROM review_round r JOIN review_decision d ON d.round_id = r.id
             WHERE r.item_id = ?1 ORDER BY d.id",
        )
        .unwrap()
        .query_map([id], |r| {
            Ok(Row {
                round_id: r.get(0)?,
                round: r.get(1)?,
                submitted_by: r.get(2)?,
                round_hash: r.get(3)?,
                author: r.get(4)?,
                decision: r.get(5)?,
                grounds: r.get(6)?,
                by: r.get(7)?,
                hash: r.get(8)?,
                comment: r.get(9)?,
                step: r.get(10)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut steps_by_person: std::collections::HashMap<(i64, i64), i64> = Default::default();
    for row in &rows {
        let Row {
            round_id,
            round,
            submitted_by,
            round_hash,
            author,
            decision,
            grounds,
            by,
            hash,
            comment,
            step,
        } = row;
        let step = *step;
        if by == author || by == submitted_by {
            return Err(format!(
                "round {round}: {by} decided on a version they wrote or submitted"
            ));
        }
        if let Some(other) = steps_by_person.insert((*round_id, *by), step) {
            if other != step {
                return Err(format!(
                    "round {round}: {by} decided steps {other} and {step}"
                ));
            }
        }
        let who = person(*by).ok_or("unknown decider")?;
        if !who.has(role_of(step)) {
            return Err(format!(
                "round {round}: {} lacks the role of step {step}",
                who.name
            ));
        }
        if step == 1 && who.office_id != item_office {
            return Err(format!(
                "round {round}: {} heads another office and decided the office step",
                who.name
            ));
        }
        if hash != round_hash {
            return Err(format!("round {round}: decision on another content hash"));
        }
        let d = Decision::parse(decision).ok_or("unknown decision")?;
        let grounds: Vec<String> = serde_json::from_str(grounds).unwrap_or_default();
        match d {
            Decision::Withhold | Decision::OnRequest | Decision::Partial if grounds.is_empty() => {
                return Err(format!("round {round}: {} without grounds", d.label()))
            }
            Decision::Return | Decision::Partial | Decision::Refer if comment.is_empty() => {
                return Err(format!("round {round}: {} without a comment", d.label()))
            }
            _ => {}
        }
        if !matches!(d, Decision::Approve | Decision::Return) && step != 2 {
            return Err(format!(
                "round {round}: {} outside the reviewer's step",
                d.label()
            ));
        }
        // Settlements are never undone, so what was unsettled at the approval still is.
        if d == Decision::Approve && step >= 2 && unsettled(c, *round_id) > 0 {
            return Err(format!(
                "round {round}: approved at step {step} with blocking findings unsettled"
            ));
        }
    }
    findings_check(c, people, id, with_id)?;
    // The item's status agrees with its rounds; an approved item is exactly what was approved.
    let snap = snapshot(c, id);
    let open = snap.rounds.iter().filter(|r| r.1 == "open").count();
    let last = snap.rounds.last();
    let consistent = match snap.status.as_str() {
        "draft" => {
            open == 0 && last.is_none_or(|r| matches!(r.1.as_str(), "returned" | "withdrawn"))
        }
        "in_review" => open == 1 && last.is_some_and(|r| r.1 == "open"),
        // Exported, published and revoked items (gen-demo and the crash test get there)
        // went out after their last round approved.
        "approved" | "exported" | "published" | "revoked" => {
            open == 0 && last.is_some_and(|r| r.1 == "approved")
        }
        "withheld" => open == 0 && last.is_some_and(|r| r.1 == "withheld" || r.1 == "on_request"),
        "referred" => open == 0 && last.is_some_and(|r| r.1 == "referred"),
        _ => false,
    };
    if !consistent {
        return Err(format!(
            "status {} with rounds {:?}",
            snap.status, snap.rounds
        ));
    }
    if matches!(
        snap.status.as_str(),
        "approved" | "exported" | "published" | "revoked"
    ) {
        let (round_id, version, hash): (i64, i64, String) = c
            .query_row(
                "SELECT id, version, content_hash FROM review_round WHERE item_id = ?1 ORDER BY round DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        if version != snap.version {
            return Err("approved, but the item moved on from the approved version".into());
        }
        let approvals: i64 = c
            .query_row(
                "SELECT COUNT(DISTINCT step) FROM review_decision WHERE round_id = ?1 AND decision = 'approve'",
                [round_id],
                |r| r.get(0),
            )
            .unwrap();
        if approvals != 3 {
            return Err(format!("approved with {approvals} of 3 steps approving"));
        }
        if item::version_hash(c, id, snap.version).unwrap() != hash {
            return Err("approved, but the content differs from what was approved".into());
        }
    }
    Ok(())
}

#[test]
fn separation_of_duties_holds_over_10000_random_sequences() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    // A second connection reads what the app's connection wrote, as another process would.
    let reader = open_connection(dir.path()).unwrap();
    let fagui = office_id(&b.store, "法规处");
    let bangong = office_id(&b.store, "办公室");
    let admin = b.admin.clone();
    let mut add = |name: &str, office: i64, roles: Vec<Role>| {
        add_person(&mut b.store, &admin, name, office, roles)
    };
    let people = vec![
        b.drafter.clone(),
        b.colleague.clone(),
        add("赵处长", fagui, vec![Role::OfficeHead]),
        // Drafts and heads the office: may head-approve only what others wrote and submitted.
        add("周处长", fagui, vec![Role::OfficeHead, Role::Drafter]),
        add("钱审查", bangong, vec![Role::Reviewer]),
        // Holds two roles of the chain: may take one step of a round, never both.
        add("吴审查", bangong, vec![Role::Reviewer, Role::Leader]),
        add("孙局长", bangong, vec![Role::Leader]),
        // Heads another office: never decides 法规处's 处室负责人审核.
        add("冯处长", bangong, vec![Role::OfficeHead]),
        add(
            "郑全能",
            fagui,
            vec![
                Role::Drafter,
                Role::OfficeHead,
                Role::Reviewer,
                Role::Leader,
            ],
        ),
    ];
    assert_eq!(people.len(), PEOPLE);
    let store = RefCell::new(b.store);
    let counter = RefCell::new(0u64);
    let ends = RefCell::new(std::collections::BTreeMap::<String, u32>::new());
    // The same 10,000 sequences on every run (PROPTEST_RNG_SEED=N explores others): a
    // test that passes today passes tomorrow, and a failure can be replayed.
    let defaults = Config::default();
    let rng_seed = match defaults.rng_seed {
        RngSeed::Random => RngSeed::Fixed(0x2026_1202),
        chosen => chosen,
    };
    let mut runner = TestRunner::new(Config {
        cases: 10_000,
        failure_persistence: None,
        rng_seed,
        ..defaults
    });
    runner
        .run(
            &(
                0..2usize,
                prop::bool::weighted(0.3),
                prop::collection::vec(action(), 1..16),
            ),
            |(author, with_id, actions)| {
                let mut store = store.borrow_mut();
                let author = &people[author];
                let id = b_create(&mut store, author, with_id);
                for a in &actions {
                    let before = snapshot(&reader, id);
                    let result = apply(&mut store, &people, id, a, &mut counter.borrow_mut());
                    if result.is_err() {
                        prop_assert_eq!(
                            &before,
                            &snapshot(&reader, id),
                            "a refused {:?} changed nothing",
                            a
                        );
                    }
                    if let Err(broken) = check(&reader, &people, id, with_id) {
                        return Err(TestCaseError::fail(format!("after {a:?}: {broken}")));
                    }
                }
                *ends
                    .borrow_mut()
                    .entry(snapshot(&reader, id).status)
                    .or_default() += 1;
                Ok(())
            },
        )
        .unwrap();
    // The sequences must reach every end, or the invariants were checked on too little.
    let ends = ends.into_inner();
    println!("final states over 10,000 sequences: {ends:?}");
    for status in ["draft", "in_review", "approved", "withheld", "referred"] {
        assert!(
            ends.get(status).copied().unwrap_or(0) >= 20,
            "too few end {status}: {ends:?}"
        );
    }
}

fn b_create(store: &mut Store, author: &Staff, with_id: bool) -> i64 {
    let mut input = crate::util::draft(store, author, "通知公告", "关于教师资格认定的通知");
    if with_id {
        input.body_html = format!("<p>联系人王芳，身份证号{ID}。</p>");
    }
    item::create(store, author, &input).unwrap().item.id
}

fn unsettled(c: &Connection, round_id: i64) -> i64 {
    c.query_row(
        "SELECT COUNT(*) FROM scan_finding WHERE round_id = ?1 AND severity = 'block' AND settlement IS NULL",
        [round_id],
        |r| r.get(0),
    )
    .unwrap()
}

/// Every round of an item with a 身份证号 has it as a blocking finding (and one without
/// has none); every settlement was made by a reviewer independent of the round.
fn findings_check(c: &Connection, people: &[Staff], id: i64, with_id: bool) -> Result<(), String> {
    let rounds: Vec<(i64, i64, i64, i64, i64)> = c
        .prepare(
            "SELECT r.id, r.round, r.submitted_by,
                    (SELECT saved_by FROM item_version v WHERE v.item_id = r.item_id AND v.version = r.version),
                    (SELECT COUNT(*) FROM scan_finding f WHERE f.round_id = r.id AND f.severity = 'block')
             FROM review_round r WHERE r.item_id = ?1",
        )
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (round_id, round, submitted_by, author, blocking) in rounds {
        if (blocking > 0) != with_id {
            return Err(format!("round {round}: {blocking} blocking findings"));
        }
        let settlers: Vec<i64> = c
            .prepare("SELECT settled_by FROM scan_finding WHERE round_id = ?1 AND settled_by IS NOT NULL")
            .unwrap()
            .query_map([round_id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for by in settlers {
            let who = people
                .iter()
                .find(|p| p.id == by)
                .ok_or("unknown settler")?;
            if !who.has(Role::Reviewer) || by == author || by == submitted_by {
                return Err(format!("round {round}: {} may not settle", who.name));
            }
            let other_step: bool = c
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM review_decision WHERE round_id = ?1 AND decided_by = ?2 AND step <> 2)",
                    [round_id, by],
                    |r| r.get(0),
                )
                .unwrap();
            if other_step {
                return Err(format!(
                    "round {round}: {} settled and decided another step",
                    who.name
                ));
            }
        }
    }
    Ok(())
}

fn decision_input(decision: Decision, grounds: bool, comment: bool) -> DecisionInput {
    DecisionInput {
        decision,
        grounds: if grounds { vec!["A15".into()] } else { vec![] },
        comment: if comment {
            "意见".into()
        } else {
            String::new()
        },
    }
}

fn apply(
    store: &mut Store,
    people: &[Staff],
    id: i64,
    a: &Action,
    counter: &mut u64,
) -> disclosure_core::Result<()> {
    match *a {
        Action::Edit { who, change } => {
            let mut f = item::get(store, id)?.fields;
            if change {
                *counter += 1;
                f.summary = format!("第 {counter} 次修改的内容概述。");
            }
            item::save(store, &people[who], id, &f, false).map(|_| ())
        }
        Action::Submit { who } => review::submit(store, &people[who], id).map(|_| ()),
        Action::Withdraw { who } => review::withdraw(store, &people[who], id).map(|_| ()),
        Action::Decide {
            who,
            decision,
            grounds,
            comment,
        } => {
            let input = decision_input(decision, grounds, comment);
            review::decide(store, &people[who], id, &input).map(|_| ())
        }
        Action::Turn {
            pick,
            decision,
            grounds,
            comment,
        } => {
            let input = decision_input(decision, grounds, comment);
            let referred = item::get(store, id)?.status == item::Status::Referred;
            // Everyone in turn from `pick` until one is allowed: each refusal is itself
            // an attempt the rules must turn down without a trace.
            let mut last = Ok(());
            for k in 0..PEOPLE {
                let who = &people[(pick + k) % PEOPLE];
                last = if referred {
                    review::record_referral(store, who, id, &input).map(|_| ())
                } else {
                    review::decide(store, who, id, &input).map(|_| ())
                };
                if !matches!(&last, Err(e) if e.code() == "forbidden") {
                    break;
                }
            }
            last
        }
        Action::Settle { pick } => {
            let open = review::findings(store, id)?
                .into_iter()
                .filter(|f| f.severity == Severity::Block && f.settlement.is_none());
            let mut last = Ok(());
            for f in open {
                for k in 0..PEOPLE {
                    let who = &people[(pick + k) % PEOPLE];
                    let s = Settlement {
                        kind: SettlementKind::FalsePositive,
                        note: "示例数据".into(),
                    };
                    last = review::settle(store, who, id, f.id.unwrap_or(0), &s).map(|_| ());
                    if !matches!(&last, Err(e) if e.code() == "forbidden") {
                        break;
                    }
                }
                if last.is_err() {
                    break;
                }
            }
            last
        }
        Action::Referral { who, decision } => {
            let input = DecisionInput {
                decision,
                grounds: vec!["A14-1".into()],
                comment: "市保密局复函".into(),
            };
            review::record_referral(store, &people[who], id, &input).map(|_| ())
        }
    }
}
