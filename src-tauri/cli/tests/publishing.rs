//! `disclosure export`, `verify`, `publish`: the upload bundle as scripts make, check and
//! record it.

use std::path::Path;

use disclosure_core::item::{self, Status};
use disclosure_core::Store;

use crate::desk::desk;
use crate::disclosure_bin;
use crate::util::{Dir, PASSWORD};

/// `disclosure export`, `verify` and `publish` as administrators' scripts call them.
#[test]
fn cli_export_prints_the_path_verify_names_the_file_and_publish_imports_csv() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let a = d.approved("命令行导出的事项", &[("附件.txt", b"cli")]);
    let index_no = item::get(&d.b.store, a).unwrap().index_no;
    let out_dir = d.out.path().to_path_buf();
    drop(std::mem::replace(
        &mut d.b.store,
        Store::open(tempfile::tempdir().unwrap().path()).unwrap(),
    ));
    let run = |args: &[&str], env_user: bool| {
        let mut cmd = disclosure_bin();
        cmd.arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("DISCLOSURE_PASSWORD", PASSWORD)
            .env_remove("DISCLOSURE_USER");
        if env_user {
            cmd.env("DISCLOSURE_USER", "周发布");
        }
        let o = cmd.output().unwrap();
        (
            o.status.code(),
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    let out = out_dir.to_str().unwrap();
    let (code, _, err) = run(&["export", "--all-approved", "-o", out], false);
    assert_eq!(code, Some(2));
    assert!(err.contains("DISCLOSURE_USER"), "{err}");
    // The documented form, the exporter named in the environment.
    let (code, stdout, err) = run(&["export", &index_no, "-o", out], true);
    assert_eq!(code, Some(0), "{err}");
    let path = stdout.trim().to_string();
    assert!(
        path.ends_with("_1项.zip") && Path::new(&path).exists(),
        "{stdout}"
    );
    let (code, stdout, _) = run(&["verify", &path], false);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("OK "), "{stdout}");
    // Flip one byte of the attachment's content: verify names the file.
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(3).position(|w| w == b"cli").unwrap();
    bytes[at] ^= 1;
    let flipped = out_dir.join("flipped.zip");
    std::fs::write(&flipped, &bytes).unwrap();
    let (code, stdout, _) = run(&["verify", flipped.to_str().unwrap()], false);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("不一致") && stdout.contains("attachments/附件.txt"),
        "{stdout}"
    );
    let (code, _, err) = run(&["verify", "/nonexistent/bundle.zip"], false);
    assert_eq!(code, Some(2), "{err}");
    // Publication by CSV: good rows applied, a bad row reported by line, exit 1.
    let csv = out_dir.join("published.csv");
    std::fs::write(
        &csv,
        format!(
            "{index_no},https://jyj.anshan.gov.cn/x.html,2026-01-05\nNOPE,https://x/y,2026-01-05\n"
        ),
    )
    .unwrap();
    let (code, stdout, err) = run(
        &[
            "publish",
            "--csv",
            csv.to_str().unwrap(),
            "--user",
            "周发布",
        ],
        false,
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(stdout.contains(&index_no), "{stdout}");
    assert!(err.contains("第 2 行"), "{err}");
    let store = dir.open();
    assert_eq!(item::get(&store, a).unwrap().status, Status::Published);
}
