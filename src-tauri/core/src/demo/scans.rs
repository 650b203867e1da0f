//! 扫描件样本 — scanned documents and photos of them made from text, for the OCR tests and
//! the OCR bench: text typeset into a PDF with the embedded fonts, rasterised by
//! `pdftoppm` (poppler-utils), and wrapped back into a PDF that has pictures and no text
//! layer; or turned slightly and speckled like a phone photo (the caller compresses it).

use std::process::Command;

use crate::typeset::fonts::Face;
use crate::typeset::page::Page;

pub use crate::redact::Gray;

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

/// A PDF of `pages`, each a picture filling a page at `dpi`, with no text layer: a scan.
pub fn image_pdf(pages: &[Gray], dpi: u32) -> Vec<u8> {
    crate::redact::pictures_pdf("扫描件", pages, dpi)
}

/// As a phone photo of the page: turned `degrees` about its centre (bilinear), on a
/// greyish sheet, with some speckle noise (a fixed pseudo-random sequence per `seed`).
pub fn photo(page: &Gray, degrees: f32, seed: u64) -> Gray {
    let (w, h) = (page.width as f32, page.height as f32);
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
        if x < 0 || y < 0 || x >= page.width as i64 || y >= page.height as i64 {
            255.0
        } else {
            f32::from(page.pixels[y as usize * page.width + x as usize])
        }
    };
    let mut pixels = Vec::with_capacity(page.pixels.len());
    for y in 0..page.height {
        for x in 0..page.width {
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
        width: page.width,
        height: page.height,
        pixels,
    }
}
