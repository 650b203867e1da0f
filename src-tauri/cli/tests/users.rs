//! `disclosure user import`: staff from an Excel sheet, all or nothing.

use std::path::Path;

use disclosure_core::staff::{self, Role};

use crate::disclosure_bin;
use crate::util::{bureau, sheet, Dir};

#[test]
fn cli_user_import_reports_bad_rows_with_exit_1_and_imports_a_good_sheet() {
    let dir = Dir::new();
    drop(bureau(&dir));
    let run = |file: &Path| {
        disclosure_bin()
            .args(["--data-dir", dir.path().to_str().unwrap(), "user", "import"])
            .arg(file)
            .args(["--by", "管理员"])
            .env("DISCLOSURE_PASSWORD", crate::util::PASSWORD)
            .output()
            .unwrap()
    };
    let bad = sheet(
        dir.path(),
        "bad.xlsx",
        &[
            &["姓名", "处室", "角色"],
            &["赵处长", "法规处", "处室负责人"],
            &["钱审查", "保卫处", "保密审查员"],
        ],
    );
    let out = run(&bad);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("第 3 行：没有名为“保卫处”的处室"), "{err}");
    assert!(err.contains("未导入任何人员"), "{err}");

    let good = sheet(
        dir.path(),
        "good.xlsx",
        &[
            &["姓名", "处室", "角色"],
            &["赵处长", "法规处", "处室负责人"],
        ],
    );
    let out = run(&good);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("已导入 1 位人员（初始密码只显示这一次）："),
        "{text}"
    );
    let line = text.lines().nth(1).unwrap();
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields[..2], ["赵处长", "法规处"]);
    assert_eq!(
        fields[2].len(),
        14,
        "an initial password like Kx7m-Qp3r-Tw9d"
    );
    let store = dir.open();
    assert_eq!(
        staff::find_by_name(&store, "赵处长").unwrap().roles,
        [Role::OfficeHead]
    );
}
