//! 扫描件与图片 (#23): a scanned PDF (typeset, rasterised, wrapped back with no text layer),
//! a phone photo of a page (turned 2°, speckled, JPEG) and a typed page with a picture on
//! it are read by OCR: every planted 身份证号, 手机号 and 银行卡号 is found with its page and
//! box; near-misses failing their check characters are not reported as such.
//!
//! These run the real `tesseract` (Debian's tesseract-ocr, tesseract-ocr-chi-sim), which
//! `make test` installs; without it they fail and say so.

use disclosure_core::demo::scans::{self, Gray};
use disclosure_core::scan::{self, Finding, Kind, OcrTools, ScanOptions, Scanner};

const VALID_ID: &str = "11010519491231002X";
const VALID_ID_2: &str = "440308199001011239";
const MOBILE: &str = "13812345678";
const MOBILE_2: &str = "13912345670";
const CARD: &str = "6212261202001234567";
const CARD_2: &str = "6228480038123456782";
/// 440308199001011239 with a wrong check character.
const WRONG_ID: &str = "440308199001011238";
/// CARD with its Luhn digit wrong.
const WRONG_CARD: &str = "6212261202001234568";

fn page_one() -> Vec<String> {
    [
        "关于张三同志有关情况的公示",
        "身份证号：11010519491231002X",
        "手机号码：13812345678",
        "银行卡号：6212 2612 0200 1234 567",
        "以下为核对时发现的错误号码：",
        "证件号码：440308199001011238",
        "银行卡号：6212 2612 0200 1234 568",
    ]
    .map(String::from)
    .to_vec()
}

fn page_two() -> Vec<String> {
    [
        "附件二 联系人名单",
        "李四 身份证号 440308199001011239",
        "联系电话 13912345670",
        "开户账号 6228480038123456782",
    ]
    .map(String::from)
    .to_vec()
}

fn require_tesseract() {
    assert!(
        OcrTools::find().tesseract.is_some(),
        "未找到 tesseract：apt-get install tesseract-ocr tesseract-ocr-chi-sim（make test 会安装）"
    );
}

fn scan_one(name: &str, bytes: &[u8]) -> Vec<Finding> {
    scan::scan_file(&Scanner::new(&[]), name, bytes, &ScanOptions::default())
}

/// The digits and X of a match, as written without spaces.
fn digits(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'O' | 'o' => '0',
            'l' | 'I' | '|' => '1',
            'S' => '5',
            'B' => '8',
            'x' => 'X',
            c => c,
        })
        .collect()
}

fn found<'a>(findings: &'a [Finding], kind: Kind, number: &str) -> Option<&'a Finding> {
    findings
        .iter()
        .find(|f| f.kind == kind && digits(&f.matched) == number)
}

/// The box in "…（扫描件，x 120 y 340 宽 560 高 48 像素）".
fn bbox(location: &str) -> [u32; 4] {
    let inner = location
        .rsplit_once('，')
        .map(|(_, b)| b.trim_end_matches("像素）"))
        .unwrap_or_default();
    let n: Vec<u32> = inner.split(' ').filter_map(|w| w.parse().ok()).collect();
    assert_eq!(n.len(), 4, "no box in {location}");
    [n[0], n[1], n[2], n[3]]
}

/// Line `i`'s baseline on a page of `scans::text_pdf` at 300 dpi, in pixels.
fn baseline(i: usize) -> u32 {
    ((30.0 + 12.0 * i as f32) / 25.4 * 300.0) as u32
}

fn assert_near_misses_not_reported(findings: &[Finding]) {
    for f in findings {
        let d = digits(&f.matched);
        assert!(
            !(f.kind == Kind::IdCard && d == WRONG_ID),
            "wrong-check ID reported as 身份证号: {f:?}"
        );
        assert!(
            !(f.kind == Kind::BankCard && d == WRONG_CARD),
            "card failing Luhn reported: {f:?}"
        );
    }
}

#[test]
fn a_scanned_pdf_is_read_with_page_and_box() {
    require_tesseract();
    let text = scans::text_pdf(&[page_one(), page_two()]).unwrap();
    let scanned = scans::image_pdf(&scans::rasterise(&text, 300).unwrap(), 300);
    // It really is a scan: no page has a text layer.
    let segments = scan::extract("扫描件.pdf", &scanned).unwrap();
    assert!(segments.iter().all(|s| s.ocr.is_some()), "{segments:#?}");

    let findings = scan_one("扫描件.pdf", &scanned);
    let planted = [
        (Kind::IdCard, VALID_ID, 1, 1),
        (Kind::Mobile, MOBILE, 1, 2),
        (Kind::BankCard, CARD, 1, 3),
        (Kind::IdCard, VALID_ID_2, 2, 1),
        (Kind::Mobile, MOBILE_2, 2, 2),
        (Kind::BankCard, CARD_2, 2, 3),
    ];
    for (kind, number, page, line) in planted {
        let f = found(&findings, kind, number)
            .unwrap_or_else(|| panic!("{number} not found: {findings:#?}"));
        let prefix = format!("附件《扫描件.pdf》 第{page}页（扫描件，x ");
        assert!(f.location.starts_with(&prefix), "{}", f.location);
        let [x, y, w, h] = bbox(&f.location);
        // The box is the number's line (16 pt, about 66 px tall) right of the label.
        assert!(y < baseline(line) && baseline(line) <= y + h + 20, "{f:?}");
        assert!(x > 200 && w > 300 && h < 150, "{f:?}");
        assert_eq!(f.severity, scan::Severity::Block);
    }
    assert_near_misses_not_reported(&findings);
    // The ID failing its check is pointed out for what it is.
    assert!(
        found(&findings, Kind::IdCardTypo, WRONG_ID).is_some(),
        "{findings:#?}"
    );
}

#[test]
fn a_phone_photo_of_a_page_is_read() {
    require_tesseract();
    let text = scans::text_pdf(&[page_one()]).unwrap();
    let page = scans::rasterise(&text, 300).unwrap().swap_remove(0);
    // The part with the text, as one would photograph it.
    let top = Gray {
        width: page.width,
        height: 1300,
        pixels: page.pixels[..page.width * 1300].to_vec(),
    };
    let photo = scans::photo(&top, 2.0, 23);
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 75)
        .encode(
            &photo.pixels,
            photo.width as u16,
            photo.height as u16,
            jpeg_encoder::ColorType::Luma,
        )
        .unwrap();

    let findings = scan_one("手机拍照.jpg", &jpeg);
    for (kind, number) in [
        (Kind::IdCard, VALID_ID),
        (Kind::Mobile, MOBILE),
        (Kind::BankCard, CARD),
    ] {
        let f = found(&findings, kind, number)
            .unwrap_or_else(|| panic!("{number} not found: {findings:#?}"));
        assert!(
            f.location.starts_with("附件《手机拍照.jpg》（图片，x "),
            "{}",
            f.location
        );
        bbox(&f.location);
    }
    assert_near_misses_not_reported(&findings);
}

/// A one-page PDF with `text` in Helvetica at the top and `picture` (grey, 300 dpi) below.
fn typed_page_with_picture(text: &str, picture: &Gray) -> Vec<u8> {
    let (w, h) = (picture.width, picture.height);
    let (pw, ph) = (w as f32 * 72.0 / 300.0, h as f32 * 72.0 / 300.0);
    let content =
        format!("BT /F1 14 Tf 72 760 Td ({text}) Tj ET q {pw} 0 0 {ph} 40 300 cm /Im1 Do Q");
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>".to_vec(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
    ];
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>\nstream\n",
        picture.pixels.len()
    )
    .into_bytes();
    image.extend(&picture.pixels);
    image.extend(b"\nendstream");
    objects.push(image);
    crate::util::pdf_file(&objects)
}

#[test]
fn a_typed_page_with_a_picture_is_checked_both_ways() {
    require_tesseract();
    let text = scans::text_pdf(&[page_two()]).unwrap();
    let page = scans::rasterise(&text, 300).unwrap().swap_remove(0);
    // Lines 1 and 2 of page two: the ID number and the telephone.
    let (top, rows) = (baseline(1) as usize - 110, 300);
    let picture = Gray {
        width: 2000,
        height: rows,
        pixels: (top..top + rows)
            .flat_map(|y| page.pixels[y * page.width..y * page.width + 2000].to_vec())
            .collect(),
    };
    let pdf = typed_page_with_picture("Contact: 13812345678", &picture);

    let findings = scan_one("通知.pdf", &pdf);
    let typed = found(&findings, Kind::Mobile, MOBILE).unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(typed.location, "附件《通知.pdf》 第1页");
    let pictured =
        found(&findings, Kind::IdCard, VALID_ID_2).unwrap_or_else(|| panic!("{findings:#?}"));
    assert!(
        pictured
            .location
            .starts_with("附件《通知.pdf》 第1页（页面图像，x "),
        "{}",
        pictured.location
    );
    assert!(
        found(&findings, Kind::Mobile, MOBILE_2).is_some(),
        "{findings:#?}"
    );
    // What the text layer found is not reported a second time from the picture.
    let mobiles = findings
        .iter()
        .filter(|f| f.kind == Kind::Mobile && digits(&f.matched) == MOBILE)
        .count();
    assert_eq!(mobiles, 1, "{findings:#?}");
}
