//! The whole annual report as an A4 PDF, to look at before the Word file goes out: the same
//! sections 一 to 六 as the `.docx`, on the review sheet's engine (same fonts, ruled tables
//! flowing over pages with their header repeated, 第 x 页 / 共 y 页). The engine rules plain
//! rows, so the national tables' merged header cells are drawn as one cell spanning the
//! columns, and section 三's row headings carry their group in the label instead of a merged
//! column.

use super::applications::COLUMNS;
use super::yearly::{fees_sentence, number, YearReport};
use crate::error::Result;
use crate::sheet::layout::{Cell, Flow, Row};
use crate::sheet::{self, Pdf};
use crate::typeset::fonts::Face;

const PAGE: (f32, f32) = (210.0, 297.0);
const LEFT: f32 = 15.0;
const WIDTH: f32 = 180.0;
const SIZE: f32 = 9.0;
const TEXT: f32 = 10.5;

pub fn title(r: &YearReport) -> String {
    format!("{}{}年政府信息公开工作年度报告", r.agency, r.year)
}

fn label(text: &str, width: f32) -> Cell {
    Cell::label(text, width).sized(SIZE).centered()
}

fn value(text: &str, width: f32) -> Cell {
    Cell::value(text, width).sized(SIZE).centered()
}

/// A section's own text, a paragraph per line, or a note that it has not been written.
fn body(flow: &mut Flow<'_, '_>, text: &str) {
    let mut any = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        flow.paragraph(line, TEXT);
        any = true;
    }
    if !any {
        flow.paragraph("（未填写）", TEXT);
    }
}

fn section_two(flow: &mut Flow<'_, '_>, r: &YearReport) {
    let w = WIDTH / 5.0;
    flow.row(&Row::new(vec![label("第二十条第（一）项", WIDTH)]));
    flow.row(&Row::new(vec![
        label("信息内容", 2.0 * w),
        label("本年制发件数", w),
        label("本年废止件数", w),
        label("现行有效件数", w),
    ]));
    for kind in ["规章", "行政规范性文件"] {
        let row = r.regulations.rows.iter().find(|row| row.label == kind);
        flow.row(&Row::new(vec![
            value(kind, 2.0 * w),
            value(&number(row.map(|r| r.enacted)), w),
            value(&number(row.map(|r| r.repealed)), w),
            value(&number(row.map(|r| r.in_force)), w),
        ]));
    }
    let half = WIDTH / 2.0;
    for (item, head, rows) in super::yearly::section_two_blocks(&r.inputs) {
        flow.gap(3.0);
        flow.row(&Row::new(vec![label(item, WIDTH)]));
        flow.row(&Row::new(vec![label("信息内容", half), label(head, half)]));
        for (name, v) in rows {
            flow.row(&Row::new(vec![value(name, half), value(&v, half)]));
        }
    }
}

fn section_three(flow: &mut Flow<'_, '_>, r: &YearReport) {
    let first = 61.0;
    let w = (WIDTH - first) / 7.0;
    let header = vec![
        Row::new(vec![
            label(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                first,
            ),
            label("申请人情况", WIDTH - first),
        ]),
        Row::new(
            std::iter::once(label("", first))
                .chain(COLUMNS.iter().map(|c| label(c, w)))
                .collect(),
        ),
    ];
    for row in &header {
        flow.row(row);
    }
    flow.repeat(
        "三、收到和处理政府信息公开申请情况（续）",
        vec![header[1].clone()],
    );
    for row in &r.applications.rows {
        let indent = match row.level {
            0 => "",
            1 => "　",
            _ => "　　",
        };
        let text = format!("{indent}{}", row.label);
        match row.cells {
            Some(cells) => {
                let mut out = vec![Cell::value(&text, first).sized(SIZE)];
                out.extend(cells.iter().map(|n| value(&n.to_string(), w)));
                flow.row(&Row::new(out));
            }
            None => flow.row(&Row::new(vec![Cell::label(&text, WIDTH).sized(SIZE)])),
        }
    }
    flow.repeat("", Vec::new());
}

fn section_four(flow: &mut Flow<'_, '_>, r: &YearReport) {
    let w = WIDTH / 15.0;
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    flow.row(&Row::new(vec![
        label("行政复议", 5.0 * w),
        label("行政诉讼", 10.0 * w),
    ]));
    flow.row(&Row::new(vec![
        label("", 5.0 * w),
        label("未经复议直接起诉", 5.0 * w),
        label("复议后起诉", 5.0 * w),
    ]));
    let names: Vec<Cell> = (0..3)
        .flat_map(|_| results.iter().map(|n| label(n, w)))
        .collect();
    flow.row(&Row::new(names));
    let values: Vec<Cell> = r
        .appeals
        .iter()
        .flat_map(|k| k.iter().map(|n| value(&n.to_string(), w)))
        .collect();
    flow.row(&Row::new(values));
}

/// The report as a PDF.
pub fn render(r: &YearReport) -> Result<Pdf> {
    let title = title(r);
    sheet::build(&title, |pen| {
        let mut flow = Flow::new(pen, PAGE, LEFT, 16.0, 18.0);
        {
            let y = flow.y;
            let pen = &mut *flow.pen;
            let page = &mut flow.pages[0];
            page.text_centered(pen, PAGE.0 / 2.0, y + 7.0, &title, Face::Heading, 16.0);
            let line = format!("（统计至 {}）", r.as_of);
            page.text_centered(pen, PAGE.0 / 2.0, y + 14.0, &line, Face::Body, 10.5);
            flow.y = y + 20.0;
        }
        flow.heading("一、总体情况", 12.0, 20.0);
        body(&mut flow, &r.inputs.overview);
        flow.gap(4.0);
        flow.heading("二、主动公开政府信息情况", 12.0, 40.0);
        section_two(&mut flow, r);
        flow.gap(6.0);
        flow.heading("三、收到和处理政府信息公开申请情况", 12.0, 60.0);
        section_three(&mut flow, r);
        flow.gap(6.0);
        flow.heading("四、政府信息公开行政复议、行政诉讼情况", 12.0, 40.0);
        section_four(&mut flow, r);
        flow.gap(6.0);
        flow.heading("五、存在的主要问题及改进情况", 12.0, 20.0);
        body(&mut flow, &r.inputs.problems);
        flow.gap(4.0);
        flow.heading("六、其他需要报告的事项", 12.0, 20.0);
        body(&mut flow, &r.inputs.other);
        flow.paragraph(&fees_sentence(r), TEXT);
        flow.finish(|page, pen, n, total| {
            let footer = format!("第 {n} 页 / 共 {total} 页");
            page.text_centered(pen, PAGE.0 / 2.0, PAGE.1 - 9.0, &footer, Face::Body, 9.0);
            page.text(pen, LEFT, PAGE.1 - 9.0, &title, Face::Body, 8.0);
        })
    })
}
