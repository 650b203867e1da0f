//! 导入人员: staff from an Excel sheet (姓名, 处室, 角色), all or nothing, every bad row
//! reported by the row number Excel shows.

use disclosure_core::staff::{self, Role};
use disclosure_core::staff_import::import_xlsx;
use disclosure_core::{audit, Error};

use crate::util::{bureau, sheet, Dir};

#[test]
fn everyone_in_a_good_sheet_is_added_with_their_roles_and_an_initial_password_of_their_own() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let before = audit::verify(&b.store).unwrap().entries;
    // Columns in another order, roles in Chinese or as codes, several per person.
    let file = sheet(
        dir.path(),
        "人员.xlsx",
        &[
            &["处室", "姓名", "角色"],
            &["法规处", "赵处长", "处室负责人、起草人"],
            &["办公室", "钱审查", "保密审查员"],
            &["办公室", "孙局长", "leader"],
        ],
    );
    let report = import_xlsx(&mut b.store, &b.admin, &file).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let names: Vec<&str> = report
        .created
        .iter()
        .map(|a| a.staff.name.as_str())
        .collect();
    assert_eq!(names, ["赵处长", "钱审查", "孙局长"]);
    // A different random initial password each, which the administrator does not choose.
    let passwords: std::collections::HashSet<&str> = report
        .created
        .iter()
        .map(|a| a.initial_password.as_str())
        .collect();
    assert_eq!(passwords.len(), 3);
    assert!(report.created.iter().all(|a| a.staff.must_change_password));

    let head = staff::find_by_name(&b.store, "赵处长").unwrap();
    assert_eq!(head.office_name, "法规处");
    assert_eq!(head.roles, [Role::Drafter, Role::OfficeHead]);
    assert_eq!(
        staff::find_by_name(&b.store, "孙局长").unwrap().roles,
        [Role::Leader]
    );
    let initial = &report.created[1].initial_password;
    let me = staff::sign_in(&mut b.store, "钱审查", initial).unwrap();
    assert_eq!(me.roles, [Role::Reviewer]);
    assert!(me.must_change_password);

    let check = audit::verify(&b.store).unwrap();
    assert!(check.ok);
    // Three additions and one sign-in.
    assert_eq!(check.entries, before + 4);
}

#[test]
fn one_bad_row_imports_no_one_and_every_bad_row_is_named() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let people = staff::list(&b.store).unwrap().len();
    let file = sheet(
        dir.path(),
        "人员.xlsx",
        &[
            &["姓名", "处室", "角色"],
            &["赵处长", "法规处", "处室负责人"],
            &["钱审查", "保卫处", "保密审查员"],
            &["孙局长", "办公室", "局长"],
            &["赵处长", "法规处", "起草人"],
            &["张伟", "法规处", "起草人"],
            &["周发布", "办公室", ""],
            &["", "", ""],
            &["", "办公室", "发布员"],
        ],
    );
    let report = import_xlsx(&mut b.store, &b.admin, &file).unwrap();
    assert!(report.created.is_empty());
    let rows: Vec<(usize, &str)> = report
        .errors
        .iter()
        .map(|e| (e.row, e.message.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (3, "没有名为“保卫处”的处室（请先在“设置 → 处室”中添加）。"),
            (
                4,
                "无法识别角色“局长”，应为：起草人、处室负责人、保密审查员、分管领导、发布员、管理员、依申请承办人。"
            ),
            (5, "姓名“赵处长”在表中重复出现。"),
            (6, "已有名为“张伟”的人员。"),
            (7, "请填写角色。"),
            (9, "请填写姓名。"),
        ]
    );
    assert_eq!(staff::list(&b.store).unwrap().len(), people, "no one added");
    assert!(staff::find_by_name(&b.store, "赵处长").is_err());
}

#[test]
fn only_an_administrator_imports_and_the_sheet_must_have_the_three_columns() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let good = sheet(
        dir.path(),
        "good.xlsx",
        &[
            &["姓名", "处室", "角色"],
            &["赵处长", "法规处", "处室负责人"],
        ],
    );
    let err = import_xlsx(&mut b.store, &b.drafter, &good).unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");

    let no_roles = sheet(
        dir.path(),
        "bad.xlsx",
        &[&["姓名", "处室"], &["赵处长", "法规处"]],
    );
    let err = import_xlsx(&mut b.store, &b.admin, &no_roles).unwrap_err();
    assert_eq!(
        err.to_string(),
        "第 1 行缺少“角色”列。表头应为：姓名、处室、角色。"
    );
}
