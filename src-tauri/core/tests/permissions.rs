//! 权限表 — who may call each core function that the desktop window's command table
//! (`src-tauri/api/src/table.rs` and the page modules) calls with the signed-in
//! person, as data: one row per operation (its name, who may call it, what everyone else
//! is answered), run once as every person of the desk. An allowed call must succeed; a
//! refused one must answer exactly the row's error code and change nothing (every table
//! of the database and every file of the data directory, compared before and after).
//!
//! This module holds the harness and the bureau-wide settings (all 管理员); drafts, review,
//! publication and the reads are in `permissions_items`; batch, referral and re-review
//! decisions, versions, printed sheets and the imports in `permissions_more`. A
//! `// FINDING:` row encodes behaviour as it is today that looks wrong.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::audit_admin::{self, AuditFilter};
use disclosure_core::backup::{self, BackupSettings};
use disclosure_core::deadline::{self, RuleCode};
use disclosure_core::item::settings as item_settings;
use disclosure_core::plan::{self, TaskUpdate};
use disclosure_core::review::{self, StepUpdate};
use disclosure_core::staff::{self, NewStaff, Role, Staff, StaffUpdate};
use disclosure_core::{category, contacts, office, report, sensitive_words, session, Result};

use crate::desk::{desk, Desk};
use crate::util::{office_id, on, Dir};

/// The people of [`Desk`]: 管理员 (办公室); 起草人 张伟 and 李娜 (法规处); 起草人 王芳
/// (财审处); 处室负责人 of 法规处; 保密审查员, 分管领导 and 发布员 (办公室).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum P {
    Admin,
    Drafter,
    Colleague,
    OtherOffice,
    Head,
    Reviewer,
    Leader,
    Publisher,
}
use P::*;

pub const EVERYONE: &[P] = &[
    Admin,
    Drafter,
    Colleague,
    OtherOffice,
    Head,
    Reviewer,
    Leader,
    Publisher,
];
pub const ADMIN: &[P] = &[Admin];

impl P {
    fn of(self, d: &Desk) -> Staff {
        match self {
            Admin => &d.b.admin,
            Drafter => &d.b.drafter,
            Colleague => &d.b.colleague,
            OtherOffice => &d.b.other_office,
            Head => &d.head,
            Reviewer => &d.reviewer,
            Leader => &d.leader,
            Publisher => &d.publisher,
        }
        .clone()
    }
}

/// What everyone not allowed is answered (`Error::code`).
pub const FORBIDDEN: &str = "forbidden";
pub const NOT_FOUND: &str = "not_found";
/// `forbidden` to those who may read the target item, `not_found` to everyone else: a
/// change refused to someone who may not read the item gives away nothing of it, not even
/// that it exists (`hidden:<code>` for another answer to those who may read it).
pub const HIDDEN: &str = "hidden:forbidden";

/// Makes the row's target afresh before each call (an item id, an office id; 0 for none).
pub type Setup = fn(&mut Desk) -> i64;
/// The call, as the command table makes it, with `me` and the target.
pub type Call = fn(&mut Desk, &Staff, i64) -> Result<()>;
/// (operation, who may call it, what the others are answered, setup, call)
pub type Row = (&'static str, &'static [P], &'static str, Setup, Call);

pub fn none(_: &mut Desk) -> i64 {
    0
}

/// A name not used before in this test run.
pub fn fresh(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}{}", N.fetch_add(1, Ordering::Relaxed))
}

/// Every table of the database (virtual tables aside: their shadow tables are read) and
/// the list of files of the data directory (attachments, backups), each hashed.
fn fingerprint(d: &Desk) -> BTreeMap<String, u64> {
    use rusqlite::{Connection, OpenFlags};
    let conn =
        Connection::open_with_flags(d.b.store.db_path(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                format!("{:?}", r.get_ref(i).unwrap()).hash(&mut h);
            }
        }
        out.insert(t, h.finish());
    }
    let mut files = Vec::new();
    walk(d.b.store.data_dir(), &mut files);
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    files.hash(&mut h);
    out.insert("(files)".into(), h.finish());
    out
}

fn walk(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            walk(&path, out);
        } else if !name.starts_with(disclosure_core::store::DB_FILE) {
            out.push(path.display().to_string());
        }
    }
}

/// Runs every row as every person, on one desk; panics with the whole matrix when a cell
/// is not as the row says.
pub fn check(rows: &[Row]) {
    let _today = on("2026-12-02");
    let dir = Dir::new();
    let mut d = desk(&dir);
    let (mut lines, mut wrong) = (Vec::new(), 0);
    for (op, allowed, refused, setup, call) in rows {
        for p in EVERYONE {
            let me = p.of(&d);
            let target = setup(&mut d);
            let before = fingerprint(&d);
            let got = call(&mut d, &me, target);
            let expected = if allowed.contains(p) {
                "ok"
            } else if let Some(code) = refused.strip_prefix("hidden:") {
                match disclosure_core::reads::item(&d.b.store, &me, target) {
                    Ok(_) => code,
                    Err(_) => NOT_FOUND,
                }
            } else {
                refused
            };
            let mut note = String::new();
            let answer = match &got {
                Ok(()) => "ok",
                Err(e) => {
                    let after = fingerprint(&d);
                    let changed: Vec<&String> = after
                        .keys()
                        .filter(|k| before.get(*k) != after.get(*k))
                        .collect();
                    if !changed.is_empty() {
                        note = format!(" BUT CHANGED {changed:?}");
                    }
                    e.code()
                }
            };
            let bad = answer != expected || !note.is_empty();
            if let (true, Err(e)) = (bad, &got) {
                note.push_str(&format!(" ({e})"));
            }
            wrong += usize::from(bad);
            let mark = if bad { "✗" } else { " " };
            let who = format!("{p:?}");
            lines.push(format!(
                "{mark} {op:<36} {who:<12} expected {expected:<10} got {answer}{note}"
            ));
        }
    }
    let matrix = lines.join("\n");
    println!("{matrix}");
    assert_eq!(
        wrong, 0,
        "{wrong} cells of the permission table are wrong:\n{matrix}"
    );
}

fn fagui(d: &Desk) -> i64 {
    office_id(&d.b.store, "法规处")
}

/// A new office, added by the administrator.
fn new_office(d: &mut Desk) -> i64 {
    let admin = d.b.admin.clone();
    office::add(&mut d.b.store, &admin, &fresh("新处室"))
        .unwrap()
        .id
}

/// A backup to check, made once.
fn a_backup(d: &mut Desk) -> i64 {
    let root = backup::root(&d.b.store);
    if backup::list(&root).unwrap().is_empty() {
        backup::create(d.b.store.data_dir(), &root, backup::Reason::Manual).unwrap();
    }
    0
}

fn last_backup(d: &Desk) -> backup::BackupInfo {
    backup::list(&backup::root(&d.b.store)).unwrap().remove(0)
}

#[test]
fn bureau_settings_are_for_administrators() {
    let rows: &[Row] = &[
        // 管理员: the agency's name, short name and code.
        ("agency::update", ADMIN, FORBIDDEN, none, |d, me, _| {
            let a = agency::get(&d.b.store)?;
            let (name, short_name, org_code) = (a.name, a.short_name, a.org_code);
            let input = AgencyInput {
                name,
                short_name,
                org_code,
                ..AgencyInput::default()
            };
            agency::update(&mut d.b.store, me, &input).map(drop)
        }),
        // 管理员: the offices, added, renamed, deactivated (never deleted).
        ("office::add", ADMIN, FORBIDDEN, none, |d, me, _| {
            office::add(&mut d.b.store, me, &fresh("处室")).map(drop)
        }),
        (
            "office::rename",
            ADMIN,
            FORBIDDEN,
            new_office,
            |d, me, id| office::rename(&mut d.b.store, me, id, &fresh("改名处室")).map(drop),
        ),
        (
            "office::set_active",
            ADMIN,
            FORBIDDEN,
            new_office,
            |d, me, id| office::set_active(&mut d.b.store, me, id, false).map(drop),
        ),
        // 管理员: 时限规则.
        ("deadline::set_rule", ADMIN, FORBIDDEN, none, |d, me, _| {
            deadline::set_rule(&mut d.b.store, me, RuleCode::Proactive, 20).map(drop)
        }),
        // 管理员: 责任分工台账 (a task's offices and 落实专人).
        ("plan::update", ADMIN, FORBIDDEN, none, |d, me, _| {
            let task = plan::list(&d.b.store)?.remove(0).id;
            let u = TaskUpdate {
                office_ids: vec![fagui(d)],
                any_office_concerned: false,
                staff_names: "张伟".into(),
            };
            plan::update(&mut d.b.store, me, task, &u).map(drop)
        }),
        // 管理员: a category's default offices.
        (
            "category::set_offices",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let (c, offices) = (category::find(&d.b.store, "通知公告")?.id, [fagui(d)]);
                category::set_offices(&mut d.b.store, me, c, &offices).map(drop)
            },
        ),
        // 管理员: 事项设置 (索引号 pattern, attachment limit, comment period).
        ("item::settings::set", ADMIN, FORBIDDEN, none, |d, me, _| {
            let s = item_settings::get(&d.b.store)?;
            item_settings::set(&mut d.b.store, me, &s).map(drop)
        }),
        // 管理员: a step of a category's review chain.
        ("review::set_step", ADMIN, FORBIDDEN, none, |d, me, _| {
            let chain = review::chains(&d.b.store)?
                .into_iter()
                .find(|c| c.category_name == "通知公告")
                .unwrap();
            let s = &chain.steps[0];
            let u = StepUpdate {
                due_days: s.due_days,
                enabled: s.enabled,
            };
            review::set_step(&mut d.b.store, me, chain.category_id, s.step, &u).map(drop)
        }),
        // 管理员: 审查设置 (the 不予公开 re-review period).
        (
            "review::set_review_settings",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let s = review::review_settings(&d.b.store)?;
                review::set_review_settings(&mut d.b.store, me, &s).map(drop)
            },
        ),
        // 管理员 and 保密审查员: 公开联系方式.
        (
            "contacts::set",
            &[Admin, Reviewer],
            FORBIDDEN,
            none,
            |d, me, _| {
                let mut list = contacts::list(&d.b.store)?;
                list.push("咨询电话 0412-2221234".into());
                contacts::set(&mut d.b.store, me, &list).map(drop)
            },
        ),
        // 管理员: 敏感词表, replaced, and written to a file.
        (
            "sensitive_words::set",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let mut words = sensitive_words::list(&d.b.store)?;
                words.push("权限表测试词".into());
                sensitive_words::set(&mut d.b.store, me, &words).map(drop)
            },
        ),
        (
            "sensitive_words::export_file",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let path = d.out.path().join(fresh("敏感词") + ".txt");
                sensitive_words::export_file(&d.b.store, me, &path).map(drop)
            },
        ),
        // 管理员: 自动锁定 minutes.
        (
            "session::set_auto_lock_minutes",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| session::set_auto_lock_minutes(&mut d.b.store, me, 15).map(drop),
        ),
        // 管理员 (password confirmed by the window): people, their roles, their passwords.
        ("staff::add", ADMIN, FORBIDDEN, none, |d, me, _| {
            let new = NewStaff {
                name: fresh("新人"),
                office_id: fagui(d),
                roles: vec![Role::Drafter],
            };
            staff::add(&mut d.b.store, me, &new).map(drop)
        }),
        ("staff::update", ADMIN, FORBIDDEN, none, |d, me, _| {
            let c = staff::get(&d.b.store, d.b.colleague.id)?;
            let change = StaffUpdate {
                office_id: c.office_id,
                roles: c.roles,
                active: true,
            };
            staff::update(&mut d.b.store, me, c.id, &change).map(drop)
        }),
        (
            "staff::reset_password",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| staff::reset_password(&mut d.b.store, me, d.b.colleague.id).map(drop),
        ),
        // 管理员: 备份与恢复 — where backups go, recording a manual one, 校验.
        (
            "backup::set_settings",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let s = BackupSettings { dir: String::new() };
                backup::set_settings(&mut d.b.store, me, &s).map(drop)
            },
        ),
        (
            "backup::record_manual",
            ADMIN,
            FORBIDDEN,
            a_backup,
            |d, me, _| {
                let info = last_backup(d);
                backup::record_manual(&mut d.b.store, me, &info)
            },
        ),
        ("backup::check", ADMIN, FORBIDDEN, a_backup, |d, me, _| {
            backup::check(me, Path::new(&last_backup(d).path)).map(drop)
        }),
        // 管理员: 初始密码单 of people just added (they carry their initial passwords).
        ("sheet::render_slips", ADMIN, FORBIDDEN, none, |d, me, _| {
            let people = [staff::Added {
                staff: d.b.drafter.clone(),
                initial_password: "Kq7-初始-密码".into(),
            }];
            disclosure_core::sheet::render_slips(&d.b.store, me, &people).map(drop)
        }),
        ("backup::overview", ADMIN, FORBIDDEN, none, |d, me, _| {
            backup::overview(&d.b.store, me).map(drop)
        }),
        (
            "backup::manual_target",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| backup::manual_target(&d.b.store, me).map(drop),
        ),
        (
            "audit_admin::verify_as",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                audit_admin::verify_as(&d.b.store, me, &mut disclosure_core::job::quiet).map(drop)
            },
        ),
        // 管理员: the audit log, searched and exported.
        ("audit_admin::search", ADMIN, FORBIDDEN, none, |d, me, _| {
            audit_admin::search(&d.b.store, me, &AuditFilter::default(), 10).map(drop)
        }),
        (
            "audit_admin::export_csv",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let path = d.out.path().join(fresh("审计") + ".csv");
                audit_admin::export_csv(&d.b.store, me, &AuditFilter::default(), &path).map(drop)
            },
        ),
        // Everyone: 考核报表 (what they may not read is listed without its title).
        (
            "report::assessment_for",
            EVERYONE,
            FORBIDDEN,
            none,
            |d, me, _| report::assessment_for(&d.b.store, me, 2026, None).map(drop),
        ),
    ];
    check(rows);
}
