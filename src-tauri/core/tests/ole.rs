//! Office 97–2003 and WPS files (`.doc`/`.wps`, `.xls`/`.et`, `.ppt`/`.dps`): the planted
//! personal data in every part is found, near-misses are not, and hostile files are
//! errors or partial text, never a panic or a hang.

use std::io::{Cursor, Read};

use disclosure_core::scan::{self, Finding, Kind, ScanOptions, Scanner};

/// fixture.doc, .xls or .ppt from `data/ole/ole_fixtures.zip` (`gen_ole_fixtures.py`).
fn fixture(name: &str) -> Vec<u8> {
    let zip = include_bytes!("data/ole/ole_fixtures.zip");
    let mut zip = zip::ZipArchive::new(Cursor::new(&zip[..])).unwrap();
    let mut out = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

fn scan_as(name: &str, bytes: &[u8]) -> Vec<Finding> {
    scan::scan_file(&Scanner::new(&[]), name, bytes, &ScanOptions::default())
}

/// Every planted (location after the file name, kind, number) is found.
fn assert_found(findings: &[Finding], name: &str, planted: &[(&str, Kind, &str)]) {
    for (at, kind, number) in planted {
        let location = format!("附件《{name}》 {at}");
        assert!(
            findings
                .iter()
                .any(|f| f.location == location && f.kind == *kind && f.matched == *number),
            "{name}: no {kind:?} {number} at {location} in {findings:#?}"
        );
    }
}

/// The ID number with a wrong check character and the card failing Luhn are neither
/// an ID number nor a bank card.
fn assert_near_misses_pass(findings: &[Finding], name: &str) {
    for f in findings {
        let near_miss = ["110105194912310021", "6222021234567890127"]
            .iter()
            .any(|n| f.matched.contains(n));
        assert!(
            !(near_miss && matches!(f.kind, Kind::IdCard | Kind::BankCard)),
            "{name}: near-miss reported as {:?} at {}",
            f.kind,
            f.location
        );
    }
    assert!(
        findings.iter().all(|f| f.kind != Kind::Unreadable),
        "{name}: {findings:#?}"
    );
}

#[test]
fn word_and_wps_documents_body_headers_comments_and_notes() {
    let bytes = fixture("fixture.doc");
    // A .wps from WPS 2005 on is the same format; a .doc renamed .docx is read as one.
    for name in ["通知.doc", "通知.wps", "改名.docx"] {
        let findings = scan_as(name, &bytes);
        assert_found(
            &findings,
            name,
            &[
                ("第3段", Kind::IdCard, "11010519491231002X"),
                ("第3段", Kind::Mobile, "13812345678"),
                ("第3段", Kind::BankCard, "6222021234567890128"),
                ("第11段", Kind::Mobile, "13700001111"),
                ("第12段", Kind::BankCard, "6222021234567890128"),
                ("页眉页脚 第1段", Kind::Mobile, "13812345678"),
                ("页眉页脚 第2段", Kind::IdCard, "440306198506123415"),
                ("批注 第1段", Kind::BankCard, "6217000000001234560"),
                ("脚注 第1段", Kind::IdCard, "320102198001011238"),
                ("尾注 第1段", Kind::Mobile, "13912345678"),
            ],
        );
        assert_near_misses_pass(&findings, name);
    }
}

#[test]
fn excel_and_wps_workbooks_hidden_sheets_included() {
    let bytes = fixture("fixture.xls");
    for name in ["名单.xls", "名单.et"] {
        let findings = scan_as(name, &bytes);
        assert_found(
            &findings,
            name,
            &[
                ("工作表“公开” B2", Kind::IdCard, "11010519491231002X"),
                ("工作表“隐藏名单”(隐藏) B1", Kind::Mobile, "13812345678"),
                (
                    "工作表“隐藏名单”(隐藏) C1",
                    Kind::BankCard,
                    "6222021234567890128",
                ),
                // The comment on A4, which calamine does not read.
                ("工作表“公开” A4 批注", Kind::Mobile, "13912345678"),
            ],
        );
        assert_near_misses_pass(&findings, name);
    }
}

#[test]
fn powerpoint_and_wps_presentations_slides_and_notes() {
    let bytes = fixture("fixture.ppt");
    for name in ["汇报.ppt", "汇报.dps"] {
        let findings = scan_as(name, &bytes);
        assert_found(
            &findings,
            name,
            &[
                ("第1张幻灯片 第2段", Kind::IdCard, "11010519491231002X"),
                ("第2张幻灯片 第1段", Kind::BankCard, "6222021234567890128"),
                ("第2张幻灯片 第1段", Kind::Mobile, "13812345678"),
                ("第1张幻灯片 备注 第1段", Kind::Mobile, "13912345678"),
                ("第2张幻灯片 备注 第1段", Kind::IdCard, "440306198506123415"),
            ],
        );
        assert_near_misses_pass(&findings, name);
    }
}

/// Sixty truncations and 150 flipped bytes of each fixture: text, partial
/// text or a reason, never a panic, and no more than a moment each.
#[test]
fn damaged_office_97_files_are_errors_or_partial_text_not_panics() {
    for (name, file) in [
        ("a.doc", "fixture.doc"),
        ("a.xls", "fixture.xls"),
        ("a.ppt", "fixture.ppt"),
    ] {
        let good = fixture(file);
        let mut inputs: Vec<Vec<u8>> = (0..good.len())
            .step_by(good.len() / 60 + 1)
            .map(|cut| good[..cut].to_vec())
            .collect();
        for at in (0..good.len()).step_by(good.len() / 150 + 1) {
            let mut b = good.clone();
            b[at] ^= 0x5A;
            inputs.push(b);
        }
        for bytes in &inputs {
            let start = std::time::Instant::now();
            let _ = scan::extract(name, bytes);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(60),
                "{name}"
            );
        }
    }
    let err = scan::extract("坏.doc", b"not a document").unwrap_err();
    assert!(err.contains("无法") || err.contains("损坏"), "{err}");
}
