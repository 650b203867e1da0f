//! 报表: the year-end assessment and the annual report counts, each figure on a
//! hand-built year (2025, counted to 12-31), the files read back (xlsx with calamine, PDF
//! with pdftotext), and the `disclosure report` commands.

use calamine::Data;
use chrono::NaiveDate;
use disclosure_core::item::{self, RegulationKind, Validity};
use disclosure_core::report::{self, Assessment};
use disclosure_core::store::open_connection;
use disclosure_core::{deadline, Store};

use crate::sheet::{pdftotext, squash};
use crate::util::{bureau, cell, draft, office_id, rows, Bureau, Dir};

/// Long after 2025, so the 2025 report is counted to 2025-12-31.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn create(b: &mut Bureau, who: &str, category: &str, title: &str, written: &str) -> i64 {
    let actor = if who == "财审处" {
        b.other_office.clone()
    } else {
        b.drafter.clone()
    };
    let mut input = draft(&b.store, &actor, category, title);
    input.written_on = Some(written.into());
    item::create(&mut b.store, &actor, &input).unwrap().item.id
}

/// The website published the item on `date` (what 登记发布 records).
fn published(dir: &Dir, b: &Bureau, id: i64, date: &str) {
    let conn = open_connection(dir.path()).unwrap();
    conn.execute(
        "INSERT INTO publication (item_id, url, published_on, recorded_by, recorded_at)
         VALUES (?1, 'https://jyj.anshan.gov.cn/x.html', ?2, ?3, ?2 || 'T17:00:00+08:00')",
        rusqlite::params![id, date, b.admin.id],
    )
    .unwrap();
    conn.execute("UPDATE item SET status = 'published' WHERE id = ?1", [id])
        .unwrap();
}

/// A review round of `id` submitted and concluded on the given days.
fn round(dir: &Dir, b: &Bureau, id: i64, n: i64, submitted: &str, outcome: &str, closed: &str) {
    open_connection(dir.path())
        .unwrap()
        .execute(
            "INSERT INTO review_round (item_id, round, version, content_hash, submitted_by,
                 submitted_at, position, outcome, closed_at)
             VALUES (?1, ?2, 1, 'h', ?3, ?4 || 'T09:00:00+08:00', 1, ?5, ?6 || 'T16:00:00+08:00')",
            rusqlite::params![id, n, b.drafter.id, submitted, outcome, closed],
        )
        .unwrap();
}

struct Year {
    dir: Dir,
    b: Bureau,
    on_time: i64,
    late: i64,
    unpublished: i64,
}

/// 法规处: one item published on its due date, one 5 days late, one still unpublished 30
/// days after its due date, and one item returned twice before approval; 财审处: one on
/// time; plus what must not count (2024's publication, a withdrawn round, a 2024 round).
fn year_2025() -> Year {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    // Written Monday 2025-03-03: the 20th working day after is 2025-03-31.
    let on_time = create(
        &mut b,
        "法规处",
        "通知公告",
        "关于春季开学工作的通知",
        "2025-03-03",
    );
    published(&dir, &b, on_time, "2025-03-31");
    let late = create(
        &mut b,
        "法规处",
        "政策文件",
        "关于规范校外培训的意见",
        "2025-03-03",
    );
    published(&dir, &b, late, "2025-04-05");
    // Written 2025-11-03: due 2025-12-01, unpublished at the year's end: 30 days late.
    let unpublished = create(
        &mut b,
        "法规处",
        "通知公告",
        "关于冬季安全工作的通知",
        "2025-11-03",
    );
    let other = create(
        &mut b,
        "财审处",
        "通知公告",
        "2025年部门预算编制通知",
        "2025-06-02",
    );
    published(&dir, &b, other, "2025-06-10");
    let old = create(&mut b, "法规处", "通知公告", "2024年的通知", "2024-05-06");
    published(&dir, &b, old, "2024-05-10");

    // Returned twice (2 and 1 working days), then approved in 3: 2.0 on average.
    round(&dir, &b, on_time, 1, "2025-03-10", "returned", "2025-03-12");
    round(&dir, &b, on_time, 2, "2025-03-13", "returned", "2025-03-14");
    round(&dir, &b, on_time, 3, "2025-03-17", "approved", "2025-03-20");
    round(&dir, &b, late, 1, "2025-03-24", "withdrawn", "2025-03-25");
    round(&dir, &b, old, 1, "2024-05-06", "returned", "2024-05-07");
    // 财审处: approved across the National Day holiday (10-01…10-08): 09-30 → 10-09 is
    // 1 working day.
    round(&dir, &b, other, 1, "2025-09-30", "approved", "2025-10-09");
    Year {
        dir,
        b,
        on_time,
        late,
        unpublished,
    }
}

fn office<'a>(a: &'a Assessment, name: &str) -> &'a report::OfficeAssessment {
    a.offices
        .iter()
        .find(|o| o.office_name == name)
        .unwrap_or_else(|| panic!("office {name}"))
}

fn count(a: &Assessment, o: &report::OfficeAssessment, category: &str) -> u32 {
    let i = a.categories.iter().position(|c| c == category).unwrap();
    o.by_category[i]
}

#[test]
fn the_assessment_counts_publications_on_time_rate_reviews_returns_and_late_items() {
    let y = year_2025();
    let store = &y.b.store;
    assert_eq!(
        deadline::due(store, y.on_time).unwrap().unwrap().due_on,
        "2025-03-31"
    );
    let a = report::assessment_on(store, 2025, None, today()).unwrap();
    assert_eq!(a.as_of, "2025-12-31");
    assert_eq!(a.agency, "鞍山市教育局");

    let fagui = office(&a, "法规处");
    assert_eq!(fagui.published, 2, "2024's publication does not count");
    assert_eq!(count(&a, fagui, "通知公告"), 1);
    assert_eq!(count(&a, fagui, "政策文件"), 1);
    assert_eq!((fagui.assessed, fagui.on_time), (3, 1));
    assert_eq!(report::percent(fagui.on_time_rate), "33.3%");
    assert_eq!(
        fagui.reviews, 3,
        "the withdrawn round and 2024's are not counted"
    );
    assert_eq!(fagui.returns, 2);
    assert_eq!(fagui.review_days, Some(2.0));
    assert_eq!(fagui.overdue_count, 2);
    let late: Vec<(i64, &str, Option<&str>, i64)> = fagui
        .overdue
        .iter()
        .map(|o| {
            (
                o.item_id,
                o.due_on.as_str(),
                o.published_on.as_deref(),
                o.days_late,
            )
        })
        .collect();
    assert_eq!(
        late,
        vec![
            (y.unpublished, "2025-12-01", None, 30),
            (y.late, "2025-03-31", Some("2025-04-05"), 5),
        ],
        "the latest first"
    );
    assert_eq!(fagui.overdue[1].title, "关于规范校外培训的意见");

    let caishen = office(&a, "财审处");
    assert_eq!(
        (caishen.published, caishen.assessed, caishen.on_time),
        (1, 1, 1)
    );
    assert_eq!(report::percent(caishen.on_time_rate), "100.0%");
    assert_eq!(caishen.review_days, Some(1.0), "the holiday is not counted");
    assert_eq!(caishen.returns, 0);

    let quiet = office(&a, "办公室");
    assert!(!quiet.has_activity());
    assert_eq!(report::percent(quiet.on_time_rate), "—");

    assert_eq!(a.total.published, 3);
    assert_eq!((a.total.assessed, a.total.on_time), (4, 2));
    assert_eq!(a.total.returns, 2);
    assert_eq!(a.total.overdue_count, 2);
    assert_eq!(a.total.review_days, Some(7.0 / 4.0));

    // One office only.
    let one =
        report::assessment_on(store, 2025, Some(office_id(store, "财审处")), today()).unwrap();
    assert_eq!(one.offices.len(), 1);
    assert_eq!(one.total.published, 1);
}

#[test]
fn in_the_current_year_unpublished_items_are_late_only_once_their_due_date_has_passed() {
    let y = year_2025();
    // As if on 2025-11-20: the item due 12-01 is not yet late.
    let a = report::assessment_on(
        &y.b.store,
        2025,
        None,
        NaiveDate::from_ymd_opt(2025, 11, 20).unwrap(),
    )
    .unwrap();
    assert_eq!(a.as_of, "2025-11-20");
    let fagui = office(&a, "法规处");
    assert_eq!(
        (fagui.assessed, fagui.on_time, fagui.overdue_count),
        (2, 1, 1)
    );
}

#[test]
fn report_years_outside_2000_to_this_year_are_refused_in_chinese() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let e = report::assessment(&b.store, 1999, None).unwrap_err();
    assert!(e.to_string().contains("年度应在"), "{e}");
    assert!(report::annual(&b.store, 2999).is_err());
}

#[test]
fn the_assessment_xlsx_has_a_summary_and_an_overdue_sheet_with_chinese_headers() {
    let y = year_2025();
    let a = report::assessment_on(&y.b.store, 2025, None, today()).unwrap();
    let path = y.dir.path().join("考核.xlsx");
    let written = report::write_assessment(&a, &path).unwrap();
    assert_eq!(written.pages, None);

    let summary = rows(&path, "考核汇总");
    assert_eq!(summary[0][0], cell("处室"));
    assert_eq!(summary[0][4], cell("按时公开率"));
    assert!(summary[0].contains(&cell("政策文件")), "used categories");
    assert!(
        !summary[0].contains(&cell("部门预决算")),
        "unused ones left out"
    );
    let fagui = summary.iter().find(|r| r[0] == cell("法规处")).unwrap();
    assert_eq!(fagui[1], Data::Float(2.0));
    assert!(matches!(fagui[4], Data::Float(r) if (r - 1.0 / 3.0).abs() < 1e-9));
    assert_eq!(fagui[6], Data::Float(2.0));
    assert_eq!(fagui[7], Data::Float(2.0), "returns");
    let last = summary.last().unwrap();
    assert_eq!(last[0], cell("合计"));
    assert_eq!(last[1], Data::Float(3.0));

    let overdue = rows(&path, "逾期事项");
    assert_eq!(
        overdue[0],
        [
            "处室",
            "索引号",
            "信息名称",
            "公开类别",
            "应公开日期",
            "发布日期",
            "逾期天数"
        ]
        .map(cell)
        .to_vec()
    );
    assert_eq!(overdue.len(), 3);
    assert_eq!(overdue[1][2], cell("关于冬季安全工作的通知"));
    assert_eq!(overdue[1][5], cell("未发布"));
    assert_eq!(overdue[1][6], Data::Float(30.0));
    assert_eq!(overdue[2][5], cell("2025-04-05"));
}

#[test]
fn the_assessment_pdf_has_each_office_its_figures_and_late_items() {
    let y = year_2025();
    let a = report::assessment_on(&y.b.store, 2025, None, today()).unwrap();
    let path = y.dir.path().join("考核.pdf");
    let written = report::write_assessment(&a, &path).unwrap();
    assert!(written.missing.is_empty(), "{:?}", written.missing);
    let text = squash(&pdftotext(&path, None));
    if let Ok(keep) = std::env::var("KEEP_REPORT_PDF") {
        std::fs::copy(&path, keep).unwrap();
    }
    for s in [
        "鞍山市教育局2025年度政务公开考核",
        "统计期间：2025-01-01至2025-12-31",
        "一、各处室汇总",
        "33.3%（1/3）",
        "100.0%（1/1）",
        "1.法规处",
        "2.财审处",
        "政策文件1件；通知公告1件",
        "平均2.0个工作日（办结审查3轮）",
        "2次",
        "关于冬季安全工作的通知",
        "2025-12-01未发布30",
        "2025-03-312025-04-055",
        "本年度无记录的处室",
        "第1页/共",
    ] {
        assert!(text.contains(s), "{s} in {text}");
    }
    let pages = written.pages.unwrap();
    assert!(pages >= 1);
    assert!(text.contains(&format!("第{pages}页/共{pages}页")), "{text}");
}

#[test]
fn report_files_are_refused_with_other_extensions_and_not_half_written() {
    let y = year_2025();
    let a = report::assessment_on(&y.b.store, 2025, None, today()).unwrap();
    let path = y.dir.path().join("考核.docx");
    let e = report::write_assessment(&a, &path).unwrap_err();
    assert!(e.to_string().contains(".pdf 或 .xlsx"), "{e}");
    assert!(!path.exists());
    let annual = report::annual_on(&y.b.store, 2025, today()).unwrap();
    let e = report::write_annual(&annual, &y.dir.path().join("a.pdf")).unwrap_err();
    assert!(e.to_string().contains(".xlsx"), "{e}");
    // A folder that does not exist: an error, and nothing left behind.
    let missing = y.dir.path().join("没有这个文件夹").join("考核.xlsx");
    assert!(report::write_assessment(&a, &missing).is_err());
    assert!(!missing.parent().unwrap().exists());
}

/// The regulation category: one document of each history the counts must tell apart.
fn regulations(dir: &Dir) -> Bureau {
    let mut b = bureau(dir);
    let mut add = |title: &str,
                   kind: Option<RegulationKind>,
                   written: &str,
                   validity: Validity,
                   validity_date: Option<&str>,
                   published_on: Option<&str>| {
        let actor = b.drafter.clone();
        let mut input = draft(&b.store, &actor, "规章和规范性文件", title);
        input.written_on = Some(written.into());
        input.extra.regulation_kind = kind;
        input.validity = validity;
        input.validity_date = validity_date.map(String::from);
        let id = item::create(&mut b.store, &actor, &input).unwrap().item.id;
        if let Some(p) = published_on {
            published(dir, &b, id, p);
        }
        id
    };
    use RegulationKind::{Normative, Rule};
    use Validity::{Expired, Repealed, Valid};
    // 行政规范性文件
    add(
        "本年制发（未选类型）",
        None,
        "2025-02-10",
        Valid,
        None,
        Some("2025-02-20"),
    );
    let revoked = add(
        "2023年制发、本年废止",
        Some(Normative),
        "2023-05-01",
        Valid,
        None,
        Some("2023-05-10"),
    );
    add(
        "去年制发仍有效",
        Some(Normative),
        "2024-03-01",
        Valid,
        None,
        Some("2024-03-05"),
    );
    add(
        "本年起草未发布",
        Some(Normative),
        "2025-07-01",
        Valid,
        None,
        None,
    );
    let withdrawn = add(
        "年底制发次年撤回",
        Some(Normative),
        "2025-12-01",
        Valid,
        None,
        Some("2025-12-03"),
    );
    // 规章
    add(
        "本年制发、本年失效",
        Some(Rule),
        "2025-04-01",
        Expired,
        Some("2025-09-01"),
        Some("2025-04-03"),
    );
    add(
        "早年制发、本年废止",
        Some(Rule),
        "2022-01-05",
        Repealed,
        Some("2025-08-01"),
        Some("2022-01-10"),
    );
    let conn = open_connection(dir.path()).unwrap();
    for (id, kind, on) in [
        (revoked, "repealed", "2025-06-30"),
        (withdrawn, "withdrawn", "2026-01-10"),
    ] {
        conn.execute(
            "INSERT INTO revocation (item_id, kind, reason, revoked_on, revoked_by, revoked_at)
             VALUES (?1, ?2, '测试', ?3, ?4, ?3 || 'T10:00:00+08:00')",
            rusqlite::params![id, kind, on, b.admin.id],
        )
        .unwrap();
        conn.execute("UPDATE item SET status = 'revoked' WHERE id = ?1", [id])
            .unwrap();
    }
    b
}

fn counts(store: &Store, year: i32) -> Vec<(String, u32, u32, u32)> {
    report::annual_on(store, year, today())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.label, r.enacted, r.repealed, r.in_force))
        .collect()
}

#[test]
fn annual_counts_follow_each_documents_kind_and_validity_history() {
    let dir = Dir::new();
    let b = regulations(&dir);
    // Not choosing the kind leaves versions as they were before the field existed (their
    // content hash unchanged); choosing it is saved with the item.
    let conn = open_connection(dir.path()).unwrap();
    let snapshot = |title: &str| -> String {
        conn.query_row(
            "SELECT v.snapshot FROM item_version v JOIN item i ON i.id = v.item_id WHERE i.title = ?1",
            [title],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(!snapshot("本年制发（未选类型）").contains("regulation_kind"));
    assert!(snapshot("本年制发、本年失效").contains(r#""regulation_kind":"rule""#));
    assert_eq!(
        counts(&b.store, 2025),
        vec![
            ("规章".to_string(), 1, 1, 0),
            ("行政规范性文件".to_string(), 2, 1, 3),
        ]
    );
    assert_eq!(
        counts(&b.store, 2024),
        vec![
            ("规章".to_string(), 0, 0, 1),
            ("行政规范性文件".to_string(), 1, 0, 2),
        ]
    );
}

#[test]
fn the_annual_xlsx_is_laid_out_like_the_national_report_table() {
    let dir = Dir::new();
    let b = regulations(&dir);
    let a = report::annual_on(&b.store, 2025, today()).unwrap();
    let path = dir.path().join("年度报告.xlsx");
    report::write_annual(&a, &path).unwrap();
    let rows = rows(&path, "二、主动公开政府信息情况");
    assert_eq!(rows[0][0], cell("二、主动公开政府信息情况"));
    assert_eq!(rows[2][0], cell("第二十条第（一）项"));
    assert_eq!(
        rows[3],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
            .map(cell)
            .to_vec()
    );
    assert_eq!(
        rows[4],
        vec![
            cell("规章"),
            Data::Float(1.0),
            Data::Float(1.0),
            Data::Float(0.0)
        ]
    );
    assert_eq!(
        rows[5],
        vec![
            cell("行政规范性文件"),
            Data::Float(2.0),
            Data::Float(1.0),
            Data::Float(3.0)
        ]
    );
    let labels: Vec<&Data> = rows.iter().map(|r| &r[0]).collect();
    for s in [
        "第二十条第（五）项",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
    ] {
        assert!(labels.contains(&&cell(s)), "{s}");
    }
}
