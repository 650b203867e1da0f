//! 依申请公开 rules as pure functions: the fee tiers of 国办函〔2020〕109号 and a property
//! test of the clock over random sequences of events.

use chrono::{Duration, NaiveDate};
use disclosure_core::calendar::Calendar;
use disclosure_core::request::fees::{calculate, FeeBasis};
use disclosure_core::request::{Clock, ClockSettings, ConsultParty, EventKind, Outcome, Status};
use proptest::prelude::*;

#[test]
fn fees_by_pages_are_progressive_as_in_the_reported_case() {
    // 2,219 pages: 70 × 10 + 100 × 20 + 2,019 × 40 = 83,460 元 (the Xi'an case).
    let f = calculate(FeeBasis::PerPage, 2219);
    assert_eq!(f.total, 83_460);
    assert_eq!(
        f.lines
            .iter()
            .map(|l| (l.count, l.price))
            .collect::<Vec<_>>(),
        [(30, 0), (70, 10), (100, 20), (2019, 40)]
    );
    assert!(
        f.working.contains("201—2219页：2019页×40元=80760元"),
        "{}",
        f.working
    );
    assert_eq!(calculate(FeeBasis::PerPage, 30).total, 0);
    assert_eq!(calculate(FeeBasis::PerPage, 31).total, 10);
    assert_eq!(calculate(FeeBasis::PerPage, 100).total, 700);
    assert_eq!(calculate(FeeBasis::PerPage, 101).total, 720);
    assert_eq!(calculate(FeeBasis::PerPage, 0).total, 0);
}

#[test]
fn fees_by_applications_rise_by_100_yuan_per_band_of_10_after_the_30th() {
    assert_eq!(calculate(FeeBasis::PerApplication, 10).total, 0);
    assert_eq!(calculate(FeeBasis::PerApplication, 11).total, 100);
    assert_eq!(calculate(FeeBasis::PerApplication, 30).total, 2_000);
    // 20 × 100 + 10 × 200 + 5 × 300.
    assert_eq!(calculate(FeeBasis::PerApplication, 45).total, 5_500);
    assert_eq!(calculate(FeeBasis::PerApplication, 31).total, 2_200);
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn event(k: u8, n: u8) -> EventKind {
    match k % 11 {
        0 => EventKind::CorrectionSent {
            until: None,
            items: String::new(),
        },
        1 => EventKind::CorrectionReceived,
        2 => EventKind::ExtensionRequested {
            days: u32::from(n % 25),
            reason: String::new(),
        },
        3 => EventKind::ExtensionApproved,
        4 => EventKind::ExtensionRefused,
        5 => EventKind::ConsultStarted {
            party: if n.is_multiple_of(2) {
                ConsultParty::ThirdParty
            } else {
                ConsultParty::CoMaker
            },
            whom: String::new(),
        },
        6 => EventKind::ConsultAnswered {
            answer: String::new(),
        },
        7 => EventKind::FeeNoticed {
            amount: 100,
            basis: String::new(),
        },
        8 => EventKind::FeePaid,
        9 => EventKind::Replied {
            outcome: Outcome::ALL[usize::from(n) % Outcome::ALL.len()],
            reason: "理由".into(),
        },
        _ => EventKind::Withdrawn {
            reason: String::new(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever happens, in whatever order: a reply recorded after its due date is always
    /// flagged overdue, an open request past its due date is overdue, and a due date never
    /// comes before the day of receipt.
    #[test]
    fn a_late_reply_is_never_recorded_without_the_overdue_flag(
        start in 0i64..600,
        steps in proptest::collection::vec((0u8..11, 0u8..40, 0i64..12), 0..14),
        // The two people recording: a handler and a 负责人.
        look in 0i64..120,
    ) {
        let cal = Calendar::shipped();
        let settings = ClockSettings::default();
        let received = d("2025-01-02") + Duration::days(start);
        let mut clock = Clock::new(&cal, &settings, received);
        let mut day = received;
        let mut recorded: Vec<(NaiveDate, EventKind, i64)> = Vec::new();
        for (k, n, gap) in steps {
            day += Duration::days(gap);
            let e = event(k, n);
            let by = if matches!(e, EventKind::ExtensionApproved | EventKind::ExtensionRefused) { 2 } else { 1 };
            let mut next = clock.clone();
            if next.apply(day, &e, by).is_ok() {
                clock = next;
                recorded.push((day, e, by));
            }
        }
        let today = day + Duration::days(look);
        let v = clock.view(today);
        // Replaying what was stored gives the same clock.
        prop_assert_eq!(&Clock::replay(&cal, &settings, received, &recorded).view(today), &v);
        if let Some(due) = v.due_on {
            prop_assert!(due > received);
        }
        match v.status {
            Status::Replied => {
                let closed = v.closed_on.unwrap();
                if let Some(due) = v.due_on {
                    prop_assert_eq!(v.overdue, closed > due);
                }
            }
            Status::Abandoned => prop_assert!(matches!(v.outcome, Some(Outcome::NoCorrection | Outcome::UnpaidFee))),
            Status::Withdrawn => {}
            _ => {
                prop_assert!(v.outcome.is_none());
                if let Some(due) = v.due_on {
                    prop_assert_eq!(v.overdue, today > due);
                }
            }
        }
    }
}
