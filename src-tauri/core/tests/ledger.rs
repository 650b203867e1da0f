//! 责任分工台账 and the dashboard's figures: tasks with offices, 落实专人 and progress;
//! edits by administrators only, audited; the printed ledger; per-office progress,
//! publications per month and on-time rates.

use std::process::Command;

use disclosure_core::store::open_connection;
use disclosure_core::{dashboard, item, plan, sheet};

use crate::util::{bureau, draft, office_id, Dir};

fn task_id(store: &disclosure_core::Store, seq: i64) -> i64 {
    plan::list(store)
        .unwrap()
        .into_iter()
        .find(|t| t.seq == seq)
        .unwrap()
        .id
}

#[test]
fn an_administrator_names_the_staff_and_offices_of_a_task_and_it_is_audited() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let task = task_id(&b.store, 9);
    let fagui = office_id(&b.store, "法规处");
    let update = plan::TaskUpdate {
        office_ids: vec![fagui],
        any_office_concerned: true,
        staff_names: " 刘洋\n\n陈静、刘洋 ".into(),
    };
    let drafter = b.drafter.clone();
    assert_eq!(
        plan::update(&mut b.store, &drafter, task, &update)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let admin = b.admin.clone();
    let tasks = plan::update(&mut b.store, &admin, task, &update).unwrap();
    let t = tasks.iter().find(|t| t.id == task).unwrap();
    assert_eq!(
        t.staff_names, "刘洋\n陈静",
        "trimmed, one a line, no repeats"
    );
    assert_eq!(
        t.offices
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>(),
        ["法规处"]
    );
    assert!(t.any_office_concerned);
    let detail: String = open_connection(dir.path())
        .unwrap()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'plan.update' ORDER BY id DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        detail.contains("主动做好政策解读") && detail.contains("刘洋、陈静"),
        "{detail}"
    );

    let none = plan::TaskUpdate {
        office_ids: vec![],
        any_office_concerned: false,
        staff_names: String::new(),
    };
    assert_eq!(
        plan::update(&mut b.store, &admin, task, &none)
            .unwrap_err()
            .field(),
        Some("office_ids")
    );
    let after = plan::list(&b.store).unwrap();
    assert_eq!(
        after.iter().find(|t| t.id == task).unwrap().staff_names,
        "刘洋\n陈静",
        "nothing saved"
    );
}

#[test]
fn the_ledger_counts_linked_items_and_prints_tasks_and_staff() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let task = task_id(&b.store, 12);
    let drafter = b.drafter.clone();
    let mut ids = Vec::new();
    for title in [
        "关于开学工作的通知",
        "关于暑期安全的通知",
        "关于招生工作的通知",
    ] {
        let mut input = draft(&b.store, &drafter, "通知公告", title);
        input.task_id = Some(task);
        input.written_on = Some("2026-03-02".into());
        ids.push(
            item::create(&mut b.store, &drafter, &input)
                .unwrap()
                .item
                .id,
        );
    }
    let conn = open_connection(dir.path()).unwrap();
    for (id, on) in [(ids[0], "2026-03-10"), (ids[1], "2026-05-20")] {
        conn.execute("UPDATE item SET status = 'published' WHERE id = ?1", [id])
            .unwrap();
        conn.execute(
            "INSERT INTO publication (item_id, url, published_on, recorded_by, recorded_at)
             VALUES (?1, 'https://x', ?2, 1, ?2)",
            rusqlite::params![id, on],
        )
        .unwrap();
    }
    let admin = b.admin.clone();
    let update = plan::TaskUpdate {
        office_ids: vec![office_id(&b.store, "办公室")],
        any_office_concerned: true,
        staff_names: "赵明轩".into(),
    };
    plan::update(&mut b.store, &admin, task, &update).unwrap();
    let t = plan::list(&b.store)
        .unwrap()
        .into_iter()
        .find(|t| t.id == task)
        .unwrap();
    assert_eq!((t.items_total, t.items_published), (3, 2));

    let progress = dashboard::stats_office_progress(&b.store).unwrap();
    let fagui = progress.iter().find(|p| p.office_name == "法规处").unwrap();
    assert_eq!((fagui.tasks, fagui.items, fagui.published), (1, 3, 2));

    let monthly = dashboard::stats_monthly(&b.store, 2026).unwrap();
    let months: Vec<(u32, &str, i64)> = monthly
        .iter()
        .map(|m| (m.month, m.category_name.as_str(), m.count))
        .collect();
    assert_eq!(months, [(3, "通知公告", 1), (5, "通知公告", 1)]);
    // Written 03-02: due 03-30 (20 working days); 03-10 is on time, 05-20 late.
    let rates = dashboard::stats_on_time(&b.store, 2026).unwrap();
    assert_eq!(rates.len(), 1);
    assert_eq!((rates[0].on_time, rates[0].late), (1, 1));
    assert!(dashboard::stats_monthly(&b.store, 2025).unwrap().is_empty());

    let pdf = sheet::render_ledger(&b.store).unwrap();
    assert!(pdf.missing.is_empty(), "{:?}", pdf.missing);
    let path = dir.path().join("台账.pdf");
    sheet::save(&pdf, &path).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "政务公开工作责任分工台账",
        "推进政务公开制度化标准化",
        "赵明轩",
        "67%",
        "第1页/共2页",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
}

#[test]
fn an_import_links_items_to_a_task_and_an_interpretation_to_its_policy() {
    use disclosure_core::item::import::{import, read_file};
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let policy = b
        .create(&drafter, "政策文件", "关于减轻学生课业负担的若干措施")
        .unwrap()
        .item;
    let file = dir.path().join("import.json");
    let row = |task: i64, interprets: &str| {
        format!(
            r#"{{"title":"《若干措施》解读","category":"政策解读","office":"法规处","summary":"解读。",
               "body_html":"<p>解读。</p>","task":{task},"interprets":"{interprets}"}}"#
        )
    };
    std::fs::write(&file, format!("[{}]", row(9, &policy.index_no))).unwrap();
    let created = import(&mut b.store, &drafter, &read_file(&file).unwrap())
        .unwrap()
        .created;
    let linked: i64 = open_connection(dir.path())
        .unwrap()
        .query_row(
            "SELECT json_extract(extra, '$.interprets_item_id') FROM item WHERE index_no = ?1",
            [&created[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, policy.id);
    let t = plan::list(&b.store)
        .unwrap()
        .into_iter()
        .find(|t| t.seq == 9)
        .unwrap();
    assert_eq!(t.items_total, 1, "linked to task 9");

    std::fs::write(&file, format!("[{}]", row(99, &policy.index_no))).unwrap();
    let report = import(&mut b.store, &drafter, &read_file(&file).unwrap()).unwrap();
    assert!(report.created.is_empty());
    assert_eq!(report.errors[0].message, "没有序号为 99 的工作任务。");
    std::fs::write(&file, format!("[{}]", row(9, "NO/2026-99999"))).unwrap();
    let report = import(&mut b.store, &drafter, &read_file(&file).unwrap()).unwrap();
    assert!(
        report.errors[0].message.contains("NO/2026-99999"),
        "{report:?}"
    );
}
