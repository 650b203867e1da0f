//! 扫描件样本 — scanned documents and photos of them made from text, for the OCR tests and
//! the OCR bench: text typeset into a PDF with the embedded fonts, rasterised by
//! `pdftoppm` (poppler-utils), and wrapped back into a PDF that has pictures and no text
//! layer; or turned slightly and speckled like a phone photo (the caller compresses it).

use std::process::Command;

use printpdf::{
    Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, Pt, RawImage, RawImageData, RawImageFormat,
    XObjectTransform,
};

use crate::sheet::fonts::Face;
use crate::sheet::page::Page;

/// A grey image, one byte a pixel, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// A4 in millimetres.
const A4: (f32, f32) = (210.0, 297.0);

/// A PDF with a text layer: one page per entry, each line in 16 pt body text, 12 mm apart.
pub fn text_pdf(pages: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let pdf = crate::sheet::build("扫描件样本", |pen| {
        pages
            .iter()
            .map(|lines| {
                let mut page = Page::new(A4);
                for (i, line) in lines.iter().enumerate() {
                    page.text(pen, 20.0, 30.0 + 12.0 * i as f32, line, Face::Body, 16.0);
                }
                page
            })
            .collect()
    })
    .map_err(|e| e.to_string())?;
    if !pdf.missing.is_empty() {
        return Err(format!("字体缺字：{:?}", pdf.missing));
    }
    Ok(pdf.bytes)
}

/// Every page of `pdf` as a grey image at `dpi`, through `pdftoppm`.
pub fn rasterise(pdf: &[u8], dpi: u32) -> Result<Vec<Gray>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).map_err(|e| e.to_string())?;
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray"])
        .arg(&input)
        .arg(dir.path().join("p"))
        .status()
        .map_err(|e| format!("pdftoppm: {e}"))?;
    if !status.success() {
        return Err(format!("pdftoppm: {status}"));
    }
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pgm"))
        .collect();
    // p-01.pgm … p-20.pgm: zero-padded, so the names sort as the pages.
    files.sort();
    files
        .iter()
        .map(|f| Gray::from_pgm(&std::fs::read(f).map_err(|e| e.to_string())?))
        .collect()
}

/// A PDF of `pages`, each a picture filling an A4 page, with no text layer: a scan.
pub fn image_pdf(pages: &[Gray], dpi: u32) -> Vec<u8> {
    let mut doc = PdfDocument::new("扫描件");
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
            PdfPage::new(Mm(A4.0), Mm(A4.1), ops)
        })
        .collect();
    doc.with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
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

    /// As a phone photo of the page: turned `degrees` about its centre (bilinear), on a
    /// greyish sheet, with some speckle noise (a fixed pseudo-random sequence per `seed`).
    pub fn photo(&self, degrees: f32, seed: u64) -> Gray {
        let (w, h) = (self.width as f32, self.height as f32);
        let (sin, cos) = degrees.to_radians().sin_cos();
        let mut state = seed | 1;
        let mut noise = move || {
            // xorshift64: enough for speckles.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 41) as f32 - 20.0
        };
        let at = |x: i64, y: i64| -> f32 {
            if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
                255.0
            } else {
                f32::from(self.pixels[y as usize * self.width + x as usize])
            }
        };
        let mut pixels = Vec::with_capacity(self.pixels.len());
        for y in 0..self.height {
            for x in 0..self.width {
                // Where this pixel comes from in the upright page.
                let (dx, dy) = (x as f32 - w / 2.0, y as f32 - h / 2.0);
                let sx = cos * dx + sin * dy + w / 2.0;
                let sy = -sin * dx + cos * dy + h / 2.0;
                let (x0, y0) = (sx.floor(), sy.floor());
                let (fx, fy) = (sx - x0, sy - y0);
                let (x0, y0) = (x0 as i64, y0 as i64);
                let v = at(x0, y0) * (1.0 - fx) * (1.0 - fy)
                    + at(x0 + 1, y0) * fx * (1.0 - fy)
                    + at(x0, y0 + 1) * (1.0 - fx) * fy
                    + at(x0 + 1, y0 + 1) * fx * fy;
                // Paper is not white under a desk lamp.
                let v = 30.0 + v * 0.8 + noise();
                pixels.push(v.clamp(0.0, 255.0) as u8);
            }
        }
        Gray {
            width: self.width,
            height: self.height,
            pixels,
        }
    }
}
