use disclosure_core::store::{apply_up_to, latest_version, open_connection, schema_version};
use disclosure_core::{office, overview, plan, Error, Store};

use crate::util::Dir;

#[test]
fn an_empty_directory_becomes_a_seeded_store_at_the_latest_version() {
    let dir = Dir::new();
    let store = dir.open();
    let o = overview::get(&store).unwrap();
    assert_eq!(o.schema_version, latest_version());
    assert_eq!(o.agency, "鞍山市教育局");
    // The plan's ten offices and 局领导.
    assert_eq!(o.counts.offices, 11);
    assert_eq!(o.counts.plan_tasks, 14);
    assert!(dir.path().join("disclosure.db").exists());
}

#[test]
fn connections_use_wal_and_foreign_keys() {
    let dir = Dir::new();
    drop(dir.open());
    let conn = open_connection(dir.path()).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn every_earlier_version_upgrades_to_the_latest() {
    for start in 0..latest_version() {
        let dir = Dir::new();
        let mut conn = open_connection(dir.path()).unwrap();
        apply_up_to(&mut conn, start).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), start);
        drop(conn);
        let store = Store::open(dir.path()).unwrap();
        let o = overview::get(&store).unwrap();
        assert_eq!(o.schema_version, latest_version(), "from version {start}");
        assert_eq!(o.counts.offices, 11, "from version {start}");
    }
}

#[test]
fn reopening_does_not_seed_twice_or_undo_edits() {
    let dir = Dir::new();
    let b = crate::util::bureau(&dir);
    let mut store = b.store;
    let first = office::list(&store, true).unwrap()[0].clone();
    office::rename(&mut store, &b.admin, first.id, "综合办公室").unwrap();
    drop(store);
    let store = dir.open();
    let offices = office::list(&store, true).unwrap();
    assert_eq!(offices.len(), 11);
    assert_eq!(offices[0].name, "综合办公室");
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = Dir::new();
    drop(dir.open());
    let newer = latest_version() + 1;
    {
        let conn = open_connection(dir.path()).unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
    }
    let before = std::fs::read(dir.path().join("disclosure.db")).unwrap();
    let err = Store::open(dir.path())
        .err()
        .expect("newer database is refused");
    assert!(matches!(err, Error::NewerDatabase { found, .. } if found == newer));
    assert_eq!(err.code(), "db_newer");
    assert!(err.to_string().contains("请升级本程序"));
    let after = std::fs::read(dir.path().join("disclosure.db")).unwrap();
    assert_eq!(before, after, "a refused database is not written to");
}

#[test]
fn an_unwritable_data_dir_gets_a_chinese_error() {
    let dir = Dir::new();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = Store::open(&file.join("data"))
        .err()
        .expect("cannot create under a file");
    assert_eq!(err.code(), "data_dir");
    assert!(err.to_string().contains("无法创建数据目录"), "{err}");
}

#[test]
fn the_work_plan_is_seeded_with_responsible_offices() {
    let dir = Dir::new();
    let store = dir.open();
    let tasks = plan::list(&store).unwrap();
    assert_eq!(tasks.len(), 14);
    let names = |seq: i64| -> Vec<String> {
        tasks[seq as usize - 1]
            .offices
            .iter()
            .map(|o| o.name.clone())
            .collect()
    };
    // 有关处室 is a flag, never an office of that name.
    assert!(tasks[0].any_office_concerned);
    assert_eq!(names(1), ["法规处"]);
    assert_eq!(names(7), ["督导室", "发展处", "人事处", "义教处"]);
    assert!(!tasks[6].any_office_concerned);
    assert_eq!(names(4), Vec::<String>::new());
    assert!(tasks[3].any_office_concerned);
    assert_eq!(names(13), ["办公室", "信息中心"]);
    assert!(office::list(&store, true)
        .unwrap()
        .iter()
        .all(|o| o.name != "有关处室"));
}

/// 分管领导 are filed under 局领导, not 办公室: a new installation has the office, and an
/// existing bureau's data gets it once, at the end of its list, on upgrade.
#[test]
fn the_bureau_leadership_is_an_office_of_new_and_upgraded_stores() {
    let names = |store: &Store| -> Vec<String> {
        office::list(store, true)
            .unwrap()
            .into_iter()
            .map(|o| o.name)
            .collect()
    };
    let dir = Dir::new();
    let fresh = dir.open();
    assert_eq!(names(&fresh).iter().filter(|n| *n == "局领导").count(), 1);
    drop(fresh);
    // The same data as a version-13 database: without the office, then upgraded.
    {
        let conn = open_connection(dir.path()).unwrap();
        conn.execute("DELETE FROM office WHERE name = '局领导'", [])
            .unwrap();
        for column in ["address", "phone", "email"] {
            conn.execute(&format!("ALTER TABLE agency DROP COLUMN {column}"), [])
                .unwrap();
        }
        // Undo 0020, 0019, 0018, 0017 and 0016 too (0016's role table is the old one with one more
        // allowed role).
        conn.execute_batch(
            "ALTER TABLE attachment DROP COLUMN redacted_from;
             DROP TABLE request_part;
             DELETE FROM review_step WHERE category_id =
                 (SELECT id FROM category WHERE code = 'request_reply');
             DELETE FROM category WHERE code = 'request_reply';
             DROP TABLE wording_leader; DROP TABLE wording_rename; DROP TABLE wording_misspelling;
             DROP TABLE wording_shipped_off; ALTER TABLE scan_finding DROP COLUMN suggestion;
             DROP TABLE request_letter; DROP TABLE request_letter_counter;
             DROP TABLE request_appeal; DROP TABLE request_event; DROP TABLE request_counter;
             DROP TABLE request;",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 13).unwrap();
    }
    let upgraded = dir.open();
    let listed = names(&upgraded);
    assert_eq!(
        listed.last().map(String::as_str),
        Some("局领导"),
        "{listed:?}"
    );
    assert_eq!(listed.iter().filter(|n| *n == "局领导").count(), 1);
}
