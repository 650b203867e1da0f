//! PDF attachments: the text layer, page by page. A PDF without one (a scan) cannot be
//! checked; a page without text inside a PDF that has text (a scanned annex after a typed
//! cover) is reported on its own, since that is where a signed list of names would be.

use pdf_extract::{output_doc_page, Document, PlainTextOutput};

use std::sync::mpsc;
use std::time::Duration;

use super::Segment;

/// How long one PDF may take; a crafted one can make the extractor loop for ever.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

pub fn pages(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    pages_within(prefix, bytes, TIME_LIMIT)
}

/// Reads on a worker thread and gives up after `limit`: the worker cannot be stopped, so
/// it is left to finish on its own (it owns its copy of the bytes) while the caller goes
/// on with the file marked unreadable. The text extractor panics on some malformed files;
/// such a file is unreadable too, not a reason to take the application down.
pub fn pages_within(prefix: &str, bytes: &[u8], limit: Duration) -> Result<Vec<Segment>, String> {
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
