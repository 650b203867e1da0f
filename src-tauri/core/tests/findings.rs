//! 检查结果 in the review: stored with the round on submission, settled by an independent
//! confidentiality reviewer before approval, masked in the body with one click; and the
//! administrator's sensitive-word list the scanner uses.

use std::path::PathBuf;

use disclosure_core::item::{self, MaskRequest, Status};
use disclosure_core::review::{self, Decision, FindingView, Settlement, SettlementKind};
use disclosure_core::scan::{Kind, Severity};
use disclosure_core::staff::{self, Role, Staff};
use disclosure_core::{audit, audit_admin, sensitive_words};

use crate::review::{chain, decide, Chain};
use crate::util::{bureau, draft, Dir};

/// A 身份证号 with a valid check character, and how it is masked (§7: first 6, last 4).
const ID: &str = "210302199001011238";
const ID_MASKED: &str = "210302********1238";

/// A draft by 张伟 with `body` and `summary`.
fn drafted(c: &mut Chain, summary: &str, body: &str) -> i64 {
    let drafter = c.b.drafter.clone();
    let mut input = draft(&c.b.store, &drafter, "通知公告", "关于教师资格认定的通知");
    input.summary = summary.into();
    input.body_html = body.into();
    item::create(&mut c.b.store, &drafter, &input)
        .unwrap()
        .item
        .id
}

/// A draft with a 身份证号 in the second paragraph of its body.
fn with_id(c: &mut Chain) -> i64 {
    drafted(
        c,
        "教师资格认定。",
        &format!("<p>第一段。</p><p>联系人王芳，身份证号{ID}。</p>"),
    )
}

fn submit(c: &mut Chain, id: i64) {
    let drafter = c.b.drafter.clone();
    review::submit(&mut c.b.store, &drafter, id).unwrap();
}

fn settle(
    c: &mut Chain,
    who: &Staff,
    id: i64,
    finding: &FindingView,
    note: &str,
) -> disclosure_core::Result<FindingView> {
    review::settle(
        &mut c.b.store,
        who,
        id,
        finding.id.unwrap(),
        &Settlement {
            kind: SettlementKind::FalsePositive,
            note: note.into(),
        },
    )
}

fn of_kind(findings: &[FindingView], kind: Kind) -> FindingView {
    findings
        .iter()
        .find(|f| f.kind == kind)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} in {findings:#?}"))
}

/// A workbook whose hidden second sheet has a 手机号 in C5.
fn hidden_phone_xlsx(path: &std::path::Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write(0, 0, "学校").unwrap();
    let hidden = wb.add_worksheet().set_name("Sheet2").unwrap();
    hidden.write(4, 2, "13812341234").unwrap();
    hidden.set_hidden(true);
    wb.save(path).unwrap();
}

fn actions(c: &Chain, id: i64, action: &str) -> Vec<String> {
    crate::util::audit_details(&c.b.store, id, action)
}

#[test]
fn submission_stores_what_the_scanner_finds_in_fields_body_and_attachments() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = drafted(
        &mut c,
        "咨询电话：0412-2223456。",
        &format!("<p>第一段。</p><p>联系人王芳，身份证号{ID}。</p>"),
    );
    let files: Vec<PathBuf> = vec![dir.path().join("名单.xlsx"), dir.path().join("x.bin")];
    hidden_phone_xlsx(&files[0]);
    std::fs::write(&files[1], b"\x00\x01").unwrap();
    let drafter = c.b.drafter.clone();
    item::add_attachments(&mut c.b.store, &drafter, id, &files).unwrap();

    let checked = review::self_check(&c.b.store, id).unwrap();
    assert!(checked.iter().all(|f| f.id.is_none()));
    assert!(review::findings(&c.b.store, id).unwrap().is_empty());
    submit(&mut c, id);
    let stored = review::findings(&c.b.store, id).unwrap();
    let places: Vec<(&str, Kind, Severity)> = stored
        .iter()
        .map(|f| (f.location.as_str(), f.kind, f.severity))
        .collect();
    assert_eq!(
        places,
        [
            ("字段“内容概述”", Kind::Landline, Severity::Warn),
            ("正文 第2段", Kind::IdCard, Severity::Block),
            (
                "附件《名单.xlsx》 工作表“Sheet2”(隐藏) C5",
                Kind::Mobile,
                Severity::Block
            ),
            ("附件《x.bin》", Kind::Unreadable, Severity::Block),
        ]
    );
    let as_checked: Vec<(&str, Kind)> = checked
        .iter()
        .map(|f| (f.location.as_str(), f.kind))
        .collect();
    assert_eq!(
        as_checked,
        places.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>()
    );
    assert_eq!(stored[0].field.as_deref(), Some("summary"));
    let body = &stored[1];
    assert!(body.id.is_some() && body.settlement.is_none());
    assert_eq!(
        (body.field.as_deref(), body.paragraph),
        (Some("body_html"), Some(2))
    );
    assert_eq!(body.matched, ID);
    assert_eq!(body.severity_label, "阻断");
    assert!(
        body.excerpt.contains(ID_MASKED) && !body.excerpt.contains(ID),
        "{}",
        body.excerpt
    );
    assert_eq!(
        (stored[2].field.as_deref(), stored[2].paragraph),
        (None, None)
    );
    let submitted = actions(&c, id, "item.submit");
    assert!(
        submitted[0].contains("自动检查发现 4 处，其中阻断 3 处"),
        "{submitted:?}"
    );
    // The JSON the UI receives.
    let v = serde_json::to_value(body).unwrap();
    assert_eq!(v["match"], ID);
    assert_eq!(v["kind"], "id_card");
    assert_eq!(v["severity"], "block");
    assert_eq!(v["settlement"], serde_json::Value::Null);
}

#[test]
fn approval_waits_until_every_blocking_finding_is_settled() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = with_id(&mut c);
    submit(&mut c, id);
    let (head, reviewer, leader) = (c.head.clone(), c.reviewer.clone(), c.leader.clone());
    // The office head's approval lets nothing out yet.
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let err = decide(&mut c, &reviewer, id, Decision::Approve, &[], "").unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(
        err.to_string(),
        "还有 1 处阻断级检查结果未处理，请先逐条处理后再通过。"
    );
    assert_eq!(item::get(&c.b.store, id).unwrap().status, Status::InReview);

    let finding = of_kind(&review::findings(&c.b.store, id).unwrap(), Kind::IdCard);
    let settled = settle(
        &mut c,
        &reviewer,
        id,
        &finding,
        "该号码为示例数据，非真实身份证号。",
    )
    .unwrap();
    assert_eq!(settled.settlement, Some(SettlementKind::FalsePositive));
    assert_eq!(settled.settlement_label.as_deref(), Some("误报"));
    assert_eq!(settled.settled_by_name.as_deref(), Some("钱审查"));
    assert!(settled.settled_at.is_some());
    assert_eq!(review::findings(&c.b.store, id).unwrap()[0], settled);

    decide(&mut c, &reviewer, id, Decision::Approve, &[], "").unwrap();
    let it = decide(&mut c, &leader, id, Decision::Approve, &[], "").unwrap();
    assert_eq!(it.status, Status::Approved);
    let log = actions(&c, id, "review.settle");
    assert_eq!(log.len(), 1);
    assert!(
        log[0].contains("身份证号") && log[0].contains("误报"),
        "{log:?}"
    );
    assert!(
        log[0].contains(ID_MASKED) && !log[0].contains(ID),
        "{log:?}"
    );
    assert!(audit::verify(&c.b.store).unwrap().ok);
}

#[test]
fn returning_and_referring_need_no_settlement() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    let id = with_id(&mut c);
    submit(&mut c, id);
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let it = decide(
        &mut c,
        &reviewer,
        id,
        Decision::Return,
        &[],
        "请删除身份证号。",
    )
    .unwrap();
    assert_eq!(it.status, Status::Draft);
    // The round is over: its findings can no longer be settled.
    let finding = of_kind(&review::findings(&c.b.store, id).unwrap(), Kind::IdCard);
    let err = settle(&mut c, &reviewer, id, &finding, "误报").unwrap_err();
    assert!(err.to_string().contains("已结束"), "{err}");

    submit(&mut c, id);
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let it = decide(&mut c, &reviewer, id, Decision::Refer, &[], "报市保密局").unwrap();
    assert_eq!(it.status, Status::Referred);
    // A referral's approval still waits for the settlement, which a paused round accepts.
    let referral = |c: &mut Chain| {
        review::record_referral(
            &mut c.b.store,
            &reviewer,
            id,
            &review::DecisionInput {
                decision: Decision::Approve,
                grounds: vec![],
                comment: "市保密局复函同意公开".into(),
            },
        )
    };
    assert_eq!(referral(&mut c).unwrap_err().code(), "conflict");
    let finding = of_kind(&review::findings(&c.b.store, id).unwrap(), Kind::IdCard);
    settle(&mut c, &reviewer, id, &finding, "市保密局同意公开").unwrap();
    assert_eq!(referral(&mut c).unwrap().status, Status::InReview);
}

#[test]
fn only_an_independent_reviewer_settles_and_always_with_a_note() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let admin = c.b.admin.clone();
    let with_roles = |c: &mut Chain, who: &Staff, roles: Vec<Role>| {
        staff::update(
            &mut c.b.store,
            &admin,
            who.id,
            &staff::StaffUpdate {
                office_id: who.office_id,
                roles,
                active: true,
            },
        )
        .unwrap()
    };
    let drafter = c.b.drafter.clone();
    let drafter = with_roles(&mut c, &drafter, vec![Role::Drafter, Role::Reviewer]);
    let head = c.head.clone();
    let head = with_roles(&mut c, &head, vec![Role::OfficeHead, Role::Reviewer]);
    let (colleague, reviewer) = (c.b.colleague.clone(), c.reviewer.clone());
    let id = with_id(&mut c);
    submit(&mut c, id);
    let finding = of_kind(&review::findings(&c.b.store, id).unwrap(), Kind::IdCard);

    let err = settle(&mut c, &colleague, id, &finding, "误报").unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err.to_string().contains("只有保密审查员"), "{err}");
    let err = settle(&mut c, &drafter, id, &finding, "误报").unwrap_err();
    assert!(err.to_string().contains("职责分离"), "{err}");
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let err = settle(&mut c, &head, id, &finding, "误报").unwrap_err();
    assert!(err.to_string().contains("一人只能处理一个步骤"), "{err}");
    let err = settle(&mut c, &reviewer, id, &finding, "  ").unwrap_err();
    assert_eq!(err.field(), Some("note"));
    let err = settle(&mut c, &reviewer, id + 1000, &finding, "误报").unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(
        actions(&c, id, "review.settle").is_empty(),
        "refusals leave no trace"
    );

    settle(&mut c, &reviewer, id, &finding, "误报").unwrap();
    let err = settle(&mut c, &reviewer, id, &finding, "再处理一次").unwrap_err();
    assert_eq!(err.code(), "conflict");
}

#[test]
fn masking_rewrites_body_and_fields_as_a_new_version() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = drafted(
        &mut c,
        &format!("身份证号为{ID}的教师资格认定。"),
        &format!("<p>第一段。</p><p>联系人王芳，身份证号<strong>{ID}</strong>。</p>"),
    );
    submit(&mut c, id);
    let before = item::get(&c.b.store, id).unwrap();
    let finding = of_kind(&review::self_check(&c.b.store, id).unwrap(), Kind::IdCard);
    let request = MaskRequest {
        text: finding.matched.clone(),
        kind: finding.kind,
    };
    let other = c.b.other_office.clone();
    // Another office may not read the draft: not even whether the text is in it is told.
    let err = item::mask_finding(&mut c.b.store, &other, id, &request).unwrap_err();
    assert_eq!(err.code(), "not_found");

    let drafter = c.b.drafter.clone();
    let it = item::mask_finding(&mut c.b.store, &drafter, id, &request).unwrap();
    assert_eq!(
        it.fields.body_html,
        format!("<p>第一段。</p><p>联系人王芳，身份证号<strong>{ID_MASKED}</strong>。</p>")
    );
    assert_eq!(
        it.fields.summary,
        format!("身份证号为{ID_MASKED}的教师资格认定。")
    );
    assert_eq!(it.version, before.version + 1);
    assert_eq!(
        it.status,
        Status::Draft,
        "masking a submitted item withdraws it"
    );
    assert!(review::self_check(&c.b.store, id)
        .unwrap()
        .iter()
        .all(|f| f.kind != Kind::IdCard));
    let masked = actions(&c, id, "item.mask");
    assert_eq!(masked.len(), 1);
    assert!(
        masked[0].contains(ID_MASKED) && !masked[0].contains(ID),
        "{masked:?}"
    );
    assert_eq!(actions(&c, id, "item.withdraw").len(), 1);

    // Gone now: said so, nothing written.
    let err = item::mask_finding(&mut c.b.store, &drafter, id, &request).unwrap_err();
    assert_eq!(err.to_string(), "未在正文中找到该内容，请手动修改。");
    let not_maskable = MaskRequest {
        text: "六合彩".into(),
        kind: Kind::SensitiveWord,
    };
    let err = item::mask_finding(&mut c.b.store, &drafter, id, &not_maskable).unwrap_err();
    assert_eq!(err.field(), Some("kind"));
    assert_eq!(item::get(&c.b.store, id).unwrap().version, it.version);
}

#[test]
fn a_number_split_by_markup_is_refused_not_half_masked() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = drafted(
        &mut c,
        &format!("身份证号{ID}"),
        "<p>身份证号<strong>2103</strong>02199001011238</p>",
    );
    let findings = review::self_check(&c.b.store, id).unwrap();
    let body = findings.iter().find(|f| f.paragraph == Some(1)).unwrap();
    assert_eq!(body.matched, ID);
    let drafter = c.b.drafter.clone();
    let before = item::get(&c.b.store, id).unwrap();
    let err = item::mask_finding(
        &mut c.b.store,
        &drafter,
        id,
        &MaskRequest {
            text: ID.into(),
            kind: Kind::IdCard,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("请手动修改"), "{err}");
    assert_eq!(item::get(&c.b.store, id).unwrap(), before);
}

#[test]
fn a_consultation_draft_is_expected_only_in_a_major_decision_item() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let title = "鞍山市学籍管理办法（征求意见稿）";
    let mut kinds = Vec::new();
    for category in ["重大决策预公开", "通知公告"] {
        let id = b.create(&drafter, category, title).unwrap().item.id;
        let found = review::self_check(&b.store, id).unwrap();
        kinds.push(found.iter().map(|f| f.kind).collect::<Vec<_>>());
    }
    // The title stands in the title, the summary and the body of the fixture draft.
    assert_eq!(kinds, [vec![], vec![Kind::ProcessDraft; 3]]);
}

#[test]
fn the_sensitive_word_list_is_kept_imported_exported_and_scanned_for() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let (admin, drafter) = (b.admin.clone(), b.drafter.clone());
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let stored = sensitive_words::set(
        &mut b.store,
        &admin,
        &words(&[" 六合彩 ", "", "六合彩", "拆迁补偿明细"]),
    )
    .unwrap();
    assert_eq!(stored, ["六合彩", "拆迁补偿明细"]);
    assert_eq!(sensitive_words::list(&b.store).unwrap(), stored);
    let err = sensitive_words::set(&mut b.store, &drafter, &words(&["x"])).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let err = sensitive_words::set(&mut b.store, &admin, &words(&[&"长".repeat(51)])).unwrap_err();
    assert_eq!(err.field(), Some("words"));

    let mut input = draft(&b.store, &drafter, "通知公告", "关于征收工作的通知");
    input.body_html = "<p>附拆迁补偿明细一份。</p>".into();
    let id = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    let found = review::self_check(&b.store, id).unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].kind, found[0].severity, found[0].location.as_str()),
        (Kind::SensitiveWord, Severity::Warn, "正文 第1段")
    );

    let file = dir.path().join("敏感词.txt");
    assert_eq!(
        sensitive_words::export_file(&b.store, &admin, &file).unwrap(),
        2
    );
    assert!(sensitive_words::export_file(&b.store, &drafter, &file).is_err());
    let (gbk, _, _) = encoding_rs::GBK.encode("法轮功\r\n# 注释\n六合彩\n");
    std::fs::write(dir.path().join("gbk.txt"), &gbk).unwrap();
    let imported =
        sensitive_words::import_file(&mut b.store, &admin, &dir.path().join("gbk.txt")).unwrap();
    assert_eq!(imported, ["法轮功", "六合彩"]);
    // The exported file brings the earlier list back.
    let back = sensitive_words::import_file(&mut b.store, &admin, &file).unwrap();
    assert_eq!(back, stored);
    let log: Vec<String> = audit_admin::recent(&b.store, None, 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "settings.sensitive_words")
        .map(|e| e.detail)
        .collect();
    assert_eq!(log, ["敏感词表：共 2 个词"; 3]);
}

#[test]
fn who_settled_the_findings_does_not_also_approve_as_leader() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let admin = c.b.admin.clone();
    let bangong = crate::util::office_id(&c.b.store, "办公室");
    let both = crate::util::add_person(
        &mut c.b.store,
        &admin,
        "吴审查",
        bangong,
        vec![Role::Reviewer, Role::Leader],
    );
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    let id = with_id(&mut c);
    submit(&mut c, id);
    let finding = of_kind(&review::findings(&c.b.store, id).unwrap(), Kind::IdCard);
    settle(&mut c, &both, id, &finding, "示例数据").unwrap();
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    decide(&mut c, &reviewer, id, Decision::Approve, &[], "").unwrap();
    let err = decide(&mut c, &both, id, Decision::Approve, &[], "").unwrap_err();
    assert!(err.to_string().contains("一人只能处理一个步骤"), "{err}");
}
