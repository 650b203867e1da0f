//! 附件脱敏 — a redacted copy of an attachment, made from what the scanner finds in it:
//!
//! - PDFs and pictures (`pages.rs`): each page rendered to a grey picture, the personal
//!   numbers on it (read by OCR, and from the text layer with its word boxes) painted over
//!   with opaque black boxes, and a new PDF made of the pictures alone, so no text is left
//!   under a box (nor anywhere: the copy has no text layer);
//! - OFD (`ofd.rs`, `ofd_marks.rs`, `ofd_path.rs`): its pages drawn as a PDF first, then done as a PDF;
//! - `.docx`/`.xlsx` (`office.rs`): the characters replaced by the body's masking rules
//!   (`scan::mask`, §7 of the reference) in every part of the package.
//!
//! What is redacted is [`REDACTED`]: a person's numbers. An office's telephone, an e-mail
//! address or a plate is often published on purpose and is left to the drafter; words
//! (密级, 敏感词) are edited by a person, not blacked out.
//!
//! The copy is checked again before it is returned: an office file in which the scanner
//! still finds a personal number is refused, never passed on half done. How a redaction
//! becomes a version of an item is `item::redact`'s business.

mod boxes;
mod ofd;
mod ofd_marks;
mod ofd_path;
mod office;
mod pages;
mod raster;

pub use ofd::pdf as ofd_pdf;
pub use pages::{DPI, MAX_PAGES};
pub use raster::{pdf as pictures_pdf, Gray};

use crate::scan::{self, Bbox, Kind, OcrTools, ScanOptions, Scanner};

/// The kinds of finding a redaction hides.
pub const REDACTED: &[Kind] = &[
    Kind::IdCard,
    Kind::IdCardTypo,
    Kind::Mobile,
    Kind::BankCard,
    Kind::Passport,
];

/// A redacted copy of a file.
pub struct Redacted {
    /// "名单（脱敏）.pdf": the original's name marked, with the copy's extension.
    pub name: String,
    pub bytes: Vec<u8>,
    /// How many numbers were covered or masked.
    pub count: usize,
    /// For a PDF or picture: each page's boxes, in pixels at [`DPI`].
    pub boxes: Vec<Vec<Bbox>>,
}

/// What a file of this name is redacted as, if it can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Ofd,
    Picture,
    Office,
}

impl Format {
    pub fn of(file_name: &str) -> Option<Format> {
        match extension(file_name).as_str() {
            "pdf" => Some(Format::Pdf),
            "ofd" => Some(Format::Ofd),
            "jpg" | "jpeg" | "png" | "tif" | "tiff" | "bmp" => Some(Format::Picture),
            "docx" | "xlsx" => Some(Format::Office),
            _ => None,
        }
    }
}

fn extension(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// "名单.jpg" → "名单（脱敏）.pdf" when `ext` is "pdf".
fn marked_name(file_name: &str, ext: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    format!("{stem}（脱敏）.{ext}")
}

/// A redacted copy of the attachment `file_name` with content `bytes`, or why none can be
/// made. A file with nothing to redact is an error too: there is nothing to replace.
pub fn redact(
    scanner: &Scanner,
    opts: &ScanOptions,
    file_name: &str,
    bytes: &[u8],
) -> Result<Redacted, String> {
    redact_with(&OcrTools::find(), scanner, opts, file_name, bytes)
}

/// [`redact`] with the OCR programs given (tests pass missing ones).
pub fn redact_with(
    tools: &OcrTools,
    scanner: &Scanner,
    opts: &ScanOptions,
    file_name: &str,
    bytes: &[u8],
) -> Result<Redacted, String> {
    if bytes.len() > scan::MAX_READ {
        return Err("文件过大，无法自动脱敏".into());
    }
    let format = Format::of(file_name).ok_or_else(|| {
        format!(
            "“.{}”类型的文件暂不能自动脱敏，请手动处理后替换附件",
            extension(file_name)
        )
    })?;
    let guarded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        by_format(tools, scanner, opts, format, file_name, bytes)
    }));
    let redacted = guarded.unwrap_or_else(|_| Err("文件结构异常，无法脱敏".into()))?;
    if redacted.count == 0 {
        return Err("附件中没有找到需要遮盖的个人信息".into());
    }
    Ok(redacted)
}

fn by_format(
    tools: &OcrTools,
    scanner: &Scanner,
    opts: &ScanOptions,
    format: Format,
    file_name: &str,
    bytes: &[u8],
) -> Result<Redacted, String> {
    let title = marked_name(file_name, "pdf");
    let as_pdf = |pages: Vec<pages::Page>| {
        let boxes: Vec<Vec<Bbox>> = pages.iter().map(|p| p.boxes.clone()).collect();
        let images: Vec<Gray> = pages.into_iter().map(|p| p.image).collect();
        Redacted {
            bytes: raster::pdf(&title, &images, DPI),
            name: title.clone(),
            count: boxes.iter().map(Vec::len).sum(),
            boxes,
        }
    };
    match format {
        Format::Pdf => Ok(as_pdf(pages::pdf(tools, scanner, opts, bytes)?)),
        Format::Ofd => {
            let drawn = ofd::pdf(bytes)?;
            Ok(as_pdf(pages::pdf(tools, scanner, opts, &drawn)?))
        }
        Format::Picture => {
            let ext = extension(file_name);
            Ok(as_pdf(vec![pages::picture(
                tools, scanner, opts, &ext, bytes,
            )?]))
        }
        Format::Office => {
            let (out, count) = office::package(scanner, opts, bytes)?;
            let name = marked_name(file_name, &extension(file_name));
            // Every finding counted, not only the listed ones.
            let all = scan::ScanOptions {
                max_findings: usize::MAX,
                ..*opts
            };
            let left = scan::scan_file(scanner, &name, &out, &all)
                .into_iter()
                .filter(|f| REDACTED.contains(&f.kind))
                .count();
            if left > 0 {
                return Err(format!(
                    "有 {left} 处个人信息无法自动脱敏（可能被格式分隔），请手动修改后替换附件"
                ));
            }
            Ok(Redacted {
                name,
                bytes: out,
                count,
                boxes: Vec::new(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_formats() {
        assert_eq!(marked_name("名单.jpg", "pdf"), "名单（脱敏）.pdf");
        assert_eq!(marked_name("a.b.docx", "docx"), "a.b（脱敏）.docx");
        assert_eq!(Format::of("扫描.PDF"), Some(Format::Pdf));
        assert_eq!(Format::of("x.OFD"), Some(Format::Ofd));
        assert_eq!(Format::of("x.wps"), None);
        let tools = OcrTools {
            tesseract: None,
            pdftoppm: None,
        };
        let r = redact_with(
            &tools,
            &Scanner::new(&[]),
            &ScanOptions::default(),
            "a.pdf",
            b"%PDF",
        );
        assert_eq!(r.err().as_deref(), Some(scan::OCR_MISSING));
        let r = redact_with(
            &tools,
            &Scanner::new(&[]),
            &ScanOptions::default(),
            "a.wps",
            b"x",
        );
        assert!(r.err().is_some_and(|e| e.contains(".wps")));
    }
}
