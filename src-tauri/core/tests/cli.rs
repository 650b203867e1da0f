//! The `disclosure` binary as administrators' scripts call it.

use std::process::Command;

use crate::util::Dir;

fn disclosure() -> Command {
    Command::new(env!("CARGO_BIN_EXE_disclosure"))
}

#[test]
fn info_prints_schema_version_and_counts() {
    let dir = Dir::new();
    let out = disclosure()
        .args(["info", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let version = format!("数据结构版本：{}", disclosure_core::store::latest_version());
    assert!(text.contains(&version), "{text}");
    assert!(text.contains("处室：10"), "{text}");
    assert!(text.contains("工作任务：14"), "{text}");
}

#[test]
fn info_json_and_environment_variable() {
    let dir = Dir::new();
    let out = disclosure()
        .args(["info", "--json"])
        .env("DISCLOSURE_DESK_DATA", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["counts"]["offices"], 10);
    assert_eq!(v["schema_version"], v["latest_schema_version"]);
    assert_eq!(v["data_dir"], dir.path().display().to_string());
}

#[test]
fn init_creates_the_database_and_a_newer_one_exits_2_in_chinese() {
    let dir = Dir::new();
    let out = disclosure()
        .arg("init")
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("disclosure.db").exists());
    let conn = disclosure_core::store::open_connection(dir.path()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let out = disclosure()
        .arg("info")
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("第 99 版"), "{err}");
}
