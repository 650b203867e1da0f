//! `disclosure scan`: the pre-review scanner on files, for scripts, without a data directory.

use crate::disclosure_bin;
use crate::util::Dir;

fn scan_cli(dir: &Dir, args: &[&str]) -> (Option<i32>, String, String) {
    let out = disclosure_bin()
        .current_dir(dir.path())
        .arg("scan")
        .args(args)
        .env("DISCLOSURE_DESK_DATA", dir.path().join("no-data-dir"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn cli_scan_json_and_exit_status() {
    let dir = Dir::new();
    std::fs::write(
        dir.path().join("名单.txt"),
        "王芳 21030219900101018X\n办公室 0412-2223456\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("通知.txt"),
        "关于印发实施方案的通知（鞍教发〔2016〕38号）\n咨询电话：0412-2223456\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("x.bin"), b"\x00\x01").unwrap();

    let (code, out, err) = scan_cli(&dir, &["名单.txt", "--json"]);
    assert_eq!(code, Some(1), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{out}");
    assert_eq!(findings[0]["kind"], "id_card");
    assert_eq!(findings[0]["severity"], "block");
    assert_eq!(findings[0]["match"], "21030219900101018X");
    assert_eq!(findings[0]["location"], "附件《名单.txt》 第1行");
    assert_eq!(findings[1]["kind"], "landline");
    assert_eq!(findings[1]["severity"], "warn");

    // Warnings alone do not block.
    let (code, out, _) = scan_cli(&dir, &["通知.txt", "--json"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = scan_cli(&dir, &["通知.txt"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("固定电话") && out.contains("警告") && out.contains("0412-*****56"),
        "{out}"
    );

    let (code, out, _) = scan_cli(&dir, &["x.bin", "--json"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("\"unreadable\""), "{out}");

    let (code, _, err) = scan_cli(&dir, &["没有这个文件.txt"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("没有这个文件.txt"), "{err}");
}
