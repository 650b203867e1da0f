//! 工作日历: holidays, 调休 and the fallback for years not loaded.

use chrono::NaiveDate;
use disclosure_core::calendar::{Calendar, Holiday, YearPlan};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn spring_festival_2025_skips_the_holiday_and_counts_the_make_up_days() {
    let cal = Calendar::shipped();
    // Sunday 01-26 and Saturday 02-08 are worked; 01-28 … 02-04 are off.
    assert!(cal.is_working_day(d("2025-01-26")));
    assert!(cal.is_working_day(d("2025-02-08")));
    assert!(!cal.is_working_day(d("2025-01-28")));
    assert!(!cal.is_working_day(d("2025-02-04")));
    assert!(cal.is_working_day(d("2025-02-05")));
    // Friday 01-24 + 1 working day is the Sunday make-up day.
    assert_eq!(cal.add_working_days(d("2025-01-24"), 1), d("2025-01-26"));
    // 01-27 (Mon) + 1 jumps the whole festival.
    assert_eq!(cal.add_working_days(d("2025-01-27"), 1), d("2025-02-05"));
    assert_eq!(
        cal.working_days_between(d("2025-01-27"), d("2025-02-05")),
        1
    );
    assert_eq!(
        cal.working_days_between(d("2025-02-05"), d("2025-01-27")),
        -1
    );
}

#[test]
fn national_day_2026() {
    let cal = Calendar::shipped();
    assert_eq!(cal.add_working_days(d("2026-09-30"), 1), d("2026-10-08"));
    assert!(
        cal.is_working_day(d("2026-10-10")),
        "Saturday 10-10 is worked"
    );
    assert_eq!(cal.add_working_days(d("2026-09-30"), 3), d("2026-10-10"));
    assert_eq!(cal.add_working_days(d("2026-10-03"), 0), d("2026-10-08"));
    assert!(cal.covers(2026));
}

#[test]
fn a_year_not_loaded_counts_weekends_only_until_an_administrator_adds_it() {
    let mut cal = Calendar::shipped();
    assert!(!cal.covers(2030));
    // 2030-01-01 is a Tuesday: without the arrangement it counts as a working day.
    assert!(cal.is_working_day(d("2030-01-01")));
    cal.add(
        2030,
        &YearPlan {
            source: String::new(),
            document: "国办发明电〔2029〕1号".into(),
            published: "2029-11-01".into(),
            holidays: vec![Holiday {
                name: "元旦".into(),
                from: "2030-01-01".into(),
                to: "2030-01-01".into(),
            }],
            workdays: vec![],
        },
    )
    .unwrap();
    assert!(cal.covers(2030));
    assert!(!cal.is_working_day(d("2030-01-01")));
    let bad = YearPlan {
        source: String::new(),
        document: String::new(),
        published: String::new(),
        holidays: vec![Holiday {
            name: "春节".into(),
            from: "2030-02-10".into(),
            to: "2030-02-01".into(),
        }],
        workdays: vec![],
    };
    assert_eq!(cal.add(2030, &bad).unwrap_err().field(), Some("calendar"));
}

#[test]
fn an_administrator_adds_a_year_and_due_dates_follow_it() {
    use disclosure_core::calendar;
    let dir = crate::util::Dir::new();
    let mut b = crate::util::bureau(&dir);
    let json = r#"{"2027": {"document": "国办发明电〔2026〕9号", "holidays": [
        {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}], "workdays": ["2026-12-26"]}}"#;
    let years = calendar::parse_years(json, None).unwrap();
    let (year, plan) = &years[0];
    assert_eq!(*year, 2027);
    let drafter = b.drafter.clone();
    assert_eq!(
        calendar::add_year(&mut b.store, &drafter, *year, plan)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let admin = b.admin.clone();
    let listed = calendar::add_year(&mut b.store, &admin, *year, plan).unwrap();
    let y2027 = listed.iter().find(|y| y.year == 2027).unwrap();
    assert_eq!((y2027.origin.as_str(), y2027.holidays), ("added", 1));
    assert!(listed
        .iter()
        .any(|y| y.year == 2024 && y.origin == "shipped"));
    let cal = calendar::load(&b.store).unwrap();
    assert!(cal.covers(2027));
    // Thursday 2026-12-31 + 1 skips 元旦 (Fri 01-01 … Sun 01-03) to Monday 01-04.
    assert_eq!(cal.add_working_days(d("2026-12-31"), 1), d("2027-01-04"));
    assert!(cal.is_working_day(d("2026-12-26")), "a 调休 Saturday");
    let log = disclosure_core::audit_admin::recent(&b.store, None, 1).unwrap();
    assert!(log[0].detail.contains("2027 年节假日安排"), "{log:?}");

    let garbled = calendar::parse_years("{not json", None).unwrap_err();
    assert_eq!(garbled.field(), Some("calendar"));
}

/// Under the date test (`tests/dates/run.sh`), which moves this process's clock and names
/// the day it moved it to, the core's today is that day: the run is not on today's date
/// by mistake.
#[test]
fn the_date_test_runs_on_the_day_it_names() {
    if let Ok(want) = std::env::var("DISCLOSURE_DATE_TEST_DAY") {
        assert_eq!(disclosure_core::clock::today(), d(&want));
        assert!(disclosure_core::clock::stamp().starts_with(&want));
    }
}
