//! 附件脱敏 (#23): a scanned PDF with three 身份证号, redacted, has no text at all and no
//! number OCR can read, while an ordinary sentence on it still reads; a .docx and a .xlsx
//! come out masked in every part and still open.
//!
//! These run the real `tesseract`, `pdftoppm` and `pdftotext` (`make test` installs them).

use std::io::{Read, Write};
use std::process::Command;

use disclosure_core::demo::scans;
use disclosure_core::redact::{self, Gray};
use disclosure_core::scan::{self, Kind, OcrTools, ScanOptions, Scanner};

pub(crate) const IDS: [&str; 3] = [
    "11010519491231002X",
    "440308199001011239",
    "210302199001011238",
];
pub(crate) const SENTENCE: &str = "以上人员经公示无异议";

pub(crate) fn redacted(name: &str, bytes: &[u8]) -> redact::Redacted {
    let r = redact::redact(&Scanner::new(&[]), &ScanOptions::default(), name, bytes)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    r
}

/// The digits and X in `s`, as OCR may read them (look-alike letters as digits).
fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'O' | 'o' => Some('0'),
            'l' | 'I' | '|' => Some('1'),
            'S' => Some('5'),
            'B' => Some('8'),
            'x' | 'X' => Some('X'),
            c if c.is_ascii_digit() => Some(c),
            _ => None,
        })
        .collect()
}

pub(crate) fn pdftotext(pdf: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(args)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What Tesseract reads on every page of `pdf`, rasterised at 300 dpi, in page
/// segmentation mode `psm`: 3 (automatic, as the scanner reads) takes a black bar for a
/// picture and may drop the words beside it, 6 reads the page as one block of text, 11
/// looks for any text in any order.
pub(crate) fn ocr(pdf: &[u8], psm: u8) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for (i, page) in scans::rasterise(pdf, 300).unwrap().iter().enumerate() {
        let path = dir.path().join(format!("p{i}.pgm"));
        let mut pgm = format!("P5\n{} {}\n255\n", page.width, page.height).into_bytes();
        pgm.extend_from_slice(&page.pixels);
        std::fs::write(&path, pgm).unwrap();
        let out = Command::new("tesseract")
            .arg(&path)
            .arg("stdout")
            .args([
                "-l",
                "chi_sim+eng",
                "--dpi",
                "300",
                "--psm",
                &psm.to_string(),
            ])
            .output()
            .expect("tesseract is installed");
        text.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    text
}

/// No `numbers` (their middles) in what any reading mode reads; `sentence` in what a
/// plain reading of the page reads.
pub(crate) fn assert_hidden_and_readable(pdf: &[u8], numbers: &[&str], sentence: &str) {
    for psm in [3, 6, 11] {
        let read = digits(&ocr(pdf, psm));
        for n in numbers {
            let middle = &n[4..n.len() - 3];
            assert!(!read.contains(middle), "{n} reads (psm {psm}): {read}");
        }
    }
    let read = ocr(pdf, 6).replace(' ', "");
    assert!(read.contains(sentence), "the rest no longer reads: {read}");
}

#[test]
fn a_scanned_pdf_with_three_id_numbers_is_redacted() {
    assert!(OcrTools::find().tesseract.is_some(), "未找到 tesseract");
    let lines = vec![
        "关于拟录用人员名单的公示".to_string(),
        format!("张三 身份证号 {}", IDS[0]),
        format!("李四 身份证号 {}", IDS[1]),
        format!("王五 身份证号 {}", IDS[2]),
        format!("{SENTENCE}。"),
    ];
    let text = scans::text_pdf(&[lines]).unwrap();
    let scanned = scans::image_pdf(&scans::rasterise(&text, 300).unwrap(), 300);
    // A scan: no text layer to begin with, and all three numbers are found in it.
    assert!(pdftotext(&scanned, &[]).trim().is_empty());
    let before = scan::scan_file(
        &Scanner::new(&[]),
        "名单.pdf",
        &scanned,
        &ScanOptions::default(),
    );
    assert_eq!(
        before.iter().filter(|f| f.kind == Kind::IdCard).count(),
        3,
        "{before:#?}"
    );

    let r = redacted("名单.pdf", &scanned);
    assert_eq!(r.name, "名单（脱敏）.pdf");
    assert_eq!(r.count, 3, "{:?}", r.boxes);
    assert_eq!(r.boxes.len(), 1);
    // No text anywhere, so none under the boxes: the copy is pictures only.
    assert_eq!(pdftotext(&r.bytes, &[]).trim(), "");
    assert!(!pdftotext(&r.bytes, &["-bbox"]).contains("<word"));
    assert_hidden_and_readable(&r.bytes, &IDS, SENTENCE);
    // (Tesseract reads a line with a black bar in it poorly, names and all, though a
    // person reads them: the lines without one are what it is asked to read.)
    assert_nothing_left(&r);
}

/// The scanner finds nothing to redact in the copy `r` any more.
pub(crate) fn assert_nothing_left(r: &redact::Redacted) {
    let after = scan::scan_file(
        &Scanner::new(&[]),
        &r.name,
        &r.bytes,
        &ScanOptions::default(),
    );
    assert!(
        !after.iter().any(|f| redact::REDACTED.contains(&f.kind)),
        "{after:#?}"
    );
}

#[test]
fn a_typed_pdf_is_redacted_by_its_text_layer_too() {
    let text = scans::text_pdf(&[vec![
        "联系人 李四".to_string(),
        "手机 13912345670".to_string(),
        format!("{SENTENCE}。"),
    ]])
    .unwrap();
    assert!(pdftotext(&text, &[]).contains("13912345670"));
    let r = redacted("通知.pdf", &text);
    assert_eq!(
        r.count, 1,
        "OCR and the text layer both find it: one box, said once: {:?}",
        r.boxes
    );
    assert_eq!(pdftotext(&r.bytes, &[]).trim(), "");
    assert_hidden_and_readable(&r.bytes, &["13912345670"], SENTENCE);
}

#[test]
fn a_photo_becomes_a_redacted_pdf() {
    let text = scans::text_pdf(&[vec![format!("身份证号 {}", IDS[1]), SENTENCE.into()]]).unwrap();
    let page = scans::rasterise(&text, 300).unwrap().swap_remove(0);
    let top = Gray {
        width: page.width,
        height: 900,
        pixels: page.pixels[..page.width * 900].to_vec(),
    };
    let mut png = std::io::Cursor::new(Vec::new());
    image::GrayImage::from_raw(top.width as u32, top.height as u32, top.pixels)
        .unwrap()
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let png = png.into_inner();
    let r = redacted("照片.png", &png);
    assert_eq!(r.name, "照片（脱敏）.pdf");
    assert_eq!(r.count, 1);
    assert_hidden_and_readable(&r.bytes, &[IDS[1]], SENTENCE);
}

// ---- office files ----

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, body) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// A .docx with a number in the body (split across runs), a header, a footer, a comment,
/// a tracked deletion and the document properties.
fn planted_docx() -> Vec<u8> {
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:r><w:t>张三，身份证号1101051949</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>1231002X，{SENTENCE}。</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:del w:id="1" w:author="李娜"><w:r><w:delText>李四 13912345670</w:delText></w:r></w:del></w:p><w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:footerReference w:type="default" r:id="rId2"/></w:sectPr></w:body></w:document>"#
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W}><w:p><w:r><w:t>联系 13812341234</w:t></w:r></w:p></w:hdr>"#
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:ftr {W}><w:p><w:r><w:t>卡号 6212261202001234567</w:t></w:r></w:p></w:ftr>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" w:author="王五"><w:p><w:r><w:t>核对 {}</w:t></w:r></w:p></w:comment></w:comments>"#,
        IDS[2]
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三 {}</dc:creator></cp:coreProperties>"#,
        IDS[1]
    );
    zip_of(&[
        ("[Content_Types].xml", types.into()),
        ("_rels/.rels", rels.into()),
        ("word/_rels/document.xml.rels", doc_rels.into()),
        ("word/document.xml", body),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
        ("word/comments.xml", comments),
        ("docProps/core.xml", core),
    ])
}

fn personal(name: &str, bytes: &[u8]) -> Vec<scan::Finding> {
    scan::scan_file(&Scanner::new(&[]), name, bytes, &ScanOptions::default())
        .into_iter()
        .filter(|f| redact::REDACTED.contains(&f.kind))
        .collect()
}

#[test]
fn a_docx_is_masked_everywhere_the_scan_looks() {
    let bytes = planted_docx();
    assert_eq!(personal("a.docx", &bytes).len(), 6);
    let r = redacted("a.docx", &bytes);
    assert_eq!((r.name.as_str(), r.count), ("a（脱敏）.docx", 6));
    assert!(personal(&r.name, &r.bytes).is_empty());
    let body = part(&r.bytes, "word/document.xml");
    assert!(
        body.contains("<w:t>张三，身份证号110105****</w:t>") && body.contains("<w:t>****002X，"),
        "{body}"
    );
    assert!(body.contains("李四 139****5670"), "{body}");
    assert!(part(&r.bytes, "word/header1.xml").contains("138****1234"));
    assert!(part(&r.bytes, "word/footer1.xml").contains("***************4567"));
    assert!(part(&r.bytes, "word/comments.xml").contains("210302********1238"));
    assert!(part(&r.bytes, "docProps/core.xml").contains("张三 440308********1239"));
    // Unchanged parts are copied as they are.
    assert_eq!(part(&r.bytes, "_rels/.rels"), part(&bytes, "_rels/.rels"));
    let words = scan::extract(&r.name, &r.bytes).unwrap();
    assert!(words.iter().any(|s| s.text.contains(SENTENCE)));
}

#[test]
fn an_xlsx_is_masked_in_every_sheet_and_still_reads() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let first = wb.add_worksheet();
    first.write(0, 0, "姓名").unwrap();
    first.write(1, 0, format!("张三 {}", IDS[0])).unwrap();
    first.write(2, 0, SENTENCE).unwrap();
    let hidden = wb.add_worksheet().set_name("Sheet2").unwrap();
    hidden.write(4, 2, "13812341234").unwrap();
    hidden.write(5, 2, 15912345678_i64).unwrap();
    hidden.set_hidden(true);
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_author(IDS[2]));
    let bytes = wb.save_to_buffer().unwrap();
    // The author is written as the last to modify it too.
    assert_eq!(personal("名单.xlsx", &bytes).len(), 5);

    let r = redacted("名单.xlsx", &bytes);
    assert_eq!(r.count, 5);
    assert!(personal(&r.name, &r.bytes).is_empty());
    let cells = scan::extract(&r.name, &r.bytes).unwrap();
    let texts: Vec<&str> = cells.iter().map(|s| s.text.as_str()).collect();
    for want in [
        "张三 110105********002X",
        SENTENCE,
        "138****1234",
        "159****5678",
    ] {
        assert!(texts.contains(&want), "{want} not in {texts:?}");
    }
    assert!(part(&r.bytes, "docProps/core.xml").contains("210302********1238"));
}

#[test]
fn nothing_to_redact_is_said() {
    let r = redact::redact(
        &Scanner::new(&[]),
        &ScanOptions::default(),
        "a.docx",
        &zip_of(&[(
            "word/document.xml",
            format!("<w:document {W}><w:body><w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p></w:body></w:document>"),
        )]),
    );
    assert_eq!(r.err().as_deref(), Some("附件中没有找到需要遮盖的个人信息"));
}
