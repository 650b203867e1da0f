//! 初始密码单 — one slip per person an administrator added, imported or reset: the name,
//! office, initial password and what to do at first sign-in. Eight slips to an A4 page,
//! with dashed cutting lines between them, to be handed over in person.

use crate::staff::Added;
use crate::typeset::fonts::Face;
use crate::typeset::page::{Page, Pen};

pub const TITLE: &str = "政务公开工作台初始密码";
const PAGE: (f32, f32) = (210.0, 297.0);
const MARGIN: f32 = 12.0;
const COLUMNS: usize = 2;
const ROWS: usize = 4;

/// Draws the slips of `people`, eight to a page.
pub fn draw(pen: &mut Pen<'_>, agency: &str, people: &[Added]) -> Vec<Page> {
    let slip_w = (PAGE.0 - 2.0 * MARGIN) / COLUMNS as f32;
    let slip_h = (PAGE.1 - 2.0 * MARGIN) / ROWS as f32;
    let mut pages = Vec::new();
    for chunk in people.chunks(COLUMNS * ROWS) {
        let mut page = Page::new(PAGE);
        for (i, added) in chunk.iter().enumerate() {
            let x = MARGIN + (i % COLUMNS) as f32 * slip_w;
            let y = MARGIN + (i / COLUMNS) as f32 * slip_h;
            slip(pen, &mut page, (x, y, slip_w), agency, added);
        }
        // Cutting lines: dashes between the slips.
        for r in 1..ROWS {
            let y = MARGIN + r as f32 * slip_h;
            let mut x = MARGIN;
            while x < PAGE.0 - MARGIN {
                page.hline(x, (x + 3.0).min(PAGE.0 - MARGIN), y, 0.4);
                x += 6.0;
            }
        }
        pages.push(page);
    }
    pages
}

fn slip(
    pen: &mut Pen<'_>,
    page: &mut Page,
    (x, y, w): (f32, f32, f32),
    agency: &str,
    added: &Added,
) {
    let left = x + 6.0;
    let cx = x + w / 2.0;
    page.text_centered(pen, cx, y + 10.0, TITLE, Face::Heading, 12.0);
    page.text_centered(pen, cx, y + 16.0, agency, Face::Body, 8.5);
    let label = |page: &mut Page, pen: &mut Pen<'_>, row: f32, k: &str, v: &str, size: f32| {
        page.text(pen, left, y + row, k, Face::Heading, 9.5);
        page.text(pen, left + 20.0, y + row, v, Face::Body, size);
    };
    label(page, pen, 26.0, "姓　　名", &added.staff.name, 11.0);
    label(page, pen, 33.0, "处　　室", &added.staff.office_name, 10.0);
    label(page, pen, 40.0, "登 录 名", &added.staff.name, 10.0);
    page.text(pen, left, y + 49.0, "初始密码", Face::Heading, 9.5);
    page.rect(left + 18.0, y + 42.5, w - 36.0, 9.0, 0.6);
    page.text(
        pen,
        left + 21.0,
        y + 49.2,
        &added.initial_password,
        Face::Body,
        13.0,
    );
    let notes = [
        "首次登录后须立即修改为只有自己知道的密码（至少 10 位）。",
        "请妥善保管，不要告诉他人；本单交本人后请销毁。",
    ];
    let lines: Vec<String> = notes
        .iter()
        .flat_map(|n| pen.wrap(n, Face::Body, 8.0, w - 12.0))
        .collect();
    for (k, line) in lines.iter().enumerate() {
        page.text(pen, left, y + 58.0 + k as f32 * 4.0, line, Face::Body, 8.0);
    }
}
