//! 扫描件 — the text of scanned PDF pages and of images (photos of documents), read by OCR:
//! a PDF page is rasterised with `pdftoppm` (poppler-utils) at [`DPI`], then read by
//! `tesseract.rs`; an image file is read as it is. Each page becomes one [`Segment`]
//! carrying its [`Reading`], so a finding can say which box on the page it is in, and
//! `Scanner::scan_ocr_text` forgives OCR's look-alike letters in it.
//!
//! Pages are read side by side, one child process per core; temporary files live in a
//! temporary folder removed when done (also on error). A file with more than
//! [`MAX_PAGES`] scanned pages has the rest reported for a person to check.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::tesseract::{self, Reading};
use super::Segment;

/// Rasterising resolution: what tesseract reads best at for ordinary body text.
pub const DPI: u32 = 300;
/// How long one page may take to rasterise, and to read.
pub const PAGE_TIME_LIMIT: Duration = Duration::from_secs(90);
/// Scanned pages read per file; past these a person checks the rest.
pub const MAX_PAGES: usize = 200;

const NO_POPPLER: &str = "未安装 PDF 渲染组件（poppler-utils），扫描页无法自动检查，请人工核对";

/// The external programs OCR needs, found once per file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    pub tesseract: Option<PathBuf>,
    pub pdftoppm: Option<PathBuf>,
}

impl Tools {
    pub fn find() -> Tools {
        Tools {
            tesseract: tesseract::program("tesseract"),
            pdftoppm: tesseract::program("pdftoppm"),
        }
    }
}

/// What a page read by OCR is, as its location says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A PDF page without a text layer.
    ScannedPage,
    /// A PDF page with a text layer and pictures: its picture is read too.
    PageImage,
    /// An image file.
    Picture,
}

impl Source {
    fn label(self) -> &'static str {
        match self {
            Source::ScannedPage => "扫描件",
            Source::PageImage => "页面图像",
            Source::Picture => "图片",
        }
    }
}

/// Recognised text with where it is: on a [`Segment`], so findings can name the box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ocr {
    /// The location without the box ("附件《a.pdf》 第2页").
    pub place: String,
    pub source: Source,
    pub reading: Reading,
}

impl Ocr {
    /// "附件《a.pdf》 第2页（扫描件）"
    pub fn location(&self) -> String {
        format!("{}（{}）", self.place, self.source.label())
    }

    /// "附件《a.pdf》 第2页（扫描件，x 120 y 340 宽 560 高 48 像素）": where the text at
    /// `start..end` was read.
    pub fn location_of(&self, start: usize, end: usize) -> String {
        match self.reading.bbox(start, end) {
            Some(b) => format!(
                "{}（{}，x {} y {} 宽 {} 高 {} 像素）",
                self.place,
                self.source.label(),
                b.x,
                b.y,
                b.width,
                b.height
            ),
            None => self.location(),
        }
    }

    fn segment(self) -> Segment {
        let mut seg = Segment::new(self.location(), self.reading.text.clone());
        seg.ocr = Some(Box::new(self));
        seg
    }
}

/// The segments of an image file (`ext` is its lower-case extension), one per page read;
/// an image in which nothing is read has none (a photo of a building has no text).
pub fn image(tools: &Tools, prefix: &str, ext: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    let program = tools.tesseract.as_deref().ok_or(MISSING_OCR)?;
    let dir = temp_dir()?;
    let path = dir.path().join(format!("image.{ext}"));
    std::fs::write(&path, bytes).map_err(|_| "无法写入临时文件，图片未检查".to_string())?;
    let readings = tesseract::read(program, &path, None, PAGE_TIME_LIMIT)?;
    let many = readings.len() > 1;
    Ok(readings
        .into_iter()
        .filter(|r| !r.text.trim().is_empty())
        .map(|reading| {
            let place = if many {
                format!("{prefix} 第{}页", reading.page)
            } else {
                prefix.to_string()
            };
            Ocr {
                place,
                source: Source::Picture,
                reading,
            }
            .segment()
        })
        .collect())
}

const MISSING_OCR: &str = tesseract::MISSING;

/// Reads `pages` (numbers from 1, each with why it is read) of the PDF `bytes`: for each,
/// its segment, or an unreadable one saying why not. Pages past [`MAX_PAGES`] are one
/// unreadable segment at the end.
pub fn pdf_pages(
    tools: &Tools,
    prefix: &str,
    bytes: &[u8],
    pages: &[(u32, Source)],
) -> Vec<(u32, Segment)> {
    let unreadable = |n: u32, reason: &str| {
        let mut seg = Segment::new(format!("{prefix} 第{n}页"), "");
        seg.unreadable = Some(reason.to_string());
        (n, seg)
    };
    let failed_all = |reason: &str| -> Vec<(u32, Segment)> {
        pages.iter().map(|&(n, _)| unreadable(n, reason)).collect()
    };
    let (Some(tesseract), Some(pdftoppm)) = (tools.tesseract.as_deref(), tools.pdftoppm.as_deref())
    else {
        let reason = if tools.tesseract.is_none() {
            MISSING_OCR
        } else {
            NO_POPPLER
        };
        return failed_all(reason);
    };
    let dir = match temp_dir() {
        Ok(d) => d,
        Err(e) => return failed_all(&e),
    };
    let pdf = dir.path().join("in.pdf");
    if std::fs::write(&pdf, bytes).is_err() {
        return failed_all("无法写入临时文件，扫描页未检查");
    }
    let (now, later) = pages.split_at(pages.len().min(MAX_PAGES));
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(now.len()));
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(now.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(n, source)) = now.get(i) else {
                    break;
                };
                let page = read_page(tesseract, pdftoppm, &pdf, dir.path(), n).map(|reading| {
                    Ocr {
                        place: format!("{prefix} 第{n}页"),
                        source,
                        reading,
                    }
                    .segment()
                });
                let seg = page.unwrap_or_else(|reason| unreadable(n, &reason).1);
                if let Ok(mut d) = done.lock() {
                    d.push((n, seg));
                }
            });
        }
    });
    let mut out = done.into_inner().unwrap_or_default();
    out.sort_by_key(|(n, _)| *n);
    if let Some(&(first, _)) = later.first() {
        out.push(unreadable(
            first,
            &format!("扫描页超过 {MAX_PAGES} 页，第{first}页起未自动检查，请人工核对"),
        ));
    }
    out
}

/// Page `n` of `pdf` rasterised into `dir` and read; the image is removed afterwards.
fn read_page(
    tesseract: &Path,
    pdftoppm: &Path,
    pdf: &Path,
    dir: &Path,
    n: u32,
) -> Result<Reading, String> {
    let stem = dir.join(format!("p{n}"));
    let page = n.to_string();
    // Grey PGM rather than PNG: tesseract reads it as well and nothing is compressed.
    let raster = tesseract::run(
        std::process::Command::new(pdftoppm)
            .args([
                "-r",
                &DPI.to_string(),
                "-gray",
                "-singlefile",
                "-f",
                &page,
                "-l",
                &page,
            ])
            .arg(pdf)
            .arg(&stem),
        PAGE_TIME_LIMIT,
    );
    let image = stem.with_extension("pgm");
    if raster.is_err() || !image.is_file() {
        return Err("这一页无法渲染为图像，请人工核对".into());
    }
    let read = tesseract::read(tesseract, &image, Some(DPI), PAGE_TIME_LIMIT);
    let _ = std::fs::remove_file(&image);
    let mut pages = read?;
    Ok(if pages.is_empty() {
        Reading::default()
    } else {
        pages.swap_remove(0)
    })
}

fn temp_dir() -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix("disclosure-ocr")
        .tempdir()
        .map_err(|_| "无法创建临时文件夹，扫描件未检查".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_tesseract_pages_and_images_say_so() {
        let tools = Tools {
            tesseract: None,
            pdftoppm: Some(PathBuf::from("/usr/bin/pdftoppm")),
        };
        let segs = pdf_pages(
            &tools,
            "附件《a.pdf》",
            b"%PDF",
            &[(2, Source::ScannedPage)],
        );
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].1.location, "附件《a.pdf》 第2页");
        assert_eq!(segs[0].1.unreadable.as_deref(), Some(tesseract::MISSING));
        assert_eq!(
            image(&tools, "附件《a.jpg》", "jpg", b"x"),
            Err(tesseract::MISSING.to_string())
        );
    }

    #[test]
    fn a_finding_names_the_box_of_its_words() {
        let reading = tesseract::parse_tsv(
            "5\t1\t1\t1\t1\t1\t120\t340\t100\t48\t90\t电话\n5\t1\t1\t1\t1\t2\t230\t342\t450\t46\t90\t13812345678",
        )
        .swap_remove(0);
        let ocr = Ocr {
            place: "附件《a.pdf》 第2页".into(),
            source: Source::ScannedPage,
            reading,
        };
        let start = ocr.reading.text.find('1').unwrap_or_default();
        assert_eq!(
            ocr.location_of(start, start + 11),
            "附件《a.pdf》 第2页（扫描件，x 230 y 342 宽 450 高 46 像素）"
        );
        assert_eq!(ocr.location(), "附件《a.pdf》 第2页（扫描件）");
    }
}
