//! 版面 — ruled table rows that flow from page to page.
//!
//! A [`Flow`] places rows one under the other; a row that does not fit moves to the next
//! page, and a row taller than a page is split between its lines, each continuation page
//! starting with the rows set by [`Flow::repeat`] (the table header) and label cells
//! marked （续）.

use crate::typeset::fonts::Face;
use crate::typeset::page::{Page, Pen, PT_PER_MM};

/// Body text: 五号 (10.5 pt).
pub const BODY_SIZE: f32 = 10.5;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.45;
const PAD_X: f32 = 1.8;
const PAD_Y: f32 = 1.4;
/// Cell rules, in points.
const RULE: f32 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
}

/// A table cell: its text, width in mm and how it is set.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub width: f32,
    pub face: Face,
    pub size: f32,
    pub align: Align,
}

impl Cell {
    /// A field name: bold, centred.
    pub fn label(text: &str, width: f32) -> Cell {
        Cell {
            text: text.into(),
            width,
            face: Face::Heading,
            size: BODY_SIZE,
            align: Align::Center,
        }
    }

    /// A recorded value: body face, left-aligned.
    pub fn value(text: &str, width: f32) -> Cell {
        Cell {
            text: text.into(),
            width,
            face: Face::Body,
            size: BODY_SIZE,
            align: Align::Left,
        }
    }

    pub fn centered(mut self) -> Cell {
        self.align = Align::Center;
        self
    }

    pub fn sized(mut self, size: f32) -> Cell {
        self.size = size;
        self
    }

    fn line_height(&self) -> f32 {
        self.size * LEADING / PT_PER_MM
    }
}

/// A row of cells, at least `min_height` mm tall (room for a signature, say).
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub min_height: f32,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            min_height: 0.0,
        }
    }

    pub fn min_height(mut self, mm: f32) -> Row {
        self.min_height = mm;
        self
    }
}

/// Places rows on pages of one document part (one sheet, or the register).
pub struct Flow<'p, 'f> {
    pub pen: &'p mut Pen<'f>,
    pub pages: Vec<Page>,
    size: (f32, f32),
    pub left: f32,
    top: f32,
    bottom: f32,
    pub y: f32,
    repeat: Vec<Row>,
    /// Drawn at the top of each continuation page, above the repeated rows.
    continued: String,
}

impl<'p, 'f> Flow<'p, 'f> {
    /// A flow on pages of `size` mm with the given margins; the first page is open.
    pub fn new(pen: &'p mut Pen<'f>, size: (f32, f32), left: f32, top: f32, bottom: f32) -> Self {
        Flow {
            pen,
            pages: vec![Page::new(size)],
            size,
            left,
            top,
            bottom: size.1 - bottom,
            y: top,
            repeat: Vec::new(),
            continued: String::new(),
        }
    }

    /// Sets what each continuation page starts with: a heading line and rows.
    pub fn repeat(&mut self, heading: &str, rows: Vec<Row>) {
        self.continued = heading.into();
        self.repeat = rows;
    }

    /// A line of bold text above what follows (a section heading), moved to a new page
    /// when less than `keep` mm would be left under it, so a heading never ends a page.
    pub fn heading(&mut self, text: &str, size: f32, keep: f32) {
        let line = size * 1.7 / PT_PER_MM;
        if self.bottom - self.y < line + keep {
            self.new_page();
        }
        let baseline = self.y + size * 1.15 / PT_PER_MM;
        let last = self.pages.len() - 1;
        self.pages[last].text(self.pen, self.left, baseline, text, Face::Heading, size);
        self.y += line;
    }

    /// A paragraph of running text across the page's width, its first line indented by two
    /// characters, wrapped and carried over pages line by line.
    pub fn paragraph(&mut self, text: &str, size: f32) {
        let width = self.size.0 - 2.0 * self.left;
        let indent = 2.0 * size / PT_PER_MM;
        let line = size * LEADING / PT_PER_MM;
        let lines = self
            .pen
            .wrap_indented(text.trim(), Face::Body, size, width, (indent, 0.0));
        for (x, text) in lines {
            if self.bottom - self.y < line {
                self.new_page();
            }
            let baseline = self.y + size * 1.1 / PT_PER_MM;
            let last = self.pages.len() - 1;
            self.pages[last].text(self.pen, self.left + x, baseline, &text, Face::Body, size);
            self.y += line;
        }
    }

    /// Leaves `mm` of space (nothing when it would cross the page's end).
    pub fn gap(&mut self, mm: f32) {
        self.y = (self.y + mm).min(self.bottom);
    }

    fn new_page(&mut self) {
        self.pages.push(Page::new(self.size));
        self.y = self.top;
        if !self.continued.is_empty() {
            let cx = self.size.0 / 2.0;
            let heading = self.continued.clone();
            let pen = &mut *self.pen;
            let last = self.pages.len() - 1;
            self.pages[last].text_centered(pen, cx, self.y + 5.0, &heading, Face::Heading, 12.0);
            self.y += 9.0;
        }
        for row in self.repeat.clone() {
            let laid = self.lay(&row);
            let h = height(&row, &laid);
            self.draw(&row, &laid, h);
        }
    }

    fn lay(&self, row: &Row) -> Vec<Vec<String>> {
        row.cells
            .iter()
            .map(|c| {
                self.pen
                    .wrap(&c.text, c.face, c.size, c.width - 2.0 * PAD_X)
            })
            .collect()
    }

    /// Places `row`, moving to a new page or splitting it as needed.
    pub fn row(&mut self, row: &Row) {
        let mut row = row.clone();
        let mut laid = self.lay(&row);
        loop {
            let need = height(&row, &laid);
            let room = self.bottom - self.y;
            if need <= room + 1e-3 {
                self.draw(&row, &laid, need);
                return;
            }
            let fresh = self.bottom - self.top - self.repeat_height();
            let fits: Vec<usize> = row
                .cells
                .iter()
                .map(|c| ((room - 2.0 * PAD_Y) / c.line_height()).floor().max(0.0) as usize)
                .collect();
            // Split only a row taller than a fresh page, and only where two lines fit.
            if need <= fresh || fits.iter().zip(&laid).all(|(k, l)| *k < 2.min(l.len())) {
                self.new_page();
                continue;
            }
            let head: Vec<Vec<String>> = laid
                .iter()
                .zip(&fits)
                .map(|(l, k)| l[..(*k).min(l.len())].to_vec())
                .collect();
            self.draw(&row, &head, room);
            let rest: Vec<Vec<String>> = laid
                .iter()
                .zip(&fits)
                .zip(&row.cells)
                .map(|((l, k), c)| {
                    if *k < l.len() {
                        l[*k..].to_vec()
                    } else if c.face == Face::Heading && !l.is_empty() {
                        let mut again = l.clone();
                        if let Some(last) = again.last_mut() {
                            last.push_str("（续）");
                        }
                        again
                    } else {
                        Vec::new()
                    }
                })
                .collect();
            row.min_height = 0.0;
            laid = rest;
            self.new_page();
        }
    }

    /// The pages, each given its footer by `footer(page, pen, number, total)`.
    pub fn finish(
        self,
        mut footer: impl FnMut(&mut Page, &mut Pen<'_>, usize, usize),
    ) -> Vec<Page> {
        let total = self.pages.len();
        let pen = self.pen;
        let mut pages = self.pages;
        for (i, page) in pages.iter_mut().enumerate() {
            footer(page, pen, i + 1, total);
        }
        pages
    }

    /// Starts a register-style table on the first page: a centred title, a line of
    /// particulars under it, and the column header, repeated on every continuation page.
    pub fn table_start(&mut self, title: &str, line: &str, columns: &[(&str, f32)], size: f32) {
        let (y, mid) = (self.y, self.size.0 / 2.0);
        let page = &mut self.pages[0];
        page.text_centered(self.pen, mid, y + 7.0, title, Face::Heading, 16.0);
        page.text_centered(self.pen, mid, y + 14.0, line, Face::Body, 10.0);
        self.y = y + 18.0;
        let header = Row::new(
            columns
                .iter()
                .map(|(h, w)| Cell::label(h, *w).sized(size))
                .collect(),
        );
        self.repeat(&format!("{title}（续）"), vec![header.clone()]);
        self.row(&header);
    }

    /// One line of a table: value cells in the columns' widths, centred where `centred`.
    pub fn value_row(
        &mut self,
        values: &[String],
        columns: &[(&str, f32)],
        size: f32,
        centred: impl Fn(usize) -> bool,
    ) {
        let cells = values
            .iter()
            .zip(columns)
            .enumerate()
            .map(|(i, (v, (_, w)))| {
                let c = Cell::value(v, *w).sized(size);
                if centred(i) {
                    c.centered()
                } else {
                    c
                }
            })
            .collect();
        self.row(&Row::new(cells));
    }

    /// The pages, numbered 第 x 页 / 共 y 页 at the foot.
    pub fn finish_numbered(self) -> Vec<Page> {
        self.finish_numbered_with("")
    }

    /// As [`Flow::finish_numbered`], with `note` (e.g. the audit anchor) at the foot's left.
    pub fn finish_numbered_with(self, note: &str) -> Vec<Page> {
        let (left, mid, foot) = (self.left, self.size.0 / 2.0, self.size.1 - 8.0);
        self.finish(|page, pen, n, total| {
            let footer = format!("第 {n} 页 / 共 {total} 页");
            page.text_centered(pen, mid, foot, &footer, Face::Body, 9.0);
            if !note.is_empty() {
                page.text(pen, left, foot, note, Face::Body, 7.0);
            }
        })
    }

    fn repeat_height(&self) -> f32 {
        let rows: f32 = self.repeat.iter().map(|r| height(r, &self.lay(r))).sum();
        rows + if self.continued.is_empty() { 0.0 } else { 9.0 }
    }

    fn draw(&mut self, row: &Row, laid: &[Vec<String>], h: f32) {
        let (mut x, y) = (self.left, self.y);
        let last = self.pages.len() - 1;
        let page = &mut self.pages[last];
        for (cell, lines) in row.cells.iter().zip(laid) {
            page.rect(x, y, cell.width, h, RULE);
            let lh = cell.line_height();
            let block = lines.len() as f32 * lh;
            // Centre the block vertically; the baseline sits ~0.8 of the way down a line.
            let mut baseline = y + (h - block) / 2.0 + lh * 0.5 + cell.size * 0.36 / PT_PER_MM;
            for line in lines {
                match cell.align {
                    Align::Left => {
                        page.text(self.pen, x + PAD_X, baseline, line, cell.face, cell.size)
                    }
                    Align::Center => page.text_centered(
                        self.pen,
                        x + cell.width / 2.0,
                        baseline,
                        line,
                        cell.face,
                        cell.size,
                    ),
                }
                baseline += lh;
            }
            x += cell.width;
        }
        self.y += h;
    }
}

/// A row's height in mm when its cells hold `laid` lines.
fn height(row: &Row, laid: &[Vec<String>]) -> f32 {
    let text = row
        .cells
        .iter()
        .zip(laid)
        .map(|(c, l)| l.len().max(1) as f32 * c.line_height())
        .fold(0.0, f32::max);
    (text + 2.0 * PAD_Y).max(row.min_height)
}
