//! 依申请公开: registering applications and their statutory clock — every rule of 条例
//! 第三十至三十四条 on the working-day calendar (2026's holidays and 调休).

use chrono::NaiveDate;
use disclosure_core::request::{
    self, ClockSettings, ConsultParty, EventKind, Outcome, RequestInput, Status,
};
use disclosure_core::staff::{Role, Staff};
use disclosure_core::{audit_admin, Error};

use crate::util::{add_person, bureau, office_id, on, Bureau, Dir};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub struct Desk {
    pub b: Bureau,
    pub handler: Staff,
    pub leader: Staff,
}

pub fn desk(dir: &Dir) -> Desk {
    let mut b = bureau(dir);
    let office = office_id(&b.store, "办公室");
    let admin = b.admin.clone();
    let handler = add_person(
        &mut b.store,
        &admin,
        "赵敏",
        office,
        vec![Role::RequestHandler, Role::Publisher],
    );
    let leader = add_person(&mut b.store, &admin, "孙局长", office, vec![Role::Leader]);
    Desk { b, handler, leader }
}

pub fn json(received_on: &str) -> String {
    format!(
        r#"{{"applicant_type":"自然人","name":"陈静","id_type":"居民身份证",
        "id_number":"11010519491231002X","contact":"13812345678","address":"鞍山市铁东区胜利路1号",
        "channel":"网络","received_on":"{received_on}","description":"2025年全市义务教育阶段学校招生计划",
        "form":"电子","delivery":"电子邮件"}}"#
    )
}

pub fn register(desk: &mut Desk, received_on: &str) -> String {
    let input = request::input::from_json(&json(received_on), d("2026-12-02")).unwrap();
    request::add(&mut desk.b.store, &desk.handler, &input)
        .unwrap()
        .number
}

fn record(desk: &mut Desk, number: &str, day: &str, e: EventKind) -> disclosure_core::Result<()> {
    let who = match e {
        EventKind::ExtensionApproved | EventKind::ExtensionRefused => desk.leader.clone(),
        _ => desk.handler.clone(),
    };
    request::record(&mut desk.b.store, &who, number, d(day), &e).map(|_| ())
}

fn view(desk: &Desk, number: &str, today: &str) -> request::Request {
    request::show_on(&desk.b.store, &desk.handler, number, d(today)).unwrap()
}

#[test]
fn a_request_received_on_a_holiday_before_national_day_is_due_20_working_days_later() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-09-25");
    assert_eq!(no, "2026-0001");
    let r = view(&desk, &no, "2026-09-28");
    // 09-25 is 中秋节: 09-28, 09-29, 09-30, (国庆 10-01…10-07), 10-08, 10-09, Saturday 10-10
    // (调休), 10-12 … the 20th working day is 10-29.
    assert_eq!(r.clock.due_on, Some(d("2026-10-29")));
    assert_eq!(r.clock.status, Status::Handling);
    assert_eq!(r.clock.correction_notice_by, Some(d("2026-10-12")));
    assert_eq!(r.clock.days_left, Some(19));
    assert!(!r.clock.overdue);
    // The next one gets the next number; numbers are never reused.
    assert_eq!(register(&mut desk, "2026-11-02"), "2026-0002");
}

#[test]
fn receipt_day_counting_is_a_setting() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02"); // a Monday
    assert_eq!(
        view(&desk, &no, "2026-11-02").clock.due_on,
        Some(d("2026-11-30"))
    );
    let admin = desk.b.admin.clone();
    let s = ClockSettings {
        receipt_day_counts: true,
        ..ClockSettings::default()
    };
    request::set_clock_settings(&mut desk.b.store, &admin, &s).unwrap();
    assert_eq!(
        view(&desk, &no, "2026-11-02").clock.due_on,
        Some(d("2026-11-27"))
    );
    // Only administrators change it.
    let handler = desk.handler.clone();
    assert!(matches!(
        request::set_clock_settings(&mut desk.b.store, &handler, &s),
        Err(Error::Forbidden(_))
    ));
}

#[test]
fn a_correction_notice_goes_out_within_7_working_days_and_restarts_the_clock() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-09-25");
    // Late: the 7th working day is 10-12.
    let late = EventKind::CorrectionSent {
        until: None,
        items: "请写明所需信息的年份".into(),
    };
    let e = record(&mut desk, &no, "2026-10-13", late.clone()).unwrap_err();
    assert!(e.to_string().contains("2026-10-12"), "{e}");
    assert!(
        view(&desk, &no, "2026-10-13").events.is_empty(),
        "nothing stored"
    );

    record(
        &mut desk,
        &no,
        "2026-10-12",
        EventKind::CorrectionSent {
            until: Some(d("2026-10-30")),
            items: "请写明所需信息的年份".into(),
        },
    )
    .unwrap();
    let r = view(&desk, &no, "2026-10-20");
    assert_eq!(r.clock.status, Status::AwaitingCorrection);
    assert_eq!(
        r.clock.due_on, None,
        "the clock waits for the corrected request"
    );
    // Only once (第三十条 一次性告知).
    assert!(record(&mut desk, &no, "2026-10-13", late).is_err());

    record(&mut desk, &no, "2026-10-21", EventKind::CorrectionReceived).unwrap();
    let r = view(&desk, &no, "2026-10-21");
    assert_eq!(r.clock.status, Status::Handling);
    // 20 working days after 10-21: 11-18.
    assert_eq!(r.clock.due_on, Some(d("2026-11-18")));
}

#[test]
fn no_correction_by_its_deadline_means_the_request_is_abandoned() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02");
    record(
        &mut desk,
        &no,
        "2026-11-03",
        EventKind::CorrectionSent {
            until: Some(d("2026-11-10")),
            items: "身份证明".into(),
        },
    )
    .unwrap();
    let r = view(&desk, &no, "2026-11-11");
    assert_eq!(r.clock.status, Status::Abandoned);
    assert_eq!(r.clock.outcome, Some(Outcome::NoCorrection));
    assert_eq!(r.clock.closed_on, Some(d("2026-11-11")));
    let e = record(&mut desk, &no, "2026-11-12", EventKind::CorrectionReceived).unwrap_err();
    assert!(e.to_string().contains("视为放弃"), "{e}");
}

#[test]
fn an_extension_needs_the_heads_approval_before_the_due_date() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-09-25"); // due 10-29
    let ask = |days| EventKind::ExtensionRequested {
        days,
        reason: "需调取档案".into(),
    };
    assert!(
        record(&mut desk, &no, "2026-10-20", ask(21)).is_err(),
        "at most 20"
    );
    record(&mut desk, &no, "2026-10-20", ask(20)).unwrap();
    // Not yet approved: the date has not moved.
    assert_eq!(
        view(&desk, &no, "2026-10-21").clock.due_on,
        Some(d("2026-10-29"))
    );
    assert_eq!(
        view(&desk, &no, "2026-10-21").clock.extension_pending,
        Some(20)
    );
    // The person who asked cannot approve, nor can a handler.
    let handler = desk.handler.clone();
    let e = request::record(
        &mut desk.b.store,
        &handler,
        &no,
        d("2026-10-22"),
        &EventKind::ExtensionApproved,
    )
    .unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)), "{e}");
    // Approved after the due date: refused.
    let e = record(&mut desk, &no, "2026-10-30", EventKind::ExtensionApproved).unwrap_err();
    assert!(e.to_string().contains("已过"), "{e}");
    record(&mut desk, &no, "2026-10-29", EventKind::ExtensionApproved).unwrap();
    let r = view(&desk, &no, "2026-10-30");
    assert_eq!(r.clock.extension_days, 20);
    assert_eq!(r.clock.due_on, Some(d("2026-11-26")));
    // Only once.
    assert!(record(&mut desk, &no, "2026-10-30", ask(5)).is_err());
    // Audited.
    let admin = desk.b.admin.clone();
    let log = audit_admin::search(&desk.b.store, &admin, &Default::default(), 100).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "request.event" && e.detail.contains("负责人同意延期")));
}

#[test]
fn a_consultation_pauses_the_clock_for_its_duration_at_most_15_working_days() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-11-02"); // due 11-30
    record(
        &mut desk,
        &no,
        "2026-11-05",
        EventKind::ConsultStarted {
            party: ConsultParty::ThirdParty,
            whom: "某建筑公司".into(),
        },
    )
    .unwrap();
    let r = view(&desk, &no, "2026-11-09");
    assert_eq!(r.clock.status, Status::Consulting);
    // 11-06 and 11-09 are paused so far.
    assert_eq!(r.clock.due_on, Some(d("2026-12-02")));
    assert_eq!(r.clock.pauses[0].days, 2);
    assert!(r.clock.pauses[0].basis.contains("第三十二条"));
    record(
        &mut desk,
        &no,
        "2026-11-12",
        EventKind::ConsultAnswered {
            answer: "不同意公开".into(),
        },
    )
    .unwrap();
    // 11-06, 11-09 … 11-12: 5 working days.
    let r = view(&desk, &no, "2026-11-20");
    assert_eq!(r.clock.status, Status::Handling);
    assert_eq!(r.clock.pauses[0].days, 5);
    assert_eq!(r.clock.due_on, Some(d("2026-12-07")));

    // A co-maker that never answers: the pause ends after 15 working days.
    let other = register(&mut desk, "2026-11-02");
    record(
        &mut desk,
        &other,
        "2026-11-03",
        EventKind::ConsultStarted {
            party: ConsultParty::CoMaker,
            whom: "市财政局".into(),
        },
    )
    .unwrap();
    let r = view(&desk, &other, "2026-12-01");
    assert_eq!(r.clock.status, Status::Handling);
    assert_eq!(r.clock.pauses[0].until, d("2026-11-24"));
    assert_eq!(r.clock.pauses[0].days, 15);
    assert_eq!(r.clock.due_on, Some(d("2026-12-21")));
}

#[test]
fn an_unpaid_fee_notice_pauses_the_clock_then_means_the_request_is_abandoned() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-09-25");
    let fee = EventKind::FeeNoticed {
        amount: 700,
        basis: "按量收费".into(),
    };
    record(&mut desk, &no, "2026-10-09", fee.clone()).unwrap();
    let r = view(&desk, &no, "2026-10-12");
    assert_eq!(r.clock.status, Status::AwaitingFee);
    // 20 working days from the day after the notice: 11-05.
    assert_eq!(r.clock.pauses[0].until, d("2026-11-05"));
    let r = view(&desk, &no, "2026-11-09");
    assert_eq!(r.clock.status, Status::Abandoned);
    assert_eq!(r.clock.outcome, Some(Outcome::UnpaidFee));

    // Paid in time: the clock runs again, the paused days added.
    let paid = register(&mut desk, "2026-09-25");
    record(&mut desk, &paid, "2026-10-09", fee).unwrap();
    record(&mut desk, &paid, "2026-10-14", EventKind::FeePaid).unwrap();
    let r = view(&desk, &paid, "2026-10-15");
    assert_eq!(r.clock.status, Status::Handling);
    // 10-10, 10-12, 10-13, 10-14 paused: 4 working days after 10-29.
    assert_eq!(r.clock.due_on, Some(d("2026-11-04")));
}

#[test]
fn a_reply_after_the_due_date_is_marked_overdue_and_withholding_needs_reasons() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let no = register(&mut desk, "2026-09-25"); // due 10-29
    let withheld = |reason: &str| EventKind::Replied {
        outcome: Outcome::Partial,
        reason: reason.into(),
    };
    assert!(record(&mut desk, &no, "2026-10-30", withheld("")).is_err());
    record(
        &mut desk,
        &no,
        "2026-10-30",
        withheld("含个人信息的部分不予公开"),
    )
    .unwrap();
    let r = view(&desk, &no, "2026-11-02");
    assert_eq!(r.clock.status, Status::Replied);
    assert!(r.clock.overdue);
    assert_eq!(r.clock.closed_on, Some(d("2026-10-30")));
    // Closed: nothing more.
    assert!(record(&mut desk, &no, "2026-11-02", EventKind::FeePaid).is_err());

    let in_time = register(&mut desk, "2026-09-25");
    record(
        &mut desk,
        &in_time,
        "2026-10-29",
        EventKind::Replied {
            outcome: Outcome::Disclosed,
            reason: String::new(),
        },
    )
    .unwrap();
    assert!(!view(&desk, &in_time, "2026-11-02").clock.overdue);
}

#[test]
fn open_requests_are_listed_by_due_date_within_5_working_days_and_overdue() {
    let _t = on("2026-11-25");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let soon = register(&mut desk, "2026-11-02"); // due 11-30
    let late = register(&mut desk, "2026-10-09"); // due 11-05
    let later = register(&mut desk, "2026-11-20");
    let handler = desk.handler.clone();
    let due = request::due_on(&desk.b.store, &handler, 5, d("2026-11-25")).unwrap();
    let numbers: Vec<&str> = due.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers, [late.as_str(), soon.as_str()]);
    assert!(due[0].overdue);
    assert!(!numbers.contains(&later.as_str()));
}

#[test]
fn a_bad_field_is_refused_with_its_key_and_nothing_is_saved() {
    let _t = on("2026-12-02");
    let today = d("2026-12-02");
    let good = json("2026-11-02");
    let cases = [
        ("\"网络\"", "\"微信\"", "channel"),
        ("\"2026-11-02\"", "\"2026-11-31\"", "received_on"),
        ("\"2026-11-02\"", "\"2026-12-09\"", "received_on"),
        ("\"自然人\"", "\"法人或其他组织\"", "applicant_subtype"),
        ("\"电子\"", "\"光盘\"", "form"),
        ("\"陈静\"", "\"\"", "name"),
    ];
    for (from, to, key) in cases {
        let bad = good.replacen(from, to, 1);
        let e = request::input::from_json(&bad, today).unwrap_err();
        assert_eq!(e.field(), Some(key), "{bad}: {e}");
        assert!(!e.to_string().is_empty());
    }
    let e = request::input::from_json(&good.replace("\"form\"", "\"forma\""), today).unwrap_err();
    assert!(e.to_string().contains("forma"), "{e}");
    let org = good.replace(
        "\"自然人\"",
        "\"法人或其他组织\",\"applicant_subtype\":\"律所\"",
    );
    let e = request::input::from_json(&org, today).unwrap_err();
    assert_eq!(e.field(), Some("applicant_subtype"));
    let org = org.replace("律所", "法律服务机构");
    assert!(request::input::from_json(&org, today).is_ok());
}

#[test]
fn only_handlers_register_and_only_they_read_the_id_number() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut desk = desk(&dir);
    let input: RequestInput =
        request::input::from_json(&json("2026-11-02"), d("2026-12-02")).unwrap();
    let drafter = desk.b.drafter.clone();
    let leader = desk.leader.clone();
    assert!(matches!(
        request::add(&mut desk.b.store, &drafter, &input),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        request::add(&mut desk.b.store, &leader, &input),
        Err(Error::Forbidden(_))
    ));
    let no = register(&mut desk, "2026-11-02");
    assert!(matches!(
        request::list(&desk.b.store, &drafter),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        request::show(&desk.b.store, &drafter, &no),
        Err(Error::Forbidden(_))
    ));
    let seen = request::show(&desk.b.store, &leader, &no).unwrap();
    assert_eq!(seen.input.id_number, "110*************2X");
    assert!(seen.id_number_masked);
    let handler = desk.handler.clone();
    let full = request::show(&desk.b.store, &handler, &no).unwrap();
    assert_eq!(full.input.id_number, "11010519491231002X");
    // Lists mask it for everyone.
    let list = request::list(&desk.b.store, &handler).unwrap();
    assert_eq!(list[0].id_number, "110*************2X");
}
