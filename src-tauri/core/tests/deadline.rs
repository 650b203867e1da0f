//! 时限: due dates on the working-day calendar, by category rule, and their states.

use chrono::NaiveDate;
use disclosure_core::deadline::{self, DueState};
use disclosure_core::item;
use disclosure_core::store::open_connection;

use crate::util::{bureau, draft, Dir};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn proactive_items_are_due_20_working_days_after_they_are_written() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let mut input = draft(&b.store, &drafter, "通知公告", "国庆前印发的通知");
    input.written_on = Some("2026-09-28".into());
    let id = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    let due = deadline::due(&b.store, id).unwrap().unwrap();
    // 09-29, 09-30, (国庆 10-01…10-07 off), 10-08, 10-09, Saturday 10-10 (调休), … : the
    // 20th working day is 10-30.
    assert_eq!(due.due_on, "2026-10-30");
    assert!(due.basis.contains("条例第二十六条"), "{}", due.basis);

    let urgent = deadline::urgent_on(&b.store, d("2026-11-02"), 10).unwrap();
    assert_eq!(urgent[0].item_id, id);
    assert_eq!(urgent[0].state, DueState::Overdue);
    let soon = deadline::urgent_on(&b.store, d("2026-10-27"), 10).unwrap();
    assert_eq!(soon[0].state, DueState::Soon);
    assert!(deadline::urgent_on(&b.store, d("2026-10-09"), 10)
        .unwrap()
        .is_empty());
}

#[test]
fn an_interpretation_is_due_3_working_days_after_its_policy_is_published() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let policy_input = draft(
        &b.store,
        &drafter,
        "政策文件",
        "关于减轻学生课业负担的若干措施",
    );
    let policy = item::create(&mut b.store, &drafter, &policy_input)
        .unwrap()
        .item
        .id;
    let mut input = draft(&b.store, &drafter, "政策解读", "《若干措施》解读");
    input.extra.interprets_item_id = Some(policy);
    let id = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    assert_eq!(
        deadline::due(&b.store, id).unwrap(),
        None,
        "not before the policy is out"
    );

    // The policy went out on the day before the 2026 National Day holiday.
    let conn = open_connection(dir.path()).unwrap();
    conn.execute(
        "INSERT INTO publication (item_id, url, published_on, recorded_by, recorded_at)
         VALUES (?1, 'https://jyj.anshan.gov.cn/x.html', '2026-09-30', ?2, '2026-09-30T17:00:00+08:00')",
        rusqlite::params![policy, b.admin.id],
    )
    .unwrap();
    let due = deadline::due(&b.store, id).unwrap().unwrap();
    assert_eq!(
        due.due_on, "2026-10-10",
        "skips the holiday, counts Saturday 10-10"
    );
    assert!(due.basis.contains("3 个工作日"), "{}", due.basis);
}
