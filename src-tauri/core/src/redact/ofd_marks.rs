//! 版面对象 — what one OFD content file (a page, a template page, an annotation's
//! appearance) draws, in page millimetres from the top-left corner: every glyph where its
//! `TextCode` places it (`DeltaX`/`DeltaY` and the object's `CTM` applied), every picture's
//! box, every path's outline (`AbbreviatedData`).
//!
//! Kept for redaction only: colours (grey, RGB or CMYK) become greys, arcs become straight
//! lines, clipping paths and composite objects are left out (a picture is clipped to its
//! `Boundary`).
//! What matters is that every character is drawn where a reader sees it, so that what
//! covers it on the rendered page covers it. Text a reader does not see (`Fill="false"`,
//! white, or fully transparent) is kept as invisible text: not shown on the copy, still
//! found in its text layer and covered when it is a number. How much one file may draw
//! is bounded ([`Budget`]): a small hostile file cannot make millions of glyphs.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::ofd_path::outline;
use crate::scan::ofd::layout::{attr, deltas, number, numbers, DEFAULT_SIZE};

/// Line width when a `PathObject` has none (the standard's 0.353 mm).
const DEFAULT_LINE: f64 = 0.353;

/// What is left to draw of one file: glyphs and path points.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub glyphs: usize,
    pub points: usize,
}

/// Why a content file was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Its XML is not well formed.
    Xml,
    /// It draws more than the budget left.
    TooMuch,
}

pub use crate::typeset::page::Subpath;

/// A character at its baseline origin, in page mm.
pub type Glyph = (f64, f64, char);

/// One thing a content file draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Characters at their baseline origins, `size` mm high; `visible` false for text a
    /// reader does not see; `turned` when the object is rotated or sheared or the run is
    /// vertical (`DeltaY`), which the upright drawing cannot follow.
    Glyphs {
        size: f64,
        glyphs: Vec<Glyph>,
        visible: bool,
        turned: bool,
    },
    /// The picture of resource `resource` over the box `bbox` (x, y, width, height),
    /// shown only inside `clip` (the object's `Boundary`).
    Image {
        resource: String,
        bbox: [f64; 4],
        clip: [f64; 4],
    },
    /// An outline, stroked and/or filled in greys (0 black, 1 white), `width` mm wide.
    Path {
        subpaths: Vec<Subpath>,
        stroke: Option<f32>,
        fill: Option<f32>,
        width: f64,
    },
}

/// What one content file holds: its marks, and the template pages it places.
#[derive(Debug, Default)]
pub struct Marks {
    pub marks: Vec<Mark>,
    pub templates: Vec<String>,
}

/// An OFD `CTM` "a b c d e f": x' = a·x + c·y + e, y' = b·x + d·y + f.
#[derive(Debug, Clone, Copy)]
struct Ctm([f64; 6]);

impl Ctm {
    const IDENTITY: Ctm = Ctm([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn of(e: &BytesStart) -> Ctm {
        match attr(e, b"CTM").map(|v| numbers(&v)) {
            Some(n) if n.len() == 6 => Ctm([n[0], n[1], n[2], n[3], n[4], n[5]]),
            _ => Ctm::IDENTITY,
        }
    }

    fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much lengths grow.
    fn scale(&self) -> f64 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs().sqrt()
    }

    /// Whether it turns or shears what it draws (not only scales and moves it).
    fn turns(&self) -> bool {
        let [a, b, c, d, ..] = self.0;
        b != 0.0 || c != 0.0 || a < 0.0 || d < 0.0
    }
}

/// `Boundary="x y w h"`, missing numbers as 0.
fn boundary(e: &BytesStart) -> [f64; 4] {
    let n = attr(e, b"Boundary")
        .map(|v| numbers(&v))
        .unwrap_or_default();
    std::array::from_fn(|i| n.get(i).copied().unwrap_or(0.0))
}

/// Whether a colour element says the text it paints cannot be seen: white, or fully
/// transparent (`Alpha="0"`).
fn unseen(e: &BytesStart) -> bool {
    let alpha = number(e, b"Alpha");
    alpha == Some(0.0) || grey(e).is_some_and(|g| g >= 0.999)
}

/// A colour's `Value` as a grey from 0 to 1 (see [`grey_of`]).
fn grey(e: &BytesStart) -> Option<f32> {
    grey_of(&numbers(&attr(e, b"Value")?))
}

/// A colour's components, from 0 to 255, as a grey from 0 (black) to 1 (white): one is a
/// grey, three are red, green and blue, four are cyan, magenta, yellow and black — the
/// count is the colour space's, so it tells CMYK from RGB without reading the `ColorSpace`
/// resource.
fn grey_of(v: &[f64]) -> Option<f32> {
    let unit = |c: f64| (c / 255.0).clamp(0.0, 1.0);
    let g = match *v {
        [g] => unit(g),
        [r, g, b] => 0.299 * unit(r) + 0.587 * unit(g) + 0.114 * unit(b),
        [c, m, y, k] => {
            let ink = 1.0 - unit(k);
            0.299 * (1.0 - unit(c)) * ink
                + 0.587 * (1.0 - unit(m)) * ink
                + 0.114 * (1.0 - unit(y)) * ink
        }
        _ => return None,
    };
    Some(g as f32)
}

/// A path object being read.
struct PathDraft {
    at: (f64, f64),
    ctm: Ctm,
    stroke: Option<f32>,
    fill: Option<f32>,
    width: f64,
    data: String,
}

impl PathDraft {
    fn new(e: &BytesStart, frame: (f64, f64)) -> PathDraft {
        let b = boundary(e);
        let on = |name: &[u8], default: bool| attr(e, name).map_or(default, |v| v == "true");
        let ctm = Ctm::of(e);
        PathDraft {
            at: (frame.0 + b[0], frame.1 + b[1]),
            ctm,
            stroke: on(b"Stroke", true).then_some(0.0),
            fill: on(b"Fill", false).then_some(0.0),
            width: number(e, b"LineWidth")
                .filter(|w| *w > 0.0)
                .unwrap_or(DEFAULT_LINE)
                * ctm.scale(),
            data: String::new(),
        }
    }

    /// The path, or [`Fault::TooMuch`] when it spends the last of `budget` points (a path
    /// drawn in part could uncover what the whole of it covers).
    fn finish(self, budget: &mut usize) -> Result<Option<Mark>, Fault> {
        let (ox, oy) = self.at;
        let subpaths = outline(&self.data, budget, |p| {
            let (x, y) = self.ctm.apply(p);
            ((ox + x) as f32, (oy + y) as f32)
        });
        if *budget == 0 {
            return Err(Fault::TooMuch);
        }
        Ok((!subpaths.is_empty()).then_some(Mark::Path {
            subpaths,
            stroke: self.stroke,
            fill: self.fill,
            width: self.width,
        }))
    }
}

/// A `TextCode` being read: where it starts (object space), its advances and characters.
struct Code {
    at: (f64, f64),
    delta_x: String,
    delta_y: String,
    text: String,
}

/// A `TextObject` being read.
#[derive(Clone, Copy)]
struct TextObject {
    origin: (f64, f64),
    ctm: Ctm,
    size: f64,
    visible: bool,
}

/// The glyphs of `code` in `object`, in page mm; `advance` is a character's width in ems
/// where `DeltaX` gives none. Returns them, whether the run goes downwards (`DeltaY`), and
/// where the next code goes on from. Control characters take their place in the
/// advances but are not drawn.
fn glyphs(
    object: TextObject,
    code: &Code,
    advance: &dyn Fn(char) -> f64,
) -> (Vec<Glyph>, bool, (f64, f64)) {
    let chars: Vec<char> = code.text.chars().collect();
    let dx = deltas(&code.delta_x, chars.len().saturating_sub(1));
    let dy = deltas(&code.delta_y, chars.len().saturating_sub(1));
    let (mut x, mut y) = code.at;
    let mut out = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_control() {
            let (px, py) = object.ctm.apply((x, y));
            out.push((object.origin.0 + px, object.origin.1 + py, c));
        }
        x += dx
            .get(i)
            .copied()
            .unwrap_or_else(|| advance(c) * object.size);
        y += dy.get(i).copied().unwrap_or(0.0);
    }
    (out, dy.iter().any(|d| *d != 0.0), (x, y))
}

/// The marks and template references of a content file; an error for XML that is not
/// well formed.
pub fn marks(
    xml: &str,
    advance: &dyn Fn(char) -> f64,
    budget: &mut Budget,
) -> Result<Marks, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut out = Marks::default();
    // The annotation appearance the objects sit in.
    let mut frame = (0.0, 0.0);
    let mut text: Option<TextObject> = None;
    let mut cursor = (0.0, 0.0);
    let mut code: Option<Code> = None;
    let mut path: Option<PathDraft> = None;
    let mut in_data = false;
    // Clipping areas hold paths of their own, which are not drawn.
    let mut clips = 0usize;
    loop {
        let event = reader.read_event().map_err(|_| Fault::Xml)?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let open = matches!(event, Event::Start(_));
                match e.local_name().as_ref() {
                    b"Clips" if open => clips += 1,
                    _ if clips > 0 => {}
                    b"Appearance" if open => {
                        let b = boundary(e);
                        frame = (b[0], b[1]);
                    }
                    b"TextObject" if open => {
                        let b = boundary(e);
                        let ctm = Ctm::of(e);
                        let size = number(e, b"Size")
                            .filter(|s| *s > 0.0)
                            .unwrap_or(DEFAULT_SIZE);
                        text = Some(TextObject {
                            origin: (frame.0 + b[0], frame.1 + b[1]),
                            ctm,
                            size,
                            visible: attr(e, b"Fill").is_none_or(|v| v != "false"),
                        });
                        cursor = (0.0, 0.0);
                    }
                    b"TextCode" if open && text.is_some() => {
                        let n = |name: &[u8]| number(e, name);
                        code = Some(Code {
                            at: (n(b"X").unwrap_or(cursor.0), n(b"Y").unwrap_or(cursor.1)),
                            delta_x: attr(e, b"DeltaX").unwrap_or_default(),
                            delta_y: attr(e, b"DeltaY").unwrap_or_default(),
                            text: String::new(),
                        });
                    }
                    b"ImageObject" => {
                        let b = boundary(e);
                        let (x, y) = (frame.0 + b[0], frame.1 + b[1]);
                        let clip = [x, y, b[2], b[3]];
                        let bbox = match attr(e, b"CTM") {
                            // The CTM maps the picture's unit square into the boundary.
                            Some(_) => {
                                let ctm = Ctm::of(e);
                                let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                                    .map(|p| ctm.apply(p));
                                let min = |f: fn(&(f64, f64)) -> f64| {
                                    corners.iter().map(f).fold(f64::INFINITY, f64::min)
                                };
                                let max = |f: fn(&(f64, f64)) -> f64| {
                                    corners.iter().map(f).fold(f64::NEG_INFINITY, f64::max)
                                };
                                let (x0, y0) = (min(|p| p.0), min(|p| p.1));
                                [x + x0, y + y0, max(|p| p.0) - x0, max(|p| p.1) - y0]
                            }
                            None => [x, y, b[2], b[3]],
                        };
                        if let Some(resource) = attr(e, b"ResourceID") {
                            out.marks.push(Mark::Image {
                                resource,
                                bbox,
                                clip,
                            });
                        }
                    }
                    b"PathObject" => {
                        let draft = PathDraft::new(e, frame);
                        if open {
                            path = Some(draft);
                        } else {
                            out.marks.extend(draft.finish(&mut budget.points)?);
                        }
                    }
                    b"StrokeColor" => {
                        if let Some(p) = &mut path {
                            p.stroke = p.stroke.map(|g| grey(e).unwrap_or(g));
                        }
                    }
                    b"FillColor" => {
                        if let Some(p) = &mut path {
                            p.fill = p.fill.map(|g| grey(e).unwrap_or(g));
                        } else if let Some(t) = &mut text {
                            t.visible &= !unseen(e);
                        }
                    }
                    b"AbbreviatedData" => in_data = open && path.is_some(),
                    b"Template" => out.templates.extend(attr(e, b"TemplateID")),
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|_| Fault::Xml)?;
                if let Some(c) = &mut code {
                    c.text.push_str(&s);
                } else if let (true, Some(p)) = (in_data, &mut path) {
                    p.data.push_str(&s);
                    p.data.push(' ');
                }
            }
            Event::CData(t) => {
                if let Some(c) = &mut code {
                    c.text.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"Clips" => clips = clips.saturating_sub(1),
                _ if clips > 0 => {}
                b"TextCode" => {
                    if let (Some(c), Some(object)) = (code.take(), text) {
                        // Counted before anything is made of it.
                        budget.glyphs = budget
                            .glyphs
                            .checked_sub(c.text.chars().count())
                            .ok_or(Fault::TooMuch)?;
                        let (glyphs, vertical, next) = glyphs(object, &c, advance);
                        cursor = next;
                        if !glyphs.is_empty() {
                            out.marks.push(Mark::Glyphs {
                                size: object.size * object.ctm.scale(),
                                glyphs,
                                visible: object.visible,
                                turned: vertical || object.ctm.turns(),
                            });
                        }
                    }
                }
                b"TextObject" => text = None,
                b"AbbreviatedData" => in_data = false,
                b"PathObject" => {
                    if let Some(p) = path.take() {
                        out.marks.extend(p.finish(&mut budget.points)?);
                    }
                }
                b"Appearance" => frame = (0.0, 0.0),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

    fn plenty() -> Budget {
        Budget {
            glyphs: 1000,
            points: 1000,
        }
    }

    fn shown(size: f64, glyphs: Vec<Glyph>) -> Mark {
        Mark::Glyphs {
            size,
            glyphs,
            visible: true,
            turned: false,
        }
    }

    #[test]
    fn glyphs_are_placed_by_their_advances_and_the_objects_transform() {
        let xml = format!(
            r#"<ofd:Page {NS}><ofd:Content><ofd:Layer>
            <ofd:TextObject Boundary="20 30 100 10" Size="4"><ofd:TextCode X="1" Y="5" DeltaX="g 2 3">abc</ofd:TextCode><ofd:TextCode>d</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="0 100 100 10" Size="10" CTM="0.5 0 0 0.5 2 0"><ofd:TextCode X="0" Y="10">中文</ofd:TextCode></ofd:TextObject>
            </ofd:Layer></ofd:Content></ofd:Page>"#
        );
        let mut budget = plenty();
        let m = marks(&xml, &|_| 0.5, &mut budget).unwrap();
        assert_eq!(
            m.marks[0],
            shown(
                4.0,
                vec![(21.0, 35.0, 'a'), (24.0, 35.0, 'b'), (27.0, 35.0, 'c')]
            )
        );
        // Without X/Y a code goes on where the last one ended (c's advance: half of 4 mm).
        assert_eq!(m.marks[1], shown(4.0, vec![(29.0, 35.0, 'd')]));
        // Halved by the CTM: 5 mm glyphs, 2.5 mm apart.
        assert_eq!(
            m.marks[2],
            shown(5.0, vec![(2.0, 105.0, '中'), (4.5, 105.0, '文')])
        );
        assert_eq!(budget.glyphs, 1000 - 6);
    }

    #[test]
    fn colours_of_every_space_become_greys() {
        let close = |v: &[f64], want: f32| {
            let g = grey_of(v).unwrap();
            assert!((g - want).abs() < 0.01, "{v:?} → {g}, not {want}");
        };
        close(&[128.0], 0.5);
        close(&[255.0, 255.0, 255.0], 1.0);
        close(&[0.0, 0.0, 0.0], 0.0);
        close(&[255.0, 0.0, 0.0], 0.299);
        // CMYK: no ink is white (a hidden layer), full black ink is black, cyan is not red.
        close(&[0.0, 0.0, 0.0, 0.0], 1.0);
        close(&[0.0, 0.0, 0.0, 255.0], 0.0);
        close(&[255.0, 0.0, 0.0, 0.0], 0.701);
        assert_eq!(grey_of(&[]), None);
        assert_eq!(grey_of(&[1.0, 2.0]), None);
        assert_eq!(grey_of(&[1.0, 2.0, 3.0, 4.0, 5.0]), None);
    }

    #[test]
    fn hidden_turned_and_too_much_text() {
        let xml = format!(
            r#"<ofd:Page {NS}><ofd:Content><ofd:Layer>
            <ofd:TextObject Boundary="0 0 100 10" Size="4" Fill="false"><ofd:TextCode X="0" Y="5">a</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="0 0 100 10" Size="4"><ofd:FillColor Value="255 255 255"/><ofd:TextCode X="0" Y="5">b</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="0 0 100 10" Size="4" CTM="0 1 -1 0 0 0"><ofd:TextCode X="0" Y="5">1</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="5" DeltaY="4">23</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="5" DeltaX="1 1">x&#9;y</ofd:TextCode></ofd:TextObject>
            </ofd:Layer></ofd:Content></ofd:Page>"#
        );
        let m = marks(&xml, &|_| 1.0, &mut plenty()).unwrap();
        let flags: Vec<(bool, bool)> = m
            .marks
            .iter()
            .map(|k| match k {
                Mark::Glyphs {
                    visible, turned, ..
                } => (*visible, *turned),
                _ => panic!("{k:?}"),
            })
            .collect();
        assert_eq!(
            flags,
            [
                (false, false),
                (false, false),
                (true, true),
                (true, true),
                (true, false)
            ]
        );
        // A tab keeps its advance and is not drawn.
        assert_eq!(
            m.marks[4],
            shown(4.0, vec![(0.0, 5.0, 'x'), (2.0, 5.0, 'y')])
        );
        // A run of a million characters is refused, not drawn.
        let huge = format!(
            r#"<ofd:Page {NS}><ofd:Content><ofd:Layer><ofd:TextObject Boundary="0 0 1 1"><ofd:TextCode X="0" Y="1">{}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#,
            "1".repeat(1_000_000)
        );
        assert_eq!(
            marks(&huge, &|_| 1.0, &mut plenty()).err(),
            Some(Fault::TooMuch)
        );
    }

    #[test]
    fn pictures_paths_and_annotation_frames() {
        let xml = format!(
            r#"<ofd:PageAnnot {NS}><ofd:Annot><ofd:Appearance Boundary="100 200 60 10">
            <ofd:ImageObject ID="1" Boundary="0 0 50 20" ResourceID="7" CTM="50 0 0 20 0 0"/>
            <ofd:PathObject Boundary="10 10 20 20" Fill="true" Stroke="false"><ofd:FillColor Value="255 255 255"/>
              <ofd:Clips><ofd:Clip><ofd:Area><ofd:Path><ofd:AbbreviatedData>M 0 0 L 99 99</ofd:AbbreviatedData></ofd:Path></ofd:Area></ofd:Clip></ofd:Clips>
              <ofd:AbbreviatedData>M 0 0 L 10 0 L 10 10 C</ofd:AbbreviatedData></ofd:PathObject>
            </ofd:Appearance></ofd:Annot></ofd:PageAnnot>"#
        );
        let m = marks(&xml, &|_| 1.0, &mut plenty()).unwrap();
        assert_eq!(
            m.marks[0],
            Mark::Image {
                resource: "7".into(),
                bbox: [100.0, 200.0, 50.0, 20.0],
                clip: [100.0, 200.0, 50.0, 20.0]
            }
        );
        let Mark::Path {
            subpaths,
            stroke,
            fill,
            ..
        } = &m.marks[1]
        else {
            panic!("{:?}", m.marks)
        };
        assert_eq!((*stroke, *fill), (None, Some(1.0)));
        // The clipping path is not drawn; the outline is, closed, in the annotation's frame.
        assert_eq!(
            subpaths,
            &vec![(
                vec![
                    (110.0, 210.0, false),
                    (120.0, 210.0, false),
                    (120.0, 220.0, false)
                ],
                true
            )]
        );
        assert_eq!(
            marks("<a><b></a>", &|_| 1.0, &mut plenty()).err(),
            Some(Fault::Xml)
        );
        // A path with more points than the file has left is refused, not drawn in part.
        let mut few = Budget {
            glyphs: 10,
            points: 2,
        };
        assert_eq!(marks(&xml, &|_| 1.0, &mut few).err(), Some(Fault::TooMuch));
    }
}
