//! OFD 转 PDF — an OFD's pages drawn as a PDF, for [`super::pages::pdf`] to render, read
//! (OCR and the text layer) and cover like any PDF: each document's pages in order, each
//! with the template pages it places under it and its annotations' appearances over it;
//! text in the embedded 宋体-style face at the places and sizes the OFD gives (so a
//! number's box on the rendered page is where the OFD shows it), pictures where they sit
//! (a scanned OFD is OCR'd like a scanned PDF), paths as outlines (`ofd_marks.rs`).
//!
//! What is not on a page — document properties, annotations' 说明, attached files — is
//! not carried into the redacted copy at all. The package passes `zipsafe` first, as the
//! scanner's reader does; a part that is missing or broken is an error, not a page left
//! out: a redacted copy with a page missing would be worse than none.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::time::{Duration, Instant};

use printpdf::{PdfDocument, RawImage, RawImageData, RawImageFormat};
use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use super::ofd_marks::{marks, Budget, Fault, Mark, Marks};
use super::pages::MAX_PAGES;
use super::raster::{lossless, Gray};
use crate::scan::ofd::layout::{attr, numbers};
use crate::scan::ofd::parts::{bodies, entry, folder, list, parse_document, resolve};
use crate::scan::ofd::MAX_PART;
use crate::typeset::fonts::{self, Face};
use crate::typeset::page::{Page, Pen, PT_PER_MM};

/// An A4 page, when neither the document nor the page says.
const A4: (f64, f64) = (210.0, 297.0);

struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl Package<'_> {
    fn bytes(&mut self, path: &str, max: u64) -> Result<Vec<u8>, String> {
        entry(&mut self.zip, path, max).map_err(|e| format!("OFD 中{e}，无法脱敏"))
    }

    fn xml(&mut self, path: &str) -> Result<String, String> {
        self.bytes(path, MAX_PART).map(|b| crate::scan::decode(&b))
    }
}

/// The page size and resource files `Document.xml` names, and each page's own size.
#[derive(Default)]
struct Common {
    size: Option<(f64, f64)>,
    resources: Vec<String>,
}

/// The first `PhysicalBox` of `xml` (a document's default page area, or a page's own
/// `Area`, which comes before its content), and the resource files it names: a document's
/// `PublicRes`/`DocumentRes`, a page's own `PageRes`.
fn common(xml: &str) -> Result<Common, ()> {
    let mut reader = Reader::from_str(xml);
    let mut out = Common::default();
    let mut element = Vec::new();
    loop {
        match reader.read_event().map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == b"Content" => break,
            Event::Start(e) => element = e.local_name().as_ref().to_vec(),
            Event::Text(t) => {
                let value = t.unescape().map_err(|_| ())?.trim().to_string();
                match element.as_slice() {
                    b"PhysicalBox" if out.size.is_none() => {
                        let n = numbers(&value);
                        if let [_, _, w, h, ..] = n[..] {
                            if w > 1.0 && h > 1.0 && w < 5000.0 && h < 5000.0 {
                                out.size = Some((w, h));
                            }
                        }
                    }
                    b"PublicRes" | b"DocumentRes" | b"PageRes" => out.resources.push(value),
                    _ => {}
                }
            }
            Event::End(_) => element.clear(),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The pictures a resource file at `path` lists: `MultiMedia` `ID` → entry name.
fn media(path: &str, xml: &str) -> Result<HashMap<String, String>, String> {
    let broken = || format!("“{path}”的 XML 有错误");
    let mut reader = Reader::from_str(xml);
    let mut base = folder(path).to_string();
    let mut out = HashMap::new();
    let mut id: Option<String> = None;
    let mut in_file = false;
    loop {
        match reader.read_event().map_err(|_| broken())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"Res" => {
                    if let Some(loc) = attr(&e, b"BaseLoc").filter(|l| !l.trim().is_empty()) {
                        base = resolve(folder(path), &loc)?;
                    }
                }
                b"MultiMedia" => id = attr(&e, b"ID"),
                b"MediaFile" => in_file = true,
                _ => {}
            },
            Event::Text(t) if in_file => {
                let file = t.unescape().map_err(|_| broken())?.trim().to_string();
                if let Some(id) = id.take() {
                    out.insert(id, resolve(&base, &file)?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"MediaFile" => in_file = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// How much one OFD may draw: far above a 60-page 公文 (a dense page has 3,000 characters; a
/// page scanned at 300 dpi is 8.7 million pixels), far below what would exhaust memory.
const BUDGET: Budget = Budget {
    glyphs: 1_000_000,
    points: 2_000_000,
};
const MAX_PIXELS: u64 = 600_000_000;
/// Drawing time, like the scanner's limit for reading an OFD.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// A page side longer than this (A0's long side is 1,189 mm) is not drawn.
const MAX_PAGE_MM: f64 = 1_200.0;
/// Glyphs placed further than this from the page, or bigger, are not drawn.
const FAR: f64 = 10_000.0;

const TOO_MUCH: &str = "OFD 中的文字或图形过多，无法自动脱敏，请拆分后再脱敏";

/// Draws everything of `marks` on `page`; pictures are decoded once per document.
struct Painter<'p, 'f> {
    doc: &'p mut PdfDocument,
    pen: Pen<'f>,
    media: HashMap<String, String>,
    pictures: HashMap<String, (printpdf::XObjectId, (usize, usize))>,
    budget: Budget,
    pixels_left: u64,
    deadline: Instant,
}

impl Painter<'_, '_> {
    /// Adds the pictures of the resource files `listed` (relative to `dir`).
    fn resources(&mut self, pkg: &mut Package, dir: &str, listed: &[String]) -> Result<(), String> {
        for res in listed {
            let res = resolve(dir, res)?;
            let xml = pkg.xml(&res)?;
            self.media.extend(media(&res, &xml)?);
        }
        Ok(())
    }

    /// The marks of the content file at `path`, with its own resources added (`PageRes`).
    fn read(
        &mut self,
        pkg: &mut Package,
        path: &str,
        advance: &dyn Fn(char) -> f64,
    ) -> Result<(Common, Marks), String> {
        if Instant::now() > self.deadline {
            return Err(format!(
                "OFD 绘制超过 {} 秒，无法自动脱敏",
                TIME_LIMIT.as_secs()
            ));
        }
        let xml = pkg.xml(path)?;
        let broken = || format!("“{path}”的 XML 有错误");
        let own = common(&xml).map_err(|_| broken())?;
        // A page's own resources (IDs are unique in the document, so they join its list).
        self.resources(pkg, folder(path), &own.resources)?;
        let drawn = marks(&xml, advance, &mut self.budget).map_err(|f| match f {
            Fault::Xml => broken(),
            Fault::TooMuch => TOO_MUCH.to_string(),
        })?;
        Ok((own, drawn))
    }

    fn draw(&mut self, pkg: &mut Package, page: &mut Page, marks: Vec<Mark>) -> Result<(), String> {
        for mark in marks {
            match mark {
                Mark::Glyphs {
                    size,
                    glyphs,
                    visible,
                    turned,
                } => {
                    let digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
                    if turned && glyphs.iter().any(|(_, _, c)| digit(c)) {
                        // Drawn upright, a turned number would read digit by digit, and
                        // neither the text layer nor OCR would find it to cover it.
                        return Err(
                            "OFD 中有旋转或竖排的数字，无法可靠地自动脱敏，请手动处理后替换附件"
                                .into(),
                        );
                    }
                    if !size.is_finite() || size <= 0.0 || size > FAR {
                        continue;
                    }
                    let pt = (size * f64::from(PT_PER_MM)) as f32;
                    page.text_visible(visible);
                    for (x, y, c) in glyphs {
                        let near = |v: f64| v.is_finite() && v.abs() < FAR;
                        if !c.is_whitespace() && near(x) && near(y) {
                            let s = c.to_string();
                            page.text(&mut self.pen, x as f32, y as f32, &s, Face::Body, pt);
                        }
                    }
                }
                Mark::Image {
                    resource,
                    bbox,
                    clip,
                } => {
                    page.flush_text();
                    let (id, px) = self.picture(pkg, &resource)?;
                    let [x, y, w, h] = bbox.map(|v| v as f32);
                    let [cx, cy, cw, ch] = clip.map(|v| v as f32);
                    page.image(id, px, (x, y, w, h), (cx, cy, cw, ch));
                }
                Mark::Path {
                    subpaths,
                    stroke,
                    fill,
                    width,
                } => {
                    page.flush_text();
                    page.path(
                        &subpaths,
                        stroke,
                        fill,
                        (width * f64::from(PT_PER_MM)) as f32,
                    )
                }
            }
        }
        Ok(())
    }

    /// The picture of `resource`, decoded and added to the PDF once.
    fn picture(
        &mut self,
        pkg: &mut Package,
        resource: &str,
    ) -> Result<(printpdf::XObjectId, (usize, usize)), String> {
        let Some(path) = self.media.get(resource).cloned() else {
            return Err(format!("OFD 引用的图片资源 {resource} 不存在，无法脱敏"));
        };
        if let Some(p) = self.pictures.get(&path) {
            return Ok(p.clone());
        }
        let bytes = pkg.bytes(&path, crate::scan::MAX_READ as u64)?;
        let g = Gray::decode(&bytes).map_err(|e| format!("OFD 中的图片“{path}”：{e}"))?;
        self.pixels_left = self
            .pixels_left
            .checked_sub((g.width * g.height) as u64)
            .ok_or_else(|| TOO_MUCH.to_string())?;
        let px = (g.width, g.height);
        let id = self.doc.add_image(&RawImage {
            pixels: RawImageData::U8(g.pixels),
            width: g.width,
            height: g.height,
            data_format: RawImageFormat::R8,
            tag: Vec::new(),
        });
        self.pictures.insert(path, (id.clone(), px));
        Ok((id, px))
    }
}

/// The OFD `bytes` drawn as a PDF, or why it cannot be.
pub fn pdf(bytes: &[u8]) -> Result<Vec<u8>, String> {
    crate::zipsafe::check(bytes, &crate::zipsafe::OFFICE)?;
    let zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件已损坏，或不是 OFD 文件".to_string())?;
    let mut pkg = Package { zip };
    let root = pkg
        .xml("OFD.xml")
        .map_err(|_| "不是 OFD 文件（缺少 OFD.xml）".to_string())?;
    let docs = bodies(&root).map_err(|_| "OFD.xml 的 XML 有错误".to_string())?;
    let fonts = fonts::get().map_err(|e| e.to_string())?;
    let mut doc = PdfDocument::new("OFD");
    let pen = Pen::new(fonts, &mut doc);
    let advance = |c: char| f64::from(fonts.advance(c, Face::Body));
    let mut painter = Painter {
        doc: &mut doc,
        pen,
        media: HashMap::new(),
        pictures: HashMap::new(),
        budget: BUDGET,
        pixels_left: MAX_PIXELS,
        deadline: Instant::now() + TIME_LIMIT,
    };
    let mut pages = Vec::new();
    let mut total = 0;
    for body in docs.into_iter().take(MAX_PAGES as usize) {
        let Some(loc) = body.root else { continue };
        let path = resolve("", &loc)?;
        let xml = pkg.xml(&path)?;
        let broken = || format!("“{path}”的 XML 有错误");
        let d = parse_document(&xml, MAX_PAGES as usize).map_err(|_| broken())?;
        total += d.page_count;
        if total > MAX_PAGES as usize {
            return Err(format!(
                "文件有 {total} 页，超过自动脱敏的 {MAX_PAGES} 页上限，请拆分后再脱敏"
            ));
        }
        let dir = folder(&path);
        let shared = common(&xml).map_err(|_| broken())?;
        painter.media.clear();
        painter.pictures.clear();
        painter.resources(&mut pkg, dir, &shared.resources)?;
        let templates: HashMap<String, String> = d.templates.into_iter().collect();
        let annotations = match &d.annotations {
            Some(loc) => annotation_files(&mut pkg, &resolve(dir, loc)?)?,
            None => HashMap::new(),
        };
        for (id, loc) in &d.pages {
            let (own, content) = painter.read(&mut pkg, &resolve(dir, loc)?, &advance)?;
            let (w, h) = own.size.or(shared.size).unwrap_or(A4);
            if w > MAX_PAGE_MM || h > MAX_PAGE_MM {
                return Err(format!("OFD 的页面大于 {MAX_PAGE_MM} 毫米，无法自动脱敏"));
            }
            let mut page = Page::new((w as f32, h as f32));
            // Each template once, under the page (a template placed twice is drawn once).
            let mut placed = HashSet::new();
            for tid in content.templates.iter().filter(|t| placed.insert(*t)) {
                if let Some(tloc) = templates.get(tid) {
                    let (_, t) = painter.read(&mut pkg, &resolve(dir, tloc)?, &advance)?;
                    painter.draw(&mut pkg, &mut page, t.marks)?;
                }
            }
            painter.draw(&mut pkg, &mut page, content.marks)?;
            for apath in annotations.get(id).into_iter().flatten() {
                let (_, a) = painter.read(&mut pkg, apath, &advance)?;
                painter.draw(&mut pkg, &mut page, a.marks)?;
            }
            pages.push(page.finish());
        }
    }
    drop(painter);
    if pages.is_empty() {
        return Err("OFD 中没有页面，无法脱敏".into());
    }
    Ok(doc.with_pages(pages).save(&lossless(), &mut Vec::new()))
}

/// `Annotations.xml` at `path`: page `ID` → that page's annotation files (each once).
fn annotation_files(pkg: &mut Package, path: &str) -> Result<HashMap<String, Vec<String>>, String> {
    let xml = pkg.xml(path)?;
    let listed = list(&xml, b"Page", b"PageID").map_err(|_| format!("“{path}”的 XML 有错误"))?;
    let mut by_page: HashMap<String, Vec<String>> = HashMap::new();
    for (page, file) in listed {
        let file = resolve(folder(path), &file.loc)?;
        let files = by_page.entry(page).or_default();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    Ok(by_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_area_and_resources() {
        let c = common(
            r#"<Document><CommonData><PageArea><PhysicalBox>0 0 297 210</PhysicalBox></PageArea>
            <PublicRes>PublicRes.xml</PublicRes><DocumentRes>DocumentRes.xml</DocumentRes></CommonData></Document>"#,
        )
        .unwrap();
        assert_eq!(c.size, Some((297.0, 210.0)));
        assert_eq!(c.resources, ["PublicRes.xml", "DocumentRes.xml"]);
        // A page's own resources; a box in its content (an annotation's) is not the page's area.
        let p = common(
            "<Page><PageRes>Res.xml</PageRes><Content><Layer><PhysicalBox>0 0 5 5</PhysicalBox></Layer></Content></Page>",
        )
        .unwrap();
        assert_eq!(p.size, None);
        assert_eq!(p.resources, ["Res.xml"]);
        let m = media(
            "Doc_0/DocumentRes.xml",
            r#"<Res BaseLoc="Res"><MultiMedias><MultiMedia ID="7" Type="Image"><MediaFile>scan.png</MediaFile></MultiMedia>
            <MultiMedia ID="8"><MediaFile>/Doc_0/Res/b.jpg</MediaFile></MultiMedia></MultiMedias></Res>"#,
        )
        .unwrap();
        assert_eq!(m["7"], "Doc_0/Res/scan.png");
        assert_eq!(m["8"], "Doc_0/Res/b.jpg");
        assert!(media("a.xml", r#"<Res BaseLoc="../../x"/>"#).is_err());
    }
}
