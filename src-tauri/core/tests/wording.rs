//! 错敏词 in the review: the administrator's lists (领导姓名与职务, 机构名称变更, 本单位错别字)
//! and the shipped ones reach the scanner; a wording finding in the body, a field or an
//! attachment's text is stored with the round and settled like any other (已更正 for a
//! corrected one); lists are kept, imported and exported by administrators only.

use std::path::PathBuf;

use disclosure_core::item;
use disclosure_core::review::{self, Decision, Settlement, SettlementKind};
use disclosure_core::scan::{Kind, Severity};
use disclosure_core::wording::{self, AgencyList, ShippedList};
use disclosure_core::{audit, audit_admin};

use crate::review::{chain, decide};
use crate::util::{bureau, draft, Dir};

fn lines(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_wrong_title_an_old_name_and_a_misspelling_are_found_everywhere_and_settled() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let (admin, drafter) = (c.b.admin.clone(), c.b.drafter.clone());
    let s = &mut c.b.store;
    wording::set(
        s,
        &admin,
        AgencyList::Leaders,
        &lines(&["王刚 局长", "李强 副局长"]),
    )
    .unwrap();
    wording::set(
        s,
        &admin,
        AgencyList::Renames,
        &lines(&["规划局 → 自然资源和规划局"]),
    )
    .unwrap();
    wording::set(
        s,
        &admin,
        AgencyList::Misspellings,
        &lines(&["教研活东 教研活动 提示"]),
    )
    .unwrap();

    let mut input = draft(s, &drafter, "通知公告", "关于教研工作的通知");
    input.summary = "请各校再接再励。".into();
    input.body_html = "<p>副局长王刚出席。</p><p>市自然资源和规划局参加。</p>".into();
    let id = item::create(s, &drafter, &input).unwrap().item.id;
    let file: PathBuf = dir.path().join("附件.txt");
    std::fs::write(&file, "请向市规划局报送教研活东材料。").unwrap();
    item::add_attachments(s, &drafter, id, &[file]).unwrap();
    review::submit(s, &drafter, id).unwrap();

    let found = review::findings(&c.b.store, id).unwrap();
    let got: Vec<(&str, Kind, Severity, &str, Option<&str>)> = found
        .iter()
        .map(|f| {
            (
                f.location.as_str(),
                f.kind,
                f.severity,
                f.matched.as_str(),
                f.suggestion.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "字段“内容概述”",
                Kind::Misspelling,
                Severity::Warn,
                "再接再励",
                Some("应为“再接再厉”")
            ),
            (
                "正文 第1段",
                Kind::LeaderTitle,
                Severity::Block,
                "副局长王刚",
                Some("王刚的现任职务：局长")
            ),
            (
                "附件《附件.txt》 第1行",
                Kind::OrgName,
                Severity::Block,
                "规划局",
                Some("现名称：自然资源和规划局")
            ),
            (
                "附件《附件.txt》 第1行",
                Kind::Misspelling,
                Severity::Info,
                "教研活东",
                Some("应为“教研活动”")
            ),
        ],
        "{found:#?}"
    );

    // Settled like any finding; a corrected one reads 已更正.
    let (head, reviewer, leader) = (c.head.clone(), c.reviewer.clone(), c.leader.clone());
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    assert!(decide(&mut c, &reviewer, id, Decision::Approve, &[], "").is_err());
    for (f, kind) in found
        .iter()
        .filter(|f| f.severity == Severity::Block)
        .zip([SettlementKind::Masked, SettlementKind::Accepted])
    {
        let settled = review::settle(
            &mut c.b.store,
            &reviewer,
            id,
            f.id.unwrap(),
            &Settlement {
                kind,
                note: "已与起草处室核实。".into(),
            },
        )
        .unwrap();
        let want = if kind == SettlementKind::Masked {
            "已更正"
        } else {
            "接受"
        };
        assert_eq!(settled.settlement_label.as_deref(), Some(want));
    }
    decide(&mut c, &reviewer, id, Decision::Approve, &[], "").unwrap();
    decide(&mut c, &leader, id, Decision::Approve, &[], "").unwrap();
    let log: Vec<String> = audit_admin::recent(&c.b.store, Some(id), 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "review.settle")
        .map(|e| e.detail)
        .collect();
    assert!(
        log.iter()
            .any(|l| l.contains("领导姓名职务不符") && l.contains("已更正")),
        "{log:?}"
    );
    assert!(audit::verify(&c.b.store).unwrap().ok);
}

#[test]
fn lists_are_kept_imported_and_exported_by_administrators_only() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let (admin, drafter) = (b.admin.clone(), b.drafter.clone());
    let err = wording::set(
        &mut b.store,
        &drafter,
        AgencyList::Leaders,
        &lines(&["王刚 局长"]),
    )
    .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let err =
        wording::set(&mut b.store, &admin, AgencyList::Leaders, &lines(&["王刚"])).unwrap_err();
    assert_eq!(err.field(), Some("lines"));
    let stored = wording::set(
        &mut b.store,
        &admin,
        AgencyList::Leaders,
        &lines(&[" 王刚  局长 ", "", "王刚 局长", "王刚 党组书记"]),
    )
    .unwrap();
    assert_eq!(stored, ["王刚 局长", "王刚 党组书记"]);
    assert_eq!(wording::get(&b.store, AgencyList::Leaders).unwrap(), stored);

    let file = dir.path().join("领导.txt");
    assert_eq!(
        wording::export_file(&b.store, &admin, AgencyList::Leaders, &file).unwrap(),
        2
    );
    assert!(wording::export_file(&b.store, &drafter, AgencyList::Leaders, &file).is_err());
    wording::set(&mut b.store, &admin, AgencyList::Leaders, &[]).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("# 注释\r\n李强 副局长\r\n");
    std::fs::write(dir.path().join("gbk.txt"), &gbk).unwrap();
    let imported = wording::import_file(
        &mut b.store,
        &admin,
        AgencyList::Leaders,
        &dir.path().join("gbk.txt"),
    )
    .unwrap();
    assert_eq!(imported, ["李强 副局长"]);
    let back = wording::import_file(&mut b.store, &admin, AgencyList::Leaders, &file).unwrap();
    assert_eq!(back, stored);
}

#[test]
fn a_shipped_entry_switched_off_is_not_checked() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let (admin, drafter) = (b.admin.clone(), b.drafter.clone());
    let shipped = wording::shipped(&b.store).unwrap();
    assert_eq!(shipped.len(), 2);
    assert!(shipped
        .iter()
        .all(|l| !l.version.is_empty() && !l.sources.is_empty()));
    assert!(shipped[0].entries.iter().all(|e| e.enabled));

    let mut input = draft(&b.store, &drafter, "通知公告", "关于账号的通知");
    input.body_html = "<p>请登录帐号，不要称台湾总统。</p>".into();
    let id = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    let kinds = |b: &crate::util::Bureau| -> Vec<Kind> {
        review::self_check(&b.store, id)
            .unwrap()
            .iter()
            .map(|f| f.kind)
            .collect()
    };
    assert_eq!(kinds(&b), [Kind::Misspelling, Kind::WrongExpression]);

    let err = wording::switch(
        &mut b.store,
        &drafter,
        ShippedList::Misspellings,
        "帐号",
        false,
    )
    .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(wording::switch(
        &mut b.store,
        &admin,
        ShippedList::Misspellings,
        "没有这条",
        false
    )
    .is_err());
    let lists = wording::switch(
        &mut b.store,
        &admin,
        ShippedList::Misspellings,
        "帐号",
        false,
    )
    .unwrap();
    let entry = lists[1].entries.iter().find(|e| e.wrong == "帐号").unwrap();
    assert!(!entry.enabled);
    assert_eq!(kinds(&b), [Kind::WrongExpression]);
    wording::switch(
        &mut b.store,
        &admin,
        ShippedList::Misspellings,
        "帐号",
        true,
    )
    .unwrap();
    assert_eq!(kinds(&b), [Kind::Misspelling, Kind::WrongExpression]);
}
