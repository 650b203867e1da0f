//! The assessment as an A4 PDF, on the review sheet's engine (same fonts, ruled tables that
//! wrap and flow across pages with their header repeated, 第 x 页 / 共 y 页): a summary
//! table of every office, then one section per office with activity.

use super::assessment::{days, percent, Assessment, OfficeAssessment};
use crate::error::Result;
use crate::sheet::layout::{Cell, Flow, Row};
use crate::sheet::{self, Pdf};
use crate::typeset::fonts::Face;

const PAGE: (f32, f32) = (210.0, 297.0);
const LEFT: f32 = 15.0;
const WIDTH: f32 = 180.0;
const SIZE: f32 = 9.5;

const SUMMARY: [(&str, f32); 7] = [
    ("处室", 34.0),
    ("发布事项", 20.0),
    ("按时公开率", 32.0),
    ("平均审查用时（工作日）", 28.0),
    ("办结审查", 20.0),
    ("退回修改", 20.0),
    ("逾期事项", 26.0),
];

const OVERDUE: [(&str, f32); 6] = [
    ("序号", 12.0),
    ("索引号", 40.0),
    ("信息名称", 62.0),
    ("应公开日期", 22.0),
    ("发布日期", 22.0),
    ("逾期天数", 22.0),
];

pub fn title(a: &Assessment) -> String {
    format!("{} 年度政务公开考核", a.year)
}

fn header(columns: &[(&str, f32)]) -> Row {
    Row::new(
        columns
            .iter()
            .map(|(h, w)| Cell::label(h, *w).sized(SIZE))
            .collect(),
    )
}

fn values(columns: &[(&str, f32)], values: &[String], centred: &[usize]) -> Row {
    Row::new(
        values
            .iter()
            .zip(columns)
            .enumerate()
            .map(|(i, (v, (_, w)))| {
                let c = Cell::value(v, *w).sized(SIZE);
                if centred.contains(&i) {
                    c.centered()
                } else {
                    c
                }
            })
            .collect(),
    )
}

fn rate(o: &OfficeAssessment) -> String {
    match o.on_time_rate {
        Some(_) => format!(
            "{}（{}/{}）",
            percent(o.on_time_rate),
            o.on_time,
            o.assessed
        ),
        None => "—".into(),
    }
}

fn summary_row(o: &OfficeAssessment) -> Row {
    let v = [
        o.office_name.clone(),
        o.published.to_string(),
        rate(o),
        days(o.review_days),
        o.reviews.to_string(),
        o.returns.to_string(),
        o.overdue_count.to_string(),
    ];
    values(&SUMMARY, &v, &[1, 2, 3, 4, 5, 6])
}

/// One office's section: its figures, then its late items.
fn section(flow: &mut Flow<'_, '_>, a: &Assessment, n: usize, o: &OfficeAssessment) {
    flow.repeat("", Vec::new());
    flow.gap(4.0);
    flow.heading(&format!("{n}. {}", o.office_name), 12.0, 40.0);
    let by_category: Vec<String> = a
        .categories
        .iter()
        .zip(&o.by_category)
        .filter(|(_, n)| **n > 0)
        .map(|(c, n)| format!("{c} {n} 件"))
        .collect();
    let published = if by_category.is_empty() {
        format!("{} 件", o.published)
    } else {
        format!("{} 件：{}", o.published, by_category.join("；"))
    };
    let on_time = match o.on_time_rate {
        Some(_) => format!(
            "{}（应按时公开 {} 件，按时公开 {} 件）",
            percent(o.on_time_rate),
            o.assessed,
            o.on_time
        ),
        None => "—（本年度没有到期的事项）".into(),
    };
    let review = match o.review_days {
        Some(_) => format!(
            "平均 {} 个工作日（办结审查 {} 轮）",
            days(o.review_days),
            o.reviews
        ),
        None => "—（本年度没有办结的审查）".into(),
    };
    let overdue = if o.overdue.is_empty() {
        "无".to_string()
    } else {
        format!("{} 项（见下表）", o.overdue.len())
    };
    for (label, value) in [
        ("发布事项", published),
        ("按时公开率", on_time),
        ("审查用时", review),
        ("退回修改", format!("{} 次", o.returns)),
        ("逾期事项", overdue),
    ] {
        flow.row(&Row::new(vec![
            Cell::label(label, 34.0).sized(SIZE),
            Cell::value(&value, WIDTH - 34.0).sized(SIZE),
        ]));
    }
    if o.overdue.is_empty() {
        return;
    }
    flow.gap(3.0);
    flow.heading("逾期事项", 10.5, 20.0);
    flow.repeat(
        &format!("{}　逾期事项（续）", o.office_name),
        vec![header(&OVERDUE)],
    );
    flow.row(&header(&OVERDUE));
    for (i, it) in o.overdue.iter().enumerate() {
        let v = [
            (i + 1).to_string(),
            it.index_no.clone(),
            it.title.clone(),
            it.due_on.clone(),
            it.published_on.clone().unwrap_or_else(|| "未发布".into()),
            it.days_late.to_string(),
        ];
        flow.row(&values(&OVERDUE, &v, &[0, 3, 4, 5]));
    }
    flow.repeat("", Vec::new());
}

/// The assessment as a PDF.
pub fn render(a: &Assessment) -> Result<Pdf> {
    let title = title(a);
    sheet::build(&format!("{} {title}", a.agency), |pen| {
        let mut flow = Flow::new(pen, PAGE, LEFT, 16.0, 18.0);
        {
            let y = flow.y;
            let pen = &mut *flow.pen;
            let page = &mut flow.pages[0];
            let full = format!("{}{title}", a.agency);
            page.text_centered(pen, PAGE.0 / 2.0, y + 7.0, &full, Face::Heading, 16.0);
            let line = format!(
                "统计期间：{}-01-01 至 {}　　按时公开以应公开日期为准（工作日历）",
                a.year, a.as_of
            );
            page.text_centered(pen, PAGE.0 / 2.0, y + 14.0, &line, Face::Body, 9.5);
            flow.y = y + 20.0;
        }
        flow.heading("一、各处室汇总", 12.0, 30.0);
        flow.repeat(
            &format!("{title}　各处室汇总（续）"),
            vec![header(&SUMMARY)],
        );
        flow.row(&header(&SUMMARY));
        for o in &a.offices {
            flow.row(&summary_row(o));
        }
        if a.offices.len() > 1 {
            let mut total = summary_row(&a.total);
            for c in &mut total.cells {
                c.face = Face::Heading;
            }
            flow.row(&total);
        }
        flow.repeat("", Vec::new());
        flow.gap(6.0);
        flow.heading("二、分处室情况", 12.0, 40.0);
        let (active, quiet): (Vec<_>, Vec<_>) = a
            .offices
            .iter()
            .partition(|o| o.has_activity() || a.offices.len() == 1);
        for (n, o) in active.iter().enumerate() {
            section(&mut flow, a, n + 1, o);
        }
        if !quiet.is_empty() {
            flow.gap(4.0);
            let names: Vec<&str> = quiet.iter().map(|o| o.office_name.as_str()).collect();
            flow.row(&Row::new(vec![
                Cell::label("本年度无记录的处室", 34.0).sized(SIZE),
                Cell::value(&names.join("、"), WIDTH - 34.0).sized(SIZE),
            ]));
        }
        flow.finish(|page, pen, n, total| {
            let footer = format!("第 {n} 页 / 共 {total} 页");
            page.text_centered(pen, PAGE.0 / 2.0, PAGE.1 - 9.0, &footer, Face::Body, 9.0);
            page.text(pen, LEFT, PAGE.1 - 9.0, &title, Face::Body, 8.0);
        })
    })
}
