//! 共享数据库: readers never wait for the writer and see one snapshot; an export reads from
//! a snapshot and takes the writer only at the end; a restore closes the old readers.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use disclosure_core::bundle::{self, ExportRequest};
use disclosure_core::item::{self, ItemQuery, Status};
use disclosure_core::{audit_admin, backup, data, Store};

use crate::bundle::{desk, Desk};
use crate::util::{bureau, draft, Dir};

fn total(store: &Store, who: &disclosure_core::staff::Staff) -> i64 {
    item::list(store, who, &ItemQuery::default()).unwrap().total
}

#[test]
fn a_read_sees_one_snapshot_and_never_holds_up_the_writer() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let (admin, drafter) = (b.admin.clone(), b.drafter.clone());
    let input = draft(&b.store, &drafter, "通知公告", "快照期间保存的草稿");
    let db = data::serve(b.store);
    let before = db.read(|s| Ok(total(s, &admin))).unwrap();
    db.read(|s| {
        // Inside the read: another caller saves, and is not held up by it …
        std::thread::scope(|scope| {
            scope
                .spawn(|| db.write(|w| item::create(w, &drafter, &input)))
                .join()
                .unwrap()
                .unwrap();
        });
        // … and this read still sees its own snapshot.
        assert_eq!(total(s, &admin), before);
        Ok(())
    })
    .unwrap();
    assert_eq!(db.read(|s| Ok(total(s, &admin))).unwrap(), before + 1);
}

#[test]
fn a_read_does_not_wait_for_a_write_in_progress() {
    // On a busy disk a save's commit can take a second to flush; the lists must not queue
    // behind it (they did: the read asked the writer's lock whether the store was open).
    let dir = Dir::new();
    let b = bureau(&dir);
    let admin = b.admin.clone();
    let db = data::serve(b.store);
    let before = db.read(|s| Ok(total(s, &admin))).unwrap();
    let (in_write, writing) = mpsc::channel::<()>();
    let (read_done, reads) = mpsc::channel();
    let db = &db;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            db.write(|_| {
                in_write.send(()).unwrap();
                // The writer is held until the read on the other thread has finished.
                reads
                    .recv_timeout(Duration::from_secs(20))
                    .map_err(|_| disclosure_core::Error::NotFound("读取一直在等写入".into()))
            })
            .unwrap()
        });
        writing.recv_timeout(Duration::from_secs(20)).unwrap();
        read_done
            .send(db.read(|s| Ok(total(s, &admin))).unwrap())
            .unwrap();
    });
    assert_eq!(db.read(|s| Ok(total(s, &admin))).unwrap(), before);
}

#[test]
fn lists_and_saves_go_on_while_an_export_writes_its_zip() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    // Large enough that the zip is written in many steps.
    let big = vec![7u8; 6 * 1024 * 1024];
    let id = d.approved("导出期间仍可查询", &[("大附件.pdf", &big)]);
    let (admin, drafter, publisher) = (d.b.admin.clone(), d.b.drafter.clone(), d.publisher.clone());
    let input = draft(&d.b.store, &drafter, "通知公告", "导出期间保存的草稿");
    let out = d.out.path().to_path_buf();
    let Desk { b, .. } = d;
    let db = Arc::new(data::serve(b.store));

    let (started_tx, started) = mpsc::channel::<()>();
    let (go_on, go_on_rx) = mpsc::channel::<()>();
    let exporter = {
        let db = Arc::clone(&db);
        std::thread::spawn(move || {
            let mut first = true;
            bundle::export_shared(
                &db,
                &publisher,
                &ExportRequest {
                    item_ids: Some(vec![id]),
                    dir: out,
                },
                &mut |_| {
                    if first {
                        first = false;
                        started_tx.send(()).unwrap();
                        // The export waits here, mid-zip, until the other callers are done.
                        go_on_rx.recv_timeout(Duration::from_secs(60)).unwrap();
                    }
                    true
                },
            )
        })
    };
    started.recv_timeout(Duration::from_secs(60)).unwrap();

    // Meanwhile (each on its own thread, so a wait would show as a timeout, not a hang).
    let (done_tx, done) = mpsc::channel();
    {
        let db = Arc::clone(&db);
        std::thread::spawn(move || {
            let listed = db.read(|s| Ok(total(s, &admin)));
            let saved = db.write(|s| item::create(s, &drafter, &input));
            done_tx.send((listed, saved.map(|s| s.item.id))).unwrap();
        });
    }
    let (listed, saved) = done
        .recv_timeout(Duration::from_secs(20))
        .expect("the list and the save finish while the export is writing");
    assert!(listed.unwrap() >= 1);
    let new_draft = saved.unwrap();

    go_on.send(()).unwrap();
    let result = exporter.join().unwrap().unwrap();
    assert_eq!(result.count, 1);
    db.read(|s| {
        assert_eq!(item::get(s, id)?.status, Status::Exported);
        assert_eq!(item::get(s, new_draft)?.status, Status::Draft);
        Ok(())
    })
    .unwrap();
}

#[test]
fn the_audit_check_runs_on_a_reader_with_the_keys() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let db = data::serve(b.store);
    let check = db.read(|s| audit_admin::verify_full(s, &[])).unwrap();
    assert!(check.ok, "{}", check.message);
    assert!(check.entries > 0);
}

#[test]
fn after_a_restore_readers_see_the_restored_data() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let (admin, drafter) = (b.admin.clone(), b.drafter.clone());
    let made = backup::create_manual(&mut b.store, &admin, None).unwrap();
    b.create(&drafter, "通知公告", "备份之后的草稿").unwrap();
    let db = data::serve(b.store);
    // A reader opened before the restore (kept idle in the pool).
    let after_backup = db.read(|s| Ok(total(s, &admin))).unwrap();
    db.replace(|s| backup::restore(s, std::path::Path::new(&made.path), "管理员"))
        .unwrap();
    assert_eq!(db.read(|s| Ok(total(s, &admin))).unwrap(), after_backup - 1);
}

#[test]
fn a_closed_database_answers_every_caller_with_the_reason() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let db = data::serve(b.store);
    assert!(db.close().is_some());
    let err = db.read(|_| Ok(())).unwrap_err();
    assert_eq!(err.code(), "data_dir");
    assert!(db.write(|_| Ok(())).is_err());
}
