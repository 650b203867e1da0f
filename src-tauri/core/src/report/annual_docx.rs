//! The whole annual report as a Word document (docx-rs), in the national layout: the title,
//! sections 一 to 六 in order, and the tables of sections 二, 三 and 四 ruled like the
//! published reports (merged header cells, the row headings of section 三 merged down their
//! groups). Text in 仿宋, headings in 黑体, tables in 宋体 小五 so the 15 columns of section 四
//! fit an A4 page.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell, TableRow,
    VAlignType, VMergeType, WidthType,
};

use super::applications::COLUMNS;
use super::yearly::{number, YearReport};
use crate::error::{Error, Result};

/// Half-points: 三号 16 pt, 四号 14 pt, 小五 9 pt.
const TITLE: usize = 36;
const BODY: usize = 28;
const TABLE: usize = 18;

fn run(text: &str, size: usize, font: &str) -> Run {
    Run::new()
        .add_text(text)
        .size(size)
        .fonts(RunFonts::new().east_asia(font).ascii(font).hi_ansi(font))
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, BODY, "黑体"))
}

/// A section's own text, one paragraph per line, or a note that it has not been written.
fn body(text: &str) -> Vec<Paragraph> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return vec![Paragraph::new().add_run(run("（未填写）", BODY, "仿宋"))];
    }
    lines
        .into_iter()
        .map(|l| {
            Paragraph::new()
                .first_line_chars(200)
                .add_run(run(l, BODY, "仿宋"))
        })
        .collect()
}

fn cell(text: &str) -> TableCell {
    TableCell::new()
        .vertical_align(VAlignType::Center)
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(text, TABLE, "宋体")),
        )
}

fn left(text: &str) -> TableCell {
    TableCell::new()
        .vertical_align(VAlignType::Center)
        .add_paragraph(Paragraph::new().add_run(run(text, TABLE, "宋体")))
}

fn span(c: TableCell, n: usize) -> TableCell {
    c.grid_span(n)
}

fn merge(c: TableCell, first: bool) -> TableCell {
    c.vertical_merge(if first {
        VMergeType::Restart
    } else {
        VMergeType::Continue
    })
}

/// A table whose columns share `width` twips as `weights` say.
fn table(rows: Vec<TableRow>, weights: &[usize], width: usize) -> Table {
    let total: usize = weights.iter().sum();
    Table::new(rows)
        .set_grid(weights.iter().map(|w| w * width / total).collect())
        .width(width, WidthType::Dxa)
}

/// Text width of A4 with 2.8 cm / 2.6 cm margins, in twips.
const WIDTH: usize = 8850;

fn section_two(r: &YearReport) -> Vec<Table> {
    let reg = |label: &str| r.regulations.rows.iter().find(|row| row.label == label);
    let mut first = vec![TableRow::new(vec![span(cell("第二十条第（一）项"), 4)])];
    first.push(TableRow::new(
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
            .map(cell)
            .to_vec(),
    ));
    for label in ["规章", "行政规范性文件"] {
        let row = reg(label);
        first.push(TableRow::new(vec![
            cell(label),
            cell(&number(row.map(|r| r.enacted))),
            cell(&number(row.map(|r| r.repealed))),
            cell(&number(row.map(|r| r.in_force))),
        ]));
    }
    let block = |item: &str, head: &str, rows: Vec<(&str, String)>| {
        let mut t = vec![
            TableRow::new(vec![span(cell(item), 2)]),
            TableRow::new(vec![cell("信息内容"), cell(head)]),
        ];
        for (label, v) in rows {
            t.push(TableRow::new(vec![cell(label), cell(&v)]));
        }
        table(t, &[1, 1], WIDTH)
    };
    let mut out = vec![table(first, &[2, 1, 1, 1], WIDTH)];
    for (item, head, rows) in super::yearly::section_two_blocks(&r.inputs) {
        out.push(block(item, head, rows));
    }
    out
}

fn section_three(r: &YearReport) -> Table {
    let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    let mut rows = vec![
        TableRow::new(vec![
            merge(span(cell(note), 3), true),
            span(cell("申请人情况"), 7),
        ]),
        TableRow::new(vec![
            merge(span(cell(""), 3), false),
            merge(cell(COLUMNS[0]), true),
            span(cell("法人或其他组织"), 5),
            merge(cell(COLUMNS[6]), true),
        ]),
    ];
    let mut third = vec![merge(span(cell(""), 3), false), merge(cell(""), false)];
    third.extend(COLUMNS[1..6].iter().map(|c| cell(c)));
    third.push(merge(cell(""), false));
    rows.push(TableRow::new(third));

    let numbers = |cells: [u32; 7]| cells.map(|n| cell(&n.to_string())).to_vec();
    let head = "三、本年度办理结果";
    let mut first_in_head = true;
    let mut group_first = true;
    for row in &r.applications.rows {
        match (row.level, row.cells) {
            (0, Some(c)) => {
                let mut cells = vec![span(left(&row.label), 3)];
                cells.extend(numbers(c));
                rows.push(TableRow::new(cells));
            }
            // The 三 heading merges down beside its rows.
            (0, None) => {}
            (1, None) => group_first = true,
            (level, Some(c)) => {
                let mut cells = vec![merge(
                    cell(if first_in_head { head } else { "" }),
                    first_in_head,
                )];
                first_in_head = false;
                if level == 1 {
                    cells.push(span(left(&row.label), 2));
                } else {
                    let label = if group_first { row.group.as_str() } else { "" };
                    cells.push(merge(left(label), group_first));
                    group_first = false;
                    cells.push(left(&row.label));
                }
                cells.extend(numbers(c));
                rows.push(TableRow::new(cells));
            }
            _ => {}
        }
    }
    table(rows, &[3, 4, 9, 3, 3, 3, 3, 3, 3, 3], WIDTH)
}

fn section_four(r: &YearReport) -> Table {
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut rows = vec![
        TableRow::new(vec![
            merge(span(cell("行政复议"), 5), true),
            span(cell("行政诉讼"), 10),
        ]),
        TableRow::new(vec![
            merge(span(cell(""), 5), false),
            span(cell("未经复议直接起诉"), 5),
            span(cell("复议后起诉"), 5),
        ]),
    ];
    let mut names = Vec::new();
    for _ in 0..3 {
        names.extend(results.map(cell));
    }
    rows.push(TableRow::new(names));
    let mut values = Vec::new();
    for k in r.appeals {
        values.extend(k.map(|n| cell(&n.to_string())));
    }
    rows.push(TableRow::new(values));
    table(rows, &[1; 15], WIDTH)
}

/// The report as `.docx` bytes.
pub fn render(r: &YearReport) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1588)
                .right(1474),
        )
        .default_fonts(RunFonts::new().east_asia("仿宋"))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &format!("{}{}年政府信息公开工作年度报告", r.agency, r.year),
            TITLE,
            "方正小标宋简体",
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &format!("（统计至 {}）", r.as_of),
            BODY,
            "楷体",
        )));
    doc = doc.add_paragraph(heading("一、总体情况"));
    for p in body(&r.inputs.overview) {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(heading("二、主动公开政府信息情况"));
    for t in section_two(r) {
        doc = doc.add_table(t).add_paragraph(Paragraph::new());
    }
    doc = doc
        .add_paragraph(heading("三、收到和处理政府信息公开申请情况"))
        .add_table(section_three(r))
        .add_paragraph(Paragraph::new())
        .add_paragraph(heading("四、政府信息公开行政复议、行政诉讼情况"))
        .add_table(section_four(r))
        .add_paragraph(Paragraph::new())
        .add_paragraph(heading("五、存在的主要问题及改进情况"));
    for p in body(&r.inputs.problems) {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(heading("六、其他需要报告的事项"));
    for p in body(&r.inputs.other) {
        doc = doc.add_paragraph(p);
    }
    let fees = super::yearly::fees_sentence(r);
    doc = doc.add_paragraph(
        Paragraph::new()
            .first_line_chars(200)
            .add_run(run(&fees, BODY, "仿宋")),
    );
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| Error::invalid("docx", format!("生成 Word 文件失败：{e}")))?;
    Ok(out.into_inner())
}
