//! 告知书的版式 — a letter of the disclosure office (申请接收回执, 补正告知书, 答复书 …) on A4
//! portrait, laid out as a 公文-style letter: the title, the 文号 under it, the addressee
//! (称谓) flush left, paragraphs indented two characters, the particulars (the receipt's
//! 申请编号, 收到日期 …), the remedies paragraph, and the 落款 (the agency and the date)
//! at the right. A long letter flows onto further pages, numbered “— 2 —” at the foot; the
//! 落款 keeps the body's last two lines with it, so it never stands alone at the top of a page.
//!
//! What the letter says is composed by `request::letters`; this module knows nothing of
//! requests.

use serde::{Deserialize, Serialize};

use crate::typeset::fonts::Face;
use crate::typeset::page::{Page, Pen, PT_PER_MM};

/// A letter as printed: composed once when it is issued and kept, so a reprint is the
/// same letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedLetter {
    /// 申请接收回执, 补正告知书 …
    pub title: String,
    /// 文号.
    pub number: String,
    /// 称谓, with its colon: “陈静：”.
    pub to: String,
    /// The body, one paragraph each (indented two characters).
    pub paragraphs: Vec<String>,
    /// Particulars listed after the body, “label：value” (the receipt's).
    #[serde(default)]
    pub particulars: Vec<(String, String)>,
    /// Paragraphs after the particulars.
    #[serde(default)]
    pub closing: Vec<String>,
    /// 救济途径 — a paragraph of its own after the body; empty for a letter that decides
    /// nothing.
    #[serde(default)]
    pub remedies: String,
    /// 落款: the agency's name.
    pub signer: String,
    /// The letter's date, in Chinese (2026年11月2日).
    pub date: String,
    /// A line at the foot of the last page (联系人、联系电话), may be empty.
    #[serde(default)]
    pub contact: String,
}

const PAGE: (f32, f32) = (210.0, 297.0);
const LEFT: f32 = 28.0;
const WIDTH: f32 = 156.0;
const TOP: f32 = 25.0;
/// The lowest baseline of the text; the page number and the contact line are under it.
const BOTTOM: f32 = 274.0;
const TITLE_SIZE: f32 = 20.0;
const BODY_SIZE: f32 = 14.0;
const SMALL_SIZE: f32 = 12.0;
const LEADING: f32 = 1.65;

/// One line of the letter before it is placed on a page.
struct Line {
    text: String,
    /// Left edge, or the centre for a centred line.
    x: f32,
    centred: bool,
    face: Face,
    size: f32,
    /// From the previous baseline to this one.
    advance: f32,
    /// Must be on the same page as the line before it.
    keep: bool,
}

/// Draws `letter` on as many pages as it needs.
pub fn draw(pen: &mut Pen<'_>, letter: &PrintedLetter) -> Vec<Page> {
    let lines = lines(pen, letter);
    let placed = place(&lines);
    let count = placed.last().map_or(1, |(p, _)| p + 1);
    let mut pages: Vec<Page> = (0..count).map(|_| Page::new(PAGE)).collect();
    for (l, (p, y)) in lines.iter().zip(placed) {
        let page = &mut pages[p];
        if l.centred {
            page.text_centered(pen, l.x, y, &l.text, l.face, l.size);
        } else {
            page.text(pen, l.x, y, &l.text, l.face, l.size);
        }
    }
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        if total > 1 {
            let mark = format!("— {} —", n + 1);
            page.text_centered(pen, PAGE.0 / 2.0, 287.0, &mark, Face::Body, SMALL_SIZE);
        }
    }
    if let Some(last) = pages.last_mut() {
        let foot = pen.wrap(&letter.contact, Face::Body, 10.0, WIDTH);
        for (k, line) in foot.iter().take(2).enumerate() {
            last.text(pen, LEFT, 280.0 + k as f32 * 4.5, line, Face::Body, 10.0);
        }
    }
    pages
}

/// Where each line goes: (page, baseline). A line and the lines kept with it move to a new
/// page together when they do not fit; the space above a block is dropped at a page's top.
fn place(lines: &[Line]) -> Vec<(usize, f32)> {
    let mut out = Vec::with_capacity(lines.len());
    let (mut page, mut y, mut at_top) = (0, TOP, true);
    let mut i = 0;
    while i < lines.len() {
        let end = (i + 1..lines.len())
            .find(|&j| !lines[j].keep)
            .unwrap_or(lines.len());
        let need: f32 = lines[i..end].iter().map(|l| l.advance).sum();
        if !at_top && y + need > BOTTOM {
            page += 1;
            y = TOP;
            at_top = true;
        }
        for (k, l) in lines[i..end].iter().enumerate() {
            y += if at_top && k == 0 {
                l.size * LEADING / PT_PER_MM
            } else {
                l.advance
            };
            out.push((page, y));
            at_top = false;
        }
        i = end;
    }
    out
}

/// The letter as lines, top to bottom.
fn lines(pen: &Pen<'_>, letter: &PrintedLetter) -> Vec<Line> {
    let lh = BODY_SIZE * LEADING / PT_PER_MM;
    let mut out = Vec::new();
    let centre = PAGE.0 / 2.0;
    for (k, t) in pen
        .wrap(&letter.title, Face::Heading, TITLE_SIZE, WIDTH)
        .into_iter()
        .enumerate()
    {
        out.push(Line {
            text: t,
            x: centre,
            centred: true,
            face: Face::Heading,
            size: TITLE_SIZE,
            advance: TITLE_SIZE * 1.5 / PT_PER_MM,
            keep: k > 0,
        });
    }
    if !letter.number.is_empty() {
        out.push(Line {
            text: letter.number.clone(),
            x: centre,
            centred: true,
            face: Face::Body,
            size: BODY_SIZE,
            advance: BODY_SIZE * 1.9 / PT_PER_MM,
            keep: true,
        });
    }
    let indent = 2.0 * BODY_SIZE / PT_PER_MM;
    let body = |text: &str, first: f32, rest: f32, space: f32, out: &mut Vec<Line>| {
        for (k, (x, t)) in lay(pen, text, first, rest).into_iter().enumerate() {
            out.push(Line {
                text: t,
                x,
                centred: false,
                face: Face::Body,
                size: BODY_SIZE,
                advance: lh + if k == 0 { space } else { 0.0 },
                keep: false,
            });
        }
    };
    body(&letter.to, 0.0, 0.0, 6.0, &mut out);
    for p in &letter.paragraphs {
        body(p, indent, 0.0, 0.0, &mut out);
    }
    for (label, value) in &letter.particulars {
        let head = format!("{label}：");
        let hang = pen.width(&head, Face::Body, BODY_SIZE);
        body(
            &format!("{head}{value}"),
            indent,
            indent + hang,
            0.0,
            &mut out,
        );
    }
    for p in letter
        .closing
        .iter()
        .chain(std::iter::once(&letter.remedies).filter(|r| !r.is_empty()))
    {
        body(p, indent, 0.0, 0.0, &mut out);
    }
    // The 落款 with the body's last two lines: the agency's name with the date centred
    // under it, two characters from the right edge, a blank line above (room for the seal).
    let n = out.len();
    for l in out.iter_mut().skip(n.saturating_sub(1)) {
        l.keep = true;
    }
    let right = LEFT + WIDTH - indent;
    let block = pen
        .width(&letter.signer, Face::Body, BODY_SIZE)
        .max(pen.width(&letter.date, Face::Body, BODY_SIZE));
    let cx = (right - block / 2.0).max(LEFT + block / 2.0);
    for (k, t) in [&letter.signer, &letter.date].into_iter().enumerate() {
        out.push(Line {
            text: t.clone(),
            x: cx,
            centred: true,
            face: Face::Body,
            size: BODY_SIZE,
            advance: if k == 0 { 2.0 * lh } else { lh },
            keep: true,
        });
    }
    out
}

/// The lines of `text` with their left edges: each line of `text` is a paragraph, its
/// first line indented `first` mm and the others `rest` mm.
fn lay(pen: &Pen<'_>, text: &str, first: f32, rest: f32) -> Vec<(f32, String)> {
    pen.wrap_indented(text, Face::Body, BODY_SIZE, WIDTH, (first, rest))
        .into_iter()
        .map(|(indent, line)| (LEFT + indent, line))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(paragraphs: usize) -> PrintedLetter {
        PrintedLetter {
            title: "政府信息公开申请答复书".into(),
            number: "鞍教依申〔2026〕1号".into(),
            to: "陈静：".into(),
            paragraphs: vec![
                "本机关于2026年11月2日收到您的申请。".into();
                paragraphs
            ],
            particulars: Vec::new(),
            closing: Vec::new(),
            remedies: String::new(),
            signer: "鞍山市教育局".into(),
            date: "2026年11月2日".into(),
            contact: String::new(),
        }
    }

    #[test]
    fn the_signature_always_keeps_two_lines_of_the_body_on_its_page() {
        let fonts = crate::typeset::fonts::get().unwrap();
        let mut doc = printpdf::PdfDocument::new("t");
        let pen = Pen::new(fonts, &mut doc);
        let mut broke = 0;
        for n in 20..70 {
            let lines = lines(&pen, &letter(n));
            let placed = place(&lines);
            let k = placed.len();
            // The agency, the date and the two body lines above them share a page.
            let pages: Vec<usize> = placed[k - 4..].iter().map(|(p, _)| *p).collect();
            assert!(pages.iter().all(|p| *p == pages[0]), "{n}: {pages:?}");
            assert!(placed.iter().all(|(_, y)| *y <= BOTTOM + 1e-3), "{n}");
            if placed[k - 5].0 != placed[k - 4].0 {
                broke += 1;
            }
        }
        // Some lengths put the break just before the kept lines: the rule was exercised.
        assert!(broke > 0);
    }
}
