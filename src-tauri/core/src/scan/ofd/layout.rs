//! 版面文字 — the text of one OFD content file (a page, a template page, an annotation's
//! appearance) put back into lines. OFD places text, it does not flow it: each `TextCode`
//! is a run of characters at a baseline origin, and OA systems often write one run per
//! glyph or per few glyphs. A number split over several runs is still one number to a
//! reader, so the runs on one baseline are joined in x order, with a space only where the
//! gap between them is wider than a character.
//!
//! Positions are in millimetres from the page's top-left corner: the `TextObject`'s
//! `Boundary` origin plus the `TextCode`'s `X`/`Y` (plus the `Appearance` boundary for an
//! annotation). `CTM` transforms are ignored; a rotated object's position is approximate,
//! its text is not.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Font size assumed when a `TextObject` has none (10.5 pt, 五号).
pub(crate) const DEFAULT_SIZE: f64 = 3.7;

/// A `TextCode`: characters placed from (`x`, `y`) to about `end`, in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub text: String,
}

/// What one content file holds.
#[derive(Debug, Default)]
pub struct Content {
    pub runs: Vec<Run>,
    /// Images, paths or composite objects: what a page without text holds instead (a scan,
    /// or glyphs drawn as outlines).
    pub graphics: bool,
    /// The `TemplateID`s of the template pages the page places under or over itself.
    pub templates: Vec<String>,
}

/// One line of text and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// The attribute `name` (local name, any prefix) of `e`, unescaped.
pub fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            let raw = std::str::from_utf8(&a.value).ok()?;
            quick_xml::escape::unescape(raw)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The numbers of a space-separated list ("25 30 160 8"); anything unparsable or not
/// finite counts as 0 so a hostile value cannot poison the sorting.
pub(crate) fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .map(|t| {
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .unwrap_or(0.0)
        })
        .collect()
}

pub(crate) fn number(e: &BytesStart, name: &[u8]) -> Option<f64> {
    attr(e, name).and_then(|v| numbers(&v).first().copied())
}

/// The origin of a `Boundary="x y w h"`.
fn origin(e: &BytesStart) -> (f64, f64) {
    let b = attr(e, b"Boundary")
        .map(|v| numbers(&v))
        .unwrap_or_default();
    (
        b.first().copied().unwrap_or(0.0),
        b.get(1).copied().unwrap_or(0.0),
    )
}

/// The first `n` advances of a `DeltaX` list, where `g N v` stands for `v` repeated `N`
/// times (never expanded beyond `n`, so `g 1000000000 1` costs nothing).
pub(crate) fn deltas(spec: &str, n: usize) -> Vec<f64> {
    let mut out = Vec::new();
    let mut tokens = spec.split_whitespace();
    while out.len() < n {
        let Some(t) = tokens.next() else { break };
        if t == "g" {
            let count = tokens
                .next()
                .and_then(|c| c.parse::<usize>().ok())
                .unwrap_or(0);
            let v = numbers(tokens.next().unwrap_or(""))
                .first()
                .copied()
                .unwrap_or(0.0);
            out.extend(std::iter::repeat_n(v, count.min(n - out.len())));
        } else {
            out.push(numbers(t).first().copied().unwrap_or(0.0));
        }
    }
    out
}

/// About how far a character advances without a `DeltaX`: Latin letters and digits half a
/// character, Chinese characters a whole one.
fn advance(c: char, size: f64) -> f64 {
    if c.is_ascii() {
        size * 0.5
    } else {
        size
    }
}

/// A `TextCode` being read.
struct Code {
    x: f64,
    y: f64,
    size: f64,
    delta_x: String,
    text: String,
}

impl Code {
    fn finish(self) -> Run {
        let chars: Vec<char> = self.text.chars().collect();
        let given = deltas(&self.delta_x, chars.len().saturating_sub(1));
        let width: f64 = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                given
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| advance(c, self.size))
            })
            .sum();
        let text = self.text.replace(['\n', '\r', '\t'], " ");
        Run {
            x: self.x,
            y: self.y,
            end: self.x + width,
            size: self.size,
            text,
        }
    }
}

/// The runs, graphics and template references of a content file; an error for XML that is
/// not well formed.
pub fn content(xml: &str) -> Result<Content, ()> {
    let mut reader = Reader::from_str(xml);
    let mut out = Content::default();
    // The annotation appearance the objects sit in, the current object's origin and size,
    // and where its previous run ended (a TextCode without X/Y goes on from there).
    let mut frame = (0.0, 0.0);
    let mut object: Option<(f64, f64, f64)> = None;
    let mut cursor = (0.0, 0.0);
    let mut code: Option<Code> = None;
    loop {
        let event = reader.read_event().map_err(|_| ())?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let open = matches!(event, Event::Start(_));
                match e.local_name().as_ref() {
                    b"Appearance" if open => frame = origin(e),
                    b"TextObject" if open => {
                        let (x, y) = origin(e);
                        let size = number(e, b"Size")
                            .filter(|s| *s > 0.0)
                            .unwrap_or(DEFAULT_SIZE);
                        object = Some((frame.0 + x, frame.1 + y, size));
                        cursor = (0.0, 0.0);
                    }
                    b"TextCode" if open => {
                        if let Some((ox, oy, size)) = object {
                            let x = number(e, b"X").unwrap_or(cursor.0);
                            let y = number(e, b"Y").unwrap_or(cursor.1);
                            code = Some(Code {
                                x: ox + x,
                                y: oy + y,
                                size,
                                delta_x: attr(e, b"DeltaX").unwrap_or_default(),
                                text: String::new(),
                            });
                        }
                    }
                    b"ImageObject" | b"PathObject" | b"CompositeObject" => out.graphics = true,
                    b"Template" => out.templates.extend(attr(e, b"TemplateID")),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(c) = &mut code {
                    c.text.push_str(&t.unescape().map_err(|_| ())?);
                }
            }
            Event::CData(t) => {
                if let Some(c) = &mut code {
                    c.text.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"TextCode" => {
                    if let (Some(c), Some((ox, oy, _))) = (code.take(), object) {
                        let run = c.finish();
                        cursor = (run.end - ox, run.y - oy);
                        out.runs.push(run);
                    }
                }
                b"TextObject" => object = None,
                b"Appearance" => frame = (0.0, 0.0),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The runs as lines, top to bottom: runs whose baselines are within a third of a
/// character of each other are one line, read left to right.
pub fn lines(mut runs: Vec<Run>) -> Vec<Line> {
    runs.retain(|r| !r.text.trim().is_empty());
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out = Vec::new();
    let mut rest = runs.as_mut_slice();
    while let Some(first) = rest.first() {
        let (y, tolerance) = (first.y, (first.size * 0.3).max(0.5));
        let n = rest
            .iter()
            .position(|r| r.y - y > tolerance)
            .unwrap_or(rest.len());
        let (line, after) = rest.split_at_mut(n);
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        out.push(join(line, y));
        rest = after;
    }
    out
}

fn join(line: &[Run], y: f64) -> Line {
    let mut text = String::new();
    let mut prev: Option<&Run> = None;
    let mut end = f64::MIN;
    for r in line {
        if let Some(p) = prev {
            // Fake bold: the same run printed twice, a fraction of a character apart.
            if p.text == r.text && (r.x - p.x).abs() < r.size * 0.5 {
                continue;
            }
            if r.x - end > r.size.max(p.size) * 0.8 {
                text.push(' ');
            }
        }
        text.push_str(&r.text);
        end = end.max(r.end);
        prev = Some(r);
    }
    Line {
        x: line.first().map_or(0.0, |r| r.x),
        y,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x: f64, y: f64, text: &str) -> Run {
        Code {
            x,
            y,
            size: 4.0,
            delta_x: String::new(),
            text: text.into(),
        }
        .finish()
    }

    #[test]
    fn delta_x_repeats_are_counted_not_expanded() {
        assert_eq!(deltas("1 g 3 2.5 4", 9), [1.0, 2.5, 2.5, 2.5, 4.0]);
        assert_eq!(deltas("g 1000000000 1", 3), [1.0, 1.0, 1.0]);
        assert_eq!(deltas("x g", 3), [0.0]);
    }

    #[test]
    fn runs_on_one_baseline_join_and_distant_ones_keep_a_space() {
        let runs = vec![
            run(48.0, 40.1, "19491231002X"),
            run(20.0, 80.0, "第二行"),
            run(36.0, 40.0, "110105"),
            run(20.0, 40.0, "身份证号"),
            run(150.0, 40.0, "备注"),
        ];
        let lines = lines(runs);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "身份证号11010519491231002X 备注");
        assert_eq!((lines[0].x, lines[0].y), (20.0, 40.0));
        assert_eq!(lines[1].text, "第二行");
    }

    #[test]
    fn glyph_runs_joined_without_spaces() {
        // One TextCode per two digits, each placed where the previous one ended.
        let runs = (0..9)
            .map(|i| run(20.0 + f64::from(i) * 4.0, 50.0, &format!("{:02}", i * 11)))
            .collect();
        assert_eq!(lines(runs)[0].text, "001122334455667788");
    }
}
