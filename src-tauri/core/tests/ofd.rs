//! OFD attachments (GB/T 33190-2016): packages built here to the standard's structure —
//! `OFD.xml` → `Doc_0/Document.xml` → pages, a template page, annotations and an attached
//! file — with personal data planted on pages, split over runs, in annotations and in the
//! attachment; and packages broken in the ways a hostile or damaged file is.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::time::Duration;

use disclosure_core::scan::{self, Finding, Kind, ScanOptions, Scanner};
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
const ID: &str = "11010519491231002X";
const SPLIT_ID: &str = "210302199001011238";
/// A 19-digit UnionPay number passing Luhn, and the same with its check digit wrong.
const CARD: &str = "6222021001123456789";
const BAD_CARD: &str = "6222021001123456788";
/// 11010519491231002X with a wrong check character.
const BAD_ID: &str = "110105194912310021";

/// A `TextObject` at (`x`, `y`) mm holding `codes` (its `TextCode` elements).
fn object(x: f64, y: f64, codes: &str) -> String {
    format!(
        r#"<ofd:TextObject ID="9" Boundary="{x} {y} 160 8" Font="3" Size="4.2333">{codes}</ofd:TextObject>"#
    )
}

fn page(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Template TemplateID="2" ZOrder="Background"/><ofd:Content><ofd:Layer ID="4" Type="Body">{body}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

/// An OFD's parts by entry name; tests change or remove some before zipping.
struct Package(BTreeMap<String, Vec<u8>>);

impl Package {
    /// What an OA system writes for a two-page 公示 with a template, a highlight
    /// annotation on page 1 and an attached name list.
    fn standard() -> Package {
        let mut parts = BTreeMap::new();
        let mut put = |name: &str, s: String| parts.insert(name.to_string(), s.into_bytes());
        put(
            "OFD.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1b2</ofd:DocID><ofd:Title>补助发放公示</ofd:Title><ofd:Author>li.na@anshan.gov.cn</ofd:Author><ofd:CreationDate>2024-03-01</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
            ),
        );
        put(
            "Doc_0/Document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>40</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="20" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/></ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations><ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>"#
            ),
        );
        put(
            "Doc_0/PublicRes.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>"#
            ),
        );
        let page_0 = [
            object(25.0, 30.0, r#"<ofd:TextCode X="0" Y="6">关于2024年度补助发放情况的公示</ofd:TextCode>"#),
            // One run with the standard's DeltaX shorthand.
            object(25.0, 50.0, &format!(r#"<ofd:TextCode X="0" Y="6" DeltaX="g 4 4.2333 4.2333 g 18 2.1167">身份证号：{ID}</ofd:TextCode>"#)),
            // An entity in the text.
            object(25.0, 60.0, r#"<ofd:TextCode X="0" Y="6">联系电话&#xFF1A;13812345678</ofd:TextCode>"#),
            // One TextCode per glyph run, the ID split over two.
            object(25.0, 70.0, &format!(
                r#"<ofd:TextCode X="0" Y="6">身份证号：</ofd:TextCode><ofd:TextCode X="21.17" Y="6">{}</ofd:TextCode><ofd:TextCode X="33.87" Y="6">{}</ofd:TextCode>"#,
                &SPLIT_ID[..6], &SPLIT_ID[6..]
            )),
            // The card split over two TextObjects on one baseline.
            object(25.0, 80.0, &format!(r#"<ofd:TextCode X="0" Y="6">银行卡号：{}</ofd:TextCode>"#, &CARD[..10])),
            object(67.33, 80.0, &format!(r#"<ofd:TextCode X="0" Y="6">{}</ofd:TextCode>"#, &CARD[10..])),
            // Near-misses.
            object(25.0, 90.0, &format!(r#"<ofd:TextCode X="0" Y="6">证件号码：{BAD_ID}</ofd:TextCode>"#)),
            object(25.0, 100.0, &format!(r#"<ofd:TextCode X="0" Y="6">卡号：{BAD_CARD}</ofd:TextCode>"#)),
        ]
        .concat();
        put("Doc_0/Pages/Page_0/Content.xml", page(&page_0));
        put(
            "Doc_0/Pages/Page_1/Content.xml",
            page(&format!(
                r#"<ofd:PageBlock ID="30">{}</ofd:PageBlock>"#,
                object(
                    30.0,
                    112.0,
                    r#"<ofd:TextCode X="0" Y="6">经办人：王芳 13912345678</ofd:TextCode>"#
                )
            )),
        );
        put(
            "Doc_0/Tpls/Tpl_0/Content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="5">{}</ofd:Layer></ofd:Content></ofd:Page>"#,
                object(
                    20.0,
                    10.0,
                    r#"<ofd:TextCode X="0" Y="4">内部资料 注意保存</ofd:TextCode>"#
                )
            ),
        );
        put(
            "Doc_0/Annots/Annotations.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations {NS}><ofd:Page PageID="10"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"#
            ),
        );
        put(
            "Doc_0/Annots/Page_0/Annotation.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot {NS}><ofd:Annot ID="31" Type="Highlight" Creator="张伟" LastModDate="2024-03-01"><ofd:Remark>核对：15912345678</ofd:Remark><ofd:Parameters><ofd:Parameter Name="复核人电话">18612345678</ofd:Parameter></ofd:Parameters><ofd:Appearance Boundary="100 200 60 10">{}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>"#,
                object(
                    0.0,
                    0.0,
                    r#"<ofd:TextCode X="2" Y="8">请核实 13712345678</ofd:TextCode>"#
                )
            ),
        );
        put(
            "Doc_0/Attachs/Attachments.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Attachments {NS}><ofd:Attachment ID="40" Name="名单" Format="txt" Visible="true"><ofd:FileLoc>名单.txt</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"#
            ),
        );
        put(
            "Doc_0/Attachs/名单.txt",
            "姓名 电话\n李娜 18812345678\n".into(),
        );
        Package(parts)
    }

    fn set(mut self, name: &str, content: impl Into<Vec<u8>>) -> Package {
        self.0.insert(name.to_string(), content.into());
        self
    }

    fn remove(mut self, name: &str) -> Package {
        self.0.remove(name);
        self
    }

    fn zip(&self) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = ZipWriter::new(&mut buf);
        for (name, content) in &self.0 {
            zip.start_file(name.as_str(), SimpleFileOptions::default())
                .unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap();
        buf.into_inner()
    }
}

fn scan_one(name: &str, bytes: &[u8]) -> Vec<Finding> {
    scan::scan_file(&Scanner::new(&[]), name, bytes, &ScanOptions::default())
}

/// (kind, match, location) of every finding.
fn found(findings: &[Finding]) -> Vec<(Kind, &str, &str)> {
    findings
        .iter()
        .map(|f| (f.kind, f.matched.as_str(), f.location.as_str()))
        .collect()
}

#[test]
fn every_planted_number_is_found_with_page_and_position() {
    let findings = scan_one("公示.ofd", &Package::standard().zip());
    let got = found(&findings);
    let at = |rest: &str| format!("附件《公示.ofd》 {rest}");
    for (kind, matched, location) in [
        (Kind::IdCard, ID, at("第1页（x 25 mm，y 56 mm）")),
        (Kind::Mobile, "13812345678", at("第1页（x 25 mm，y 66 mm）")),
        (Kind::IdCard, SPLIT_ID, at("第1页（x 25 mm，y 76 mm）")),
        (Kind::BankCard, CARD, at("第1页（x 25 mm，y 86 mm）")),
        (
            Kind::SecretMark,
            "内部资料",
            at("第1页 模板（x 20 mm，y 14 mm）"),
        ),
        (
            Kind::Mobile,
            "13712345678",
            at("第1页 注释（x 102 mm，y 208 mm）"),
        ),
        (Kind::Mobile, "15912345678", at("第1页 注释说明")),
        (
            Kind::Mobile,
            "18612345678",
            at("第1页 注释参数“复核人电话”"),
        ),
        (
            Kind::Mobile,
            "13912345678",
            at("第2页（x 30 mm，y 118 mm）"),
        ),
        (Kind::Email, "li.na@anshan.gov.cn", at("文档属性“作者”")),
        (Kind::Mobile, "18812345678", at("附件《名单.txt》 第2行")),
    ] {
        assert!(
            got.contains(&(kind, matched, location.as_str())),
            "{kind:?} {matched} at {location} not in {got:#?}"
        );
    }
    for near_miss in [BAD_ID, BAD_CARD] {
        assert!(
            !findings.iter().any(|f| f.matched.contains(near_miss)
                && matches!(f.kind, Kind::IdCard | Kind::BankCard)),
            "{near_miss} reported: {got:#?}"
        );
    }
    assert!(
        !findings.iter().any(|f| f.kind == Kind::Unreadable),
        "{got:#?}"
    );
}

#[test]
fn an_ofd_without_its_extension_is_recognised_by_content() {
    let bytes = Package::standard().zip();
    for name in ["公示", "公示.zip"] {
        let findings = scan_one(name, &bytes);
        assert!(
            findings
                .iter()
                .any(|f| f.kind == Kind::IdCard && f.matched == ID),
            "{name}: {findings:#?}"
        );
    }
}

/// The reason given for the unreadable segment at `location`.
fn reason_at(name: &str, bytes: &[u8], location: &str) -> String {
    let segments = scan::extract(name, bytes).unwrap();
    segments
        .iter()
        .find(|s| s.location == location)
        .and_then(|s| s.unreadable.clone())
        .unwrap_or_else(|| panic!("nothing unreadable at {location}: {segments:#?}"))
}

fn still_finds_page_2(bytes: &[u8]) {
    let findings = scan_one("a.ofd", bytes);
    assert!(
        findings.iter().any(|f| f.matched == "13912345678"),
        "{findings:#?}"
    );
}

#[test]
fn a_missing_or_malformed_page_is_unreadable_and_the_rest_is_read() {
    let missing = Package::standard()
        .remove("Doc_0/Pages/Page_0/Content.xml")
        .zip();
    let why = reason_at("a.ofd", &missing, "附件《a.ofd》 第1页");
    assert!(why.contains("Doc_0/Pages/Page_0/Content.xml"), "{why}");
    still_finds_page_2(&missing);

    let malformed = Package::standard()
        .set(
            "Doc_0/Pages/Page_0/Content.xml",
            page("<ofd:TextObject><ofd:TextCode>&bogus;</ofd:TextObject>"),
        )
        .zip();
    assert!(reason_at("a.ofd", &malformed, "附件《a.ofd》 第1页").contains("XML 有错误"));
    still_finds_page_2(&malformed);
}

#[test]
fn a_base_loc_climbing_out_of_the_package_is_refused() {
    let doc = String::from_utf8(Package::standard().0["Doc_0/Document.xml"].clone()).unwrap();
    let bytes = Package::standard()
        .set(
            "Doc_0/Document.xml",
            doc.replace("Pages/Page_0/Content.xml", "../../../etc/passwd"),
        )
        .zip();
    let why = reason_at("a.ofd", &bytes, "附件《a.ofd》 第1页");
    assert!(why.contains("文件包之外"), "{why}");
    still_finds_page_2(&bytes);
}

#[test]
fn broken_package_files_are_errors_with_a_reason() {
    let cases = [
        (Package::standard().remove("OFD.xml"), "缺少 OFD.xml"),
        (
            Package::standard().set("OFD.xml", "<ofd:OFD><ofd:DocBody></ofd:OFD>"),
            "XML 有错误",
        ),
        (Package::standard().set("../evil.xml", "x"), "../"),
    ];
    for (package, expect) in cases {
        let err = scan::extract("a.ofd", &package.zip()).unwrap_err();
        assert!(err.contains(expect), "{err}");
    }
    // A broken Document.xml leaves nothing of the document to read but says why.
    let bytes = Package::standard()
        .set("Doc_0/Document.xml", "<ofd:Document><")
        .zip();
    assert!(reason_at("a.ofd", &bytes, "附件《a.ofd》").contains("Document.xml"));
}

#[test]
fn a_scanned_ofd_is_unreadable() {
    let scan_page = page(r#"<ofd:ImageObject ID="7" Boundary="0 0 210 297" ResourceID="8"/>"#);
    let mut package = Package::standard()
        .remove("Doc_0/Annots/Annotations.xml")
        .remove("Doc_0/Attachs/Attachments.xml")
        .remove("Doc_0/Tpls/Tpl_0/Content.xml")
        .set("Doc_0/Pages/Page_0/Content.xml", scan_page.clone())
        .set("Doc_0/Pages/Page_1/Content.xml", scan_page);
    let ofd = String::from_utf8(package.0["OFD.xml"].clone()).unwrap();
    let ofd = ofd
        .replace("li.na@anshan.gov.cn", "")
        .replace("补助发放公示", "");
    package = package.set("OFD.xml", ofd);
    // Templates and attachments are listed but missing: unreadable, not "scanned".
    let segments = scan::extract("a.ofd", &package.zip()).unwrap();
    assert!(
        segments.iter().all(|s| s.unreadable.is_some()),
        "{segments:#?}"
    );
    // Without them, the whole file is a scan.
    let doc = String::from_utf8(package.0["Doc_0/Document.xml"].clone()).unwrap();
    let doc = doc
        .replace(
            "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>",
            "",
        )
        .replace(
            "<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>",
            "",
        )
        .replace(
            r#"<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>"#,
            "",
        );
    let err = scan::extract("a.ofd", &package.set("Doc_0/Document.xml", doc).zip()).unwrap_err();
    assert!(err.contains("扫描件"), "{err}");
}

#[test]
fn limits_on_pages_time_and_text_leave_the_rest_to_a_person() {
    let bytes = Package::standard().zip();
    let unreadable = |limits: &scan::OfdLimits| -> Vec<String> {
        scan::ofd_within("附件《a.ofd》", &bytes, limits)
            .unwrap()
            .into_iter()
            .filter_map(|s| s.unreadable)
            .collect()
    };
    let one_page = scan::OfdLimits {
        pages: 1,
        ..scan::OFD_LIMITS
    };
    assert_eq!(
        unreadable(&one_page),
        ["共 2 页，只自动检查了前 1 页，其余请人工审查"]
    );
    let no_time = scan::OfdLimits {
        time: Duration::ZERO,
        ..scan::OFD_LIMITS
    };
    assert_eq!(unreadable(&no_time), ["读取超过 0 秒，从这里起请人工审查"]);
    let little_text = scan::OfdLimits {
        text: 100,
        ..scan::OFD_LIMITS
    };
    let segments = scan::ofd_within("附件《a.ofd》", &bytes, &little_text).unwrap();
    let last = segments.last().unwrap();
    assert!(
        last.unreadable.as_deref().unwrap().contains("文字超过"),
        "{segments:#?}"
    );
    assert!(segments.iter().map(|s| s.text.len()).sum::<usize>() <= 100);
}

#[test]
fn attached_ofds_are_read_a_few_levels_deep_only() {
    let mut bytes = Package::standard().zip();
    for _ in 0..scan::OFD_LIMITS.nesting {
        bytes = Package::standard()
            .set("Doc_0/Attachs/Attachments.xml", format!(
                r#"<ofd:Attachments {NS}><ofd:Attachment ID="40" Name="原件" Format="ofd"><ofd:FileLoc>a.ofd</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"#
            ))
            .set("Doc_0/Attachs/a.ofd", bytes)
            .zip();
    }
    let findings = scan_one("a.ofd", &bytes);
    let inner = "附件《a.ofd》 附件《原件.ofd》 附件《原件.ofd》 附件《原件.ofd》 第1页（x 25 mm，y 56 mm）";
    assert!(
        findings
            .iter()
            .any(|f| f.kind == Kind::IdCard && f.location == inner),
        "{:#?}",
        found(&findings)
    );
    let deeper = scan::OfdLimits {
        nesting: 2,
        ..scan::OFD_LIMITS
    };
    let segments = scan::ofd_within("附件《a.ofd》", &bytes, &deeper).unwrap();
    assert!(
        segments
            .iter()
            .any(|s| s.unreadable.as_deref().is_some_and(|r| r.contains("嵌套"))),
        "{segments:#?}"
    );
}

#[test]
fn truncated_and_damaged_ofds_are_errors_not_panics() {
    let good = Package::standard().zip();
    for cut in (0..good.len()).step_by(good.len() / 40 + 1) {
        let _ = scan::extract_unguarded("a.ofd", &good[..cut]);
    }
    for at in (0..good.len()).step_by(37) {
        let mut b = good.clone();
        b[at] ^= 0x5A;
        let _ = scan::extract_unguarded("a.ofd", &b);
    }
}
