//! Builds the schema-7 fixture database for the upgrade test with the code of that version
//! (commit 7820636, the last before migration 0008). Kept in the repository as
//! src-tauri/core/tests/data/upgrade/make_v7_fixture.rs for the record; it only compiles
//! against that commit's core: `cargo run -p disclosure-core --example make_v7_fixture DIR`.
#![allow(clippy::unwrap_used)]

use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::item::{self, ItemInput};
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::staff::{self, NewStaff, Role, Staff};
use disclosure_core::{category, office, Store};

const PASSWORD: &str = "mima2026abc";

fn office_id(store: &Store, name: &str) -> i64 {
    office::list(store, true).unwrap().into_iter().find(|o| o.name == name).unwrap().id
}

fn person(store: &mut Store, admin: &Staff, name: &str, office: &str, role: Role) -> Staff {
    let office_id = office_id(store, office);
    let new = NewStaff { name: name.into(), office_id, roles: vec![role], password: PASSWORD.into() };
    staff::add(store, admin, &new).unwrap()
}

fn draft(store: &Store, actor: &Staff, category_name: &str, title: &str) -> ItemInput {
    let mut input = item::defaults(store, actor).unwrap();
    input.category_id = category::find(store, category_name).unwrap().id;
    input.title = title.into();
    input.summary = format!("{title}的内容概述。");
    input.topic = "教育".into();
    input.body_html = format!("<p>{title}正文第一稿。</p>");
    input
}

fn decide(store: &mut Store, who: &Staff, id: i64, decision: Decision, grounds: &[&str], comment: &str) {
    let input = DecisionInput {
        decision,
        grounds: grounds.iter().map(|g| g.to_string()).collect(),
        comment: comment.into(),
    };
    review::decide(store, who, id, &input).unwrap();
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DIR"));
    let mut store = Store::open(&dir).unwrap();
    let input = AgencyInput {
        name: "鞍山市教育局".into(),
        short_name: "鞍山市教育局".into(),
        org_code: "11210300MB0000000X".into(),
    };
    agency::bootstrap(&mut store, &input).unwrap();
    let bangong = office_id(&store, "办公室");
    let admin = staff::create_first_admin(&mut store, "管理员", bangong, PASSWORD).unwrap();
    let s = &mut store;
    let zhang = person(s, &admin, "张伟", "法规处", Role::Drafter);
    let head = person(s, &admin, "赵处长", "法规处", Role::OfficeHead);
    let reviewer = person(s, &admin, "钱审查", "办公室", Role::Reviewer);
    let leader = person(s, &admin, "孙局长", "办公室", Role::Leader);

    // 1. Approved after a return: two versions, two rounds.
    let mut a = draft(s, &zhang, "通知公告", "关于开展2026年教师资格认定工作的通知");
    let id_a = item::create(s, &zhang, &a).unwrap().item.id;
    let attachment = dir.join("认定工作安排.txt");
    std::fs::write(&attachment, "认定工作安排：报名、审核、发证。").unwrap();
    item::add_attachments(s, &zhang, id_a, &[attachment.clone()]).unwrap();
    std::fs::remove_file(&attachment).unwrap();
    review::submit(s, &zhang, id_a).unwrap();
    decide(s, &head, id_a, Decision::Return, &[], "请补充报名时间。");
    a.body_html = "<p>关于开展2026年教师资格认定工作的通知正文第二稿：报名时间为3月1日至3月15日。</p>".into();
    item::save(s, &zhang, id_a, &a, false).unwrap();
    review::submit(s, &zhang, id_a).unwrap();
    for who in [&head, &reviewer, &leader] {
        decide(s, who, id_a, Decision::Approve, &[], "同意。");
    }

    // 2. Withheld by the reviewer with a statutory ground.
    let b = draft(s, &zhang, "通知公告", "关于某校舍安全排查情况的通报");
    let id_b = item::create(s, &zhang, &b).unwrap().item.id;
    review::submit(s, &zhang, id_b).unwrap();
    decide(s, &head, id_b, Decision::Approve, &[], "同意。");
    let ground = review::grounds()[0].code.clone();
    decide(s, &reviewer, id_b, Decision::Withhold, &[ground.as_str()], "涉及安全信息，不予公开。");

    // 3. In review, waiting for the office head.
    let c = draft(s, &zhang, "通知公告", "关于举办中小学校园安全培训的通知");
    let id_c = item::create(s, &zhang, &c).unwrap().item.id;
    review::submit(s, &zhang, id_c).unwrap();

    // 4. A draft edited twice, never submitted.
    let mut d = draft(s, &zhang, "通知公告", "关于做好寒假期间学生安全工作的通知");
    let id_d = item::create(s, &zhang, &d).unwrap().item.id;
    d.body_html = "<p>寒假安全工作第二稿。</p>".into();
    item::save(s, &zhang, id_d, &d, false).unwrap();

    // What this version shows of every item, for the upgrade test to compare against.
    let mut items = Vec::new();
    for id in [id_a, id_b, id_c, id_d] {
        let versions = item::versions(&store, id).unwrap();
        let snapshots: Vec<_> = versions
            .iter()
            .map(|v| item::version(&store, id, v.version).unwrap())
            .collect();
        items.push(serde_json::json!({
            "item": item::get(&store, id).unwrap(),
            "versions": versions,
            "snapshots": snapshots,
            "history": review::history(&store, id).unwrap(),
        }));
    }
    let audit = disclosure_core::audit::verify(&store).unwrap();
    assert!(audit.ok);
    let expected = serde_json::json!({ "items": items, "audit_entries": audit.entries });
    std::fs::write(
        dir.join("expected.json"),
        serde_json::to_string_pretty(&expected).unwrap(),
    )
    .unwrap();
    drop(store);
    println!("fixture written to {}", dir.display());
}
