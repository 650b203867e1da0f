//! Upgrades keep data: a database written by the previous schema version (7, before the
//! upload bundle's migration 0008) with items, versions, attachments and review rounds is
//! opened by the current code. Every item, version and review round reads back exactly as
//! the old code showed it, the audit chain written by the old code still verifies, and work
//! continues on the upgraded data.
//!
//! The fixture (tests/data/upgrade/v7/) was written by the code of commit 7820636 with
//! tests/data/upgrade/make_v7_fixture.rs, which also saved what that code returned for
//! every item (`expected.json`).

use std::path::Path;

use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::store::{latest_version, open_connection, schema_version};
use disclosure_core::{audit, blobs, item, overview, staff, Store};
use serde_json::Value;

use crate::util::Dir;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/upgrade/v7");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every field the old code returned has the same value now (new fields may be added).
fn assert_contains(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let got = a.get(k).unwrap_or_else(|| panic!("{path}.{k} is missing"));
                assert_contains(v, got, &format!("{path}.{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}: length");
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                assert_contains(ev, av, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(expected, actual, "{path}"),
    }
}

fn upgraded() -> (Dir, Store, Value) {
    let dir = Dir::new();
    copy_dir(Path::new(FIXTURE), dir.path());
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("expected.json")).unwrap()).unwrap();
    {
        let conn = open_connection(dir.path()).unwrap();
        assert_eq!(
            schema_version(&conn).unwrap(),
            7,
            "the fixture is at version 7"
        );
    }
    let store = Store::open(dir.path()).unwrap();
    (dir, store, expected)
}

#[test]
fn a_version_7_database_opens_at_the_latest_version_with_every_item_and_its_history() {
    let (dir, store, expected) = upgraded();
    let conn = open_connection(dir.path()).unwrap();
    assert_eq!(schema_version(&conn).unwrap(), latest_version());

    let items = expected["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    for e in items {
        let id = e["item"]["id"].as_i64().unwrap();
        let now = serde_json::to_value(item::get(&store, id).unwrap()).unwrap();
        assert_contains(&e["item"], &now, &format!("item {id}"));
        let versions = item::versions(&store, id).unwrap();
        assert_contains(
            &e["versions"],
            &serde_json::to_value(&versions).unwrap(),
            &format!("item {id} versions"),
        );
        for (v, snap) in versions.iter().zip(e["snapshots"].as_array().unwrap()) {
            let now = serde_json::to_value(item::version(&store, id, v.version).unwrap()).unwrap();
            assert_contains(snap, &now, &format!("item {id} version {}", v.version));
        }
        let history = serde_json::to_value(review::history(&store, id).unwrap()).unwrap();
        assert_contains(&e["history"], &history, &format!("item {id} history"));
    }

    // What the fixture holds, stated plainly (so a broken fixture cannot pass silently).
    let statuses: Vec<&str> = items
        .iter()
        .map(|e| e["item"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["approved", "withheld", "in_review", "draft"]);
    let approved = &items[0];
    // Returned once, then approved: two rounds over three versions (draft, attachment, fix).
    assert_eq!(approved["history"]["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(approved["versions"].as_array().unwrap().len(), 3);

    // The attachment's bytes are still where the item says.
    let it = item::get(&store, approved["item"]["id"].as_i64().unwrap()).unwrap();
    assert_eq!(it.attachments.len(), 1);
    let bytes = std::fs::read(blobs::path(dir.path(), &it.attachments[0].sha256)).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "认定工作安排：报名、审核、发证。"
    );

    // 设置 → 关于 reports the sizes on disk: the one attachment, and at least the db file.
    let about = overview::get(&store).unwrap();
    assert_eq!(about.blob_bytes, it.attachments[0].size as u64);
    let db_file = std::fs::metadata(dir.path().join("disclosure.db"))
        .unwrap()
        .len();
    assert!(about.db_bytes >= db_file, "{} < {db_file}", about.db_bytes);
    assert_eq!(about.app_version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn the_old_audit_chain_verifies_and_grows_after_the_upgrade() {
    let (_dir, mut store, expected) = upgraded();
    let check = audit::verify(&store).unwrap();
    assert!(check.ok, "{check:?}");
    assert_eq!(check.entries, expected["audit_entries"].as_i64().unwrap());

    // Work goes on: the old draft is submitted and approved by the office head.
    let draft_id = expected["items"][3]["item"]["id"].as_i64().unwrap();
    let zhang = staff::find_by_name(&store, "张伟").unwrap();
    let head = staff::find_by_name(&store, "赵处长").unwrap();
    review::submit(&mut store, &zhang, draft_id).unwrap();
    let approve = DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: "同意。".into(),
    };
    review::decide(&mut store, &head, draft_id, &approve).unwrap();
    let check = audit::verify(&store).unwrap();
    assert!(check.ok, "{check:?}");
    assert!(check.entries > expected["audit_entries"].as_i64().unwrap());
}
