//! `disclosure info | init | audit verify | backup | restore | workdays | scan | gen-demo`:
//! the data directory itself.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use disclosure_core::session::Need;
use disclosure_core::staff::{self, Role};
use disclosure_core::{
    agency, audit, backup, calendar, overview, paths, scan, sensitive_words, Error, Store,
};

use super::session::{office_by_name, os_user, password, sign_in, PASSWORD_ENV};
use super::{json, WorkdaysCommand};

/// No record's content: counts and versions only.
pub fn info(store: &mut Store, as_json: bool) -> Result<ExitCode, Error> {
    let o = overview::get(store)?;
    if as_json {
        println!("{}", json(&o));
    } else {
        println!("数据目录：{}", o.data_dir);
        println!("数据库：{}", o.db_path);
        println!("数据结构版本：{}", o.schema_version);
        println!("机构：{}", o.agency);
        println!("处室：{}", o.counts.offices);
        println!("工作任务：{}", o.counts.plan_tasks);
        println!("人员：{}", o.counts.staff);
        println!("公开事项：{}", o.counts.items);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn init(
    store: &mut Store,
    admin: Option<String>,
    office: &str,
    org_code: Option<String>,
) -> Result<ExitCode, Error> {
    if let Some(code) = org_code {
        // Only while nobody exists: afterwards the agency is an administrator's setting.
        if !staff::is_empty(store)? {
            return Err(Error::Forbidden(
                "已有人员，机构代码请由管理员在“设置 → 机构信息”中修改。".into(),
            ));
        }
        let a = agency::get(store)?;
        agency::bootstrap(
            store,
            &agency::AgencyInput {
                name: a.name,
                short_name: a.short_name,
                org_code: code,
            },
        )?;
    }
    if let Some(name) = admin {
        let office_id = office_by_name(store, office)?;
        let pw = password(PASSWORD_ENV, &format!("为管理员 {name} 设置密码："))?;
        let me = staff::create_first_admin(store, &name, office_id, &pw)?;
        println!("已创建管理员：{}（{}）", me.name, me.office_name);
    }
    println!("已初始化：{}", store.data_dir().display());
    Ok(ExitCode::SUCCESS)
}

/// Integrity only (no record's content): anyone who can read the data directory.
pub fn audit_verify(
    store: &mut Store,
    bundles: &[PathBuf],
    as_json: bool,
) -> Result<ExitCode, Error> {
    let check = audit::verify_full(store, bundles)?;
    if as_json {
        println!("{}", json(&check));
    } else {
        if check.ok {
            println!("OK {}", check.message);
        } else {
            println!("FAILED {}", check.message);
        }
        for a in check.anchors.iter().filter(|a| !a.ok) {
            println!(
                "锚点不符\t{}\t{}",
                a.source,
                a.problem.as_deref().unwrap_or_default()
            );
        }
        for r in &check.records {
            println!("记录不符\t{r}");
        }
    }
    Ok(ExitCode::from(u8::from(!check.ok)))
}

/// A backup needs an administrator and is audited.
pub fn backup(store: &mut Store, user: &str, out: Option<PathBuf>) -> Result<ExitCode, Error> {
    let me = sign_in(store, user, Need::SignedIn)?;
    me.require(Role::Admin)?;
    let info = backup::create_manual(store, &me, out.as_deref())?;
    if info.missing > 0 {
        eprintln!(
            "注意：数据目录中缺少或损坏了 {} 个附件，备份中也没有它们。",
            info.missing
        );
    }
    println!("{}", info.path);
    Ok(ExitCode::SUCCESS)
}

/// A restore needs an administrator of the current data, who is recorded in the restored
/// audit log. Data that no longer opens (damaged) cannot check anyone's password: then
/// whoever can write the data directory restores it (as for `user reset-password`), its
/// damaged files moved aside, never deleted, and the operating-system account recorded.
pub fn restore(dir: &Path, from: &Path, user: &str) -> Result<ExitCode, Error> {
    backup::verify(from)?;
    let store = match Store::open(dir) {
        Ok(mut store) => {
            let me = sign_in(&mut store, user, Need::Password)?;
            me.require(Role::Admin)?;
            backup::restore(store, from, &format!("{}（命令行）", me.name))?
        }
        Err(e) => {
            eprintln!("当前数据无法打开（{e}），将其移到一旁后恢复。");
            backup::restore_damaged(dir, from, &format!("操作系统用户 {}（命令行）", os_user()))?
        }
    };
    let o = overview::get(&store)?;
    println!(
        "已从备份恢复：{}（公开事项 {} 项）。恢复前的数据已另做备份。",
        from.display(),
        o.counts.items
    );
    Ok(ExitCode::SUCCESS)
}

/// Working days on this data directory's calendar; without a database, the shipped years.
/// A date in a year with no holiday arrangement counts weekends only, and says so.
pub fn workdays(dir: &Path, w: &WorkdaysCommand) -> Result<ExitCode, Error> {
    let cal = if dir.join(disclosure_core::store::DB_FILE).exists() {
        calendar::load(&Store::open(dir)?)?
    } else {
        calendar::Calendar::shipped()
    };
    let date = |field: &'static str, s: &str| {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, format!("“{s}”不是有效日期（应为 YYYY-MM-DD）。")))
    };
    let warn = |dates: &[chrono::NaiveDate]| {
        use chrono::Datelike as _;
        let years: std::collections::BTreeSet<i32> = dates.iter().map(|d| d.year()).collect();
        for y in years.into_iter().filter(|y| !cal.covers(*y)) {
            eprintln!("注意：未载入 {y} 年的节假日安排，只按周末计算。");
        }
    };
    match w {
        WorkdaysCommand::Add { date: d, n } => {
            let from = date("date", d)?;
            let due = cal.add_working_days(from, *n);
            warn(&[from, due]);
            println!("{}", due.format("%Y-%m-%d"));
        }
        WorkdaysCommand::Between { from, to } => {
            let (a, b) = (date("from", from)?, date("to", to)?);
            warn(&[a, b]);
            println!("{}", cal.working_days_between(a, b));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `disclosure scan`: the files are outside the database. The sensitive-word list is the
/// one stored in the data directory, or none where there is no database (none is created).
pub fn scan(
    data_dir: Option<PathBuf>,
    files: &[PathBuf],
    as_json: bool,
) -> Result<ExitCode, Error> {
    let words = match paths::resolve_data_dir(data_dir) {
        Ok(dir) => sensitive_words::list_at(&dir)?,
        Err(_) => Vec::new(),
    };
    let scanner = scan::Scanner::new(&words);
    let mut findings = Vec::new();
    for path in files {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::io(format!("无法读取 {}", path.display()), e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        findings.extend(scan::scan_file(
            &scanner,
            &name,
            &bytes,
            &scan::ScanOptions::default(),
        ));
    }
    if as_json {
        println!("{}", json(&serde_json::json!({ "findings": findings })));
    } else {
        for f in &findings {
            println!(
                "{}\t{}\t{}\t{}",
                f.location,
                f.kind.label(),
                f.severity.label(),
                f.excerpt
            );
        }
        let blocking = findings
            .iter()
            .filter(|f| f.severity == scan::Severity::Block)
            .count();
        println!("共发现 {} 处，其中阻断 {blocking} 处。", findings.len());
    }
    let blocked = findings.iter().any(|f| f.severity == scan::Severity::Block);
    Ok(ExitCode::from(u8::from(blocked)))
}

#[cfg(feature = "demo")]
pub fn gen_demo(store: &mut Store, items: usize, seed: u64) -> Result<ExitCode, Error> {
    use disclosure_core::item;
    let r = match disclosure_core::demo::generate(store, items, seed) {
        Ok(r) => r,
        // A data directory that already holds items is refused as a failed check.
        Err(e @ Error::Conflict(_)) => {
            eprintln!("错误：{e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e),
    };
    println!(
        "已生成 {} 个公开事项、{} 位人员、{} 条审计记录、{} 个附件文件，用时 {:.1} 秒。",
        r.items, r.staff, r.audit_entries, r.blobs, r.seconds
    );
    for (status, n) in &r.by_status {
        let label = item::Status::parse(status)
            .map(|s| s.label())
            .unwrap_or(status);
        println!("  {label}：{n}");
    }
    println!(
        "演示人员的密码均为 {}（本次随机生成，只显示这一次；请只在演示环境中使用）。",
        r.password
    );
    Ok(ExitCode::SUCCESS)
}
