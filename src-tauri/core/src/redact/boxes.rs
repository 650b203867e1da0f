//! 遮盖框 — where on a page a finding is: the words of a page (read by OCR, or the PDF's
//! own text layer as `pdftotext -bbox-layout` lays it out), the hits in their text, and
//! the part of each word's box a hit covers, padded so no stroke of a character shows.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::REDACTED;
use crate::scan::{Bbox, Reading, ScanOptions, Scanner};

/// `boxes` with every pair that mostly overlaps (by at least half of the smaller one) made
/// one box holding both, until none does: the same number found twice (by OCR and in the
/// text layer) is counted once. Two numbers side by side, whose padded boxes only touch,
/// stay two. (What is painted is every box as found; this is what is counted and listed.)
pub fn merged(mut boxes: Vec<Bbox>) -> Vec<Bbox> {
    let same = |a: Bbox, b: Bbox| {
        let w = (a.x + a.width)
            .min(b.x + b.width)
            .saturating_sub(a.x.max(b.x));
        let h = (a.y + a.height)
            .min(b.y + b.height)
            .saturating_sub(a.y.max(b.y));
        let area = |x: Bbox| u64::from(x.width) * u64::from(x.height);
        2 * u64::from(w) * u64::from(h) >= area(a).min(area(b)).max(1)
    };
    let mut out: Vec<Bbox> = Vec::with_capacity(boxes.len());
    while let Some(mut b) = boxes.pop() {
        // A union may reach boxes already set aside: take them back in until it does not.
        while let Some(i) = out.iter().position(|o| same(*o, b)) {
            b = b.union(out.swap_remove(i));
        }
        out.push(b);
    }
    out.sort_by_key(|b| (b.y, b.x));
    out
}

/// The boxes to paint over on a page read as `reading`: one per hit of a kind that is
/// redacted.
pub fn hits(scanner: &Scanner, opts: &ScanOptions, reading: &Reading) -> Vec<Bbox> {
    scanner
        .scan_ocr_text(&reading.text, opts)
        .iter()
        .filter(|h| REDACTED.contains(&h.kind))
        .filter_map(|h| covering(reading, h.start..h.end))
        .collect()
}

/// How wide a character is, in half-em units: CJK and full-width forms take two.
fn units(c: char) -> u32 {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// The box over the text `span` of `reading`: of each word it touches, the part its
/// characters take (by their widths), widened by a few pixels, and by one character
/// where it is cut out of a longer word; the parts joined into one box.
pub fn covering(reading: &Reading, span: Range<usize>) -> Option<Bbox> {
    reading
        .words
        .iter()
        .filter(|(s, e, _)| *s < span.end && span.start < *e)
        .map(|&(s, e, b)| {
            let word = &reading.text[s..e];
            let width_of =
                |to: usize| -> u32 { word[..to.clamp(s, e) - s].chars().map(units).sum::<u32>() };
            let total = width_of(e).max(1);
            let (from, to) = (width_of(span.start), width_of(span.end));
            // Where the hit starts or ends inside a word, the cut is an estimate: a
            // character more is covered. At the word's own edge, only the padding.
            let unit = b.width / total;
            let left = if from == 0 {
                b.x.saturating_sub(PAD)
            } else {
                (b.x + b.width * from / total).saturating_sub(unit + PAD)
            };
            let right = (b.x + b.width * to / total + unit + PAD).min(b.x + b.width + PAD);
            let top = b.y.saturating_sub(PAD);
            Bbox {
                x: left,
                y: top,
                width: right.saturating_sub(left),
                height: b.y + b.height + PAD - top,
            }
        })
        .reduce(Bbox::union)
}

/// Pixels added around a box: anti-aliased edges and OCR's tight boxes.
const PAD: u32 = 6;

/// The text layer of each page of `pdftotext -bbox-layout` output as [`Reading`]s, its
/// boxes in pixels at `dpi` (the output is in points). Words on a line are joined by a
/// space, lines by a newline.
pub fn layout(xhtml: &str, dpi: u32) -> Vec<Reading> {
    let px = |v: &[u8]| -> u32 {
        let pt: f32 = std::str::from_utf8(v)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0);
        (pt.max(0.0) * dpi as f32 / 72.0).round() as u32
    };
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Reading> = Vec::new();
    let mut word: Option<Bbox> = None;
    let mut line_start = true;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"page" => pages.push(Reading {
                    page: pages.len() as u32 + 1,
                    ..Reading::default()
                }),
                b"line" => line_start = true,
                b"word" => {
                    let mut c = [0u32; 4];
                    for a in e.attributes().flatten() {
                        let k = match a.key.local_name().as_ref() {
                            b"xMin" => 0,
                            b"yMin" => 1,
                            b"xMax" => 2,
                            b"yMax" => 3,
                            _ => continue,
                        };
                        c[k] = px(&a.value);
                    }
                    word = Some(Bbox {
                        x: c[0],
                        y: c[1],
                        width: c[2].saturating_sub(c[0]),
                        height: c[3].saturating_sub(c[1]),
                    });
                }
                _ => {}
            },
            Ok(Event::Text(t)) => {
                let (Some(b), Some(page)) = (word, pages.last_mut()) else {
                    continue;
                };
                let text = t.unescape().map(|s| s.into_owned()).unwrap_or_default();
                if text.trim().is_empty() {
                    continue;
                }
                if !page.text.is_empty() {
                    page.text.push(if line_start { '\n' } else { ' ' });
                }
                line_start = false;
                let start = page.text.len();
                page.text.push_str(text.trim());
                page.words.push((start, page.text.len(), b));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == b"word" => word = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(words: &[(&str, Bbox)]) -> Reading {
        let mut r = Reading::default();
        for (w, b) in words {
            if !r.text.is_empty() {
                r.text.push(' ');
            }
            let s = r.text.len();
            r.text.push_str(w);
            r.words.push((s, r.text.len(), *b));
        }
        r
    }

    const fn bbox(x: u32, y: u32, width: u32, height: u32) -> Bbox {
        Bbox {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn the_same_number_found_twice_is_one_box() {
        let ocr = bbox(100, 50, 200, 30);
        let layer = bbox(95, 52, 210, 26);
        let other = bbox(100, 200, 200, 30);
        assert_eq!(
            merged(vec![ocr, other, layer]),
            [bbox(95, 50, 210, 30), other]
        );
        // Two numbers a space apart: their padded boxes overlap a little and stay two.
        let (left, right) = (bbox(0, 0, 200, 30), bbox(190, 0, 200, 30));
        assert_eq!(merged(vec![left, right]).len(), 2);
        // A chain of mostly overlapping boxes is one.
        let chain = [bbox(0, 0, 10, 10), bbox(2, 0, 10, 10), bbox(4, 0, 10, 10)];
        assert_eq!(merged(chain.to_vec()), [bbox(0, 0, 14, 10)]);
        assert_eq!(
            merged(vec![chain[2], chain[0], chain[1]]),
            [bbox(0, 0, 14, 10)]
        );
    }

    #[test]
    fn a_number_inside_a_word_is_covered_without_its_label() {
        // 身份证号： is 5 characters of 2 units, the number 18 of 1: 28 units, 10 px each.
        let r = reading(&[("身份证号：11010519491231002X", bbox(100, 200, 280, 40))]);
        let start = r.text.find('1').unwrap_or_default();
        let b = covering(&r, start..r.text.len()).unwrap_or_default();
        assert_eq!(b, bbox(100 + 100 - 10 - PAD, 194, 180 + 10 + 2 * PAD, 52));
    }

    #[test]
    fn a_number_in_groups_is_one_box() {
        let r = reading(&[
            ("卡号", bbox(10, 10, 40, 20)),
            ("6212", bbox(60, 10, 40, 20)),
            ("2612", bbox(110, 12, 40, 20)),
        ]);
        let start = r.text.find('6').unwrap_or_default();
        let b = covering(&r, start..r.text.len()).unwrap_or_default();
        assert_eq!((b.x, b.y), (60 - PAD, 10 - PAD));
        assert_eq!(b.x + b.width, 150 + PAD);
        assert_eq!(covering(&r, 0..0), None);
    }

    #[test]
    fn the_text_layer_is_read_in_pixels() {
        let xhtml = r#"<html><body><doc><page width="595" height="842"><flow><block>
            <line xMin="72" yMin="72" xMax="300" yMax="88">
              <word xMin="72" yMin="72" xMax="144" yMax="88">身份证号</word>
              <word xMin="150" yMin="72" xMax="300" yMax="88">11010519491231002X</word>
            </line><line xMin="72" yMin="100" xMax="144" yMax="116">
              <word xMin="72" yMin="100" xMax="144" yMax="116">A&amp;B</word>
            </line></block></flow></page><page width="595" height="842"></page></doc></body></html>"#;
        let pages = layout(xhtml, 144);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].text, "身份证号 11010519491231002X\nA&B");
        assert_eq!(pages[0].words[1].2, bbox(300, 144, 300, 32));
        assert!(pages[1].words.is_empty());
    }
}
