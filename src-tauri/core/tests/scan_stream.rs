//! The streaming scan of plain-text files (`scan::scan_reader`, `scan::scan_path`) against
//! the scan of the whole file in memory (`scan::scan_file`), which is the oracle: the same
//! findings, locations, offsets and excerpts whatever the chunk sizes, with the chunk
//! boundaries inside numbers, inside multi-byte characters (UTF-8 and GB18030) and, for
//! long lines, inside the line.

use std::io::Cursor;

use disclosure_core::scan::{self, Chunking, Finding, Kind, ScanOptions, Scanner};
use proptest::prelude::*;

use crate::util::Dir;

const NAME: &str = "名单.txt";

fn scanner() -> Scanner {
    Scanner::new(&["拆迁补偿明细".into(), "六合彩".into()])
}

/// Every finding listed: the long lines below hold thousands, and each must match.
fn all() -> ScanOptions {
    ScanOptions {
        max_findings: usize::MAX,
        ..ScanOptions::default()
    }
}

fn whole_with(bytes: &[u8], opts: &ScanOptions) -> Vec<Finding> {
    scan::scan_file(&scanner(), NAME, bytes, opts)
}

fn whole(bytes: &[u8]) -> Vec<Finding> {
    whole_with(bytes, &all())
}

fn streamed_with(bytes: &[u8], chunking: &Chunking, opts: &ScanOptions) -> Vec<Finding> {
    scan::scan_reader(
        &scanner(),
        &scan::file_location(NAME),
        "行",
        Cursor::new(bytes),
        opts,
        chunking,
    )
    .unwrap()
}

fn streamed(bytes: &[u8], chunking: &Chunking) -> Vec<Finding> {
    streamed_with(bytes, chunking, &all())
}

/// Equal findings, or the first that differs.
#[track_caller]
fn same(got: &[Finding], expected: &[Finding], what: &str) {
    if let Some(k) = (0..got.len().max(expected.len())).find(|&k| got.get(k) != expected.get(k)) {
        panic!(
            "{what}: finding {k} of {}/{} differs:\n got {:?}\nwant {:?}",
            got.len(),
            expected.len(),
            got.get(k),
            expected.get(k)
        );
    }
}

fn chunking(read: usize, line: usize) -> Chunking {
    Chunking {
        read,
        line,
        most: usize::MAX / 2,
        context: 64,
    }
}

/// Every kind of number, a marking, a sensitive word, full-width digits, CRLF and blank
/// lines; ID number, mobile number and bank card each at a known offset.
const LIST: &str = "关于拆迁补偿明细的请示\r\n\n\
    秘密★1年\n\
    学生张某，身份证号210302199001011238，联系电话13812341234，已按规定予以资助。\n\
    银行卡号6222 0212 3456 7894，户名李四；疑似身份证号350402194403070604。\n\
    \u{3000}\r\n\
    咨询电话：（0412）2223456，电子邮箱：jyj@anshan.gov.cn，车牌辽C·12345。\n\
    全角手机号１３８１２３４１２３４，护照E12345678，卡号4111111111111111\n\
    末行无换行，身份证号11010519491231002X";

#[test]
fn every_read_size_gives_the_findings_of_the_whole_file() {
    let expected = whole(LIST.as_bytes());
    let kinds: Vec<Kind> = expected.iter().map(|f| f.kind).collect();
    for k in [
        Kind::IdCard,
        Kind::IdCardTypo,
        Kind::Mobile,
        Kind::BankCard,
        Kind::Landline,
        Kind::Email,
        Kind::Plate,
        Kind::Passport,
        Kind::SecretMark,
        Kind::SensitiveWord,
        Kind::ProcessDraft,
    ] {
        assert!(kinds.contains(&k), "{k:?} not in the oracle: {expected:#?}");
    }
    // Read sizes 1..=64 put a boundary at every offset of the first lines, so inside the
    // ID number, the mobile number, the bank card and every three-byte character.
    for read in (1..=64).chain([97, 1000, 1 << 16]) {
        assert_eq!(
            streamed(LIST.as_bytes(), &chunking(read, 1 << 20)),
            expected,
            "read {read}"
        );
    }
}

#[test]
fn boundaries_inside_an_id_number_a_mobile_number_and_a_bank_card() {
    let text = LIST.as_bytes();
    let expected = whole(text);
    for number in ["210302199001011238", "13812341234", "6222 0212 3456 7894"] {
        let at = LIST.find(number).unwrap();
        for inside in 1..number.len() {
            // The first read ends `inside` bytes into the number.
            let read = at + inside;
            assert_eq!(
                streamed(text, &chunking(read, 1 << 20)),
                expected,
                "{number} at {inside}"
            );
        }
    }
}

#[test]
fn gb18030_and_utf16_files_are_decoded_as_the_whole_file_is() {
    // Two- and four-byte GB18030 characters (𠀀 is four), the UTF-8 guess failing late.
    let text = format!("{}\n𠀀字：13812341234，乙", "甲".repeat(300));
    let all = format!("{LIST}\n{text}");
    let (gb, _, _) = encoding_rs::GB18030.encode(&all);
    let expected = whole(&gb);
    assert!(expected
        .iter()
        .any(|f| f.matched == "13812341234" && f.location.ends_with("第9行")));
    for read in [1, 2, 3, 5, 7, 64, 333, 1 << 16] {
        assert_eq!(
            streamed(&gb, &chunking(read, 1 << 20)),
            expected,
            "read {read}"
        );
    }
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(LIST.encode_utf16().flat_map(u16::to_le_bytes));
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend(LIST.as_bytes());
    for bytes in [utf16, bom8] {
        let expected = whole(&bytes);
        assert_eq!(expected, whole(LIST.as_bytes()));
        for read in [1, 2, 3, 5, 1 << 16] {
            assert_eq!(streamed(&bytes, &chunking(read, 1 << 20)), expected);
        }
    }
}

#[test]
fn a_long_line_is_cut_at_quiet_places_with_the_same_findings() {
    // One line of 10,000 sentences: cut into pieces of about 64 bytes and more.
    let line: String = (0..10_000)
        .map(|i| match i % 4 {
            0 => "根据政府信息公开条例的规定，经审查认为该申请所涉信息属于应当公开的范围。"
                .to_string(),
            1 => format!(
                "申请人身份证号210302199001011238，电话1381234{:04}。",
                i % 10_000
            ),
            2 => "秘密★1年，拆迁补偿明细见附件。".to_string(),
            _ => "银行卡号6222 0212 3456 7894；".to_string(),
        })
        .collect();
    let expected = whole(line.as_bytes());
    assert!(expected.len() > 10_000);
    for (read, cut) in [(1 << 12, 64), (777, 200), (1 << 16, 4096)] {
        let got = streamed(line.as_bytes(), &chunking(read, cut));
        same(&got, &expected, &format!("cut {cut}"));
    }
}

#[test]
fn a_line_without_quiet_places_is_cut_where_it_is_and_a_number_across_is_found_once() {
    // ASCII only: every cut is forced; numbers lie across many of them.
    let line: String = (0..2_000)
        .map(|i| {
            format!(
                "ID 210302199001011238, tel 1381234{:04}, card 6222021234567894; ",
                i
            )
        })
        .collect();
    let expected = whole(line.as_bytes());
    assert_eq!(expected.len(), 6_000);
    for cut in [64, 100, 333] {
        let tight = Chunking {
            read: 1 << 12,
            line: cut,
            most: cut,
            context: 64,
        };
        same(
            &streamed(line.as_bytes(), &tight),
            &expected,
            &format!("cut {cut}"),
        );
    }
}

#[test]
fn scan_path_streams_text_files_and_reads_the_others_whole() {
    let dir = Dir::new();
    let txt = dir.path().join("a.txt");
    std::fs::write(&txt, LIST).unwrap();
    let opts = ScanOptions::default();
    let got = scan::scan_path(&scanner(), NAME, &txt, &opts).unwrap();
    assert_eq!(got, whole(LIST.as_bytes()));
    let html = dir.path().join("a.html");
    std::fs::write(&html, "<p>电话13812341234</p>").unwrap();
    let got = scan::scan_path(&scanner(), "a.html", &html, &opts).unwrap();
    assert_eq!(got[0].matched, "13812341234");
    assert!(scan::scan_path(&scanner(), NAME, &dir.path().join("missing.txt"), &opts).is_err());
}

/// Pieces random text is made of: numbers, their near-misses, joiners, markings, prose
/// long enough for a quiet place, multi-byte and full-width characters, line ends.
const PIECES: &[&str] = &[
    "210302199001011238",
    "21030219900101123X",
    "350402194403070604",
    "13812341234",
    "138 1234 5678",
    "6222 0212 3456 7894",
    "6222021234567894",
    "0412-2223456",
    "（0412）2223456",
    "jyj@anshan.gov.cn",
    "辽C·12345",
    "１３８１２３４１２３４",
    "E12345678",
    "秘密★1年",
    "密级：机密",
    "【内部】",
    "关于申请经费的请示",
    "拆迁补偿明细",
    "根据政府信息公开条例的规定经审查认为该申请所涉信息属于应当公开的范围，予以公开。",
    "，",
    " ",
    "-",
    "\u{3000}",
    "\n",
    "\r\n",
    "\r",
    "𠀀",
    "a",
    "7",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_text_streams_to_the_findings_of_the_whole_file(
        picks in prop::collection::vec(0..PIECES.len(), 0..300),
        read in 1usize..200,
        line in 16usize..400,
        gb in any::<bool>(),
    ) {
        let text: String = picks.iter().map(|&i| PIECES[i]).collect();
        let bytes = if gb {
            encoding_rs::GB18030.encode(&text).0.into_owned()
        } else {
            text.into_bytes()
        };
        prop_assert_eq!(streamed(&bytes, &chunking(read, line)), whole(&bytes));
    }
}

#[test]
fn a_roster_lists_its_first_findings_and_counts_the_rest_in_one_that_blocks() {
    // 2,500 lines, a valid mobile number on each: the first 2,000 are listed, the other
    // 500 counted in one blocking finding at the first line not listed — streamed or not.
    let text: String = (0..2500)
        .map(|i| format!("第{i}名，联系电话138{:08}\n", 12_340_000 + i))
        .collect();
    let expected = whole_with(text.as_bytes(), &ScanOptions::default());
    assert_eq!(expected.len(), scan::MAX_FINDINGS + 1);
    let last = expected.last().unwrap();
    assert_eq!(last.kind, Kind::Unreadable);
    assert_eq!(last.location, "附件《名单.txt》 第2001行");
    assert!(last.excerpt.contains("另有 500 处"), "{}", last.excerpt);
    assert!(expected[..scan::MAX_FINDINGS]
        .iter()
        .all(|f| f.kind == Kind::Mobile));
    same(
        &streamed_with(
            text.as_bytes(),
            &chunking(4096, 1 << 20),
            &ScanOptions::default(),
        ),
        &expected,
        "a roster",
    );
}

/// A page of a 公示 on the website: numbers in paragraphs and a table, a marking.
const PAGE: &str =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>名单公示</title></head>\
    <body><h1>关于拆迁补偿明细的公示</h1>\
    <p>学生张某，身份证号210302199001011238，联系电话13812341234。</p>\
    <table><tr><td>李四</td><td>6222 0212 3456 7894</td></tr></table>\
    <!-- 13900001111 --><p>秘密★1年</p><script>var t='13912345678';</script></body></html>\n";

fn html_streamed(bytes: &[u8], read: usize) -> Vec<Finding> {
    scan::scan_html_reader(
        &scanner(),
        &scan::file_location("公示.html"),
        Cursor::new(bytes),
        &all(),
        &chunking(read, 1 << 20),
    )
    .unwrap()
}

#[test]
fn an_html_page_streamed_finds_what_the_whole_page_does() {
    let page = PAGE.repeat(40);
    let expected = scan::scan_file(&scanner(), "公示.html", page.as_bytes(), &all());
    // Per page: the sensitive word, ID number, mobile number, card, marking, the script's
    // number; not the one in the comment.
    assert_eq!(expected.len(), 40 * 6, "{expected:#?}");
    assert!(expected.iter().all(|f| f.matched != "13900001111"));
    assert!(expected
        .iter()
        .any(|f| f.kind == Kind::IdCard && f.location == "附件《公示.html》 第3段"));
    for read in [1, 2, 3, 7, 64, 1 << 16] {
        same(
            &html_streamed(page.as_bytes(), read),
            &expected,
            &format!("read {read}"),
        );
    }
    // GB18030, as a Windows editor saves it.
    let (gbk, _, _) = encoding_rs::GB18030.encode(&page);
    same(&html_streamed(&gbk, 5), &expected, "GB18030");
    // scan_path reads an .html attachment this way.
    let dir = Dir::new();
    let path = dir.path().join("公示.html");
    std::fs::write(&path, page.as_bytes()).unwrap();
    let got = scan::scan_path(&scanner(), "公示.html", &path, &all()).unwrap();
    same(&got, &expected, "scan_path");
}
