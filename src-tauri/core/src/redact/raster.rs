//! 页面图像 — pages as grey pictures: PDF pages rasterised by `pdftoppm` (poppler-utils),
//! pictures decoded by the `image` crate, boxes painted black on them, and a PDF made of
//! nothing but those pictures (printpdf), so no text survives under a box.

use std::path::Path;
use std::time::Duration;

use printpdf::{
    ImageCompression, ImageOptimizationOptions, Op, PdfDocument, PdfPage, PdfSaveOptions, Pt,
    RawImage, RawImageData, RawImageFormat, XObjectTransform,
};

use crate::scan::Bbox;

/// The widest or highest picture decoded: an A0 sheet at 300 dpi is 9,933 × 14,043.
pub const MAX_SIDE: u32 = 15_000;

/// A grey image, one byte a pixel, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    /// Reads a binary PGM (`P5`, 8 bits) as `pdftoppm -gray` writes it.
    pub fn from_pgm(bytes: &[u8]) -> Result<Gray, String> {
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 && i < bytes.len() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
        }
        let n = |k: usize| fields.get(k).and_then(|f| f.parse::<usize>().ok());
        match (fields.first().map(String::as_str), n(1), n(2), n(3)) {
            (Some("P5"), Some(width), Some(height), Some(255))
                if bytes.len() > i + width * height =>
            {
                Ok(Gray {
                    width,
                    height,
                    pixels: bytes[i + 1..i + 1 + width * height].to_vec(),
                })
            }
            _ => Err("不是 8 位 PGM 图像".into()),
        }
    }

    /// A picture file (JPEG, PNG, TIFF, BMP, GIF) in grey; only its first page. A picture
    /// wider or higher than [`MAX_SIDE`] pixels is refused before it is decoded (a few
    /// hundred KB of PNG can claim gigabytes of pixels).
    pub fn decode(bytes: &[u8]) -> Result<Gray, String> {
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| "图片无法解码".to_string())?;
        reader.limits(limits);
        let img = reader.decode().map_err(|e| match e {
            image::ImageError::Limits(_) => format!("图片超过 {MAX_SIDE} 像素见方，无法处理"),
            _ => "图片无法解码".to_string(),
        })?;
        let luma = img.into_luma8();
        Ok(Gray {
            width: luma.width() as usize,
            height: luma.height() as usize,
            pixels: luma.into_raw(),
        })
    }

    /// Paints `b` black, clipped to the picture.
    pub fn cover(&mut self, b: Bbox) {
        let (x0, y0) = (b.x as usize, b.y as usize);
        let x1 = (x0 + b.width as usize).min(self.width);
        let y1 = (y0 + b.height as usize).min(self.height);
        for y in y0.min(y1)..y1 {
            self.pixels[y * self.width + x0.min(x1)..y * self.width + x1].fill(0);
        }
    }
}

/// Page `n` (from 1) of the PDF at `pdf` as a grey picture at `dpi`, made in `dir`.
pub fn page(pdftoppm: &Path, pdf: &Path, dir: &Path, n: u32, dpi: u32) -> Result<Gray, String> {
    let stem = dir.join(format!("r{n}"));
    let page = n.to_string();
    let ran = crate::scan::run_program(
        std::process::Command::new(pdftoppm)
            .args(["-r", &dpi.to_string(), "-gray", "-singlefile"])
            .args(["-f", &page, "-l", &page])
            .arg(pdf)
            .arg(&stem),
        TIME_LIMIT,
    )
    .is_ok();
    let file = stem.with_extension("pgm");
    let read = std::fs::read(&file);
    let _ = std::fs::remove_file(&file);
    match (ran, read) {
        (true, Ok(bytes)) => Gray::from_pgm(&bytes),
        _ => Err(format!("第{n}页无法渲染为图像")),
    }
}

/// How long rasterising one page may take.
const TIME_LIMIT: Duration = Duration::from_secs(90);

/// A PDF whose every page is one of `pages`, at `dpi`: the page is the picture's size, and
/// it holds the picture and nothing else (no text layer, no fonts).
pub fn pdf(title: &str, pages: &[Gray], dpi: u32) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let points = |px: usize| px as f32 * 72.0 / dpi as f32;
    let pages: Vec<PdfPage> = pages
        .iter()
        .map(|g| {
            let id = doc.add_image(&RawImage {
                pixels: RawImageData::U8(g.pixels.clone()),
                width: g.width,
                height: g.height,
                data_format: RawImageFormat::R8,
                tag: Vec::new(),
            });
            let ops = vec![Op::UseXobject {
                id,
                transform: XObjectTransform {
                    translate_x: Some(Pt(0.0)),
                    translate_y: Some(Pt(0.0)),
                    dpi: Some(dpi as f32),
                    ..XObjectTransform::default()
                },
            }];
            PdfPage::new(Pt(points(g.width)).into(), Pt(points(g.height)).into(), ops)
        })
        .collect();
    doc.with_pages(pages).save(&lossless(), &mut Vec::new())
}

/// Pictures kept lossless and at full size: printpdf's defaults would shrink a page to 2 MB.
pub fn lossless() -> PdfSaveOptions {
    PdfSaveOptions {
        image_optimization: Some(ImageOptimizationOptions {
            quality: None,
            max_image_size: None,
            dither_greyscale: Some(false),
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::Flate),
        }),
        ..PdfSaveOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_painted_black_and_clipped() {
        let mut g = Gray {
            width: 4,
            height: 3,
            pixels: vec![255; 12],
        };
        g.cover(Bbox {
            x: 2,
            y: 1,
            width: 10,
            height: 10,
        });
        assert_eq!(
            g.pixels,
            [255, 255, 255, 255, 255, 255, 0, 0, 255, 255, 0, 0]
        );
        g.cover(Bbox {
            x: 9,
            y: 9,
            width: 1,
            height: 1,
        });
        assert_eq!(g.pixels.iter().filter(|&&p| p == 0).count(), 4);
    }
}
