//! PDF attachments: the text layer, page by page, and OCR (`scanned.rs`) for the pages
//! that have no text layer (a scan, a scanned annex after a typed cover, where a signed
//! list of names would be) and for pages with a text layer *and* a large picture (a
//! photographed ID card pasted into a typed notice): those are checked both ways.
//! A page OCR cannot read is reported on its own; a PDF with no text at all either way
//! cannot be checked.

use pdf_extract::{output_doc_page, Document, PlainTextOutput};

use std::sync::mpsc;
use std::time::Duration;

use super::scanned::{self, Source, Tools};
use super::Segment;

/// How long one PDF may take; a crafted one can make the extractor loop for ever.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

/// A picture at least this many pixels on each side and in all may carry text worth
/// reading; smaller ones are logos, seals and rules, not worth a page of OCR.
const PICTURE_SIDE: i64 = 300;
const PICTURE_AREA: i64 = 300_000;

pub fn pages(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    pages_read(prefix, bytes, TIME_LIMIT, &Tools::find())
}

/// The text layer read under `limit`, then the pages it leaves to OCR read with `tools`.
fn pages_read(
    prefix: &str,
    bytes: &[u8],
    limit: Duration,
    tools: &Tools,
) -> Result<Vec<Segment>, String> {
    let layer = text_layer(prefix, bytes, limit)?;
    let wanted: Vec<(u32, Source)> = layer
        .iter()
        .filter_map(|p| p.ocr.map(|s| (p.number, s)))
        .collect();
    let mut read = scanned::pdf_pages(tools, prefix, bytes, &wanted)
        .into_iter()
        .peekable();
    let mut out = Vec::new();
    let mut any_text = false;
    for page in layer {
        if let Some(seg) = page.text {
            any_text |= seg.unreadable.is_none();
            out.push(seg);
        }
        while let Some((_, seg)) = read.next_if(|(n, _)| *n <= page.number) {
            any_text |= seg.unreadable.is_none() && !seg.text.trim().is_empty();
            out.push(seg);
        }
    }
    out.extend(read.map(|(_, seg)| seg));
    if !any_text {
        let ocr_missing = tools.tesseract.is_none() && !wanted.is_empty();
        return Err(if ocr_missing {
            super::tesseract::MISSING.into()
        } else {
            "PDF 没有文字层，文字识别也未读出文字（可能是扫描件），请人工核对".into()
        });
    }
    // A scanned page OCR read nothing on may be blank, or handwriting: a person looks. A
    // picture on a typed page with nothing to read is a photo or a chart.
    Ok(out
        .into_iter()
        .filter_map(|mut s| {
            let Some(ocr) = s.ocr.take_if(|_| s.text.trim().is_empty()) else {
                return Some(s);
            };
            (ocr.source == Source::ScannedPage).then(|| {
                s.location = ocr.place;
                s.unreadable = Some(NOTHING_READ.into());
                s
            })
        })
        .collect())
}

const NOTHING_READ: &str = "这一页没有文字层，文字识别也未读出文字，请人工核对";

/// One page of the text layer: its segment (text, or why none) and whether OCR reads it.
struct LayerPage {
    number: u32,
    text: Option<Segment>,
    ocr: Option<Source>,
}

/// The text layer of every page, read on a worker thread given up after `limit`.
fn text_layer(prefix: &str, bytes: &[u8], limit: Duration) -> Result<Vec<LayerPage>, String> {
    let (tx, rx) = mpsc::channel();
    let (prefix_owned, bytes_owned) = (prefix.to_string(), bytes.to_vec());
    let spawned = std::thread::Builder::new()
        .name("pdf-text".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(|| read(&prefix_owned, &bytes_owned))
                .unwrap_or_else(|_| Err("PDF 文件结构异常，无法读取文字".into()));
            let _ = tx.send(r);
        });
    if spawned.is_err() {
        return Err("无法启动读取 PDF 的线程".into());
    }
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "读取 PDF 文字超过 {} 秒（文件结构异常），请人工审查",
            limit.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("PDF 文件结构异常，无法读取文字".into()),
    }
}

/// Reads the text layer on a worker thread and gives up after `limit`: the worker cannot be
/// stopped, so it is left to finish on its own (it owns its copy of the bytes) while the
/// caller goes on with the file marked unreadable. The text extractor panics on some
/// malformed files; such a file is unreadable too, not a reason to take the application
/// down. Pages without a text layer are read by OCR if it is installed.
pub fn pages_within(prefix: &str, bytes: &[u8], limit: Duration) -> Result<Vec<Segment>, String> {
    pages_read(prefix, bytes, limit, &Tools::find())
}

fn read(prefix: &str, bytes: &[u8]) -> Result<Vec<LayerPage>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|_| "PDF 文件已损坏，无法读取".to_string())?;
    // Many PDFs are encrypted with an empty password only to restrict printing.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("PDF 已加密，无法读取".into());
    }
    let mut out = Vec::new();
    for (&n, &id) in &doc.get_pages() {
        let mut text = String::new();
        let ok = output_doc_page(&doc, &mut PlainTextOutput::new(&mut text), n).is_ok();
        let mut seg = Segment::new(format!("{prefix} 第{n}页"), "");
        let page = if !ok {
            seg.unreadable = Some("这一页无法读取文字".into());
            LayerPage {
                number: n,
                text: Some(seg),
                ocr: None,
            }
        } else if text.trim().is_empty() {
            LayerPage {
                number: n,
                text: None,
                ocr: Some(Source::ScannedPage),
            }
        } else {
            seg.text = text;
            let pictured = doc.get_page_images(id).unwrap_or_default().iter().any(|i| {
                i.width >= PICTURE_SIDE
                    && i.height >= PICTURE_SIDE
                    && i.width * i.height >= PICTURE_AREA
            });
            LayerPage {
                number: n,
                text: Some(seg),
                ocr: pictured.then_some(Source::PageImage),
            }
        };
        out.push(page);
    }
    Ok(out)
}
