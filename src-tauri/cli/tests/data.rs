//! `info`, `init`, `user add`, `audit verify`, `backup`, `restore` beside a running app:
//! the data directory's lock, and a backup that brings the data back.

use std::path::{Path, PathBuf};
use std::process::Command;

use disclosure_core::{backup, lock, store, Error};

use crate::disclosure_bin;
use crate::util::{Dir, PASSWORD};

fn disclosure(dir: &Path) -> Command {
    let mut c = disclosure_bin();
    c.arg("--data-dir")
        .arg(dir)
        .env("DISCLOSURE_PASSWORD", PASSWORD);
    c
}

/// `disclosure user add 张伟 …` by the administrator — a writing command.
fn add_zhang(dir: &Path) -> Command {
    let mut c = disclosure(dir);
    c.args(["user", "add", "张伟", "--office", "法规处"]).args([
        "--roles",
        "drafter",
        "--by",
        "管理员",
    ]);
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn while_the_directory_is_held_cli_writes_are_refused_and_reads_go_on() {
    let dir = Dir::new();
    let (code, _, err) = run(disclosure(dir.path()).args(["init", "--admin", "管理员"]));
    assert_eq!(code, 0, "{err}");
    let held = lock::acquire(dir.path()).unwrap();
    // A second holder in this process is refused too (the app checks this way).
    assert!(matches!(lock::acquire(dir.path()), Err(Error::Locked(_))));

    let (code, out, err) = run(&mut add_zhang(dir.path()));
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("正被政务公开工作台程序"), "{err}");
    assert!(!err.contains("Error"), "{err}");

    let (code, out, _) = run(disclosure(dir.path()).arg("info"));
    assert_eq!(code, 0);
    assert!(out.contains("人员：1"), "{out}");
    let (code, out, err) = run(disclosure(dir.path()).args(["audit", "verify"]));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(disclosure(dir.path()).args(["backup", "--user", "管理员"]));
    assert_eq!(code, 0, "a backup may run beside the app: {err}");
    assert!(Path::new(out.trim()).join(backup::MANIFEST).is_file());
    let (code, _, err) = run(disclosure(dir.path())
        .arg("restore")
        .arg(out.trim())
        .args(["--user", "管理员"]));
    assert_eq!(code, 1, "a restore may not: {err}");

    drop(held);
    let (code, out, err) = run(&mut add_zhang(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = run(disclosure(dir.path()).arg("info"));
    assert!(out.contains("人员：2"), "{out}");
}

#[test]
fn cli_backup_prints_its_path_and_restore_brings_the_data_back() {
    let dir = Dir::new();
    let (code, _, err) = run(disclosure(dir.path()).args(["init", "--admin", "管理员"]));
    assert_eq!(code, 0, "{err}");
    let elsewhere = tempfile::tempdir().unwrap();
    // A backup needs an administrator (and is audited).
    let (code, _, err) = run(disclosure(dir.path())
        .args(["backup", "--user", "无此人", "-o"])
        .arg(elsewhere.path()));
    assert_eq!(code, 2);
    assert!(err.contains("姓名或密码不正确"), "{err}");
    let (code, out, err) = run(disclosure(dir.path())
        .args(["backup", "--user", "管理员", "-o"])
        .arg(elsewhere.path()));
    assert_eq!(code, 0, "{err}");
    let made = PathBuf::from(out.trim());
    assert_eq!(out.lines().count(), 1, "only the path: {out}");
    assert!(made.starts_with(elsewhere.path()));
    backup::verify(&made).unwrap();

    assert_eq!(run(&mut add_zhang(dir.path())).0, 0);
    let (code, out, err) = run(disclosure(dir.path())
        .arg("restore")
        .arg(&made)
        .args(["--user", "管理员"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已从备份恢复"), "{out}");
    let (_, out, _) = run(disclosure(dir.path()).arg("info"));
    assert!(out.contains("人员：1"), "{out}");
    let (code, out, _) = run(disclosure(dir.path()).args(["audit", "verify"]));
    assert_eq!(code, 0, "{out}");

    // A damaged backup is refused with a Chinese message and changes nothing.
    std::fs::write(made.join(store::DB_FILE), b"not a database").unwrap();
    let (code, _, err) = run(disclosure(dir.path())
        .arg("restore")
        .arg(&made)
        .args(["--user", "管理员"]));
    assert_ne!(code, 0);
    assert!(err.contains("已损坏"), "{err}");
}

/// Under the date test (`tests/dates/run.sh` moves the clock of this process and of the
/// `disclosure` processes it starts, and names the day in `DISCLOSURE_DATE_TEST_DAY`), the
/// CLI's records are dated that day, as this process's are. Outside it, both are today.
#[test]
fn the_cli_and_its_caller_agree_on_the_day() {
    let dir = Dir::new();
    let before = disclosure_core::clock::today();
    let (code, _, err) = run(disclosure(dir.path()).args(["init", "--admin", "管理员"]));
    assert_eq!(code, 0, "{err}");
    let after = disclosure_core::clock::today();
    let conn = store::open_connection(dir.path()).unwrap();
    let at: String = conn
        .query_row(
            "SELECT at FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let day = &at[..10];
    assert!(
        day == before.to_string() || day == after.to_string(),
        "the CLI wrote {at} on {before}"
    );
    if let Ok(want) = std::env::var("DISCLOSURE_DATE_TEST_DAY") {
        assert_eq!(day, want, "the date test's day");
    }
}
