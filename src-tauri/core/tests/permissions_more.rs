//! 权限表, the rest of the window's commands (see `permissions` for the harness): batch and
//! referral decisions, 复查, one version and a comparison of two, printed sheets and the
//! register, a paper sheet looked up by its code, the imports (事项, 人员, 敏感词, 节假日安排,
//! 发布登记 CSV), a bundle checked against the record, and 从备份恢复.

use disclosure_core::backup::{self, Reason};
use disclosure_core::calendar::{self, Holiday, YearPlan};
use disclosure_core::item::import::{self as item_import, ImportRow};
use disclosure_core::review::{self, Decision, DecisionInput, RereviewInput};
use disclosure_core::staff::Staff;
use disclosure_core::{bundle, item, reads, sensitive_words, sheet, staff_import, Result, Store};

use crate::desk::Desk;
use crate::permissions::{check, fresh, none, Row, ADMIN, EVERYONE, FORBIDDEN, NOT_FOUND, P::*};
use crate::permissions_items::{
    approve, approved, draft, exported, submitted, ANY_DRAFTER, DRAFT_READERS, PUBLISHERS,
    REVIEW_READERS,
};
use crate::util::Dir;

/// In review and past its 处室负责人, at the 保密审查员's step.
fn at_reviewer(d: &mut Desk) -> i64 {
    let (id, head) = (submitted(d), d.head.clone());
    d.decide(&head, id, Decision::Approve, &[], "同意");
    id
}

/// 需报审: referred outside by the 保密审查员, waiting for the outcome to be recorded.
fn referred(d: &mut Desk) -> i64 {
    let (id, r) = (at_reviewer(d), d.reviewer.clone());
    d.decide(&r, id, Decision::Refer, &[], "报市保密局");
    id
}

/// 不予公开, waiting for its re-review.
fn withheld(d: &mut Desk) -> i64 {
    let (id, r) = (at_reviewer(d), d.reviewer.clone());
    d.decide(&r, id, Decision::Withhold, &["A15"], "涉及个人隐私");
    id
}

fn file(d: &Desk, name: &str, text: &str) -> std::path::PathBuf {
    let path = d.files.path().join(fresh("导入")).join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn print_one(d: &mut Desk, me: &Staff, id: i64) -> Result<()> {
    sheet::print_sheets(&d.b.store, me, &[id], None).map(drop)
}

#[test]
fn decisions_in_batch_on_referral_and_on_rereview_follow_the_steps() {
    let rows: &[Row] = &[
        // 批量通过: each item as `review::decide` (the 处室负责人 step: its head only).
        (
            "review::decide_many",
            &[Head],
            FORBIDDEN,
            submitted,
            |d, me, id| review::decide_many(&mut d.b.store, me, &[id], &approve()).map(drop),
        ),
        // 报审结果: the 保密审查员 of the step that referred it.
        (
            "review::record_referral",
            &[Reviewer],
            FORBIDDEN,
            referred,
            |d, me, id| {
                let input = DecisionInput {
                    comment: "市保密局同意公开。".into(),
                    ..approve()
                };
                review::record_referral(&mut d.b.store, me, id, &input).map(drop)
            },
        ),
        // 复查 of a 不予公开: the 保密审查员.
        (
            "review::rereview",
            &[Reviewer],
            FORBIDDEN,
            withheld,
            |d, me, id| {
                let input = RereviewInput {
                    release: false,
                    comment: "理由仍然成立。".into(),
                };
                review::rereview(&mut d.b.store, me, id, &input).map(drop)
            },
        ),
    ];
    check(rows);
}

#[test]
fn versions_and_printed_sheets_are_read_as_the_item_is() {
    let rows: &[Row] = &[
        (
            "reads::version",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::version(&d.b.store, me, id, 1).map(drop),
        ),
        (
            "reads::diff",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::diff(&d.b.store, me, id, 1, 1).map(drop),
        ),
        // 打印审批表 (from the first submission on): whoever may read the item, and nobody
        // else learns it exists.
        (
            "sheet::print_sheets (in review)",
            REVIEW_READERS,
            NOT_FOUND,
            submitted,
            print_one,
        ),
        (
            "sheet::print_sheets (approved)",
            EVERYONE,
            NOT_FOUND,
            approved,
            print_one,
        ),
        // 审查登记簿: everyone; it lists only the rounds of items they may read
        // (`access_props` checks the filter).
        (
            "sheet::print_register",
            EVERYONE,
            FORBIDDEN,
            none,
            |d, me, _| sheet::print_register(&d.b.store, me, "2026-01-01", "2026-12-31").map(drop),
        ),
    ];
    check(rows);
}

#[test]
fn imports_are_for_the_roles_that_make_what_they_import() {
    let rows: &[Row] = &[
        // 导入事项: drafts, as `item::create`.
        (
            "item::import::import",
            ANY_DRAFTER,
            FORBIDDEN,
            none,
            |d, me, _| {
                let row = ImportRow {
                    title: fresh("导入的通知"),
                    category: "通知公告".into(),
                    office: "法规处".into(),
                    summary: "导入的事项。".into(),
                    topic: "教育".into(),
                    body_html: "<p>导入的正文。</p>".into(),
                    ..ImportRow::default()
                };
                item_import::import(&mut d.b.store, me, &[(1, row)]).map(drop)
            },
        ),
        // 导入人员: 管理员.
        (
            "staff_import::import_xlsx",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let name = fresh("导入人");
                let rows: &[&[&str]] = &[&["姓名", "处室", "角色"], &[&name, "法规处", "起草人"]];
                let path = crate::util::sheet(d.files.path(), &format!("{name}.xlsx"), rows);
                staff_import::import_xlsx(&mut d.b.store, me, &path).map(drop)
            },
        ),
        // 导入敏感词: 管理员.
        (
            "sensitive_words::import_file",
            ADMIN,
            FORBIDDEN,
            none,
            |d, me, _| {
                let path = file(d, "敏感词.txt", &format!("# 敏感词\n{}\n", fresh("导入词")));
                sensitive_words::import_file(&mut d.b.store, me, &path).map(drop)
            },
        ),
        // 导入节假日安排: 管理员.
        ("calendar::add_year", ADMIN, FORBIDDEN, none, |d, me, _| {
            let plan = YearPlan {
                source: String::new(),
                document: "国办发明电〔2026〕1号".into(),
                published: String::new(),
                holidays: vec![Holiday {
                    name: "元旦".into(),
                    from: "2027-01-01".into(),
                    to: "2027-01-01".into(),
                }],
                workdays: vec![],
            };
            calendar::add_year(&mut d.b.store, me, 2027, &plan).map(drop)
        }),
        // 导入发布登记 (CSV): 发布员 and 管理员, as `bundle::publish`.
        (
            "bundle::publish_csv",
            PUBLISHERS,
            FORBIDDEN,
            exported,
            |d, me, id| {
                let no = item::get(&d.b.store, id)?.index_no;
                let url = format!("https://jyj.anshan.gov.cn/{}", fresh("csv"));
                let csv = format!("索引号,URL,发布日期\n{no},{url},2026-12-02\n");
                let report = bundle::publish_csv(&mut d.b.store, me, csv.as_bytes())?;
                assert!(report.errors.is_empty(), "{:?}", report.errors);
                Ok(())
            },
        ),
    ];
    check(rows);
}

/// A backup of the desk's data as it is now, in a folder outside the data directory.
fn backed_up(d: &mut Desk) -> i64 {
    let root = d.files.path().join("备份");
    backup::create(d.b.store.data_dir(), &root, Reason::Manual).unwrap();
    0
}

#[test]
fn sheets_by_code_bundles_against_the_record_and_restores() {
    let rows: &[Row] = &[
        // 扫码查找: the round of a paper sheet, to whoever may read its item; to anyone else
        // it is as if there were no such sheet.
        (
            "sheet::lookup_as",
            REVIEW_READERS,
            NOT_FOUND,
            submitted,
            |d, me, id| {
                let data = sheet::data(&d.b.store, id, None)?;
                let payload = sheet::qr_payload(&sheet::SheetRef {
                    item_id: id,
                    round: data.round,
                    content_hash: data.content_hash,
                });
                sheet::lookup_as(&d.b.store, me, &payload).map(drop)
            },
        ),
        // 校验上传包 against this desk's record of the export: anyone at the window (it says
        // only whether the zip is what was exported, no record's content).
        (
            "bundle::verify_recorded",
            EVERYONE,
            FORBIDDEN,
            approved,
            |d, _, id| {
                let made = d.export(Some(vec![id]))?;
                let check = bundle::verify_recorded(&d.b.store, std::path::Path::new(&made.path))?;
                assert!(check.ok, "{check:?}");
                Ok(())
            },
        ),
        // 从备份恢复: 管理员 only, and refused before anything is replaced.
        (
            "backup::restore_as",
            ADMIN,
            FORBIDDEN,
            backed_up,
            |d, me, _| {
                let newest = backup::list(&d.files.path().join("备份"))?.remove(0);
                let placeholder = Dir::new();
                let open = std::mem::replace(&mut d.b.store, placeholder.open());
                let dir = open.data_dir().to_path_buf();
                match backup::restore_as(open, std::path::Path::new(&newest.path), me) {
                    Ok(restored) => {
                        d.b.store = restored;
                        Ok(())
                    }
                    Err(e) => {
                        d.b.store = Store::open(&dir)?;
                        Err(e)
                    }
                }
            },
        ),
    ];
    check(rows);
}
