//! 页面 — one PDF page being drawn, in millimetres from its top-left corner (PDF's origin
//! is the bottom-left, in points: the conversion lives here), and the [`Pen`] that knows
//! the document's fonts, measures text and collects the characters they lack.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, Point,
    Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, TextRenderingMode, WindingOrder,
    XObjectId, XObjectTransform,
};

use super::fonts::{Face, Fonts};
use super::linebreak;

pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// A subpath in mm: its points (`true`: a Bézier control point) and whether it is closed.
pub type Subpath = (Vec<(f32, f32, bool)>, bool);

fn pt(mm: f32) -> Pt {
    Pt(mm * PT_PER_MM)
}

/// The fonts of one document and the characters they could not draw.
pub struct Pen<'f> {
    pub fonts: &'f Fonts,
    body: FontId,
    heading: FontId,
    /// Characters printed as 〓, for the caller to report.
    pub missing: BTreeSet<char>,
}

impl<'f> Pen<'f> {
    pub fn new(fonts: &'f Fonts, doc: &mut PdfDocument) -> Pen<'f> {
        Pen {
            fonts,
            body: doc.add_font(&fonts.body),
            heading: doc.add_font(&fonts.heading),
            missing: BTreeSet::new(),
        }
    }

    /// Width of `text` in millimetres.
    pub fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        self.fonts.width(text, face, size) / PT_PER_MM
    }

    /// `text` broken into lines at most `width` mm wide.
    pub fn wrap(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        let scale = size / PT_PER_MM;
        linebreak::wrap(text, width, |c| self.fonts.advance(c, face) * scale)
    }

    /// The lines of `text` with their indents: each line of `text` is a paragraph in a column
    /// `width` mm wide, its first line indented `first` mm and the others `rest` mm.
    pub fn wrap_indented(
        &self,
        text: &str,
        face: Face,
        size: f32,
        width: f32,
        (first, rest): (f32, f32),
    ) -> Vec<(f32, String)> {
        let scale = size / PT_PER_MM;
        // The indent's stand-in is as wide as the first line's indent beyond the others'
        // (negative for a hanging indent).
        let advance = |c: char| {
            if c == INDENT {
                first - rest
            } else {
                self.fonts.advance(c, face) * scale
            }
        };
        let mut out = Vec::new();
        for para in text.split('\n') {
            let marked = format!("{INDENT}{para}");
            for (i, line) in linebreak::wrap(&marked, width - rest, advance)
                .into_iter()
                .enumerate()
            {
                out.push((if i == 0 { first } else { rest }, line.replace(INDENT, "")));
            }
        }
        out
    }
}

/// Stands for the first line's indent while wrapping (a private-use character).
const INDENT: char = '\u{E000}';

/// One page being drawn: rules and boxes first, text above them.
pub struct Page {
    pub width: f32,
    pub height: f32,
    graphics: Vec<Op>,
    text: Vec<Op>,
    font: Option<(Face, f32)>,
}

impl Page {
    pub fn new((width, height): (f32, f32)) -> Page {
        Page {
            width,
            height,
            graphics: vec![Op::SetOutlineColor {
                col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
            }],
            text: Vec::new(),
            font: None,
        }
    }

    /// Draws `s` with its baseline at `y` mm from the top, starting at `x`.
    pub fn text(&mut self, pen: &mut Pen<'_>, x: f32, y: f32, s: &str, face: Face, size: f32) {
        let mut run = String::new();
        let mut run_face = None;
        let mut run_x = x;
        let mut cursor = x;
        for c in s.chars() {
            let (f, drawn) = pen.fonts.resolve(c, face);
            if drawn != c && !c.is_whitespace() {
                pen.missing.insert(c);
            }
            if run_face.is_some_and(|rf| rf != f) {
                self.show(pen, run_x, y, &run, run_face.unwrap_or(f), size);
                run.clear();
                run_x = cursor;
            }
            run_face = Some(f);
            run.push(if c.is_whitespace() { ' ' } else { drawn });
            cursor += pen.fonts.advance(c, face) * size / PT_PER_MM;
        }
        if let Some(f) = run_face {
            self.show(pen, run_x, y, &run, f, size);
        }
    }

    /// Draws `s` centred on `cx`.
    pub fn text_centered(
        &mut self,
        pen: &mut Pen<'_>,
        cx: f32,
        y: f32,
        s: &str,
        face: Face,
        size: f32,
    ) {
        let w = pen.width(s, face, size);
        self.text(pen, cx - w / 2.0, y, s, face, size);
    }

    /// Draws `s` ending at `right`.
    pub fn text_right(
        &mut self,
        pen: &mut Pen<'_>,
        right: f32,
        y: f32,
        s: &str,
        face: Face,
        size: f32,
    ) {
        let w = pen.width(s, face, size);
        self.text(pen, right - w, y, s, face, size);
    }

    fn show(&mut self, pen: &Pen<'_>, x: f32, y: f32, run: &str, face: Face, size: f32) {
        if run.trim().is_empty() {
            return;
        }
        if self.font != Some((face, size)) {
            let id = match face {
                Face::Body => pen.body.clone(),
                Face::Heading => pen.heading.clone(),
            };
            self.text.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(size),
            });
            self.font = Some((face, size));
        }
        self.text.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(pt(x), pt(self.height - y)),
        });
        self.text.push(Op::ShowText {
            items: vec![TextItem::Text(run.to_string())],
        });
    }

    /// A box outlined with a `weight` pt line; `y` is its top edge.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, weight: f32) {
        self.graphics
            .push(Op::SetOutlineThickness { pt: Pt(weight) });
        self.graphics.push(Op::DrawRectangle {
            rectangle: Rect {
                mode: Some(PaintMode::Stroke),
                ..Rect::from_xywh(pt(x), pt(self.height - y - h), pt(w), pt(h))
            },
        });
    }

    /// A filled black box; `y` is its top edge.
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.graphics.push(Op::DrawRectangle {
            rectangle: Rect {
                mode: Some(PaintMode::Fill),
                ..Rect::from_xywh(pt(x), pt(self.height - y - h), pt(w), pt(h))
            },
        });
    }

    /// The picture `id`, `px` pixels wide and high, stretched over the box at (`x`, `y`) mm
    /// (its top-left corner), `w` × `h` mm, and shown only inside `clip` (x, y, w, h).
    pub fn image(
        &mut self,
        id: XObjectId,
        px: (usize, usize),
        (x, y, w, h): (f32, f32, f32, f32),
        clip: (f32, f32, f32, f32),
    ) {
        let (pw, ph) = (px.0.max(1) as f32, px.1.max(1) as f32);
        let (cx, cy, cw, ch) = clip;
        self.graphics.push(Op::SaveGraphicsState);
        self.graphics.push(Op::DrawRectangle {
            rectangle: Rect {
                mode: Some(PaintMode::Clip),
                ..Rect::from_xywh(pt(cx), pt(self.height - cy - ch), pt(cw), pt(ch))
            },
        });
        self.graphics.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(x)),
                translate_y: Some(pt(self.height - y - h)),
                // At 72 dpi a pixel is a point: the scale makes it the box's size.
                dpi: Some(72.0),
                scale_x: Some(pt(w).0 / pw),
                scale_y: Some(pt(h).0 / ph),
                ..XObjectTransform::default()
            },
        });
        self.graphics.push(Op::RestoreGraphicsState);
    }

    /// Whether the text drawn from here on is painted (`true`) or only present, invisible,
    /// as a PDF's hidden text layer is (still found by text extraction, not seen).
    pub fn text_visible(&mut self, visible: bool) {
        self.text.push(Op::SetTextRenderingMode {
            mode: if visible {
                TextRenderingMode::Fill
            } else {
                TextRenderingMode::Invisible
            },
        });
    }

    /// Puts the text drawn so far onto the page now, so what is drawn next lies over it
    /// (otherwise all text goes on top of all graphics, as a form wants).
    pub fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        self.graphics.push(Op::SetFillColor {
            col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
        });
        self.graphics.push(Op::StartTextSection);
        self.graphics.append(&mut self.text);
        self.graphics.push(Op::EndTextSection);
        self.font = None;
    }

    /// A path of subpaths, each a list of points in mm (`true`: a Bézier control point) and
    /// whether it is closed; stroked `weight` pt wide in `stroke` grey and/or filled in
    /// `fill` grey (0 black, 1 white).
    pub fn path(
        &mut self,
        subpaths: &[Subpath],
        stroke: Option<f32>,
        fill: Option<f32>,
        weight: f32,
    ) {
        let point = |&(x, y, bezier): &(f32, f32, bool)| LinePoint {
            p: Point {
                x: pt(x),
                y: pt(self.height - y),
            },
            bezier,
        };
        let grey = |g: f32| Color::Rgb(Rgb::new(g, g, g, None));
        if let Some(g) = fill {
            self.graphics.push(Op::SetFillColor { col: grey(g) });
            self.graphics.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: subpaths
                        .iter()
                        .map(|(points, _)| PolygonRing {
                            points: points.iter().map(point).collect(),
                        })
                        .collect(),
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            });
            self.graphics.push(Op::SetFillColor { col: grey(0.0) });
        }
        if let Some(g) = stroke {
            self.graphics.push(Op::SetOutlineColor { col: grey(g) });
            self.graphics
                .push(Op::SetOutlineThickness { pt: Pt(weight) });
            for (points, closed) in subpaths {
                self.graphics.push(Op::DrawLine {
                    line: Line {
                        points: points.iter().map(point).collect(),
                        is_closed: *closed,
                    },
                });
            }
            self.graphics.push(Op::SetOutlineColor { col: grey(0.0) });
        }
    }

    /// A horizontal rule at `y`.
    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, weight: f32) {
        let p = |x: f32| LinePoint {
            p: Point {
                x: pt(x),
                y: pt(self.height - y),
            },
            bezier: false,
        };
        self.graphics
            .push(Op::SetOutlineThickness { pt: Pt(weight) });
        self.graphics.push(Op::DrawLine {
            line: Line {
                points: vec![p(x1), p(x2)],
                is_closed: false,
            },
        });
    }

    pub fn finish(self) -> PdfPage {
        let mut ops = self.graphics;
        ops.push(Op::SetFillColor {
            col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
        });
        if !self.text.is_empty() {
            ops.push(Op::StartTextSection);
            ops.extend(self.text);
            ops.push(Op::EndTextSection);
        }
        PdfPage::new(printpdf::Mm(self.width), printpdf::Mm(self.height), ops)
    }
}
