//! 时限: due dates on the working-day calendar, by category rule, and their states.

use chrono::NaiveDate;
use disclosure_core::deadline::{self, DayUnit, DueState, RuleCode};
use disclosure_core::item;
use disclosure_core::store::open_connection;

use crate::util::{bureau, draft, Dir};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn proactive_items_are_due_20_working_days_after_they_are_written() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
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

fn last_audit(dir: &Dir, action: &str) -> String {
    open_connection(dir.path())
        .unwrap()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = ?1 ORDER BY id DESC LIMIT 1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
}

fn all_item_ids(conn: &rusqlite::Connection) -> Vec<i64> {
    conn.prepare("SELECT id FROM item")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn publish_on(dir: &Dir, item: i64, by: i64, on: &str) {
    open_connection(dir.path())
        .unwrap()
        .execute(
            "INSERT INTO publication (item_id, url, published_on, recorded_by, recorded_at)
             VALUES (?1, 'https://jyj.anshan.gov.cn/x.html', ?3, ?2, ?3 || 'T17:00:00+08:00')",
            rusqlite::params![item, by, on],
        )
        .unwrap();
}

#[test]
fn the_dashboard_counts_every_overdue_and_nearly_due_item_as_its_own_deadline_says() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let admin = b.admin.id;
    let mut ids = Vec::new();
    let create = |b: &mut crate::util::Bureau, category: &str, written: &str| {
        let mut input = draft(
            &b.store,
            &drafter,
            category,
            &format!("{category}{written}"),
        );
        input.written_on = Some(written.into());
        item::create(&mut b.store, &drafter, &input)
            .unwrap()
            .item
            .id
    };
    // Proactive items written over three months, budgets, and interpretations of
    // policies published on different days (one policy not yet out).
    for day in (1..=28).step_by(3) {
        for month in ["2026-09", "2026-10", "2026-11"] {
            ids.push(create(&mut b, "通知公告", &format!("{month}-{day:02}")));
        }
    }
    for written in ["2026-10-15", "2026-11-03", "2026-11-20"] {
        ids.push(create(&mut b, "部门预决算", written));
    }
    for (n, published) in ["2026-09-30", "2026-10-28", "2026-11-24", ""]
        .iter()
        .enumerate()
    {
        let policy = create(&mut b, "政策文件", "2026-09-01");
        if !published.is_empty() {
            publish_on(&dir, policy, admin, published);
        }
        let mut input = draft(&b.store, &drafter, "政策解读", &format!("解读{n}"));
        input.extra.interprets_item_id = Some(policy);
        ids.push(
            item::create(&mut b.store, &drafter, &input)
                .unwrap()
                .item
                .id,
        );
    }
    // One proactive item already out is neither overdue nor nearly due.
    publish_on(&dir, ids[0], admin, "2026-09-02");

    let all = all_item_ids(&open_connection(dir.path()).unwrap());
    let mut day = d("2026-09-20");
    let mut seen_both = false;
    while day <= d("2026-12-20") {
        let dues = deadline::due_many_on(&b.store, &all, day).unwrap();
        let n = |s: DueState| dues.iter().filter(|x| x.state == s).count() as i64;
        let counts = deadline::urgent_counts_on(&b.store, day).unwrap();
        assert_eq!(
            (counts.overdue, counts.soon),
            (n(DueState::Overdue), n(DueState::Soon)),
            "on {day}"
        );
        seen_both |= counts.overdue > 0 && counts.soon > 0;
        day += chrono::Duration::days(1);
    }
    assert!(
        seen_both,
        "the fixture has days with both overdue and nearly due items"
    );
}

#[test]
fn the_rules_list_their_defaults_units_and_basis() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let rules = deadline::rules(&b.store).unwrap();
    let got: Vec<(RuleCode, i64, DayUnit)> =
        rules.iter().map(|r| (r.code, r.days, r.unit)).collect();
    assert_eq!(
        got,
        vec![
            (RuleCode::Interpretation, 3, DayUnit::Working),
            (RuleCode::Proactive, 20, DayUnit::Working),
            (RuleCode::Budget, 20, DayUnit::Calendar),
            (RuleCode::CommentPeriod, 30, DayUnit::Calendar),
        ]
    );
    assert!(rules[1].basis.contains("第二十六条"), "{}", rules[1].basis);
    assert!(rules
        .iter()
        .all(|r| !r.basis.is_empty() && !r.name.is_empty()));
}

#[test]
fn an_administrator_changes_a_rule_and_the_due_date_follows_with_an_audit_entry() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let policy = b
        .create(&drafter, "政策文件", "关于规范校外培训的通知")
        .unwrap()
        .item
        .id;
    let mut input = draft(&b.store, &drafter, "政策解读", "《通知》解读");
    input.extra.interprets_item_id = Some(policy);
    let id = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    publish_on(&dir, policy, b.admin.id, "2026-09-30");
    assert_eq!(
        deadline::due(&b.store, id).unwrap().unwrap().due_on,
        "2026-10-10"
    );

    let admin = b.admin.clone();
    deadline::set_rule(&mut b.store, &admin, RuleCode::Interpretation, 5).unwrap();
    let due = deadline::due(&b.store, id).unwrap().unwrap();
    // 10-08, 10-09, Saturday 10-10 (调休), 10-12, 10-13.
    assert_eq!(due.due_on, "2026-10-13");
    assert!(due.basis.contains("5 个工作日"), "{}", due.basis);
    let audit = last_audit(&dir, "settings.deadline_rule");
    assert!(
        audit.contains("政策解读公开时限") && audit.contains("由 3 改为 5"),
        "{audit}"
    );

    // Proactive disclosure follows its rule too.
    let mut notice = draft(&b.store, &drafter, "通知公告", "国庆前印发的通知");
    notice.written_on = Some("2026-09-28".into());
    let notice = item::create(&mut b.store, &drafter, &notice)
        .unwrap()
        .item
        .id;
    deadline::set_rule(&mut b.store, &admin, RuleCode::Proactive, 2).unwrap();
    assert_eq!(
        deadline::due(&b.store, notice).unwrap().unwrap().due_on,
        "2026-09-30"
    );
}

#[test]
fn rule_values_are_validated_and_only_administrators_change_them() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let err = deadline::set_rule(&mut b.store, &drafter, RuleCode::Proactive, 10).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let admin = b.admin.clone();
    for bad in [0, -3, 61] {
        let err = deadline::set_rule(&mut b.store, &admin, RuleCode::Proactive, bad).unwrap_err();
        assert_eq!(err.field(), Some("days"), "{bad}");
        assert!(err.to_string().contains("主动公开时限"), "{err}");
    }
    assert_eq!(
        deadline::rules(&b.store).unwrap()[1].days,
        20,
        "nothing saved"
    );
    deadline::set_rule(&mut b.store, &admin, RuleCode::CommentPeriod, 365).unwrap();
    assert!(deadline::set_rule(&mut b.store, &admin, RuleCode::CommentPeriod, 366).is_err());
}

#[test]
fn a_budget_is_due_calendar_days_after_approval() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.other_office.clone();
    let mut input = draft(&b.store, &drafter, "部门预决算", "2026年部门预算");
    input.written_on = Some("2026-09-25".into());
    let id = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    let due = deadline::due(&b.store, id).unwrap().unwrap();
    assert_eq!(
        due.due_on, "2026-10-15",
        "20 calendar days, holidays included"
    );
    assert!(due.basis.contains("20 日内"), "{}", due.basis);
    let admin = b.admin.clone();
    deadline::set_rule(&mut b.store, &admin, RuleCode::Budget, 10).unwrap();
    assert_eq!(
        deadline::due(&b.store, id).unwrap().unwrap().due_on,
        "2026-10-05"
    );
    publish_on(&dir, id, b.admin.id, "2026-10-06");
    let due = deadline::due(&b.store, id).unwrap().unwrap();
    assert_eq!(
        (due.state, due.state_label.as_str()),
        (DueState::Late, "逾期公开")
    );
}

#[test]
fn the_comment_period_rule_checks_decision_drafts_and_the_item_shows_its_end() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let mut input = draft(
        &b.store,
        &drafter,
        "重大决策预公开",
        "学区划分调整方案（征求意见稿）",
    );
    input.extra.comment_start = Some("2099-01-01".into());
    input.extra.comment_end = Some("2099-01-20".into());
    let id = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    let err = disclosure_core::review::submit(&mut b.store, &drafter, id).unwrap_err();
    assert!(
        err.to_string().contains("重大决策预公开征求意见期"),
        "the error names the rule: {err}"
    );
    let due = deadline::due(&b.store, id).unwrap().unwrap();
    assert_eq!(due.comment_end.as_deref(), Some("2099-01-20"));
    assert!(
        due.basis.contains("征求意见截止 2099-01-20"),
        "{}",
        due.basis
    );

    let admin = b.admin.clone();
    deadline::set_rule(&mut b.store, &admin, RuleCode::CommentPeriod, 20).unwrap();
    assert_eq!(
        disclosure_core::rules::min_comment_days(&b.store).unwrap(),
        20
    );
    assert!(item::check(&b.store, id).unwrap().is_empty());
}

#[test]
fn urgent_reads_only_the_earliest_starts_and_still_finds_the_right_items() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let mut input = draft(&b.store, &drafter, "通知公告", "模板");
    input.written_on = Some("2026-01-05".into());
    let template = item::create(&mut b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    let budget = {
        let mut i = draft(
            &b.store,
            &b.other_office.clone(),
            "部门预决算",
            "2026年部门预算",
        );
        i.written_on = Some("2026-10-20".into());
        let other = b.other_office.clone();
        item::create(&mut b.store, &other, &i).unwrap().item.id
    };
    // 3,000 more items written over two years, some published, some withheld.
    let conn = open_connection(dir.path()).unwrap();
    conn.execute_batch(&format!(
        "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 3000)
         INSERT INTO index_number (value, allocated_at) SELECT 'T/' || k, '2025-01-01' FROM n;
         WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 3000)
         INSERT INTO item (index_no, status, category_id, title, publisher, written_on, office_id,
                           created_by, created_at, updated_by, updated_at)
         SELECT 'T/' || k, CASE WHEN k % 7 = 0 THEN 'withheld' ELSE 'draft' END, t.category_id,
                '事项' || k, t.publisher, date('2025-01-01', '+' || (k % 700) || ' days'),
                t.office_id, t.created_by, t.created_at, t.updated_by, t.updated_at
         FROM n, item t WHERE t.id = {template};"
    ))
    .unwrap();
    conn.execute_batch(
        "INSERT INTO publication (item_id, url, published_on, recorded_by, recorded_at)
         SELECT id, 'https://x',
                date(written_on, '+' || (CAST(substr(index_no, 3) AS INTEGER) % 60) || ' days'),
                created_by, created_at FROM item
          WHERE index_no LIKE 'T/%' AND CAST(substr(index_no, 3) AS INTEGER) % 3 = 0;",
    )
    .unwrap();
    let ids = all_item_ids(&conn);
    for today in ["2026-11-02", "2026-11-27", "2025-03-03"] {
        let today = d(today);
        // Every item's deadline, the slow way.
        let mut expected: Vec<(String, i64)> = deadline::due_many_on(&b.store, &ids, today)
            .unwrap()
            .into_iter()
            .filter(|d| matches!(d.state, DueState::Overdue | DueState::Soon))
            .map(|d| (d.due_on, d.item_id))
            .collect();
        expected.sort();
        expected.truncate(20);
        let got: Vec<(String, i64)> = deadline::urgent_on(&b.store, today, 20)
            .unwrap()
            .into_iter()
            .map(|d| (d.due_on, d.item_id))
            .collect();
        assert_eq!(got, expected, "{today}");
    }
    // The dashboard's on-time counts, done in SQL, agree with every published item's state.
    for year in [2025, 2026] {
        let published: Vec<i64> = conn
            .prepare("SELECT item_id FROM publication WHERE published_on LIKE ?1 || '-%'")
            .unwrap()
            .query_map([year.to_string()], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let states: Vec<DueState> = deadline::due_many(&b.store, &published)
            .unwrap()
            .into_iter()
            .map(|d| d.state)
            .collect();
        let on_time = states.iter().filter(|s| **s == DueState::OnTime).count() as i64;
        let late = states.iter().filter(|s| **s == DueState::Late).count() as i64;
        let rates = disclosure_core::dashboard::stats_on_time(&b.store, year).unwrap();
        let got: (i64, i64) = rates
            .iter()
            .fold((0, 0), |(a, b), r| (a + r.on_time, b + r.late));
        assert_eq!(got, (on_time, late), "{year}");
        assert!(on_time > 0 && late > 0, "{year}: both kinds present");
    }
    // Soon items are found too, not only the long overdue ones.
    let soon = deadline::urgent_on(&b.store, d("2026-11-06"), 5000).unwrap();
    assert!(
        soon.iter()
            .any(|x| x.item_id == budget && x.state == DueState::Soon),
        "budget due 11-09"
    );
    assert!(soon.iter().any(|x| x.state == DueState::Overdue));
}

#[test]
fn a_page_of_items_gets_its_deadlines_in_order() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let a = b.create(&drafter, "通知公告", "甲").unwrap().item.id;
    let policy = b.create(&drafter, "政策文件", "乙").unwrap().item.id;
    let c = b.create(&drafter, "其他", "丙").unwrap().item.id;
    let got: Vec<i64> = deadline::due_many(&b.store, &[c, policy, a, 999_999])
        .unwrap()
        .into_iter()
        .map(|d| d.item_id)
        .collect();
    assert_eq!(got, vec![c, policy, a]);
}

#[test]
fn the_dashboard_names_years_whose_holidays_are_not_loaded() {
    use disclosure_core::calendar::Calendar;
    use disclosure_core::dashboard::calendar_missing;
    let cal = Calendar::shipped();
    assert!(calendar_missing(&cal, d("2026-11-27"), ["2026-12-01", "2026-10-10"]).is_empty());
    assert_eq!(
        calendar_missing(&cal, d("2026-12-20"), ["2027-01-15", "2026-12-31"]),
        vec![2027],
        "a due date in next year"
    );
    assert_eq!(
        calendar_missing(&cal, d("2028-01-04"), []),
        vec![2028],
        "today"
    );
}
