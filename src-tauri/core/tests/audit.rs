//! The audit log: every change is recorded, and tampering with the database is detected.

use disclosure_core::audit;
use disclosure_core::audit_admin;
use disclosure_core::item;
use disclosure_core::staff;
use disclosure_core::store::open_connection;

use crate::util::{bureau, Dir, PASSWORD};

fn actions(b: &crate::util::Bureau) -> Vec<String> {
    let mut a: Vec<String> = audit_admin::recent(&b.store, None, 1000)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    a.reverse();
    a
}

#[test]
fn changes_and_sign_in_failures_are_recorded_with_content_hashes() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let it = b
        .create(&b.drafter.clone(), "通知公告", "审计测试")
        .unwrap()
        .item;
    let mut f = it.fields.clone();
    f.title = "审计测试（改）".into();
    item::save(&mut b.store, &b.drafter.clone(), it.id, &f, false).unwrap();
    assert!(staff::sign_in(&mut b.store, "张伟", "wrong-pass1").is_err());
    assert!(staff::sign_in(&mut b.store, "不存在的人", "wrong-pass1").is_err());
    staff::sign_in(&mut b.store, "张伟", PASSWORD).unwrap();
    item::delete(&mut b.store, &b.drafter.clone(), it.id).unwrap();
    let a = actions(&b);
    assert_eq!(
        a,
        [
            "agency.update",
            "staff.add",
            // Each person added changes the initial password to their own.
            "staff.add",
            "staff.password",
            "staff.add",
            "staff.password",
            "staff.add",
            "staff.password",
            "item.create",
            "item.edit",
            "sign_in.failed",
            "sign_in.failed",
            "sign_in.ok",
            "item.delete"
        ]
    );
    let entries = audit_admin::recent(&b.store, Some(it.id), 10).unwrap();
    let edit = entries.iter().find(|e| e.action == "item.edit").unwrap();
    let create = entries.iter().find(|e| e.action == "item.create").unwrap();
    assert_eq!(
        edit.before_hash, create.after_hash,
        "the edit starts from what was created"
    );
    assert_ne!(edit.before_hash, edit.after_hash);
    assert_eq!(edit.actor_name, "张伟");
    assert!(edit.detail.contains("审计测试（改）"), "{}", edit.detail);
    let check = audit::verify(&b.store).unwrap();
    assert!(check.ok, "{check:?}");
    assert_eq!(check.entries, 14);
}

#[test]
fn a_sign_in_to_a_deactivated_account_is_refused_on_record() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let (admin, c) = (b.admin.clone(), b.colleague.clone());
    let change = staff::StaffUpdate {
        office_id: c.office_id,
        roles: c.roles.clone(),
        active: false,
    };
    staff::update(&mut b.store, &admin, c.id, &change).unwrap();
    let before = audit::verify(&b.store).unwrap().entries;
    let err = staff::sign_in(&mut b.store, &c.name, PASSWORD).unwrap_err();
    assert!(err.to_string().contains("已停用"), "{err}");
    let last = audit_admin::recent(&b.store, None, 1).unwrap().remove(0);
    assert_eq!(last.action, "sign_in.failed");
    assert!(last.detail.contains("已停用"), "{}", last.detail);
    let check = audit::verify(&b.store).unwrap();
    assert!(check.ok, "{check:?}");
    assert_eq!(check.entries, before + 1);
}

#[test]
fn autosaves_do_not_flood_the_log_but_the_closing_save_is_recorded() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let me = b.drafter.clone();
    let it = b.create(&me, "其他", "打字").unwrap().item;
    let mut f = it.fields.clone();
    for i in 0..5 {
        f.body_html = format!("<p>第 {i} 稿</p>");
        item::save(&mut b.store, &me, it.id, &f, true).unwrap();
    }
    item::save(&mut b.store, &me, it.id, &f, false).unwrap();
    let edits = actions(&b).into_iter().filter(|a| a == "item.edit").count();
    assert_eq!(
        edits, 2,
        "the session's first autosave and the closing save"
    );
}

fn tamper(dir: &Dir, sql: &str) {
    let conn = open_connection(dir.path()).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn populated() -> (Dir, crate::util::Bureau) {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    for i in 0..5 {
        b.create(&b.drafter.clone(), "其他", &format!("第{i}件"))
            .unwrap();
    }
    assert!(audit::verify(&b.store).unwrap().ok);
    (dir, b)
}

#[test]
fn an_edited_entry_is_named() {
    let (dir, b) = populated();
    tamper(
        &dir,
        "UPDATE audit_log SET detail = '无事发生' WHERE id = 7",
    );
    let check = audit::verify(&b.store).unwrap();
    assert!(!check.ok);
    assert_eq!(check.first_bad, Some(7));
    assert!(
        check.message.contains("第 7 条") && check.message.contains("改动"),
        "{}",
        check.message
    );
}

#[test]
fn an_edited_actor_or_hash_is_named() {
    let (dir, b) = populated();
    tamper(
        &dir,
        "UPDATE audit_log SET actor_name = '管理员' WHERE id = 8",
    );
    assert_eq!(audit::verify(&b.store).unwrap().first_bad, Some(8));
    let (dir, b) = populated();
    tamper(&dir, "UPDATE audit_log SET hash = prev_hash WHERE id = 3");
    assert_eq!(audit::verify(&b.store).unwrap().first_bad, Some(3));
}

#[test]
fn a_deleted_entry_is_named_in_the_middle_and_at_the_end() {
    let (dir, b) = populated();
    tamper(&dir, "DELETE FROM audit_log WHERE id = 4");
    let check = audit::verify(&b.store).unwrap();
    assert_eq!(check.first_bad, Some(4));
    assert!(check.message.contains("删除"), "{}", check.message);

    let (dir, b) = populated();
    tamper(
        &dir,
        "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)",
    );
    let check = audit::verify(&b.store).unwrap();
    assert!(!check.ok);
    assert!(check.message.contains("末尾"), "{}", check.message);
}

#[test]
fn an_inserted_entry_is_named() {
    let (dir, b) = populated();
    // Make room after entry 5 and insert a forged one there.
    tamper(
        &dir,
        "UPDATE audit_log SET id = id + 1000 WHERE id > 5;
         UPDATE audit_log SET id = id - 999 WHERE id > 1000;
         INSERT INTO audit_log (id, at, actor_id, actor_name, action, item_id, before_hash, after_hash, detail, prev_hash, hash)
           SELECT 6, at, actor_id, actor_name, action, item_id, before_hash, after_hash, '伪造', hash, hash FROM audit_log WHERE id = 5;",
    );
    let check = audit::verify(&b.store).unwrap();
    assert_eq!(check.first_bad, Some(6), "{check:?}");
}

#[test]
fn the_audit_view_filters_and_exports_what_it_shows_as_csv() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let it = b.create(&drafter, "通知公告", "筛选测试").unwrap().item;
    assert!(staff::sign_in(&mut b.store, "张伟", "wrong-pass1").is_err());
    let admin = b.admin.clone();
    let filter = |actor: &str, action: &str, text: &str| audit_admin::AuditFilter {
        actor: actor.into(),
        action: action.into(),
        text: text.into(),
        ..Default::default()
    };

    let by_zhang = audit_admin::search(&b.store, &admin, &filter("张", "", ""), 100).unwrap();
    assert!(!by_zhang.is_empty());
    assert!(
        by_zhang.iter().all(|e| e.actor_name.contains('张')),
        "{by_zhang:?}"
    );
    let items = audit_admin::search(&b.store, &admin, &filter("", "item", ""), 100).unwrap();
    assert!(items.iter().all(|e| e.action.starts_with("item.")));
    assert!(items.iter().any(|e| e.action == "item.create"));
    let one = audit_admin::search(&b.store, &admin, &filter("", "", &it.index_no), 100).unwrap();
    assert!(!one.is_empty());
    assert!(one.iter().all(|e| e.detail.contains(&it.index_no)));
    // `%` is text, not a wildcard.
    assert!(
        audit_admin::search(&b.store, &admin, &filter("%", "", ""), 100)
            .unwrap()
            .is_empty()
    );
    let today = disclosure_core::clock::today()
        .format("%Y-%m-%d")
        .to_string();
    let window = audit_admin::AuditFilter {
        from: today.clone(),
        to: today,
        ..Default::default()
    };
    let all = audit_admin::search(&b.store, &admin, &Default::default(), 1000).unwrap();
    assert_eq!(
        audit_admin::search(&b.store, &admin, &window, 1000)
            .unwrap()
            .len(),
        all.len()
    );
    let bad = audit_admin::AuditFilter {
        from: "2026/01/01".into(),
        ..Default::default()
    };
    assert_eq!(
        audit_admin::search(&b.store, &admin, &bad, 10)
            .unwrap_err()
            .field(),
        Some("from")
    );
    assert_eq!(
        audit_admin::search(&b.store, &drafter, &Default::default(), 10)
            .unwrap_err()
            .code(),
        "forbidden"
    );

    let out = dir.path().join("审计.csv");
    let n = audit_admin::export_csv(&b.store, &admin, &filter("", "item", ""), &out).unwrap();
    assert_eq!(n, items.len());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}序号,时间,操作人,操作,"), "{text}");
    assert_eq!(text.lines().count(), n + 1);
    assert!(text.contains("item.create"));
    assert!(!text.contains("staff.sign_in"));

    let nowhere = dir.path().join("没有这个目录").join("审计.csv");
    let err = audit_admin::export_csv(&b.store, &admin, &Default::default(), &nowhere).unwrap_err();
    assert_eq!(err.code(), "io");
    assert!(!nowhere.exists());
}

#[test]
fn the_audit_view_pages_by_key() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let admin = b.admin.clone();
    for n in 0..30 {
        let drafter = b.drafter.clone();
        b.create(&drafter, "通知公告", &format!("关于第{n}批学籍核查的通知"))
            .unwrap();
    }
    let all = audit_admin::search(&b.store, &admin, &Default::default(), 1000).unwrap();
    let mut paged = Vec::new();
    let mut before_id = None;
    loop {
        let filter = audit_admin::AuditFilter {
            before_id,
            ..Default::default()
        };
        let page = audit_admin::search(&b.store, &admin, &filter, 7).unwrap();
        if page.is_empty() {
            break;
        }
        before_id = page.last().map(|e| e.id);
        paged.extend(page);
    }
    assert_eq!(paged, all);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id));
}

#[test]
fn the_full_check_tells_its_progress_and_stops_when_asked() {
    use disclosure_core::job::Job;
    let dir = Dir::new();
    let mut store = disclosure_core::Store::open(dir.path()).unwrap();
    disclosure_core::demo::generate(&mut store, 1_100, 3).unwrap();

    let mut seen: Vec<(u64, u64)> = Vec::new();
    let check = audit_admin::verify_full_with(&store, &[], &mut |p| {
        assert_eq!(p.job, Job::AuditVerify);
        seen.push((p.done, p.total));
        true
    })
    .unwrap();
    assert!(check.ok, "{}", check.message);
    let total = check.entries as u64;
    assert!(total > 10_000, "{total} entries");
    assert_eq!(seen.first(), Some(&(0, total)));
    assert_eq!(seen.last(), Some(&(total, total)));
    assert!(
        seen.contains(&(10_000, total)),
        "every 10,000 entries: {seen:?}"
    );
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");

    // Asked to stop after the first report: the check ends as cancelled, nothing more.
    let mut calls = 0;
    let err = audit_admin::verify_full_with(&store, &[], &mut |_| {
        calls += 1;
        calls < 2
    })
    .unwrap_err();
    assert!(
        matches!(&err, disclosure_core::Error::Cancelled(m) if m == "已取消校验。"),
        "{err}"
    );
    assert_eq!(calls, 2);
    assert!(audit_admin::verify_full(&store, &[]).unwrap().ok);
}
