//! 审批表的版式 — how a [`SheetData`] is laid on A4 portrait: the title, the ruled table of
//! the item's fields, two rows per step of the chain (意见, then 审查人 / 日期 / an empty
//! 签字 box), 备注, and on every page a footer with the page count of the sheet, the short
//! content hash and round, and the QR code that names the exact reviewed version.

use super::data::SheetData;
use super::layout::{Cell, Flow, Row, BODY_SIZE};
use super::qr::{self, SheetRef};
use crate::typeset::fonts::Face;
use crate::typeset::page::{Page, Pen};

pub const TITLE: &str = "政府信息公开保密审查审批表";
const PAGE: (f32, f32) = (210.0, 297.0);
const LEFT: f32 = 20.0;
const WIDTH: f32 = 170.0;
const TOP: f32 = 16.0;
/// Room under the table for the footer and its QR code.
const BOTTOM: f32 = 32.0;
const LABEL: f32 = 30.0;
const HALF: f32 = (WIDTH - 2.0 * LABEL) / 2.0;
const QR_SIZE: f32 = 21.0;
const NO_FINDINGS: &str = "自动检查未发现个人信息、密级标志、过程稿标志或敏感词";

/// Draws one sheet; its pages are numbered on their own (第 x 页 / 共 y 页).
pub fn draw(pen: &mut Pen<'_>, s: &SheetData) -> Vec<Page> {
    let mut flow = Flow::new(pen, PAGE, LEFT, TOP, BOTTOM);
    header(&mut flow, s);
    flow.repeat(
        &format!("{TITLE}（续）"),
        vec![Row::new(vec![
            Cell::label("索引号", LABEL),
            Cell::value(&s.index_no, HALF),
            Cell::label("信息名称", LABEL),
            Cell::value(&s.title, HALF),
        ])],
    );
    for row in rows(s) {
        flow.row(&row);
    }
    flow.finish(|page, pen, n, total| footer(page, pen, s, n, total))
}

fn header(flow: &mut Flow<'_, '_>, s: &SheetData) {
    let y = flow.y;
    let pen = &mut *flow.pen;
    let last = flow.pages.len() - 1;
    let page = &mut flow.pages[last];
    page.text_centered(pen, PAGE.0 / 2.0, y + 8.0, TITLE, Face::Heading, 18.0);
    let line = y + 17.0;
    page.text(
        pen,
        LEFT,
        line,
        &format!("填报单位：{}", s.agency),
        Face::Body,
        BODY_SIZE,
    );
    page.text_right(
        pen,
        LEFT + WIDTH,
        line,
        &format!("填表日期：{}", s.filled_on),
        Face::Body,
        BODY_SIZE,
    );
    flow.y = y + 21.0;
}

fn pair(l1: &str, v1: &str, l2: &str, v2: &str) -> Row {
    Row::new(vec![
        Cell::label(l1, LABEL),
        Cell::value(v1, HALF),
        Cell::label(l2, LABEL),
        Cell::value(v2, HALF),
    ])
}

fn wide(label: &str, value: &str) -> Row {
    Row::new(vec![
        Cell::label(label, LABEL),
        Cell::value(value, WIDTH - LABEL),
    ])
}

/// A row of choices with the chosen one marked: ■主动公开　□依申请公开.
fn choices(options: &[&str], chosen: &str) -> String {
    options
        .iter()
        .map(|o| format!("{}{o}", if *o == chosen { '■' } else { '□' }))
        .collect::<Vec<_>>()
        .join("　")
}

fn rows(s: &SheetData) -> Vec<Row> {
    let mut disclosure = choices(&["主动公开", "依申请公开", "不予公开"], &s.disclosure);
    for g in &s.grounds {
        disclosure.push_str(&format!("\n依据：{g}"));
    }
    let mut findings = if s.findings.is_empty() {
        NO_FINDINGS.to_string()
    } else {
        s.findings
            .iter()
            .map(|f| format!("{}：{} 处。{}", f.kind_label, f.count, f.settlement))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Personal data masked before the review is part of what the reviewers passed.
    if !s.masked.is_empty() {
        findings.push_str(&format!("\n提交前已脱敏：{}", s.masked.join("；")));
    }
    let mut rows = vec![
        pair("索引号", &s.index_no, "文号", &s.doc_number),
        wide("信息名称", &s.title),
        pair(
            "载体",
            &choices(&["公文类", "非公文类"], &s.carrier),
            "承办处室",
            &s.office_name,
        ),
        pair(
            "承办人",
            &s.handler_name,
            "拟公开日期",
            &s.planned_publish_on,
        ),
        wide("公开属性", &disclosure),
        wide("公开渠道", &s.channels),
        wide("内容概述", &s.summary),
        wide("自动检查结果", &findings),
    ];
    // 审查人 | name | 日期 | date | 签字 | box
    let (name_w, small, date_w) = (30.0, 16.0, 30.0);
    let sign_w = WIDTH - LABEL - name_w - 2.0 * small - date_w;
    for step in &s.steps {
        rows.push(wide(&format!("{}\n意见", step.step_name), &step.opinion).min_height(16.0));
        rows.push(
            Row::new(vec![
                Cell::label("审查人", LABEL),
                Cell::value(&step.reviewer, name_w).centered(),
                Cell::label("日期", small),
                Cell::value(&step.date, date_w).centered(),
                Cell::label("签字", small),
                Cell::value("", sign_w),
            ])
            .min_height(14.0),
        );
    }
    rows.push(wide("备注", &s.remarks).min_height(18.0));
    rows
}

fn footer(page: &mut Page, pen: &mut Pen<'_>, s: &SheetData, n: usize, total: usize) {
    let top = PAGE.1 - BOTTOM + 4.0;
    let short = s.content_hash.get(..16).unwrap_or(&s.content_hash);
    let small = 8.0;
    page.hline(LEFT, LEFT + WIDTH, top, 0.4);
    page.text(
        pen,
        LEFT,
        top + 6.0,
        &format!(
            "内容哈希 {short}　第 {} 轮审查　第 {} 版",
            s.round, s.version
        ),
        Face::Body,
        small,
    );
    page.text(
        pen,
        LEFT,
        top + 11.0,
        "扫描右侧二维码可核对本表所依据的审查版本。",
        Face::Body,
        small,
    );
    if let Some(a) = &s.audit_anchor {
        page.text(
            pen,
            LEFT,
            top + 16.0,
            &format!("打印时{}", a.footer()),
            Face::Body,
            small,
        );
    }
    page.text_centered(
        pen,
        PAGE.0 / 2.0,
        top + 21.0,
        &format!("第 {n} 页 / 共 {total} 页"),
        Face::Body,
        9.0,
    );
    let data = qr::payload(&SheetRef {
        item_id: s.item_id,
        round: s.round,
        content_hash: s.content_hash.clone(),
    });
    qr::draw(page, &data, LEFT + WIDTH - QR_SIZE, top + 2.0, QR_SIZE);
}
