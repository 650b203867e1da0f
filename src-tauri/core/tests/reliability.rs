//! Failure paths: a data directory held by the app, a busy, read-only or full disk, a
//! missing attachment, damaged settings. Each ends in a clear Chinese message and loses
//! nothing. Read-only and full disks are real: a small tmpfs mounted for the test (root
//! only; elsewhere those tests say they were skipped).

use std::path::{Path, PathBuf};
use std::process::Command;

use disclosure_core::item::{self, ItemInput};
use disclosure_core::{audit, backup, data, preferences, store, Store};

use crate::bundle::desk;
use crate::util::{bureau, draft, Dir, PASSWORD};

#[test]
fn a_long_writer_elsewhere_gives_database_busy_not_a_hang() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let saved = b.create(&drafter, "通知公告", "原来的标题").unwrap();
    let writer = rusqlite::Connection::open(dir.path().join(store::DB_FILE)).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; UPDATE setting SET value = value;")
        .unwrap();
    let started = std::time::Instant::now();
    let input = ItemInput {
        title: "改后的标题".into(),
        ..draft(&b.store, &drafter, "通知公告", "x")
    };
    let err = item::save(&mut b.store, &drafter, saved.item.id, &input, false).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(err.code(), "busy");
    assert!(err.to_string().contains("数据库正忙"), "{err}");
    writer.execute_batch("ROLLBACK").unwrap();
    let again = item::save(&mut b.store, &drafter, saved.item.id, &input, false).unwrap();
    assert_eq!(again.item.fields.title, "改后的标题");
}

#[test]
fn a_missing_attachment_is_named_by_export_and_preview() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.approved("附件丢失的事项", &[("实施方案.txt", b"plan")]);
    let it = item::get(&d.b.store, id).unwrap();
    let a = &it.attachments[0];
    std::fs::remove_file(disclosure_core::blobs::path(dir.path(), &a.sha256)).unwrap();
    let err = d.export(Some(vec![id])).unwrap_err().to_string();
    assert!(
        err.contains("实施方案.txt") && err.contains("缺失"),
        "{err}"
    );
    let err = item::attachment_file(&d.b.store, id, a.id)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("实施方案.txt") && err.contains("缺失"),
        "{err}"
    );
    assert_eq!(
        item::get(&d.b.store, id).unwrap().status,
        item::Status::Approved,
        "not marked exported"
    );
    assert_eq!(std::fs::read_dir(d.out.path()).unwrap().count(), 0);
}

#[test]
fn damaged_settings_fall_back_to_defaults() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let raw = rusqlite::Connection::open(dir.path().join(store::DB_FILE)).unwrap();
    raw.execute_batch(
        "INSERT OR REPLACE INTO setting (key, value) VALUES
           ('preferences', '{not json'), ('backup', '[1,2'),
           ('attachment_limit_mb', 'many'), ('min_comment_days', '-x'),
           ('rereview_months', 'soon');",
    )
    .unwrap();
    drop(raw);
    assert_eq!(
        preferences::get(&b.store).unwrap(),
        preferences::Preferences::default()
    );
    assert_eq!(backup::root(&b.store), dir.path().join(backup::DEFAULT_DIR));
    assert_eq!(
        backup::root_of(dir.path()),
        dir.path().join(backup::DEFAULT_DIR)
    );
    assert_eq!(item::attachment_limit_mb(&b.store).unwrap(), 200);
    let saved = b
        .create(&drafter, "通知公告", "设置损坏后仍能起草")
        .unwrap();
    assert!(!saved.item.index_no.is_empty());
    drop(b);
    dir.open();
}

/// A small tmpfs for the test's data, unmounted when dropped.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn new(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        Some(Mount { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn read_only(&self, ro: bool) {
        let opt = if ro { "remount,ro" } else { "remount,rw" };
        let s = Command::new("mount")
            .args(["-o", opt])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(s.success());
    }

    /// Fills the disk; returns the filler to remove.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path().join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while f.write_all(&chunk).is_ok() {}
        let small = [0u8; 512];
        while f.write_all(&small).is_ok() {}
        let _ = f.sync_all();
        filler
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

fn dir_in(m: &Mount) -> Dir {
    Dir {
        tmp: tempfile::tempdir_in(m.path()).unwrap(),
    }
}

#[test]
fn a_full_disk_during_save_loses_nothing_saved_before() {
    let Some(m) = Mount::new("8m") else { return };
    let dir = dir_in(&m);
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let saved = b
        .create(&drafter, "通知公告", "磁盘满之前保存的标题")
        .unwrap();
    let filler = m.fill();
    let mut input = draft(&b.store, &drafter, "通知公告", "x");
    input.title = "磁盘满时的修改".into();
    input.body_html = format!("<p>{}</p>", "很长的正文。".repeat(20_000));
    let err = item::save(&mut b.store, &drafter, saved.item.id, &input, false).unwrap_err();
    assert!(err.to_string().contains("磁盘空间不足"), "{err:?}");
    std::fs::remove_file(filler).unwrap();
    drop(b);
    let store = dir.open();
    let it = item::get(&store, saved.item.id).unwrap();
    assert_eq!(it.fields.title, "磁盘满之前保存的标题");
    assert!(audit::verify(&store).unwrap().ok);
}

#[test]
fn a_full_disk_during_export_leaves_no_partial_bundle() {
    let Some(m) = Mount::new("256k") else { return };
    let dir = Dir::new();
    let mut d = desk(&dir);
    let big: Vec<u8> = (0..600_000u64).map(|i| (i * 7919 % 251) as u8).collect();
    let id = d.approved("附件很大的事项", &[("大附件.bin", &big)]);
    let publisher = d.publisher.clone();
    let err = disclosure_core::bundle::export(
        &mut d.b.store,
        &publisher,
        &disclosure_core::bundle::ExportRequest {
            item_ids: Some(vec![id]),
            dir: m.path().to_path_buf(),
        },
        &mut |_| true,
    )
    .unwrap_err();
    assert!(err.to_string().contains("磁盘空间不足"), "{err}");
    assert_eq!(
        std::fs::read_dir(m.path()).unwrap().count(),
        0,
        "no file left"
    );
    assert_eq!(
        item::get(&d.b.store, id).unwrap().status,
        item::Status::Approved
    );
}

#[test]
fn a_database_on_a_read_only_disk_is_refused_in_chinese_and_keeps_its_data() {
    let Some(m) = Mount::new("16m") else { return };
    let dir = dir_in(&m);
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let saved = b.create(&drafter, "通知公告", "只读之前的标题").unwrap();
    drop(b);
    m.read_only(true);
    let err = Store::open(dir.path()).err().expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("只读"), "{err:?}");
    m.read_only(false);
    let store = dir.open();
    assert_eq!(
        item::get(&store, saved.item.id).unwrap().fields.title,
        "只读之前的标题"
    );
}

#[test]
fn the_startup_check_finds_a_changed_audit_entry_and_a_damaged_file() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    b.create(&drafter, "通知公告", "启动检查").unwrap();
    data::startup_check(&b.store).unwrap();
    let raw = rusqlite::Connection::open(dir.path().join(store::DB_FILE)).unwrap();
    raw.execute(
        "UPDATE audit_log SET detail = detail || '（改）' WHERE id = (SELECT max(id) FROM audit_log)",
        [],
    )
    .unwrap();
    let err = data::startup_check(&b.store).unwrap_err();
    assert_eq!(err.code(), "damaged");
    assert!(err.to_string().contains("审计日志被改动"), "{err}");
    raw.execute(
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        [],
    )
    .unwrap();
    assert!(data::startup_check(&b.store).is_err(), "a deleted tail");
    drop((raw, b));

    // Pages of an index overwritten: the file opens, the check refuses it.
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    for i in 0..200 {
        b.create(&drafter, "通知公告", &format!("填充事项{i}"))
            .unwrap();
    }
    drop(b);
    let db = dir.path().join(store::DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    for x in bytes.iter_mut().skip(len / 2).take(4096 * 4) {
        *x = 0x33;
    }
    std::fs::write(&db, bytes).unwrap();
    // The damage is in the item records, which the start-up check leaves to the check
    // run once the window is open; together they refuse the file.
    let refused = Store::open(dir.path())
        .and_then(|s| data::startup_check(&s))
        .and_then(|()| store::deferred_check(dir.path()));
    let err = refused.unwrap_err();
    assert!(matches!(err.code(), "damaged" | "storage"), "{err:?}");
    let deferred = store::deferred_check(dir.path()).unwrap_err();
    assert_eq!(deferred.code(), "damaged", "{deferred:?}");
}

#[test]
fn the_startup_check_reads_only_the_tables_that_do_not_grow_with_the_records() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    b.create(&drafter, "通知公告", "启动检查的范围").unwrap();
    drop(b);
    // Every table the schema has is either checked at start-up or named as growing, and
    // the growing ones are the records: damage to a table of people and roles is found
    // before the window opens.
    let conn = store::open_connection(dir.path()).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for t in store::GROWING_TABLES {
        assert!(tables.iter().any(|x| x == t), "{t} is not a table");
    }
    for small in [
        "staff",
        "staff_role",
        "setting",
        "category",
        "review_step",
        "calendar_year",
        "deadline_rule",
        "audit_head",
    ] {
        assert!(!store::GROWING_TABLES.contains(&small), "{small}");
    }
    store::deferred_check(dir.path()).unwrap();
}

/// Every log record of this test binary, as text.
static LOGGED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        if let Ok(mut l) = LOGGED.lock() {
            l.push(format!("{} {}", record.target(), record.args()));
        }
    }
    fn flush(&self) {}
}

#[test]
fn passwords_are_never_logged_and_failed_sign_ins_are_audited() {
    static CAPTURE: Capture = Capture;
    let _ = log::set_logger(&CAPTURE);
    log::set_max_level(log::LevelFilter::Trace);
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let wrong = "CuoWuMiMa-7391";
    let err = disclosure_core::staff::sign_in(&mut b.store, "张伟", wrong).unwrap_err();
    assert_eq!(err.to_string(), "姓名或密码不正确。");
    disclosure_core::staff::sign_in(&mut b.store, "无此人", wrong).unwrap_err();
    disclosure_core::staff::sign_in(&mut b.store, "张伟", PASSWORD).unwrap();

    let raw = rusqlite::Connection::open(dir.path().join(store::DB_FILE)).unwrap();
    let mut stmt = raw
        .prepare("SELECT action, actor_name, detail, coalesce(before_hash,''), coalesce(after_hash,'') FROM audit_log")
        .unwrap();
    let rows: Vec<[String; 5]> = stmt
        .query_map([], |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let failed: Vec<_> = rows.iter().filter(|r| r[0] == "sign_in.failed").collect();
    assert_eq!(failed.len(), 2, "{rows:?}");
    assert!(failed.iter().any(|r| r[1] == "张伟"));
    assert!(failed.iter().any(|r| r[1] == "无此人"));
    assert!(rows.iter().any(|r| r[0] == "sign_in.ok" && r[1] == "张伟"));
    drop(stmt);
    drop(raw);
    drop(b);
    // Neither password appears anywhere: not in the audit log, not in the database file
    // (argon2 hashes only), not in any log line.
    for r in &rows {
        for field in r {
            assert!(!field.contains(wrong) && !field.contains(PASSWORD), "{r:?}");
        }
    }
    let file = std::fs::read(dir.path().join(store::DB_FILE)).unwrap();
    for pw in [wrong, PASSWORD] {
        assert!(
            !file.windows(pw.len()).any(|w| w == pw.as_bytes()),
            "{pw} in the database file"
        );
    }
    let logged = LOGGED.lock().unwrap();
    assert!(!logged.is_empty(), "the capture works");
    for line in logged.iter() {
        assert!(!line.contains(wrong) && !line.contains(PASSWORD), "{line}");
    }
}
