//! Trust (issue 19): personal passwords, the session's auto-lock and step-up, separation
//! of duties by office, the keyed and anchored audit log, bundles against the record, data
//! at rest, CSV injection and durable writes. Each test names the point it covers.

use std::path::Path;

use chrono::Duration;
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::session::{Need, Session};
use disclosure_core::staff::{self, NewStaff, Role};
use disclosure_core::{audit, audit_admin, backup, bundle, clock, item, sheet, store, Error};

use crate::bundle::desk;
use crate::util::{add_person, bureau, office_id, Dir, PASSWORD};

fn conn(dir: &Dir) -> rusqlite::Connection {
    store::open_connection(dir.path()).unwrap()
}

/// Point 1: an administrator never chooses or knows anyone's password.
#[test]
fn added_people_get_different_random_initial_passwords_to_change_first() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let fagui = office_id(&b.store, "法规处");
    let add = |b: &mut crate::util::Bureau, name: &str| {
        staff::add(
            &mut b.store,
            &b.admin.clone(),
            &NewStaff {
                name: name.into(),
                office_id: fagui,
                roles: vec![Role::Drafter],
            },
        )
        .unwrap()
    };
    let a = add(&mut b, "赵一");
    let c = add(&mut b, "钱二");
    assert_ne!(a.initial_password, c.initial_password);
    assert!(a.staff.must_change_password);
    // Signing in with it works, but the session does nothing but change it.
    let (mut session, me) = Session::begin(&mut b.store, "赵一", &a.initial_password).unwrap();
    assert!(me.must_change_password);
    let err = session.authorize(&b.store, Need::SignedIn).unwrap_err();
    assert_eq!(err.code(), "must_change_password");
    let me = session.authorize(&b.store, Need::PasswordChange).unwrap();
    // The rule: length, common passwords, the person's name in pinyin.
    for (bad, why) in [
        ("short", "至少 10 位"),
        ("1234567890", "太常见"),
        ("qwertyuiop", "太常见"),
        ("zhaoyi-2026", "拼音"),
    ] {
        let e = staff::change_password(&mut b.store, &me, &a.initial_password, bad).unwrap_err();
        assert!(e.to_string().contains(why), "{bad}: {e}");
    }
    let e =
        staff::change_password(&mut b.store, &me, "not-the-current", "lan-hua-3lou").unwrap_err();
    assert_eq!(e.field(), Some("current"));
    staff::change_password(&mut b.store, &me, &a.initial_password, "lan-hua-3lou").unwrap();
    assert!(session.authorize(&b.store, Need::SignedIn).is_ok());
    // An administrator's reset: a new random password, to be changed again; audited.
    let reset = staff::reset_password(&mut b.store, &b.admin.clone(), me.id).unwrap();
    assert_ne!(reset, "lan-hua-3lou");
    assert_eq!(
        session
            .authorize(&b.store, Need::SignedIn)
            .unwrap_err()
            .code(),
        "must_change_password"
    );
    assert!(staff::sign_in(&mut b.store, "赵一", "lan-hua-3lou").is_err());
    assert!(audit::verify(&b.store).unwrap().ok);
}

/// Point 1: a locked account answers exactly as a wrong password and an unknown name do.
#[test]
fn a_locked_account_answers_like_a_wrong_password() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let timed = |b: &mut crate::util::Bureau, name: &str, pw: &str| {
        let t = std::time::Instant::now();
        let e = staff::sign_in(&mut b.store, name, pw).unwrap_err();
        (e.to_string(), t.elapsed())
    };
    let mut wrong = Vec::new();
    for _ in 0..staff::MAX_FAILED_SIGN_INS {
        wrong.push(timed(&mut b, "张伟", "wrong-pass-1"));
    }
    // Locked now: the right password gets the same answer as a wrong one.
    let locked: Vec<_> = (0..3).map(|_| timed(&mut b, "张伟", PASSWORD)).collect();
    let unknown: Vec<_> = (0..3)
        .map(|_| timed(&mut b, "没有这个人", PASSWORD))
        .collect();
    for (m, _) in wrong.iter().chain(&locked).chain(&unknown) {
        assert_eq!(m, staff::WRONG);
    }
    // Each does one argon2 check: the times are alike (generous bounds: a loaded
    // machine varies, but a missing hash check would be tens of times faster).
    let median = |v: &[(String, std::time::Duration)]| {
        let mut t: Vec<_> = v.iter().map(|x| x.1).collect();
        t.sort();
        t[t.len() / 2].as_secs_f64()
    };
    let (w, l, u) = (median(&wrong), median(&locked), median(&unknown));
    assert!(
        l > w / 5.0 && u > w / 5.0,
        "wrong {w}s, locked {l}s, unknown {u}s"
    );
}

/// Point 2: the session locks after the idle minutes; the same person's password opens
/// it; decisions need the password typed within five minutes.
#[test]
fn the_session_locks_when_idle_and_decisions_ask_for_the_password_again() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let start = clock::now();
    let _at = clock::pin(start);
    let (mut s, _) = Session::begin(&mut b.store, "张伟", PASSWORD).unwrap();
    assert!(s.authorize(&b.store, Need::Password).is_ok());
    {
        // Six minutes on: still signed in, but a decision asks for the password.
        let _later = clock::pin(start + Duration::minutes(6));
        assert!(s.authorize(&b.store, Need::SignedIn).is_ok());
        assert_eq!(
            s.authorize(&b.store, Need::Password).unwrap_err().code(),
            "step_up_required"
        );
        s.confirm(&mut b.store, PASSWORD).unwrap();
        assert!(s.authorize(&b.store, Need::Password).is_ok());
    }
    {
        // Eleven idle minutes later (default 10): locked.
        let _later = clock::pin(start + Duration::minutes(17));
        assert_eq!(
            s.authorize(&b.store, Need::SignedIn).unwrap_err().code(),
            "session_locked"
        );
        assert!(s.unlock(&mut b.store, "wrong-pass-1").is_err());
        assert!(s.is_locked());
        s.unlock(&mut b.store, PASSWORD).unwrap();
        assert!(s.authorize(&b.store, Need::SignedIn).is_ok());
    }
    // The administrator chooses 1–60 minutes; others may not.
    let e = disclosure_core::session::set_auto_lock_minutes(&mut b.store, &b.drafter.clone(), 5);
    assert_eq!(e.unwrap_err().code(), "forbidden");
    assert!(
        disclosure_core::session::set_auto_lock_minutes(&mut b.store, &b.admin.clone(), 0).is_err()
    );
    disclosure_core::session::set_auto_lock_minutes(&mut b.store, &b.admin.clone(), 2).unwrap();
    let _later = clock::pin(start + Duration::minutes(25));
    assert!(
        s.authorize(&b.store, Need::SignedIn).is_err(),
        "2 idle minutes now lock"
    );
}

/// Point 4: the 处室负责人审核 step is decided only by a head of the item's own office.
#[test]
fn only_a_head_of_the_items_office_decides_the_office_step() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let admin = b.admin.clone();
    let fagui = office_id(&b.store, "法规处");
    let caishen = office_id(&b.store, "财审处");
    let own = add_person(
        &mut b.store,
        &admin,
        "赵处长",
        fagui,
        vec![Role::OfficeHead],
    );
    let other = add_person(
        &mut b.store,
        &admin,
        "钱处长",
        caishen,
        vec![Role::OfficeHead],
    );
    let drafter = b.drafter.clone();
    let id = b
        .create(&drafter, "通知公告", "关于放假的通知")
        .unwrap()
        .item
        .id;
    review::submit(&mut b.store, &drafter, id).unwrap();
    // Not in the other office's head's queue, and refused if tried.
    assert!(review::queue(&b.store, &other).unwrap().is_empty());
    assert_eq!(review::queue(&b.store, &own).unwrap().len(), 1);
    let approve = DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: String::new(),
    };
    let e = review::decide(&mut b.store, &other, id, &approve).unwrap_err();
    assert!(e.to_string().contains("承办处室的负责人"), "{e}");
    review::decide(&mut b.store, &own, id, &approve).unwrap();
}

/// Point 5: entries are signed with a key outside the database: an entry changed and its
/// hash recomputed (as a database editor could before) is found.
#[test]
fn an_entry_rewritten_with_a_recomputed_plain_hash_is_found() {
    let dir = Dir::new();
    let b = bureau(&dir);
    drop(b);
    let c = conn(&dir);
    let (id, at, actor_id, actor_name, action, prev): (i64, String, Option<i64>, String, String, String) = c
        .query_row(
            "SELECT id, at, actor_id, actor_name, action, prev_hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    // The old scheme: plain SHA-256 over the length-prefixed fields.
    let detail = "改过的内容";
    let mut h = <sha2::Sha256 as sha2::Digest>::new();
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    for f in [
        id.to_string(),
        at,
        opt(actor_id),
        actor_name,
        action,
        String::new(),
        String::new(),
        String::new(),
        detail.to_string(),
        prev,
    ] {
        sha2::Digest::update(&mut h, (f.len() as u64).to_le_bytes());
        sha2::Digest::update(&mut h, f.as_bytes());
    }
    let forged = hex::encode(sha2::Digest::finalize(h));
    c.execute(
        "UPDATE audit_log SET detail = ?2, hash = ?3, item_id = NULL WHERE id = ?1",
        rusqlite::params![id, detail, forged],
    )
    .unwrap();
    c.execute("UPDATE audit_head SET hash = ?1", [&forged])
        .unwrap();
    let store = dir.open();
    let check = audit::verify(&store).unwrap();
    assert!(!check.ok);
    assert_eq!(check.first_bad, Some(id));
}

/// Point 5: the log cut short and `audit_head` rewritten to match walks clean, but every
/// anchor taken before (a printed sheet, a backup, a bundle) names the truncation.
#[test]
fn a_truncated_chain_with_a_rewritten_head_breaks_the_anchors() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.approved("关于教师资格认定的通知", &[]);
    let admin = d.b.admin.clone();
    let pdf = sheet::print_sheets(&d.b.store, &admin, &[id], None).unwrap();
    assert!(pdf.pages > 0);
    let made = d.export(Some(vec![id])).unwrap();
    let before = audit_admin::verify_full(&d.b.store, &[made.path.clone().into()]).unwrap();
    assert!(before.ok, "{}", before.message);
    assert!(before.anchors.len() >= 2, "{:?}", before.anchors);
    let count = before.entries;
    // The bundle stays on the stick (outside the data directory).
    let kept = dir.path().join("bundle.zip");
    std::fs::copy(&made.path, &kept).unwrap();
    drop(d);
    // Cut the last ten entries and make the head agree, as a database editor would.
    let c = conn(&dir);
    let keep = count - 10;
    c.execute("DELETE FROM audit_log WHERE id > ?1", [keep])
        .unwrap();
    let hash: String = c
        .query_row("SELECT hash FROM audit_log WHERE id = ?1", [keep], |r| {
            r.get(0)
        })
        .unwrap();
    c.execute(
        "UPDATE audit_head SET count = ?1, hash = ?2",
        rusqlite::params![keep, hash],
    )
    .unwrap();
    let store = dir.open();
    assert!(
        audit::verify(&store).unwrap().ok,
        "the chain alone walks clean"
    );
    let after = audit_admin::verify_full(&store, std::slice::from_ref(&kept)).unwrap();
    assert!(!after.ok);
    assert!(after.message.contains("截断"), "{}", after.message);
    let broken: Vec<&str> = after
        .anchors
        .iter()
        .filter(|a| !a.ok)
        .map(|a| a.source.as_str())
        .collect();
    assert!(
        broken.iter().any(|s| s.starts_with("锚点文件")),
        "{broken:?}"
    );
    assert!(broken.iter().any(|s| s.starts_with("上传包")), "{broken:?}");
    // Entries of the cut part vouched for the approval and the export: records say so too.
    assert!(!after.records.is_empty());
}

/// Point 5: a status set with a database tool has no decision in the log.
#[test]
fn an_item_approved_by_sql_fails_verification() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let it = b
        .create(&drafter, "通知公告", "未经审查的通知")
        .unwrap()
        .item;
    drop(b);
    conn(&dir)
        .execute("UPDATE item SET status = 'approved' WHERE id = ?1", [it.id])
        .unwrap();
    let store = dir.open();
    let check = audit_admin::verify_full(&store, &[]).unwrap();
    assert!(!check.ok);
    assert!(
        check.records.iter().any(|r| r.contains(&it.index_no)),
        "{:?}",
        check.records
    );
}

/// Point 5: the key lives outside the data directory; a backup carries a copy, and a
/// restore on a PC without it puts it back.
#[test]
fn the_audit_key_is_outside_the_data_and_travels_with_backups() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let keys = audit::key::files_of(&conn(&dir)).unwrap();
    assert_eq!(keys.len(), 1);
    let key_file = audit::key::path_of(
        &audit::key::store_dir(&conn(&dir)).unwrap(),
        &keys[0].key_id,
    );
    assert!(key_file.is_file());
    assert!(!key_file.starts_with(dir.path()));
    let bytes = std::fs::read_to_string(&key_file).unwrap();
    let db = std::fs::read(dir.path().join(store::DB_FILE)).unwrap();
    assert!(
        !db.windows(32)
            .any(|w| bytes.as_bytes().windows(32).any(|k| k == w)),
        "the key is not in the database file"
    );
    let made = backup::create(dir.path(), &backup::root(&b.store), backup::Reason::Manual).unwrap();
    let copy = Path::new(&made.path).join(backup::KEYS_DIR);
    assert!(copy.join(format!("{}.key", keys[0].key_id)).is_file());
    drop(b);
    // The key file lost (another PC): the app opens, the full check says what is missing.
    std::fs::remove_file(&key_file).unwrap();
    let store = dir.open();
    let check = audit::verify(&store).unwrap();
    assert!(!check.ok);
    assert!(check.message.contains("密钥"), "{}", check.message);
    assert!(
        audit::verify_recent(&store, 1000).unwrap().ok,
        "the app still opens"
    );
    drop(store);
    // Restoring the backup puts the key back; the restored log verifies.
    assert_eq!(audit::key::restore_files(&copy).unwrap(), 1);
    let store = dir.open();
    let check = audit::verify(&store).unwrap();
    assert!(check.ok, "{}", check.message);
}

/// Point 6: a bundle changed on the USB stick and re-summed passes a check of the bundle
/// alone, but not the check against this data directory's record.
#[test]
fn a_bundle_changed_and_resummed_is_caught_against_the_record() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.approved(
        "关于教师资格认定的通知",
        &[("名单.txt", b"zhang san 13800000000 ....")],
    );
    let made = d.export(Some(vec![id])).unwrap();
    let path = std::path::PathBuf::from(&made.path);
    assert!(bundle::verify_recorded(&d.b.store, &path).unwrap().ok);
    // Change the attachment's bytes in place and make every sum agree again.
    crate::bundle_tamper::replace_attachment_and_resum(&path, b"zhang san", b"li  si ha");
    let alone = bundle::verify(&path).unwrap();
    assert!(
        alone.ok,
        "re-summed, the bundle is consistent in itself: {:?}",
        alone.problems
    );
    let recorded = bundle::verify_recorded(&d.b.store, &path).unwrap();
    assert!(!recorded.ok);
    assert!(
        recorded
            .problems
            .iter()
            .any(|p| p.message.contains("SHA-256")),
        "{:?}",
        recorded.problems
    );
}

/// Point 7: the data directory, the database, backups, printed files and keys are their
/// owner's only.
#[cfg(unix)]
#[test]
fn data_at_rest_is_its_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = Dir::new();
    let data = dir.path().join("数据");
    let b = crate::util::bureau_in(&data);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join(store::DB_FILE)), 0o600);
    let made = backup::create(&data, &backup::root(&b.store), backup::Reason::Manual).unwrap();
    assert_eq!(mode(&backup::root(&b.store)), 0o700);
    assert_eq!(mode(&Path::new(&made.path).join(store::DB_FILE)), 0o600);
    let out = dir.path().join("台账.pdf");
    sheet::save(&sheet::render_ledger(&b.store).unwrap(), &out).unwrap();
    assert_eq!(mode(&out), 0o600);
    let (register, _) =
        sheet::print_register(&b.store, &b.admin, "2026-01-01", "2026-12-31").unwrap();
    assert!(register.pages > 0);
    let keys = audit::key::store_dir(&conn_at(&data)).unwrap();
    assert_eq!(mode(&keys), 0o700);
    for e in std::fs::read_dir(&keys).unwrap() {
        assert_eq!(mode(&e.unwrap().path()), 0o600);
    }
    assert_eq!(mode(&data.join(audit::anchor::FILE)), 0o600);
}

fn conn_at(p: &Path) -> rusqlite::Connection {
    store::open_connection(p).unwrap()
}

/// Point 9: cells that would start a formula open as text in Excel and WPS.
#[test]
fn csv_files_neutralise_formula_cells() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.approved("=HYPERLINK(\"http://evil.example\",\"点击\")", &[]);
    let made = d.export(Some(vec![id])).unwrap();
    let csv = crate::bundle::member(Path::new(&made.path), "catalog.csv");
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    // A name that starts a formula, in the audit export's 操作人 column.
    let admin = d.b.admin.clone();
    let office = office_id(&d.b.store, "办公室");
    add_person(&mut d.b.store, &admin, "=1+2", office, vec![Role::Drafter]);
    staff::sign_in(&mut d.b.store, "=1+2", PASSWORD).unwrap();
    let out = dir.path().join("审计.csv");
    audit_admin::export_csv(&d.b.store, &admin, &Default::default(), &out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(",'=1+2,sign_in.ok,"), "{text}");
    assert!(!text.contains(",=1+2,"), "{text}");
}

/// Point 10: every commit is durable (synchronous=FULL), and a failed sign-in's audit entry
/// and its chain head are written together or not at all.
#[test]
fn commits_are_durable_and_a_failed_sign_in_is_audited_atomically() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let sync: i64 = conn(&dir)
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "FULL");
    // Make the head's update fail: nothing of the attempt may stay behind.
    let c = conn(&dir);
    c.execute_batch(
        "CREATE TRIGGER no_head BEFORE UPDATE ON audit_head BEGIN SELECT RAISE(ABORT, 'x'); END;",
    )
    .unwrap();
    let before: i64 = c
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(staff::sign_in(&mut b.store, "没有这个人", "wrong-pass-1").is_err());
    assert!(staff::sign_in(&mut b.store, "张伟", "wrong-pass-1").is_err());
    let after: i64 = c
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after);
    c.execute_batch("DROP TRIGGER no_head;").unwrap();
    assert!(audit::verify(&b.store).unwrap().ok);
}

/// Point 3 (the rule's edge): a drafter of another office gets the same answer for a
/// draft as for a number that does not exist.
#[test]
fn another_offices_draft_is_not_found_by_its_number() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let it = b.create(&drafter, "通知公告", "法规处的草稿").unwrap().item;
    let other = b.other_office.clone();
    let e = item::read_by_index_no(&b.store, &other, &it.index_no).unwrap_err();
    let none =
        item::read_by_index_no(&b.store, &other, "11210300MB0000000X/2099-99999").unwrap_err();
    assert_eq!(e.code(), none.code());
    assert!(matches!(e, Error::NotFound(_)));
    assert!(item::read(&b.store, &other, it.id).is_err());
    assert!(item::read(&b.store, &drafter, it.id).is_ok());
}
