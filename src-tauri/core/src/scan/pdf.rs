//! PDF attachments: the text layer, page by page. A PDF without one (a scan) cannot be
//! checked; a page without text inside a PDF that has text (a scanned annex after a typed
//! cover) is reported on its own, since that is where a signed list of names would be.

use pdf_extract::{output_doc_page, Document, PlainTextOutput};

use super::Segment;

pub fn pages(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    // The text extractor panics on some malformed files; such a file is unreadable, not a
    // reason to take the application down.
    std::panic::catch_unwind(|| read(prefix, bytes))
        .unwrap_or_else(|_| Err("PDF 文件结构异常，无法读取文字".into()))
}

fn read(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|_| "PDF 文件已损坏，无法读取".to_string())?;
    // Many PDFs are encrypted with an empty password only to restrict printing.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("PDF 已加密，无法读取".into());
    }
    let mut out = Vec::new();
    let mut any_text = false;
    for &n in doc.get_pages().keys() {
        let mut text = String::new();
        let ok = output_doc_page(&doc, &mut PlainTextOutput::new(&mut text), n).is_ok();
        let mut seg = Segment::new(format!("{prefix} 第{n}页"), "");
        if !ok {
            seg.unreadable = Some("这一页无法读取文字".into());
        } else if text.trim().is_empty() {
            seg.unreadable = Some("这一页没有文字层，可能是扫描页".into());
        } else {
            any_text = true;
            seg.text = text;
        }
        out.push(seg);
    }
    if !any_text {
        return Err("PDF 没有文字层，可能是扫描件".into());
    }
    Ok(out)
}
