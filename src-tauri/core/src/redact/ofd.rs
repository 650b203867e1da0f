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

use std::collections::HashMap;
use std::io::Cursor;

use printpdf::{PdfDocument, RawImage, RawImageData, RawImageFormat};
use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use super::ofd_marks::{marks, Mark};
use super::pages::MAX_PAGES;
use super::raster::{lossless, Gray};
use crate::scan::ofd::layout::{attr, numbers};
use crate::scan::ofd::parts::{bodies, entry, folder, list, parse_document, resolve};
use crate::typeset::fonts::{self, Face};
use crate::typeset::page::{Page, Pen, PT_PER_MM};

/// An A4 page, when neither the document nor the page says.
const A4: (f64, f64) = (210.0, 297.0);
/// A content or resource file bigger than this is not parsed (a dense page is under 1 MB).
const MAX_PART: u64 = 32 << 20;

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

/// Draws everything of `marks` on `page`; pictures are decoded once per document.
struct Painter<'p, 'f> {
    doc: &'p mut PdfDocument,
    pen: Pen<'f>,
    media: HashMap<String, String>,
    pictures: HashMap<String, (printpdf::XObjectId, (usize, usize))>,
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

    fn draw(&mut self, pkg: &mut Package, page: &mut Page, marks: Vec<Mark>) -> Result<(), String> {
        for mark in marks {
            match mark {
                Mark::Glyphs { size, glyphs } => {
                    let pt = (size * f64::from(PT_PER_MM)) as f32;
                    for (x, y, c) in glyphs {
                        if !c.is_whitespace() {
                            let s = c.to_string();
                            page.text(&mut self.pen, x as f32, y as f32, &s, Face::Body, pt);
                        }
                    }
                }
                Mark::Image { resource, bbox } => {
                    let Some(path) = self.media.get(&resource).cloned() else {
                        return Err(format!("OFD 引用的图片资源 {resource} 不存在，无法脱敏"));
                    };
                    let (id, px) = match self.pictures.get(&path) {
                        Some(p) => p.clone(),
                        None => {
                            let bytes = pkg.bytes(&path, crate::scan::MAX_READ as u64)?;
                            let g = Gray::decode(&bytes)
                                .map_err(|_| format!("OFD 中的图片“{path}”无法解码"))?;
                            let px = (g.width, g.height);
                            let id = self.doc.add_image(&RawImage {
                                pixels: RawImageData::U8(g.pixels),
                                width: g.width,
                                height: g.height,
                                data_format: RawImageFormat::R8,
                                tag: Vec::new(),
                            });
                            self.pictures.insert(path, (id.clone(), px));
                            (id, px)
                        }
                    };
                    let [x, y, w, h] = bbox.map(|v| v as f32);
                    page.image(id, px, (x, y, w, h));
                }
                Mark::Path {
                    subpaths,
                    stroke,
                    fill,
                    width,
                } => page.path(
                    &subpaths,
                    stroke,
                    fill,
                    (width * f64::from(PT_PER_MM)) as f32,
                ),
            }
        }
        Ok(())
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
    };
    let mut pages = Vec::new();
    let too_many =
        |n: usize| format!("文件有 {n} 页，超过自动脱敏的 {MAX_PAGES} 页上限，请拆分后再脱敏");
    let mut total = 0;
    for body in docs {
        let Some(loc) = body.root else { continue };
        let path = resolve("", &loc)?;
        let xml = pkg.xml(&path)?;
        let broken = || format!("“{path}”的 XML 有错误");
        let d = parse_document(&xml, MAX_PAGES as usize).map_err(|_| broken())?;
        total += d.page_count;
        if total > MAX_PAGES as usize {
            return Err(too_many(total));
        }
        let dir = folder(&path);
        let shared = common(&xml).map_err(|_| broken())?;
        painter.media.clear();
        painter.pictures.clear();
        painter.resources(&mut pkg, dir, &shared.resources)?;
        let templates: HashMap<String, String> = d.templates.into_iter().collect();
        let annotations = match &d.annotations {
            Some(loc) => {
                let path = resolve(dir, loc)?;
                let xml = pkg.xml(&path)?;
                let listed =
                    list(&xml, b"Page", b"PageID").map_err(|_| format!("“{path}”的 XML 有错误"))?;
                let mut by_page: HashMap<String, Vec<String>> = HashMap::new();
                for (page, file) in listed {
                    by_page
                        .entry(page)
                        .or_default()
                        .push(resolve(folder(&path), &file.loc)?);
                }
                by_page
            }
            None => HashMap::new(),
        };
        for (id, loc) in &d.pages {
            let path = resolve(dir, loc)?;
            let xml = pkg.xml(&path)?;
            let broken = || format!("“{path}”的 XML 有错误");
            let own = common(&xml).map_err(|_| broken())?;
            // A page's own resources (IDs are unique in the document, so they join its list).
            painter.resources(&mut pkg, folder(&path), &own.resources)?;
            let (w, h) = own.size.or(shared.size).unwrap_or(A4);
            let mut page = Page::new((w as f32, h as f32));
            let content = marks(&xml, &advance).map_err(|_| broken())?;
            for tid in &content.templates {
                if let Some(tloc) = templates.get(tid) {
                    let tpath = resolve(dir, tloc)?;
                    let txml = pkg.xml(&tpath)?;
                    let t =
                        marks(&txml, &advance).map_err(|_| format!("“{tpath}”的 XML 有错误"))?;
                    painter.draw(&mut pkg, &mut page, t.marks)?;
                }
            }
            painter.draw(&mut pkg, &mut page, content.marks)?;
            for apath in annotations.get(id).into_iter().flatten() {
                let axml = pkg.xml(apath)?;
                let a = marks(&axml, &advance).map_err(|_| format!("“{apath}”的 XML 有错误"))?;
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
