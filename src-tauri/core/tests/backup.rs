//! 备份与恢复: backups made while the store is in use, rotation over simulated dates,
//! damaged backups refused in Chinese, a backup before a migration, and the round trip:
//! a restored store exports the same items, byte for byte, as before.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, TimeZone};
use disclosure_core::backup::{self, Reason};
use disclosure_core::{audit, audit_admin, item, store, Store};

use crate::bundle::desk;
use crate::util::{bureau, Dir};

fn at(day: NaiveDate, hour: u32) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
        .unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The items of a bundle's manifest.json, as JSON (bundle id and time differ per export).
fn bundle_items(zip_path: &Path) -> serde_json::Value {
    let f = std::fs::File::open(zip_path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    v["items"].clone()
}

#[test]
fn restore_gives_a_byte_identical_export_of_the_same_items() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let a = d.approved(
        "关于2026年秋季学期开学工作的通知",
        &[("安排.txt", b"ninth")],
    );
    let b = d.approved("教育局2026年部门预算公开", &[("预算.csv", b"1,2,3\n")]);
    let before = d.export(Some(vec![a, b])).unwrap();
    let root = dir.path().join("backups");
    let made = backup::create(dir.path(), &root, Reason::Manual).unwrap();
    assert_eq!(made.items, 2);
    assert_eq!(made.attachments, 2);
    assert_eq!(made.schema_version, store::latest_version());

    // Work after the backup, then lose an attachment file from the store.
    let later = d.draft("备份之后起草的事项", &[("新.txt", b"after")]);
    let blob = item::get(&d.b.store, a).unwrap().attachments[0]
        .sha256
        .clone();
    std::fs::remove_file(disclosure_core::blobs::path(dir.path(), &blob)).unwrap();

    let placeholder = Dir::new();
    let open = std::mem::replace(&mut d.b.store, placeholder.open());
    d.b.store = backup::restore(open, Path::new(&made.path), "管理员").unwrap();

    assert!(item::get(&d.b.store, later).is_err(), "later work is gone");
    assert!(disclosure_core::blobs::path(dir.path(), &blob).is_file());
    let after = d.export(Some(vec![a, b])).unwrap();
    assert_ne!(before.bundle_id, after.bundle_id);
    assert_eq!(
        bundle_items(Path::new(&before.path)),
        bundle_items(Path::new(&after.path))
    );
    let check = audit::verify(&d.b.store).unwrap();
    assert!(check.ok, "{}", check.message);
    // The replaced data was kept as a backup of its own, with the later draft in it.
    let kept: Vec<_> = backup::list(&root)
        .unwrap()
        .into_iter()
        .filter(|b| b.reason == Reason::PreRestore)
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].items, 3);
}

#[test]
fn a_backup_made_while_another_connection_writes_is_consistent() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    for i in 0..5 {
        b.create(&drafter, "通知公告", &format!("事项{i}")).unwrap();
    }
    let root = dir.path().join("backups");
    let path = dir.path().to_path_buf();
    let backups = std::thread::spawn({
        let root = root.clone();
        move || {
            // Verified at once: rotation keeps only the newest backup of the day.
            (0..4)
                .map(|_| {
                    let m = backup::create(&path, &root, Reason::Manual).unwrap();
                    (m.items, backup::verify(Path::new(&m.path)).unwrap().items)
                })
                .collect::<Vec<_>>()
        }
    });
    for i in 0..20 {
        b.create(&drafter, "通知公告", &format!("并发事项{i}"))
            .unwrap();
    }
    for (listed, verified) in backups.join().unwrap() {
        assert!((5..=25).contains(&listed), "{listed}");
        assert_eq!(listed, verified);
    }
    // An open write transaction does not stop a backup, and is not in it.
    let writer = rusqlite::Connection::open(dir.path().join(store::DB_FILE)).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM setting;")
        .unwrap();
    let during = backup::create(dir.path(), &root, Reason::Manual).unwrap();
    writer.execute_batch("ROLLBACK").unwrap();
    assert_eq!(during.items, 25);
    backup::verify(Path::new(&during.path)).unwrap();
}

#[test]
fn rotation_keeps_seven_daily_and_four_weekly() {
    let today = day("2026-11-27"); // a Friday
    let made: Vec<_> = (0..60)
        .map(|n| {
            let d = today - Duration::days(59 - n);
            (d.and_hms_opt(9, 0, 0).unwrap(), Reason::Daily)
        })
        .collect();
    let keep = backup::retained(&made, today);
    let kept: Vec<NaiveDate> = made
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(m, _)| m.0.date())
        .collect();
    assert_eq!(kept.len(), 11, "{kept:?}");
    // The last 7 days…
    for n in 0..7 {
        assert!(kept.contains(&(today - Duration::days(n))));
    }
    // …and, before them, the newest of each of 4 weeks: Fri 11-20 (the newest of its
    // week left after the daily ones), then the Sundays before.
    for d in ["2026-11-20", "2026-11-15", "2026-11-08", "2026-11-01"] {
        assert!(kept.contains(&day(d)), "{d} in {kept:?}");
    }
    assert!(!kept.contains(&day("2026-10-31")));

    // Two backups a day: only the newest of each day counts as that day's.
    let twice: Vec<_> = (0..3)
        .flat_map(|n| {
            let d = today - Duration::days(n);
            [
                (d.and_hms_opt(8, 0, 0).unwrap(), Reason::Daily),
                (d.and_hms_opt(17, 0, 0).unwrap(), Reason::Manual),
            ]
        })
        .collect();
    let keep = backup::retained(&twice, today);
    assert_eq!(keep, vec![false, true, false, true, false, true]);

    // A backup made before a restore stays 30 days, even when not the day's newest.
    let safety = vec![
        (today.and_hms_opt(8, 0, 0).unwrap(), Reason::PreRestore),
        (today.and_hms_opt(9, 0, 0).unwrap(), Reason::Manual),
    ];
    assert_eq!(backup::retained(&safety, today), vec![true, true]);
    assert_eq!(
        backup::retained(&safety, today + Duration::days(31)),
        vec![false, true]
    );
}

#[test]
fn backups_on_simulated_dates_are_rotated_on_disk_with_their_attachments() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    d.draft("第一份", &[("a.txt", b"only in the oldest backups")]);
    let root = dir.path().join("backups");
    let start = day("2026-09-01");
    for n in 0..30 {
        backup::create_at(
            dir.path(),
            &root,
            Reason::Daily,
            at(start + Duration::days(n), 9),
        )
        .unwrap();
    }
    let listed = backup::list(&root).unwrap();
    assert_eq!(listed.len(), 11);
    assert!(listed[0].created_at.starts_with("2026-09-30"));
    assert!(listed[6].created_at.starts_with("2026-09-24"));
    let folders = std::fs::read_dir(&root)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "blobs")
        .count();
    assert_eq!(folders, 11, "removed backups leave no folder");
    for b in &listed {
        backup::verify(Path::new(&b.path)).unwrap();
    }
}

#[test]
fn a_damaged_or_unfinished_backup_is_refused_in_chinese() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.draft("附件会损坏的事项", &[("a.txt", b"attachment")]);
    let root = dir.path().join("backups");
    let good = backup::create(dir.path(), &root, Reason::Manual).unwrap();
    let good = PathBuf::from(good.path);
    let checked = backup::check(&d.b.admin, &good).unwrap();
    assert_eq!((checked.items, checked.attachments), (1, 1));

    // A flipped byte in the database copy.
    let flipped = root.join("flipped");
    copy_dir(&good, &flipped);
    let db = flipped.join(store::DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    let n = bytes.len() / 2;
    bytes[n] ^= 0xff;
    std::fs::write(&db, bytes).unwrap();
    let err = backup::verify(&flipped).unwrap_err().to_string();
    assert!(
        err.contains("已损坏") && err.contains("不能用它恢复"),
        "{err}"
    );

    let placeholder = Dir::new();
    let open = std::mem::replace(&mut d.b.store, placeholder.open());
    let refused = backup::restore(open, &flipped, "管理员");
    let err = refused.err().expect("refused").to_string();
    assert!(err.contains("已损坏"), "{err}");
    d.b.store = dir.open();
    assert!(item::get(&d.b.store, id).is_ok(), "nothing was replaced");

    // Only an administrator restores, even a sound backup; a drafter's try replaces nothing.
    let backups = backup::list(&root).unwrap().len();
    let open = std::mem::replace(&mut d.b.store, placeholder.open());
    let drafter = d.b.drafter.clone();
    let refused = backup::restore_as(open, &good, &drafter);
    assert!(matches!(refused, Err(disclosure_core::Error::Forbidden(_))));
    d.b.store = dir.open();
    assert!(item::get(&d.b.store, id).is_ok(), "nothing was replaced");
    assert_eq!(
        backup::list(&root).unwrap().len(),
        backups,
        "no backup is made before a refusal"
    );

    // An attachment changed in the pool.
    let sha = item::get(&d.b.store, id).unwrap().attachments[0]
        .sha256
        .clone();
    let pooled = root.join("blobs").join(&sha[..2]).join(&sha);
    std::fs::write(&pooled, b"tampered").unwrap();
    let err = backup::verify(&good).unwrap_err().to_string();
    assert!(err.contains(&format!("附件 {sha}")), "{err}");
    // 校验 in 设置 → 备份 says the same, to an administrator only.
    let err = backup::check(&d.b.admin, &good).unwrap_err().to_string();
    assert!(err.contains(&format!("附件 {sha}")), "{err}");
    assert!(matches!(
        backup::check(&d.b.drafter, &good),
        Err(disclosure_core::Error::Forbidden(_))
    ));

    // No manifest: unfinished, never listed.
    let unfinished = root.join("unfinished");
    copy_dir(&good, &unfinished);
    std::fs::remove_file(unfinished.join(backup::MANIFEST)).unwrap();
    let names: Vec<String> = backup::list(&root)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert!(!names.contains(&"unfinished".to_string()), "{names:?}");
    let err = backup::verify(&unfinished).unwrap_err().to_string();
    assert!(err.contains("不是完整的备份"), "{err}");
}

#[test]
fn an_existing_database_is_backed_up_before_it_is_migrated() {
    let dir = Dir::new();
    let mut conn = store::open_connection(dir.path()).unwrap();
    store::apply_up_to(&mut conn, store::latest_version() - 1).unwrap();
    drop(conn);
    let opened = Store::open(dir.path()).unwrap();
    assert_eq!(
        disclosure_core::overview::get(&opened)
            .unwrap()
            .schema_version,
        store::latest_version()
    );
    let listed = backup::list(&dir.path().join("backups")).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason, Reason::PreMigration);
    assert_eq!(listed[0].schema_version, store::latest_version() - 1);
    // Opening again migrates nothing and backs up nothing.
    drop(opened);
    Store::open(dir.path()).unwrap();
    assert_eq!(backup::list(&dir.path().join("backups")).unwrap().len(), 1);
    // Neither does a new database.
    let fresh = Dir::new();
    fresh.open();
    assert!(!fresh.path().join("backups").exists());
}

#[test]
fn a_damaged_database_is_moved_aside_and_the_backup_restored() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    b.create(&drafter, "通知公告", "损坏前的事项").unwrap();
    let root = dir.path().join("backups");
    let made = backup::create(dir.path(), &root, Reason::Manual).unwrap();
    drop(b);
    let db = dir.path().join(store::DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    for x in bytes.iter_mut().skip(4096).take(8192) {
        *x = 0x5a;
    }
    std::fs::write(&db, bytes).unwrap();

    let latest = backup::latest_good(&root).unwrap().expect("a good backup");
    assert_eq!(latest.path, made.path);
    let store = backup::restore_damaged(dir.path(), Path::new(&latest.path), "启动检查").unwrap();
    assert_eq!(
        disclosure_core::overview::get(&store).unwrap().counts.items,
        1
    );
    assert!(audit::verify(&store).unwrap().ok);
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(dir.path().join(&aside[0]).join(store::DB_FILE).is_file());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn the_daily_backup_is_made_once_a_day_into_the_chosen_folder() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let elsewhere = tempfile::tempdir().unwrap();
    let drafter = b.drafter.clone();
    let refused = backup::set_settings(
        &mut b.store,
        &drafter,
        &backup::BackupSettings {
            dir: elsewhere.path().display().to_string(),
        },
    );
    assert_eq!(refused.unwrap_err().code(), "forbidden");
    let err = backup::set_settings(
        &mut b.store,
        &b.admin.clone(),
        &backup::BackupSettings {
            dir: "相对路径".into(),
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("完整路径"), "{err}");
    let admin = b.admin.clone();
    backup::set_settings(
        &mut b.store,
        &admin,
        &backup::BackupSettings {
            dir: elsewhere.path().display().to_string(),
        },
    )
    .unwrap();
    assert_eq!(backup::root(&b.store), elsewhere.path());
    assert!(
        audit_admin::search(&b.store, &admin, &Default::default(), 50)
            .unwrap()
            .iter()
            .any(|e| e.action == "backup.settings")
    );

    let first = backup::daily_if_due(dir.path()).unwrap().expect("made");
    assert!(Path::new(&first.path).starts_with(elsewhere.path()));
    assert_eq!(first.reason, Reason::Daily);
    assert!(
        backup::daily_if_due(dir.path()).unwrap().is_none(),
        "once a day"
    );
    assert!(!dir.path().join(backup::DEFAULT_DIR).exists());
}

#[test]
fn a_backup_tells_its_stages_and_a_cancel_leaves_no_backup() {
    use disclosure_core::job::{Job, JobProgress};
    let dir = Dir::new();
    let mut d = desk(&dir);
    d.draft(
        "附件多的事项",
        &[("一.txt", b"1"), ("二.txt", b"2"), ("三.txt", b"3")],
    );
    let root = dir.path().join("backups");

    let mut seen: Vec<JobProgress> = Vec::new();
    let made = backup::create_with(dir.path(), &root, Reason::Manual, &mut |p| {
        seen.push(p.clone());
        true
    })
    .unwrap();
    assert_eq!(made.attachments, 3);
    assert!(seen.iter().all(|p| p.job == Job::Backup));
    let stages: Vec<&str> = seen.iter().map(|p| p.stage.as_str()).collect();
    assert_eq!(stages.first(), Some(&"复制数据库"));
    assert_eq!(stages.last(), Some(&"写入备份清单"));
    let copies: Vec<(u64, u64)> = seen
        .iter()
        .filter(|p| p.stage == "复制附件")
        .map(|p| (p.done, p.total))
        .collect();
    assert_eq!(copies, [(0, 3), (1, 3), (2, 3)]);

    // Cancelled while copying the attachments: an error saying so, and no backup folder.
    let err = backup::create_with(dir.path(), &root, Reason::Manual, &mut |p| {
        !(p.stage == "复制附件" && p.done == 1)
    })
    .unwrap_err();
    assert!(
        matches!(&err, disclosure_core::Error::Cancelled(m) if m.contains("已取消备份")),
        "{err}"
    );
    let listed = backup::list(&root).unwrap();
    assert_eq!(listed.len(), 1, "only the first backup: {listed:?}");
    let folders = std::fs::read_dir(&root)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(
        folders, 2,
        "the first backup and the shared attachment pool"
    );
}
