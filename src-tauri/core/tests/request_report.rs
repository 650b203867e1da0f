//! The annual report's sections 三 and 四 from recorded requests, reviews and lawsuits, and
//! the whole report as .docx and .xlsx, and as a PDF to preview.

use std::io::Read;

use disclosure_core::report::{self, applications};
use disclosure_core::request::appeals::{self, AppealInput, AppealKind, AppealResult};
use disclosure_core::request::{
    self, ApplicantSubtype, ApplicantType, ClockView, EventKind, Outcome, Status,
};
use disclosure_core::store::requests::RequestRow;
use proptest::prelude::*;

use crate::requests::{d, desk, Desk};
use crate::util::{cell, on, rows, Dir};

fn add(desk: &mut Desk, received: &str, org: Option<ApplicantSubtype>) -> String {
    let mut input =
        request::input::from_json(&crate::requests::json(received), d("2026-12-02")).unwrap();
    if let Some(sub) = org {
        input.applicant_type = ApplicantType::Organization;
        input.applicant_subtype = Some(sub);
    }
    request::add(&mut desk.b.store, &desk.handler, &input)
        .unwrap()
        .number
}

fn event(desk: &mut Desk, no: &str, day: &str, e: EventKind) {
    let h = desk.handler.clone();
    request::record(&mut desk.b.store, &h, no, d(day), &e).unwrap();
}

fn reply(outcome: Outcome) -> EventKind {
    EventKind::Replied {
        outcome,
        reason: "理由".into(),
    }
}

/// The cells of the row whose label starts with `label`.
fn row(r: &report::YearReport, label: &str) -> [u32; 7] {
    r.applications
        .rows
        .iter()
        .find(|x| x.label.starts_with(label))
        .and_then(|x| x.cells)
        .unwrap_or_else(|| panic!("row {label}"))
}

#[test]
fn section_three_counts_each_request_in_its_row_and_column_and_section_four_the_cases() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    // Received in 2025, answered in 2026: 上年结转, 予以公开, 自然人.
    let a = add(&mut desk, "2025-12-22", None);
    event(&mut desk, &a, "2026-01-09", reply(Outcome::Disclosed));
    // A law firm, withheld to protect a third party.
    let b = add(&mut desk, "2026-03-02", Some(ApplicantSubtype::Legal));
    event(
        &mut desk,
        &b,
        "2026-03-20",
        reply(Outcome::WithheldThirdParty),
    );
    // A company, still open: 结转下年度.
    add(&mut desk, "2026-11-20", Some(ApplicantSubtype::Business));
    // Answered in 2025: not in 2026's report.
    let old = add(&mut desk, "2025-06-02", None);
    event(&mut desk, &old, "2025-06-20", reply(Outcome::NotHeld));
    // A fee never paid: 其他处理 2.
    let e = add(&mut desk, "2026-05-06", None);
    event(
        &mut desk,
        &e,
        "2026-05-07",
        EventKind::FeeNoticed {
            amount: 700,
            basis: "按量".into(),
        },
    );
    // A fee paid, then answered in part.
    let f = add(&mut desk, "2026-06-01", Some(ApplicantSubtype::Research));
    event(
        &mut desk,
        &f,
        "2026-06-02",
        EventKind::FeeNoticed {
            amount: 83_460,
            basis: "按量".into(),
        },
    );
    event(&mut desk, &f, "2026-06-05", EventKind::FeePaid);
    event(&mut desk, &f, "2026-06-20", reply(Outcome::Partial));

    let h = desk.handler.clone();
    let case = |kind, result, decided: Option<&str>| AppealInput {
        kind,
        body: "鞍山市人民政府".into(),
        filed_on: d("2026-04-10"),
        result,
        decided_on: decided.map(d),
    };
    appeals::record(
        &mut desk.b.store,
        &h,
        &b,
        &case(
            AppealKind::Review,
            AppealResult::Corrected,
            Some("2026-06-01"),
        ),
    )
    .unwrap();
    appeals::record(
        &mut desk.b.store,
        &h,
        &b,
        &case(AppealKind::LawsuitAfterReview, AppealResult::Pending, None),
    )
    .unwrap();
    // A result needs its day.
    assert!(appeals::record(
        &mut desk.b.store,
        &h,
        &b,
        &case(AppealKind::Lawsuit, AppealResult::Upheld, None)
    )
    .is_err());

    let r = report::year_report_on(&desk.b.store, 2026, d("2026-12-02")).unwrap();
    r.applications.check().unwrap();
    //            自然人 商业 科研 公益 法律 其他 总计
    assert_eq!(row(&r, "一、"), [1, 1, 1, 0, 1, 0, 4]);
    assert_eq!(row(&r, "二、"), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(row(&r, "（一）"), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(row(&r, "（二）"), [0, 0, 1, 0, 0, 0, 1]);
    assert_eq!(row(&r, "4.保护第三方合法权益"), [0, 0, 0, 0, 1, 0, 1]);
    assert_eq!(
        row(&r, "2.申请人逾期未按收费通知要求缴纳费用"),
        [1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(row(&r, "（七）"), [2, 0, 1, 0, 1, 0, 4]);
    assert_eq!(row(&r, "四、"), [0, 1, 0, 0, 0, 0, 1]);
    assert_eq!(r.appeals[0], [0, 1, 0, 0, 1]);
    assert_eq!(r.appeals[2], [0, 0, 0, 1, 1]);
    assert_eq!(r.fees.len(), 1);
    assert_eq!(r.fees[0].amount, 83_460);

    // The 2025 report: the one answered in 2025 and the one carried into 2026.
    let last = report::year_report_on(&desk.b.store, 2025, d("2026-12-02")).unwrap();
    assert_eq!(row(&last, "一、")[6], 2);
    assert_eq!(row(&last, "1.本机关不掌握相关政府信息")[6], 1);
    assert_eq!(row(&last, "四、")[6], 1);

    // The office's texts, and the files.
    let admin = desk.b.admin.clone();
    report::set_annual_inputs(
        &mut desk.b.store,
        &admin,
        2026,
        &report::AnnualInputs {
            overview: "2026年，本局认真贯彻《政府信息公开条例》。".into(),
            licensing: Some(12),
            fees_wan: "0.5".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let drafter = desk.b.drafter.clone();
    assert!(
        report::set_annual_inputs(&mut desk.b.store, &drafter, 2026, &Default::default()).is_err()
    );
    let r = report::year_report_on(&desk.b.store, 2026, d("2026-12-02")).unwrap();
    let docx = dir.path().join("年报.docx");
    report::write_year_report(&r, &docx).unwrap();
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(&docx).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for text in [
        "鞍山市教育局2026年政府信息公开工作年度报告",
        "一、总体情况",
        "本局认真贯彻",
        "三、收到和处理政府信息公开申请情况",
        "4.保护第三方合法权益",
        "四、政府信息公开行政复议、行政诉讼情况",
        "复议后起诉",
        "83460 元",
    ] {
        assert!(xml.contains(text), "{text}");
    }
    let xlsx = dir.path().join("年报.xlsx");
    report::write_year_report(&r, &xlsx).unwrap();
    let three = rows(&xlsx, "三、收到和处理政府信息公开申请情况");
    let new = three
        .iter()
        .find(|r| r[0] == cell("一、本年新收政府信息公开申请数量"))
        .unwrap();
    assert_eq!(new[9], calamine::Data::Float(4.0));
    let two = rows(&xlsx, "二、主动公开政府信息情况");
    assert!(two
        .iter()
        .any(|r| r[0] == cell("行政许可") && r[1] == cell("12")));
    // The PDF preview: every section, the new applications row with its total, the fees.
    let pdf = dir.path().join("年报.pdf");
    let written = report::write_year_report(&r, &pdf).unwrap();
    assert!(written.missing.is_empty(), "{:?}", written.missing);
    let text = crate::sheet::squash(&crate::sheet::pdftotext(&pdf, None));
    for want in [
        "鞍山市教育局2026年政府信息公开工作年度报告",
        "一、总体情况",
        "本局认真贯彻",
        "二、主动公开政府信息情况",
        "行政许可12",
        "三、收到和处理政府信息公开申请情况",
        "4.保护第三方合法权益",
        "四、政府信息公开行政复议、行政诉讼情况",
        "复议后起诉",
        "五、存在的主要问题及改进情况",
        "（未填写）",
        "六、其他需要报告的事项",
        "83460元",
        "第1页/共",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    let new = row(&r, "一、");
    let cells: String = new.iter().map(|n| n.to_string()).collect();
    assert!(
        text.contains(&format!("一、本年新收政府信息公开申请数量{cells}")),
        "{cells}: {text}"
    );
    // Other formats are refused, and nothing is written.
    let odt = dir.path().join("年报.odt");
    assert!(report::write_year_report(&r, &odt).is_err());
    assert!(!odt.exists());
}

fn request_row(i: usize, kind: u8, received: &str) -> RequestRow {
    let sub = ["business", "research", "nonprofit", "legal", "other"];
    RequestRow {
        id: i as i64,
        number: format!("2026-{i:04}"),
        applicant_type: if kind == 0 { "person" } else { "organization" }.into(),
        applicant_subtype: (kind > 0).then(|| sub[usize::from(kind - 1) % 5].into()),
        name: String::new(),
        id_type: String::new(),
        id_number: String::new(),
        contact: String::new(),
        address: String::new(),
        channel: "online".into(),
        received_on: received.into(),
        description: String::new(),
        form: "paper".into(),
        delivery: String::new(),
        registered_by: String::new(),
        registered_at: String::new(),
    }
}

proptest! {
    /// 第一项加第二项之和，等于第三项加第四项之和 — for any requests, in every column.
    #[test]
    fn section_three_always_balances(
        requests in proptest::collection::vec((0u8..6, 0i64..1100, proptest::option::of((0i64..400, 0usize..21))), 0..60),
        year in 2025i32..2028,
    ) {
        let base = d("2024-06-01");
        let list: Vec<(RequestRow, ClockView)> = requests.iter().enumerate().map(|(i, (kind, at, closed))| {
            let received = base + chrono::Duration::days(*at);
            let view = ClockView {
                status: if closed.is_some() { Status::Replied } else { Status::Handling },
                due_on: None,
                overdue: false,
                days_left: None,
                closed_on: closed.map(|(after, _)| received + chrono::Duration::days(after)),
                outcome: closed.map(|(_, o)| Outcome::ALL[o]),
                correction_notice_by: None,
                correction_until: None,
                extension_days: 0,
                extension_pending: None,
                pauses: Vec::new(),
            };
            (request_row(i, *kind, &received.format("%Y-%m-%d").to_string()), view)
        }).collect();
        let end = chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let t = applications::table(year, end, &list);
        prop_assert!(t.check().is_ok(), "{:?}", t.check());
    }
}
