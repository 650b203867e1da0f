//! 文档脱敏 — `.docx` and `.xlsx`: the characters of every personal number in the package
//! replaced as the body's masking replaces them (`scan::mask`: 身份证号 keeps the first 6
//! and last 4 …), in every XML part the scanner reads and more: body, headers, footers,
//! comments, foot- and endnotes, tracked deletions, every sheet (hidden ones too), shared
//! strings, and the document properties. Other entries are copied as they are.
//!
//! Text is looked at per paragraph, cell or property (a Word run boundary does not hide a
//! number), and each changed text node is written back escaped. A number typed into a
//! numeric cell becomes a text cell (`t="str"`), since `138****5678` is not a number.

use std::io::{Cursor, Read, Write};
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::REDACTED;
use crate::scan::{self, ScanOptions, Scanner};

/// The package `bytes` with every personal number masked, and how many were.
pub fn package(
    scanner: &Scanner,
    opts: &ScanOptions,
    bytes: &[u8],
) -> Result<(Vec<u8>, usize), String> {
    crate::zipsafe::check(bytes, &crate::zipsafe::OFFICE)?;
    let broken = |_| "文件已损坏或不是 Office 文档".to_string();
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut count = 0;
    for i in 0..zip.len() {
        let name = zip.by_index_raw(i).map_err(broken)?.name().to_string();
        let rewritten = if is_text_part(&name) {
            let mut xml = String::new();
            zip.by_index(i)
                .map_err(broken)?
                .read_to_string(&mut xml)
                .map_err(|_| format!("文档部件 {name} 已损坏"))?;
            let flush = if name.starts_with("docProps/") {
                Flush::EveryElement
            } else {
                Flush::Blocks
            };
            let (xml, n) = part(scanner, opts, &xml, flush)?;
            count += n;
            (n > 0).then_some(xml)
        } else {
            None
        };
        let written = match rewritten {
            Some(xml) => out
                .start_file(&name, deflated)
                .and_then(|_| out.write_all(xml.as_bytes()).map_err(Into::into)),
            None => out.raw_copy_file(zip.by_index_raw(i).map_err(broken)?),
        };
        written.map_err(|_| "无法写入脱敏后的文件".to_string())?;
    }
    let bytes = out
        .finish()
        .map_err(|_| "无法写入脱敏后的文件".to_string())?
        .into_inner();
    Ok((bytes, count))
}

/// Every XML part but the package's own bookkeeping.
fn is_text_part(name: &str) -> bool {
    name.ends_with(".xml") && name != "[Content_Types].xml"
}

/// Where one run of text ends and the next begins.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flush {
    /// At paragraphs, cells, shared strings and comments: runs inside them join.
    Blocks,
    /// At every element (document properties: each is a value of its own).
    EveryElement,
}

/// Elements a text run never continues across.
const BLOCKS: &[&[u8]] = &[
    b"p",
    b"tc",
    b"tr",
    b"tbl",
    b"txbxContent",
    b"comment",
    b"footnote",
    b"endnote",
    b"si",
    b"is",
    b"c",
    b"row",
    b"f",
    b"v",
    b"text",
];

/// A text node of the part: where it is in the XML and its characters, changed or not.
struct Node {
    span: Range<usize>,
    chars: Vec<char>,
    changed: bool,
    /// In a numeric cell: where that cell's start tag ends (its `>`).
    numeric_cell: Option<usize>,
}

/// One part rewritten, and how many numbers in it were masked.
fn part(
    scanner: &Scanner,
    opts: &ScanOptions,
    xml: &str,
    flush: Flush,
) -> Result<(String, usize), String> {
    let mut reader = Reader::from_str(xml);
    let mut nodes: Vec<Node> = Vec::new();
    // The characters of the current run, each with its node and index there (None for a
    // tab or a break between runs).
    let mut run: Vec<(char, Option<(usize, usize)>)> = Vec::new();
    let mut count = 0;
    let mut cell: Option<usize> = None;
    let mut in_value = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|_| "文档结构异常，无法脱敏".to_string())?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                if BLOCKS.contains(&name.as_ref()) {
                    count += mask_run(scanner, opts, &mut run, &mut nodes);
                }
                match name.as_ref() {
                    b"c" => {
                        let typed = e.attributes().flatten().any(|a| a.key.as_ref() == b"t");
                        cell = (!typed).then_some(after - 1);
                    }
                    b"v" => in_value = true,
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"c" => cell = None,
                    b"v" => in_value = false,
                    _ => {}
                }
                if flush == Flush::EveryElement || BLOCKS.contains(&name.as_ref()) {
                    count += mask_run(scanner, opts, &mut run, &mut nodes);
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => run.push(('\t', None)),
                b"br" | b"cr" => run.push(('\n', None)),
                _ => {}
            },
            Event::Text(t) => {
                let text = t
                    .unescape()
                    .map_err(|_| "文档结构异常，无法脱敏".to_string())?;
                let k = nodes.len();
                run.extend(text.chars().enumerate().map(|(i, c)| (c, Some((k, i)))));
                nodes.push(Node {
                    span: before..after,
                    chars: text.chars().collect(),
                    changed: false,
                    numeric_cell: cell.filter(|_| in_value),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    count += mask_run(scanner, opts, &mut run, &mut nodes);
    if count == 0 {
        return Ok((xml.to_string(), 0));
    }
    // Patches in XML order: (at, replaced up to, with).
    let mut patches: Vec<(usize, usize, String)> = Vec::new();
    for n in nodes.iter().filter(|n| n.changed) {
        let text: String = n.chars.iter().collect();
        patches.push((
            n.span.start,
            n.span.end,
            quick_xml::escape::escape(text).into_owned(),
        ));
        if let Some(gt) = n.numeric_cell {
            if !patches.iter().any(|p| p.0 == gt) {
                patches.push((gt, gt, r#" t="str""#.into()));
            }
        }
    }
    patches.sort_by_key(|p| p.0);
    let mut out = String::with_capacity(xml.len());
    let mut at = 0;
    for (from, to, with) in patches {
        out.push_str(&xml[at..from]);
        out.push_str(&with);
        at = to;
    }
    out.push_str(&xml[at..]);
    Ok((out, count))
}

/// Masks the personal numbers of one run in its nodes; empties the run; returns how many.
fn mask_run(
    scanner: &Scanner,
    opts: &ScanOptions,
    run: &mut Vec<(char, Option<(usize, usize)>)>,
    nodes: &mut [Node],
) -> usize {
    let taken = std::mem::take(run);
    if !taken.iter().any(|(c, _)| c.is_alphanumeric()) {
        return 0;
    }
    let text: String = taken.iter().map(|(c, _)| *c).collect();
    // The character index of each byte offset at which a character starts.
    let char_at = |byte: usize| text[..byte].chars().count();
    let mut count = 0;
    for h in scanner.scan_text(&text, opts) {
        if !REDACTED.contains(&h.kind) {
            continue;
        }
        let matched = &text[h.start..h.end];
        let masked = scan::mask(h.kind, matched);
        let first = char_at(h.start);
        for (k, (was, now)) in matched.chars().zip(masked.chars()).enumerate() {
            if was == now {
                continue;
            }
            if let Some((node, i)) = taken[first + k].1 {
                nodes[node].chars[i] = now;
                nodes[node].changed = true;
            }
        }
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(xml: &str, flush: Flush) -> (String, usize) {
        part(&Scanner::new(&[]), &ScanOptions::default(), xml, flush).unwrap_or_default()
    }

    #[test]
    fn a_number_split_across_runs_is_masked_in_each() {
        let xml = r#"<w:p><w:r><w:t>身份证号2103</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">02199001011234 &amp; 电话</w:t></w:r></w:p><w:p><w:r><w:t>13812341234</w:t></w:r></w:p>"#;
        let (out, n) = masked(xml, Flush::Blocks);
        assert_eq!(n, 2);
        assert_eq!(
            out,
            r#"<w:p><w:r><w:t>身份证号2103</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">02********1234 &amp; 电话</w:t></w:r></w:p><w:p><w:r><w:t>138****1234</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn paragraphs_do_not_join_into_a_number() {
        let xml = "<w:p><w:r><w:t>138123</w:t></w:r></w:p><w:p><w:r><w:t>41234</w:t></w:r></w:p>";
        assert_eq!(masked(xml, Flush::Blocks), (xml.to_string(), 0));
    }

    #[test]
    fn a_numeric_cell_becomes_text() {
        let xml =
            r#"<row r="1"><c r="A1"><v>13812341234</v></c><c r="B1" t="s"><v>0</v></c></row>"#;
        let (out, n) = masked(xml, Flush::Blocks);
        assert_eq!(n, 1);
        assert_eq!(
            out,
            r#"<row r="1"><c r="A1" t="str"><v>138****1234</v></c><c r="B1" t="s"><v>0</v></c></row>"#
        );
    }

    #[test]
    fn each_property_is_its_own_value() {
        let xml = "<cp:coreProperties><dc:creator>13812341234</dc:creator><dc:title>210302</dc:title><cp:keywords>199001011234</cp:keywords></cp:coreProperties>";
        let (out, n) = masked(xml, Flush::EveryElement);
        assert_eq!(n, 1);
        assert!(
            out.contains("<dc:creator>138****1234</dc:creator>"),
            "{out}"
        );
        assert!(out.contains("<dc:title>210302</dc:title>"), "{out}");
    }
}
