//! 依申请公开的文书: every letter printed and read back with poppler (`pdftotext`) as the
//! applicant would read it — the 文号, the addressee, the dates the clock computed, the
//! article cited, the remedies, and never the applicant's 身份证明号码 — and how each was
//! served.

use disclosure_core::request::letters::{self, LetterKind, LetterSettings, ServedHow};
use disclosure_core::request::{self, ConsultParty, EventKind, Outcome};
use disclosure_core::staff::Staff;
use disclosure_core::{audit_admin, Error};

use crate::requests::{d, desk, register, Desk};
use crate::sheet::{pdftotext, squash};
use crate::util::{on, Dir};

const ID: &str = "11010519491231002X";

fn record(desk: &mut Desk, no: &str, day: &str, e: EventKind) {
    let who = match e {
        EventKind::ExtensionApproved => desk.leader.clone(),
        _ => desk.handler.clone(),
    };
    request::record(&mut desk.b.store, &who, no, d(day), &e).unwrap();
}

/// Issues a letter as the handler.
fn try_issue(
    desk: &mut Desk,
    no: &str,
    kind: LetterKind,
    day: &str,
) -> disclosure_core::Result<letters::Letter> {
    let h = desk.handler.clone();
    letters::issue(&mut desk.b.store, &h, no, kind, d(day))
}

fn issue(desk: &mut Desk, no: &str, kind: LetterKind, day: &str) -> letters::Letter {
    try_issue(desk, no, kind, day).unwrap()
}

/// The letter's text as printed, white space removed; the fonts drew every character.
fn text(desk: &Desk, who: &Staff, id: i64) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    let pdf = letters::write(&desk.b.store, who, id, &path).unwrap();
    assert!(pdf.missing.is_empty(), "{:?}", pdf.missing);
    squash(&pdftotext(&path, None))
}

fn handler_text(desk: &Desk, id: i64) -> String {
    let h = desk.handler.clone();
    text(desk, &h, id)
}

fn has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(&squash(p)), "missing “{p}” in:\n{text}");
    }
}

const REMEDIES: &str = "如对本答复不服，可以自收到本答复之日起六十日内向……人民政府申请行政复议";

#[test]
fn the_receipt_gives_the_due_date_and_only_a_masked_id_number() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let l = issue(&mut desk, &no, LetterKind::Receipt, "2026-11-02");
    assert_eq!(l.number, "鞍山市教育局依申〔2026〕1号");
    assert_eq!(l.kind, LetterKind::Receipt);
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "政府信息公开申请接收回执",
            "鞍山市教育局依申〔2026〕1号",
            "陈静：",
            "2025年全市义务教育阶段学校招生计划",
            "第三十一条",
            "第三十三条",
            // Received Monday 11-02: the 20th working day after it.
            "即于2026年11月30日前作出答复",
            "申请编号：2026-0001",
            "居民身份证 110*************2X",
            "鞍山市教育局",
            "2026年11月2日",
        ],
    );
    assert!(!t.contains(ID), "{t}");
    assert!(!t.contains("行政复议"), "a receipt decides nothing: {t}");
    // One receipt per request: a second is a reprint.
    assert!(matches!(
        try_issue(&mut desk, &no, LetterKind::Receipt, "2026-11-03"),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn the_correction_notice_names_the_items_and_the_deadline_under_article_30() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    // Nothing recorded yet: nothing to announce.
    let h = desk.handler.clone();
    assert!(matches!(
        try_issue(&mut desk, &no, LetterKind::Correction, "2026-11-03"),
        Err(Error::Conflict(_))
    ));
    // Recorded and issued in one step; 15 working days from 11-03 is 11-24.
    let e = EventKind::CorrectionSent {
        until: None,
        items: "请写明所需招生计划的学段和区县".into(),
    };
    let l = letters::record_with_letter(&mut desk.b.store, &h, &no, d("2026-11-03"), &e).unwrap();
    assert_eq!(l.kind, LetterKind::Correction);
    let r = request::show(&desk.b.store, &h, &no).unwrap();
    assert_eq!(r.clock.correction_until, Some(d("2026-11-24")));
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "政府信息公开申请补正告知书",
            &l.number,
            "陈静：",
            "第三十条",
            "请写明所需招生计划的学段和区县",
            "请于2026年11月24日前将补正后的申请提交本机关",
            "视为放弃申请",
            "2026年11月3日",
        ],
    );
    assert!(!t.contains(ID) && !t.contains("110*"), "{t}");
    // One letter per event.
    assert!(matches!(
        try_issue(&mut desk, &no, LetterKind::Correction, "2026-11-04"),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn the_extension_notice_gives_the_old_and_the_new_due_date() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let ask = EventKind::ExtensionRequested {
        days: 10,
        reason: "所需信息分散在多个处室，需要汇总核实".into(),
    };
    record(&mut desk, &no, "2026-11-20", ask);
    // Not before the 负责人 agreed.
    assert!(try_issue(&mut desk, &no, LetterKind::Extension, "2026-11-20").is_err());
    record(&mut desk, &no, "2026-11-23", EventKind::ExtensionApproved);
    let l = issue(&mut desk, &no, LetterKind::Extension, "2026-11-23");
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "政府信息公开申请延期答复告知书",
            "陈静：",
            "所需信息分散在多个处室，需要汇总核实",
            "2026年11月30日（原答复期限）",
            "第三十三条第二款",
            "答复期限延长10个工作日",
            // 11-30 plus 10 working days.
            "本机关将于2026年12月14日前作出答复",
        ],
    );
}

#[test]
fn consultation_letters_go_to_the_party_with_its_15_day_deadline_and_not_the_applicants_name() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let third = EventKind::ConsultStarted {
        party: ConsultParty::ThirdParty,
        whom: "鞍山市某培训学校".into(),
    };
    record(&mut desk, &no, "2026-11-03", third);
    let l = issue(&mut desk, &no, LetterKind::ConsultThirdParty, "2026-11-03");
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "政府信息公开征求意见书",
            "鞍山市某培训学校：",
            "第三十二条",
            "15个工作日内（最迟于2026年11月24日前）",
            "由本机关依照《条例》的规定决定是否公开",
        ],
    );
    assert!(!t.contains("陈静") && !t.contains(ID), "{t}");
    record(
        &mut desk,
        &no,
        "2026-11-05",
        EventKind::ConsultAnswered {
            answer: "不同意".into(),
        },
    );
    let co = EventKind::ConsultStarted {
        party: ConsultParty::CoMaker,
        whom: "鞍山市财政局".into(),
    };
    record(&mut desk, &no, "2026-11-06", co);
    // The third party's letter is not the co-maker's.
    let l = issue(&mut desk, &no, LetterKind::ConsultCoMaker, "2026-11-06");
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "鞍山市财政局：",
            "第三十四条",
            "最迟于2026年11月27日前",
            "逾期未提出意见的，视为同意公开",
        ],
    );
    assert!(!t.contains("陈静"), "{t}");
}

#[test]
fn the_fee_notice_shows_the_working_and_the_20_day_payment_deadline() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let fee = EventKind::FeeNoticed {
        amount: 83_460,
        basis: "按量".into(),
    };
    record(&mut desk, &no, "2026-11-04", fee);
    let l = issue(&mut desk, &no, LetterKind::Fee, "2026-11-04");
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "政府信息公开信息处理费收费通知书",
            "陈静：",
            "第四十二条",
            "国办函〔2020〕109号",
            // The working recomputed from the amount: 2219 pages.
            "按量计收（2219页）",
            "201—2219页：2019页×40元=80760元",
            "83460元",
            "即2026年12月2日前",
            "视为放弃申请",
        ],
    );
}

#[test]
fn each_reply_cites_the_article_of_its_outcome_with_the_remedies() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let cases: &[(Outcome, &str, &[&str])] = &[
        (
            Outcome::Disclosed,
            "",
            &[
                "第三十六条第（二）项",
                "决定予以公开",
                "按您要求的电子形式，通过电子邮件",
            ],
        ),
        (
            Outcome::Disclosed,
            "该信息已于2026年3月在本局门户网站主动公开",
            &["已经主动公开", "第三十六条第（一）项", "本局门户网站"],
        ),
        (
            Outcome::Partial,
            "附件第3页含学生个人信息",
            &["第三十七条", "能够作区分处理", "附件第3页含学生个人信息"],
        ),
        (
            Outcome::WithheldThirdParty,
            "该信息含有培训学校的商业秘密，且其不同意公开",
            &[
                "第十五条",
                "第三十六条第（三）项",
                "决定不予公开",
                "商业秘密",
            ],
        ),
        (
            Outcome::WithheldProcess,
            "属于讨论记录",
            &["第十六条第二款", "过程性信息"],
        ),
        (Outcome::WithheldSecret, "经定密", &["第十四条", "国家秘密"]),
        (
            Outcome::WithheldQuery,
            "学籍档案查询",
            &["第三十六条第（七）项"],
        ),
        (
            Outcome::NotHeld,
            "",
            &["第三十六条第（四）项", "该政府信息不存在"],
        ),
        (Outcome::NeedsMaking, "", &["第三十八条", "加工、分析"]),
        (
            Outcome::Petition,
            "",
            &["第三十九条第一款", "不作为政府信息公开申请处理"],
        ),
        (
            Outcome::Repeated,
            "",
            &["第三十六条第（六）项", "不予重复处理"],
        ),
        (
            Outcome::Publication,
            "",
            &["第三十九条第二款", "公开出版物"],
        ),
        (Outcome::Excessive, "", &["第三十五条", "不予处理"]),
    ];
    let mut numbers = Vec::new();
    for (outcome, reason, expect) in cases {
        let no = register(&mut desk, "2026-11-02");
        let e = EventKind::Replied {
            outcome: *outcome,
            reason: (*reason).into(),
        };
        let h = desk.handler.clone();
        let l =
            letters::record_with_letter(&mut desk.b.store, &h, &no, d("2026-11-20"), &e).unwrap();
        let t = handler_text(&desk, l.id);
        has(&t, expect);
        has(
            &t,
            &[
                "政府信息公开申请答复书",
                &l.number,
                "陈静：",
                &no,
                REMEDIES,
                "2026年11月20日",
            ],
        );
        assert!(!t.contains(ID) && !t.contains("110*"), "{t}");
        numbers.push(l.number);
    }
    // 36（五）: not ours to disclose, naming the agency that is.
    let no = register(&mut desk, "2026-11-02");
    let e = EventKind::Replied {
        outcome: Outcome::NotHeld,
        reason: "该信息由鞍山市人力资源和社会保障局负责公开，联系电话0412-5551234".into(),
    };
    record(&mut desk, &no, "2026-11-20", e);
    let l = issue(&mut desk, &no, LetterKind::ReplyReferral, "2026-11-20");
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "第三十六条第（五）项",
            "鞍山市人力资源和社会保障局",
            "0412-5551234",
            REMEDIES,
        ],
    );
    numbers.push(l.number);
    // Numbered 1, 2, 3 … in the letter's year.
    let want: Vec<String> = (1..=numbers.len())
        .map(|n| format!("鞍山市教育局依申〔2026〕{n}号"))
        .collect();
    assert_eq!(numbers, want);
}

#[test]
fn a_lapsed_correction_gets_a_notice_that_the_request_is_no_longer_handled() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let e = EventKind::CorrectionSent {
        until: Some(d("2026-11-13")),
        items: "学段".into(),
    };
    record(&mut desk, &no, "2026-11-03", e);
    // Not lapsed yet on the deadline itself.
    assert!(try_issue(&mut desk, &no, LetterKind::AbandonCorrection, "2026-11-13").is_err());
    assert!(try_issue(&mut desk, &no, LetterKind::AbandonFee, "2026-11-16").is_err());
    let l = issue(&mut desk, &no, LetterKind::AbandonCorrection, "2026-11-16");
    let t = handler_text(&desk, l.id);
    has(
        &t,
        &[
            "政府信息公开申请不再处理告知书",
            "2026年11月3日向您发出补正告知书",
            "于2026年11月13日前作出补正",
            "第三十条",
            "视为放弃",
            REMEDIES,
        ],
    );
}

#[test]
fn letter_numbers_are_never_reused_and_a_failed_step_takes_none() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let a = register(&mut desk, "2026-11-02");
    let b = register(&mut desk, "2026-11-02");
    let first = issue(&mut desk, &a, LetterKind::Receipt, "2026-11-02");
    // A late 补正告知 is refused: neither the event nor its letter is kept, and no number
    // is spent.
    let h = desk.handler.clone();
    let late = EventKind::CorrectionSent {
        until: None,
        items: String::new(),
    };
    assert!(
        letters::record_with_letter(&mut desk.b.store, &h, &b, d("2026-11-30"), &late).is_err()
    );
    assert!(request::show(&desk.b.store, &h, &b)
        .unwrap()
        .events
        .is_empty());
    let second = issue(&mut desk, &b, LetterKind::Receipt, "2026-11-02");
    assert_eq!(second.number, "鞍山市教育局依申〔2026〕2号");
    // A new pattern continues the count; switching back never gives an old number again.
    let admin = desk.b.admin.clone();
    let other = LetterSettings {
        number_pattern: "鞍教依申〔{year}〕{n}号".into(),
        ..LetterSettings::default()
    };
    letters::set_letter_settings(&mut desk.b.store, &admin, &other).unwrap();
    let c = register(&mut desk, "2026-11-02");
    let third = issue(&mut desk, &c, LetterKind::Receipt, "2026-11-02");
    assert_eq!(third.number, "鞍教依申〔2026〕3号");
    letters::set_letter_settings(&mut desk.b.store, &admin, &LetterSettings::default()).unwrap();
    let e = register(&mut desk, "2026-11-02");
    let fourth = issue(&mut desk, &e, LetterKind::Receipt, "2026-11-02");
    assert_eq!(fourth.number, "鞍山市教育局依申〔2026〕4号");
    assert_ne!(fourth.number, first.number);
    // A pattern without the year or the count is refused.
    for bad in [
        "鞍教依申{n}号",
        "鞍教依申〔{year}〕号",
        "{org}〔{year}〕{n}号",
    ] {
        let s = LetterSettings {
            number_pattern: bad.into(),
            ..LetterSettings::default()
        };
        assert!(
            matches!(
                letters::set_letter_settings(&mut desk.b.store, &admin, &s),
                Err(Error::Invalid { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn a_reprint_is_the_letter_as_issued_even_after_the_remedies_text_changed() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let e = EventKind::Replied {
        outcome: Outcome::NotHeld,
        reason: String::new(),
    };
    record(&mut desk, &no, "2026-11-20", e);
    let l = issue(&mut desk, &no, LetterKind::Reply, "2026-11-20");
    let admin = desk.b.admin.clone();
    let edited = LetterSettings {
        remedies: "如对本答复不服，可以自收到本答复之日起六十日内向鞍山市人民政府申请行政复议。"
            .into(),
        ..LetterSettings::default()
    };
    letters::set_letter_settings(&mut desk.b.store, &admin, &edited).unwrap();
    // Only administrators edit it.
    let h = desk.handler.clone();
    assert!(matches!(
        letters::set_letter_settings(&mut desk.b.store, &h, &edited),
        Err(Error::Forbidden(_))
    ));
    let t = handler_text(&desk, l.id);
    has(&t, &[REMEDIES]);
    assert!(!t.contains("鞍山市人民政府"), "{t}");
    // A new letter carries the new text.
    let other = register(&mut desk, "2026-11-02");
    let e = EventKind::Replied {
        outcome: Outcome::NotHeld,
        reason: String::new(),
    };
    let l2 =
        letters::record_with_letter(&mut desk.b.store, &h, &other, d("2026-11-20"), &e).unwrap();
    has(
        &handler_text(&desk, l2.id),
        &["向鞍山市人民政府申请行政复议"],
    );
}

#[test]
fn service_by_post_needs_a_tracking_number_and_the_day_is_bounded() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let l = issue(&mut desk, &no, LetterKind::Receipt, "2026-11-04");
    let h = desk.handler.clone();
    let s = &mut desk.b.store;
    let bad_field = |r: disclosure_core::Result<letters::Letter>, key: &str| match r {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, Some(key)),
        other => panic!("{other:?}"),
    };
    bad_field(
        letters::served(s, &h, l.id, ServedHow::Post, d("2026-11-05"), None),
        "tracking_no",
    );
    bad_field(
        letters::served(s, &h, l.id, ServedHow::Post, d("2026-11-05"), Some("  ")),
        "tracking_no",
    );
    bad_field(
        letters::served(
            s,
            &h,
            l.id,
            ServedHow::Direct,
            d("2026-11-05"),
            Some("1151234567890"),
        ),
        "tracking_no",
    );
    // Not before the letter's date, not after today.
    bad_field(
        letters::served(s, &h, l.id, ServedHow::Direct, d("2026-11-03"), None),
        "on",
    );
    bad_field(
        letters::served(s, &h, l.id, ServedHow::Direct, d("2026-12-03"), None),
        "on",
    );
    assert!(letters::list(s, &h, &no).unwrap()[0].served_how.is_none());
    let served = letters::served(
        s,
        &h,
        l.id,
        ServedHow::Post,
        d("2026-11-05"),
        Some("1151234567890"),
    )
    .unwrap();
    assert_eq!(served.served_how, Some(ServedHow::Post));
    assert_eq!(served.served_on, Some(d("2026-11-05")));
    assert_eq!(served.tracking_no.as_deref(), Some("1151234567890"));
    // Returned by the post, then handed over: recorded again, the log keeps both.
    let again = letters::served(s, &h, l.id, ServedHow::Direct, d("2026-11-10"), None).unwrap();
    assert_eq!(again.tracking_no, None);
    let admin = desk.b.admin.clone();
    let log = audit_admin::search(&desk.b.store, &admin, &Default::default(), 100).unwrap();
    let served: Vec<_> = log
        .iter()
        .filter(|e| e.action == "request.served")
        .collect();
    assert_eq!(served.len(), 2, "{served:?}");
    assert!(served.iter().any(|e| e.detail.contains("1151234567890")));
    assert!(log
        .iter()
        .any(|e| e.action == "request.letter" && e.detail.contains(&l.number)));
}

#[test]
fn only_handlers_issue_and_serve_letters_and_readers_may_reprint_them() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    let drafter = desk.b.drafter.clone();
    let leader = desk.leader.clone();
    for who in [&drafter, &leader] {
        assert!(matches!(
            letters::issue(
                &mut desk.b.store,
                who,
                &no,
                LetterKind::Receipt,
                d("2026-11-02")
            ),
            Err(Error::Forbidden(_))
        ));
    }
    let l = issue(&mut desk, &no, LetterKind::Receipt, "2026-11-02");
    // A drafter sees no letter at all, nor the letters' settings.
    assert!(matches!(
        letters::list(&desk.b.store, &drafter, &no),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        letters::settings_for(&desk.b.store, &drafter),
        Err(Error::Forbidden(_))
    ));
    assert_eq!(
        letters::settings_for(&desk.b.store, &leader).unwrap(),
        LetterSettings::default()
    );
    assert!(matches!(
        letters::render(&desk.b.store, &drafter, l.id),
        Err(Error::Forbidden(_))
    ));
    // The leader reads and reprints the same letter (the id number masked there too) …
    assert_eq!(letters::list(&desk.b.store, &leader, &no).unwrap().len(), 1);
    let t = text(&desk, &leader, l.id);
    has(&t, &[&l.number, "110*************2X"]);
    // … but records no service.
    assert!(matches!(
        letters::served(
            &mut desk.b.store,
            &leader,
            l.id,
            ServedHow::Direct,
            d("2026-11-02"),
            None
        ),
        Err(Error::Forbidden(_))
    ));
}

#[test]
fn the_letter_date_is_bounded_by_the_request_and_today() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    for day in ["2026-11-01", "2026-12-03"] {
        assert!(matches!(
            try_issue(&mut desk, &no, LetterKind::Receipt, day),
            Err(Error::Invalid {
                field: Some("on"),
                ..
            })
        ));
    }
}

#[test]
fn a_long_letter_flows_onto_a_second_page_with_the_signature_never_alone() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    // 1,140 characters of description: the receipt runs to two pages.
    let long = "全市中小学校舍安全检查记录及整改情况".repeat(60);
    let json =
        crate::requests::json("2026-11-02").replace("2025年全市义务教育阶段学校招生计划", &long);
    let input = request::input::from_json(&json, d("2026-12-02")).unwrap();
    let h = desk.handler.clone();
    let no = request::add(&mut desk.b.store, &h, &input).unwrap().number;
    let l = issue(&mut desk, &no, LetterKind::Receipt, "2026-11-02");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    let pdf = letters::write(&desk.b.store, &h, l.id, &path).unwrap();
    assert!(pdf.missing.is_empty());
    assert_eq!(pdf.pages, 2);
    let second = squash(&pdftotext(&path, Some((2, 2))));
    // The signature comes with body text above it, and the pages are numbered.
    has(
        &second,
        &[
            "答复期限：2026年11月30日前",
            "鞍山市教育局2026年11月2日",
            "—2—",
        ],
    );
    assert!(!second.starts_with("鞍山市教育局"), "{second}");
}

#[test]
fn the_default_remedies_leave_the_review_body_and_the_court_to_fill_in() {
    let d = LetterSettings::default();
    assert!(d.remedies_unfilled());
    has(&d.remedies, &["六十日内", "六个月内", "应当先申请行政复议"]);
    let filled = LetterSettings {
        remedies: d.remedies.replacen(letters::BLANK, "鞍山市", 1).replacen(
            letters::BLANK,
            "鞍山市铁东区",
            1,
        ),
        ..d
    };
    assert!(!filled.remedies_unfilled());
}
