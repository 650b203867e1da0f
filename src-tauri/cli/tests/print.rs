//! `disclosure sheet | register | ledger`: the printed forms written where the script
//! says, read back with poppler; nothing left behind on an error.

use std::path::Path;

use disclosure_core::item;

use crate::desk::desk;
use crate::util::{bureau, Dir};
use crate::{disclosure_bin, pdftotext, squash};

const TITLE: &str = "关于2026年教师资格认定工作的通知";

/// Runs `disclosure --data-dir DIR ARGS… --user 管理员 OUTPUT_FLAG OUTPUT` (the last of
/// `args` is the output flag).
fn disclosure(dir: &Dir, args: &[&str], output: &Path) -> std::process::Output {
    let (flag, rest) = args.split_last().unwrap();
    disclosure_bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(rest)
        .args(["--user", "管理员", flag])
        .arg(output)
        .env("DISCLOSURE_PASSWORD", crate::util::PASSWORD)
        .output()
        .unwrap()
}

#[test]
fn cli_prints_sheets_and_the_register_and_leaves_no_file_on_error() {
    let dir = Dir::new();
    let (a, b) = {
        let mut d = desk(&dir);
        let a = d.approved(TITLE, &[]);
        let b = d.approved("关于2027年招生工作的通知", &[]);
        let index = |id| item::get(&d.b.store, id).unwrap().index_no;
        (index(a), index(b))
    };
    let out_pdf = dir.path().join("out").join("sheets.pdf");
    std::fs::create_dir_all(out_pdf.parent().unwrap()).unwrap();
    let out = disclosure(&dir, &["sheet", &a, &b, "-o"], &out_pdf);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已生成 2 份审批表"));
    let text = squash(&pdftotext(&out_pdf));
    assert!(text.contains(TITLE) && text.contains("关于2027年招生工作的通知"));
    assert_eq!(
        text.matches("第1页/共1页").count(),
        2,
        "each sheet numbered on its own"
    );

    let missing = dir.path().join("out").join("none.pdf");
    let out = disclosure(&dir, &["sheet", &a, "NO-SUCH-INDEX", "--output"], &missing);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("错误："));
    assert!(!missing.exists());
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        1,
        "no temporary file left behind"
    );

    let reg = dir.path().join("out").join("register.pdf");
    let today = disclosure_core::clock::today()
        .format("%Y-%m-%d")
        .to_string();
    let out = disclosure(
        &dir,
        &["register", "--from", "2026-01-01", "--to", &today, "-o"],
        &reg,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = squash(&pdftotext(&reg));
    // (The index number wraps inside its cell; the title and the count read whole.)
    assert!(text.contains(TITLE) && text.contains("共2项"), "{text}");
    let bad = ["register", "--from", "2026/01/01", "--to", &today, "-o"];
    let out = disclosure(&dir, &bad, &dir.path().join("x.pdf"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn cli_writes_the_ledger_and_requires_its_output() {
    let dir = Dir::new();
    drop(bureau(&dir));
    // The same ledger from the command line (`disclosure ledger -o FILE`).
    let cli_pdf = dir.path().join("cli-台账.pdf");
    let out = disclosure_bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["ledger", "--user", "管理员", "-o"])
        .arg(&cli_pdf)
        .env("DISCLOSURE_PASSWORD", crate::util::PASSWORD)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("已生成责任分工台账（") && stdout.contains(" 页）"),
        "{stdout}"
    );
    let cli_text = pdftotext(&cli_pdf);
    assert!(
        cli_text.contains("政务公开工作责任分工台账")
            && cli_text.contains("推进政务公开制度化标准化"),
        "{cli_text}"
    );
    let missing = disclosure_bin()
        .arg("--data-dir")
        .arg(dir.path())
        .arg("ledger")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2), "-o is required");
}
