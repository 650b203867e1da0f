//! 一键脱敏 of an OFD (#23): a package built to the standard's structure — typed text
//! placed glyph by glyph and split over runs, a template page, an annotation's appearance,
//! a table rule, and a scanned page that is only a picture — comes out as a PDF of
//! pictures in which no number reads, by any OCR mode, while the rest of each page does.
//!
//! These run the real `tesseract`, `pdftoppm` and `pdftotext` (`make test` installs them).

use std::io::Write;

use disclosure_core::demo::scans;
use disclosure_core::redact::{self, Gray};
use disclosure_core::scan::{self, Kind, ScanOptions, Scanner};

use super::redact::{
    assert_hidden_and_readable, assert_nothing_left, pdftotext, redacted, IDS, SENTENCE,
};

const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
const PHONE: &str = "13912345670";

fn zip(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, body) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

fn text(x: f64, y: f64, codes: &str) -> String {
    format!(
        r#"<ofd:TextObject ID="9" Boundary="{x} {y} 170 10" Font="3" Size="5">{codes}</ofd:TextObject>"#
    )
}

fn page(body: &str, template: bool) -> Vec<u8> {
    let t = if template {
        r#"<ofd:Template TemplateID="2" ZOrder="Background"/>"#
    } else {
        ""
    };
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}>{t}<ofd:Content><ofd:Layer ID="4" Type="Body">{body}</ofd:Layer></ofd:Content></ofd:Page>"#).into_bytes()
}

/// The top of a scanned page (an ID number and the sentence) as a PNG, and its height in mm
/// at full page width.
fn scanned_strip() -> (Vec<u8>, f64) {
    let pdf = scans::text_pdf(&[vec![
        format!("身份证号 {}", IDS[1]),
        format!("{SENTENCE}。"),
    ]])
    .unwrap();
    let page = scans::rasterise(&pdf, 300).unwrap().swap_remove(0);
    let rows = 900;
    let strip = Gray {
        width: page.width,
        height: rows,
        pixels: page.pixels[..page.width * rows].to_vec(),
    };
    let mut png = std::io::Cursor::new(Vec::new());
    image::GrayImage::from_raw(strip.width as u32, strip.height as u32, strip.pixels)
        .unwrap()
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    (png.into_inner(), rows as f64 / 300.0 * 25.4)
}

fn planted_ofd() -> Vec<u8> {
    let (png, strip_mm) = scanned_strip();
    let digits_spaced = "g 17 2.6";
    let page_1 = [
        text(20.0, 20.0, r#"<ofd:TextCode X="0" Y="6">关于补助发放情况的公示</ofd:TextCode>"#),
        r#"<ofd:PathObject ID="11" Boundary="20 30 170 1" LineWidth="0.5"><ofd:AbbreviatedData>M 0 0 L 170 0</ofd:AbbreviatedData></ofd:PathObject>"#.into(),
        // The number glyph by glyph, as OA systems place it.
        text(20.0, 40.0, &format!(
            r#"<ofd:TextCode X="0" Y="6">身份证号</ofd:TextCode><ofd:TextCode X="22" Y="6" DeltaX="{digits_spaced}">{}</ofd:TextCode>"#,
            IDS[0]
        )),
        // The mobile number split over two runs.
        text(20.0, 55.0, &format!(
            r#"<ofd:TextCode X="0" Y="6">联系电话</ofd:TextCode><ofd:TextCode X="22" Y="6">{}</ofd:TextCode><ofd:TextCode>{}</ofd:TextCode>"#,
            &PHONE[..6], &PHONE[6..]
        )),
        text(20.0, 70.0, &format!(r#"<ofd:TextCode X="0" Y="6">{SENTENCE}。</ofd:TextCode>"#)),
    ]
    .concat();
    let page_2 = format!(
        r#"<ofd:ImageObject ID="12" Boundary="0 10 210 {strip_mm}" CTM="210 0 0 {strip_mm} 0 0" ResourceID="7"/>"#
    );
    let xml = |s: String| s.into_bytes();
    zip(&[
        (
            "OFD.xml",
            xml(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID><ofd:Title>公示</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
            )),
        ),
        (
            "Doc_0/Document.xml",
            xml(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>40</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="20" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>"#
            )),
        ),
        (
            "Doc_0/PublicRes.xml",
            xml(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体"/></ofd:Fonts></ofd:Res>"#
            )),
        ),
        (
            "Doc_0/DocumentRes.xml",
            xml(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="7" Type="Image" Format="PNG"><ofd:MediaFile>scan.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"#
            )),
        ),
        ("Doc_0/Res/scan.png", png),
        ("Doc_0/Pages/Page_0/Content.xml", page(&page_1, true)),
        ("Doc_0/Pages/Page_1/Content.xml", page(&page_2, false)),
        (
            "Doc_0/Tpls/Tpl_0/Content.xml",
            page(
                &text(
                    20.0,
                    5.0,
                    r#"<ofd:TextCode X="0" Y="5">政务公开</ofd:TextCode>"#,
                ),
                false,
            ),
        ),
        (
            "Doc_0/Annots/Annotations.xml",
            xml(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations {NS}><ofd:Page PageID="10"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"#
            )),
        ),
        (
            "Doc_0/Annots/Page_0/Annotation.xml",
            xml(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot {NS}><ofd:Annot ID="31" Type="Stamp"><ofd:Appearance Boundary="20 90 170 20">{}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>"#,
                text(
                    0.0,
                    0.0,
                    &format!(
                        r#"<ofd:TextCode X="0" Y="6">复核人 {}</ofd:TextCode>"#,
                        IDS[2]
                    )
                )
            )),
        ),
    ])
}

#[test]
fn an_ofd_is_drawn_covered_and_still_reads() {
    let ofd = planted_ofd();
    // The scanner reads the typed numbers in the OFD (the scanned page is left to a person).
    let before = scan::scan_file(
        &Scanner::new(&[]),
        "公示.ofd",
        &ofd,
        &ScanOptions::default(),
    );
    assert!(before.iter().any(|f| f.kind == Kind::IdCard), "{before:#?}");
    assert!(before.iter().any(|f| f.kind == Kind::Mobile), "{before:#?}");

    let r = redacted("公示.ofd", &ofd);
    assert_eq!(r.name, "公示（脱敏）.pdf");
    assert_eq!(r.boxes.len(), 2, "two pages");
    assert!(
        !r.boxes[0].is_empty() && !r.boxes[1].is_empty(),
        "{:?}",
        r.boxes
    );
    assert_eq!(pdftotext(&r.bytes, &[]).trim(), "", "pictures only");
    assert_hidden_and_readable(&r.bytes, &[IDS[0], IDS[1], IDS[2], PHONE], SENTENCE);
    assert_nothing_left(&r);
}

/// A one-page OFD drawing `body`, with `pictures` (resource ID, PNG) in its DocumentRes.
fn one_page(body: &str, pictures: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let listed: String = pictures
        .iter()
        .map(|(id, _)| format!(r#"<ofd:MultiMedia ID="{id}" Type="Image"><ofd:MediaFile>p{id}.png</ofd:MediaFile></ofd:MultiMedia>"#))
        .collect();
    let mut parts = vec![
        ("OFD.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>b</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#).into_bytes()),
        ("Doc_0/Document.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#).into_bytes()),
        ("Doc_0/DocumentRes.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias>{listed}</ofd:MultiMedias></ofd:Res>"#).into_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml".to_string(), page(body, false)),
    ];
    for (id, png) in pictures {
        parts.push((format!("Doc_0/Res/p{id}.png"), png.clone()));
    }
    let refs: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    zip(&refs)
}

#[test]
fn a_scan_under_an_invisible_text_layer_is_covered_and_the_layer_not_painted() {
    // A 双层 OFD: the scanned picture, and over it the OCR text its producer added,
    // invisible (Fill="false"). The copy shows the scan, boxed, and no second, black
    // copy of the text painted over it.
    let (png, strip_mm) = scanned_strip();
    let layer = IDS[1];
    let body = format!(
        r#"<ofd:ImageObject ID="2" Boundary="0 10 210 {strip_mm}" CTM="210 0 0 {strip_mm} 0 0" ResourceID="7"/><ofd:TextObject ID="3" Boundary="20 30 170 10" Size="5" Fill="false"><ofd:TextCode X="0" Y="6">照片页 {layer}</ofd:TextCode></ofd:TextObject>"#
    );
    let ofd = one_page(&body, &[("7", png)]);
    let r = redacted("双层.ofd", &ofd);
    assert!(r.count >= 1, "{:?}", r.boxes);
    assert_hidden_and_readable(&r.bytes, &[IDS[1]], SENTENCE);
    // The invisible words were not painted: OCR does not read them.
    let read = super::redact::ocr(&r.bytes, 6);
    assert!(!read.contains("照片页"), "{read}");
}

#[test]
fn what_cannot_be_drawn_safely_is_refused() {
    let s = Scanner::new(&[]);
    let o = ScanOptions::default();
    let refused = |ofd: &[u8]| redact::redact(&s, &o, "x.ofd", ofd).err().unwrap();
    // A number turned on its side would be drawn upright digit by digit and not found.
    let turned = one_page(
        &format!(
            r#"<ofd:TextObject ID="2" Boundary="20 30 170 10" Size="5" CTM="0 1 -1 0 0 0"><ofd:TextCode X="0" Y="6">{PHONE}</ofd:TextCode></ofd:TextObject>"#
        ),
        &[],
    );
    assert!(refused(&turned).contains("旋转或竖排的数字"));
    // A picture claiming 16,000 pixels across, a few hundred bytes of PNG.
    let mut wide = std::io::Cursor::new(Vec::new());
    image::GrayImage::new(16_000, 4)
        .write_to(&mut wide, image::ImageFormat::Png)
        .unwrap();
    let big = one_page(
        r#"<ofd:ImageObject ID="2" Boundary="0 0 210 10" ResourceID="7"/>"#,
        &[("7", wide.into_inner())],
    );
    assert!(refused(&big).contains("像素见方"), "{}", refused(&big));
    // Over a million characters on one page.
    let crowded = one_page(
        &format!(
            r#"<ofd:TextObject ID="2" Boundary="0 0 1 1" Size="1"><ofd:TextCode X="0" Y="1">{}</ofd:TextCode></ofd:TextObject>"#,
            "1".repeat(1_100_000)
        ),
        &[],
    );
    assert!(refused(&crowded).contains("过多"));
}

#[test]
fn a_broken_ofd_is_refused_with_its_reason() {
    let s = Scanner::new(&[]);
    let o = ScanOptions::default();
    let no_root = zip(&[("a.xml", b"<a/>".to_vec())]);
    let e = redact::redact(&s, &o, "x.ofd", &no_root).err().unwrap();
    assert!(e.contains("OFD.xml"), "{e}");
    // A page naming a picture the package does not hold: no copy with a page missing.
    let mut parts = zip::ZipArchive::new(std::io::Cursor::new(planted_ofd())).unwrap();
    let mut kept = Vec::new();
    for i in 0..parts.len() {
        let mut f = parts.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with("scan.png") {
            continue;
        }
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut body).unwrap();
        kept.push((name, body));
    }
    let refs: Vec<(&str, Vec<u8>)> = kept.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let e = redact::redact(&s, &o, "x.ofd", &zip(&refs)).err().unwrap();
    assert!(e.contains("scan.png"), "{e}");
}
