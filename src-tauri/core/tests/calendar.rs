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
