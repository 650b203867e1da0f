//! 责任分工台账 — the work-plan tasks with their responsible offices, 落实专人 and the
//! progress of the linked items, as an A4 table whose header repeats on every page.

use super::layout::Flow;
use crate::plan::PlanTask;
use crate::typeset::page::{Page, Pen};

pub const TITLE: &str = "政务公开工作责任分工台账";
const PAGE: (f32, f32) = (210.0, 297.0);
const LEFT: f32 = 15.0;
const SIZE: f32 = 9.5;
/// (header, width in mm); 180 mm in all.
const COLUMNS: [(&str, f32); 7] = [
    ("序号", 12.0),
    ("工作任务", 58.0),
    ("责任处室", 28.0),
    ("落实专人", 28.0),
    ("关联事项", 18.0),
    ("已发布", 18.0),
    ("完成率", 18.0),
];

/// What the ledger prints besides the tasks.
pub struct Ledger<'a> {
    pub agency: &'a str,
    /// `YYYY-MM-DD`
    pub printed_on: &'a str,
    pub tasks: &'a [PlanTask],
}

fn offices(t: &PlanTask) -> String {
    let mut names: Vec<&str> = t.offices.iter().map(|o| o.name.as_str()).collect();
    if t.any_office_concerned {
        names.push("有关处室");
    }
    names.join("\n")
}

/// Draws the ledger; its pages are numbered 第 x 页 / 共 y 页.
pub fn draw(pen: &mut Pen<'_>, l: &Ledger<'_>) -> Vec<Page> {
    let mut flow = Flow::new(pen, PAGE, LEFT, 14.0, 16.0);
    let line = format!(
        "{}　　打印日期：{}　　共 {} 项工作任务",
        l.agency,
        l.printed_on,
        l.tasks.len()
    );
    flow.table_start(TITLE, &line, &COLUMNS, SIZE);
    for t in l.tasks {
        let rate = if t.items_total > 0 {
            let half = t.items_total / 2;
            format!("{}%", (t.items_published * 100 + half) / t.items_total)
        } else {
            "—".into()
        };
        let staff = if t.staff_names.trim().is_empty() {
            "（未指定）".to_string()
        } else {
            t.staff_names.clone()
        };
        let values = [
            t.seq.to_string(),
            format!("{}\n{}", t.title, t.detail),
            offices(t),
            staff,
            t.items_total.to_string(),
            t.items_published.to_string(),
            rate,
        ];
        flow.value_row(&values, &COLUMNS, SIZE, |i| matches!(i, 0 | 4 | 5 | 6));
    }
    flow.finish_numbered()
}
