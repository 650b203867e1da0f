//! Long jobs besides the export and the backup: a restore, a batch of printed sheets and
//! the scan of a draft's attachments tell their stages, and a cancel stops each at a safe
//! point, leaving the data and the folders as they were.

use std::path::Path;

use disclosure_core::backup::{self, Reason};
use disclosure_core::job::{Job, JobProgress};
use disclosure_core::{item, item::Status, reads, review, sheet, Error};

use crate::desk::desk;
use crate::util::Dir;

fn is_cancelled(err: &Error, says: &str) -> bool {
    matches!(err, Error::Cancelled(m) if m.contains(says))
}

/// The files in the data directory itself (not its folders): a staged copy left behind
/// would show here.
fn loose_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_restore_tells_its_stages_and_a_cancel_at_any_of_them_changes_nothing() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let before = d.draft(
        "备份之前的事项",
        &[("一.txt", b"one"), ("二.txt", b"two"), ("三.txt", b"three")],
    );
    let root = dir.path().join("backups");
    let made = backup::create(dir.path(), &root, Reason::Manual).unwrap();
    let later = d.draft("备份之后起草的事项", &[("四.txt", b"four")]);
    // One attachment of the backup lost from the store, so the restore copies it back.
    let first = item::get(&d.b.store, before).unwrap().attachments[0]
        .sha256
        .clone();
    std::fs::remove_file(disclosure_core::blobs::path(dir.path(), &first)).unwrap();
    let files_before = loose_files(dir.path());

    // Every stage a restore tells, each a point where a cancel is honoured.
    let placeholder = Dir::new();
    let probe_dir = Dir::new();
    let mut stages: Vec<(String, u64, u64)> = Vec::new();
    {
        // A dry run on a copy of the data directory, to see the stages.
        copy_dir(dir.path(), probe_dir.path());
        let probe = disclosure_core::Store::open(probe_dir.path()).unwrap();
        backup::restore_with(probe, Path::new(&made.path), "管理员", &mut |p| {
            assert_eq!(p.job, Job::Restore, "{p:?}");
            stages.push((p.stage.clone(), p.done, p.total));
            true
        })
        .unwrap();
    }
    let names: Vec<&str> = stages.iter().map(|(s, _, _)| s.as_str()).collect();
    assert_eq!(names.first(), Some(&"校验备份的数据库"));
    assert_eq!(names.last(), Some(&"替换数据"));
    let checked: Vec<(u64, u64)> = stages
        .iter()
        .filter(|(s, _, _)| s == "校验备份的附件")
        .map(|(_, d, t)| (*d, *t))
        .collect();
    assert_eq!(checked, [(0, 3), (1, 3), (2, 3), (3, 3)]);
    assert!(names.contains(&"复制附件"), "{names:?}");
    assert!(names.contains(&"复制数据库"), "{names:?}");
    assert!(
        names.iter().any(|s| s.starts_with("备份当前数据（")),
        "the backup of the current data is a stage of the restore: {names:?}"
    );

    // A cancel at each stage: refused as cancelled, the later draft still there, no staged
    // copy left in the data directory, and no unfinished backup.
    let names_of = |listed: Vec<backup::BackupInfo>| -> Vec<String> {
        listed.into_iter().map(|b| b.name).collect()
    };
    let backups_before = names_of(backup::list(&root).unwrap());
    for (stop_at, stop_done, _) in &stages {
        let open = std::mem::replace(&mut d.b.store, placeholder.open());
        let err = backup::restore_with(open, Path::new(&made.path), "管理员", &mut |p| {
            !(p.stage == *stop_at && p.done == *stop_done)
        })
        .map(drop)
        .unwrap_err();
        assert!(
            is_cancelled(&err, "已取消恢复，当前数据没有改变"),
            "at {stop_at} {stop_done}: {err}"
        );
        d.b.store = disclosure_core::Store::open(dir.path()).unwrap();
        assert_eq!(
            item::get(&d.b.store, later).unwrap().fields.title,
            "备份之后起草的事项",
            "at {stop_at}: the current data is unchanged"
        );
        assert_eq!(loose_files(dir.path()), files_before, "at {stop_at}");
        let listed = backup::list(&root).unwrap();
        if stop_at == "替换数据" {
            // By then the backup of the current data was finished: it stays.
            assert!(
                listed
                    .iter()
                    .any(|b| b.reason == Reason::PreRestore && b.items == 2),
                "{listed:?}"
            );
        } else {
            assert_eq!(names_of(listed), backups_before, "at {stop_at}");
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn a_batch_of_sheets_tells_each_sheet_and_a_cancel_makes_no_pdf() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let ids: Vec<i64> = (1..=3)
        .map(|i| d.approved(&format!("第{i}份审批表的事项"), &[]))
        .collect();
    let reviewer = d.reviewer.clone();

    let mut seen: Vec<JobProgress> = Vec::new();
    let pdf = sheet::print_sheets_with(&d.b.store, &reviewer, &ids, None, &mut |p| {
        seen.push(p.clone());
        true
    })
    .unwrap();
    assert!(pdf.pages >= 3);
    assert!(seen.iter().all(|p| p.job == Job::Print));
    let of = |stage: &str| -> Vec<(u64, u64)> {
        seen.iter()
            .filter(|p| p.stage == stage)
            .map(|p| (p.done, p.total))
            .collect()
    };
    assert_eq!(of("读取审批表"), [(0, 3), (1, 3), (2, 3)]);
    assert_eq!(of("排版审批表"), [(0, 3), (1, 3), (2, 3)]);
    assert_eq!(of("生成 PDF"), [(3, 3)]);

    for stop in ["读取审批表", "排版审批表", "生成 PDF"] {
        let err =
            sheet::print_sheets_with(&d.b.store, &reviewer, &ids, None, &mut |p| p.stage != stop)
                .unwrap_err();
        assert!(is_cancelled(&err, "已取消生成文件"), "at {stop}: {err}");
    }
}

#[test]
fn the_scan_tells_each_attachment_and_a_cancelled_submission_leaves_a_draft() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.draft(
        "附件需要扫描的事项",
        &[
            (
                "名单.txt",
                "联系人王芳，身份证号210302199001011238".as_bytes(),
            ),
            ("说明.txt", b"plain"),
        ],
    );
    let drafter = d.b.drafter.clone();

    let mut seen: Vec<JobProgress> = Vec::new();
    let found = reads::self_check_with(&d.b.store, &drafter, id, &mut |p| {
        seen.push(p.clone());
        true
    })
    .unwrap();
    assert!(
        found.iter().any(|f| f.matched.contains("210302")),
        "{found:?}"
    );
    let steps: Vec<(String, u64, u64)> = seen
        .iter()
        .map(|p| (p.stage.clone(), p.done, p.total))
        .collect();
    assert_eq!(
        steps,
        [
            ("扫描附件“名单.txt”".to_string(), 0, 2),
            ("扫描附件“说明.txt”".to_string(), 1, 2),
            ("扫描完成".to_string(), 2, 2),
        ]
    );
    assert!(seen.iter().all(|p| p.job == Job::Scan));

    let err = reads::self_check_with(&d.b.store, &drafter, id, &mut |p| p.done < 1).unwrap_err();
    assert!(is_cancelled(&err, "已取消扫描"), "{err}");

    // A submission cancelled during the scan writes nothing: still a draft, no round.
    let err = review::submit_with(&mut d.b.store, &drafter, id, &mut |p| p.done < 1).unwrap_err();
    assert!(is_cancelled(&err, "已取消扫描，事项没有改变"), "{err}");
    let it = item::get(&d.b.store, id).unwrap();
    assert_eq!(it.status, Status::Draft);
    assert!(review::history(&d.b.store, id).unwrap().rounds.is_empty());
    assert!(review::findings(&d.b.store, id).unwrap().is_empty());

    // Let through, it submits.
    let it = review::submit_with(&mut d.b.store, &drafter, id, &mut |_| true).unwrap();
    assert_eq!(it.status, Status::InReview);
}
