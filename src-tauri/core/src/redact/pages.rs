//! 页面脱敏 — PDFs and pictures: every page becomes a grey picture at [`DPI`], is read by
//! OCR (and, for a PDF page with a text layer, by `pdftotext -bbox-layout` too, so typed
//! numbers OCR misses are still covered), has every personal number found on it painted
//! over, and the pictures become a new PDF with no text in it at all.
//!
//! Pages are done side by side, one at a time per core, as the scanner's OCR does.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::boxes;
use super::raster::{self, Gray};
use crate::scan::{self, Bbox, OcrTools, ScanOptions, Scanner};

/// The resolution pages are rendered, read and rebuilt at (as the scanner reads them).
pub const DPI: u32 = 300;
/// Pages redacted in one file: each is a full-size picture held until the PDF is written.
pub const MAX_PAGES: u32 = 60;
const TIME_LIMIT: Duration = Duration::from_secs(90);

/// One page after redaction.
pub struct Page {
    pub image: Gray,
    pub boxes: Vec<Bbox>,
}

fn temp_dir() -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix("disclosure-redact")
        .tempdir()
        .map_err(|_| "无法创建临时文件夹".to_string())
}

/// The pages of the PDF `bytes`, redacted.
pub fn pdf(
    tools: &OcrTools,
    scanner: &Scanner,
    opts: &ScanOptions,
    bytes: &[u8],
) -> Result<Vec<Page>, String> {
    let (Some(tesseract), Some(pdftoppm)) = (tools.tesseract.as_deref(), tools.pdftoppm.as_deref())
    else {
        return Err(scan::OCR_MISSING.into());
    };
    let pdftotext = sibling(pdftoppm, "pdftotext");
    let pdfinfo = sibling(pdftoppm, "pdfinfo");
    let dir = temp_dir()?;
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, bytes).map_err(|_| "无法写入临时文件".to_string())?;
    let count = page_count(&pdfinfo, &input)?;
    if count > MAX_PAGES {
        return Err(format!(
            "文件有 {count} 页，超过自动脱敏的 {MAX_PAGES} 页上限，请拆分后再脱敏"
        ));
    }
    let layer = text_layer(&pdftotext, &input);
    let numbers: Vec<u32> = (1..=count).collect();
    each_page(&numbers, |n| {
        let image = raster::page(pdftoppm, &input, dir.path(), n, DPI)?;
        let mut readings = vec![read(tesseract, dir.path(), n, &image)?];
        readings.extend(layer.get(n as usize - 1).cloned());
        Ok(covered(scanner, opts, &readings, image))
    })
}

/// A picture file (`ext` its lower-case extension), redacted.
pub fn picture(
    tools: &OcrTools,
    scanner: &Scanner,
    opts: &ScanOptions,
    ext: &str,
    bytes: &[u8],
) -> Result<Page, String> {
    let tesseract = tools.tesseract.as_deref().ok_or(scan::OCR_MISSING)?;
    let image = Gray::decode(bytes)?;
    let dir = temp_dir()?;
    let path = dir.path().join(format!("image.{ext}"));
    std::fs::write(&path, bytes).map_err(|_| "无法写入临时文件".to_string())?;
    let readings = scan::read_text(tesseract, &path, None, TIME_LIMIT)?;
    if readings.len() > 1 {
        return Err("多页图片暂不能自动脱敏，请转换为 PDF 后再脱敏".into());
    }
    Ok(covered(scanner, opts, &readings, image))
}

/// `image` with the personal numbers found in `readings` of it painted over.
fn covered(
    scanner: &Scanner,
    opts: &ScanOptions,
    readings: &[scan::Reading],
    mut image: Gray,
) -> Page {
    let found: Vec<Bbox> = readings
        .iter()
        .flat_map(|r| boxes::hits(scanner, opts, r))
        .collect();
    for b in &found {
        image.cover(*b);
    }
    Page {
        image,
        boxes: boxes::merged(found),
    }
}

/// `image` (page `n`) read by OCR, through a PGM file in `dir`.
fn read(tesseract: &Path, dir: &Path, n: u32, image: &Gray) -> Result<scan::Reading, String> {
    let path = dir.join(format!("o{n}.pgm"));
    let mut pgm = format!("P5\n{} {}\n255\n", image.width, image.height).into_bytes();
    pgm.extend_from_slice(&image.pixels);
    std::fs::write(&path, pgm).map_err(|_| "无法写入临时文件".to_string())?;
    let read = scan::read_text(tesseract, &path, Some(DPI), TIME_LIMIT);
    let _ = std::fs::remove_file(&path);
    Ok(read?.into_iter().next().unwrap_or_default())
}

/// Runs `job` on every page number, one worker per core; all pages or the first error.
fn each_page(
    numbers: &[u32],
    job: impl Fn(u32) -> Result<Page, String> + Sync,
) -> Result<Vec<Page>, String> {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(numbers.len()));
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(numbers.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&n) = numbers.get(i) else { break };
                let page = job(n);
                let failed = page.is_err();
                if let Ok(mut d) = done.lock() {
                    d.push((n, page));
                }
                if failed {
                    // The others stop at their next page.
                    next.store(numbers.len(), Ordering::Relaxed);
                }
            });
        }
    });
    let mut pages = done.into_inner().unwrap_or_default();
    pages.sort_by_key(|(n, _)| *n);
    if pages.len() < numbers.len() {
        let failed = pages.into_iter().find_map(|(_, p)| p.err());
        return Err(failed.unwrap_or_else(|| "脱敏未完成".into()));
    }
    pages.into_iter().map(|(_, p)| p).collect()
}

/// `name` in the folder `program` is in (poppler's tools are installed together).
fn sibling(program: &Path, name: &str) -> std::path::PathBuf {
    let file = if cfg!(windows) {
        format!("{name}.exe")
    } else {
        name.to_string()
    };
    program.with_file_name(file)
}

/// The number of pages, from `pdfinfo`.
fn page_count(pdfinfo: &Path, pdf: &Path) -> Result<u32, String> {
    let out = scan::run_program(std::process::Command::new(pdfinfo).arg(pdf), TIME_LIMIT)
        .map_err(|_| "PDF 文件已损坏或已加密，无法脱敏".to_string())?;
    String::from_utf8_lossy(&out)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| "PDF 没有页面，无法脱敏".to_string())
}

/// The text layer of every page with its word boxes; empty when there is none or
/// `pdftotext` cannot read it (OCR still covers what the pictures show).
fn text_layer(pdftotext: &Path, pdf: &Path) -> Vec<scan::Reading> {
    let out = scan::run_program(
        std::process::Command::new(pdftotext)
            .args(["-bbox-layout", "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-"),
        TIME_LIMIT,
    );
    match out {
        Ok(xhtml) => boxes::layout(&String::from_utf8_lossy(&xhtml), DPI),
        Err(_) => Vec::new(),
    }
}
