//! Scanner throughput on one core.
//!
//! Targets (issue: pre-review scan): all detectors together scan at least 50 MB/s of mixed
//! Chinese text (criterion prints `thrpt`), and a 20 MB .docx is scanned in under 2 s.
//! Run with `cargo bench -p disclosure-core --bench scan`.

use std::io::Write;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use disclosure_core::scan::{self, ScanOptions, Scanner};

/// Official-document prose with the numbers such text carries: 文号, dates, amounts, an
/// office telephone, now and then a person's data and a marking.
const SENTENCES: [&str; 14] = [
    "为进一步规范全市中小学学籍管理工作，切实保障适龄儿童少年依法接受义务教育的权利，",
    "根据《中华人民共和国政府信息公开条例》和鞍教发〔2016〕38号文件规定，结合我市实际，制定本办法。",
    "各县（市）区教育局要高度重视，明确责任分工，确保各项工作于2016年6月30日前落到实处。",
    "部门预算收支总额为1,234.56万元，其中财政拨款支出987.65万元，“三公”经费支出12.3万元。",
    "依照保守国家秘密法的规定，严格执行保密审查，涉及商业秘密和个人隐私的信息不予公开。",
    "咨询电话：0412-2223456，电子邮箱：jyj@anshan.gov.cn，办公地址：胜利南路18号。",
    "随机抽查事项清单包括抽查依据、抽查主体、抽查内容和抽查方式，共计235所学校参与。",
    "学生张某，身份证号210302199001011238，联系电话13812341234，已按规定予以资助。",
    "政策解读材料应当在政策文件公开后三个工作日内发布，ISBN 978-7-04-012345-6。",
    "重大建设项目的批准、实施情况按阶段及时公开，项目编号ASJY-2016-038。",
    "意见征集期间，社会公众可通过电子邮件、信函等方式提出意见建议。",
    "关于申请校舍维修专项经费的请示，已经局长办公会议研究同意。",
    "Total budget 2016: 1234567 yuan; contact office hours 9:00-17:00.",
    "办事指南明确申请条件、办理材料、办理流程和办理时限，时限为20个工作日。",
];

fn mixed_text(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    let mut i = 0usize;
    while s.len() < bytes {
        s.push_str(SENTENCES[(i * 7 + i / 14) % SENTENCES.len()]);
        if i % 5 == 4 {
            s.push('\n');
        }
        i += 1;
    }
    s
}

/// A 20 MB .docx as offices produce them: a long text body plus embedded pictures that
/// make up the rest of the size (stored, as JPEGs do not compress).
fn big_docx() -> (Vec<u8>, usize) {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    let mut n = 0u64;
    for line in mixed_text(24 << 20).lines() {
        n += 1;
        // Runs split the way Word splits them, with a number that differs per paragraph.
        let (a, b) = line.split_at(line.char_indices().nth(20).map_or(0, |(i, _)| i));
        xml.push_str(&format!(
            "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t>{a}</w:t></w:r><w:r><w:t>{b}第{n}段。</w:t></w:r></w:p>"
        ));
    }
    xml.push_str("</w:body></w:document>");
    let text_only = package(&xml, 0).len();
    let pictures = (20usize << 20).saturating_sub(text_only).div_ceil(1 << 20);
    (package(&xml, pictures), xml.len())
}

fn package(xml: &str, pictures: usize) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let deflate = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", deflate).expect("zip");
    zip.write_all(xml.as_bytes()).expect("zip");
    let stored = deflate.compression_method(zip::CompressionMethod::Stored);
    let mut seed = 0x2016u64;
    for k in 1..=pictures {
        zip.start_file(format!("word/media/image{k}.jpeg"), stored)
            .expect("zip");
        let picture: Vec<u8> = (0..1 << 20)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 56) as u8
            })
            .collect();
        zip.write_all(&picture).expect("zip");
    }
    zip.finish().expect("zip");
    buf.into_inner()
}

fn bench(c: &mut Criterion) {
    let words: Vec<String> = ["法轮功", "六合彩", "拆迁补偿明细", "内部审计报告"]
        .map(String::from)
        .to_vec();
    let scanner = Scanner::new(&words);
    let opts = ScanOptions::default();

    let text = mixed_text(16 << 20);
    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("all detectors, 16 MiB of mixed Chinese text", |b| {
        b.iter(|| scanner.scan_text(&text, &opts).len())
    });
    g.finish();

    let (docx, xml_len) = big_docx();
    let segments = scan::extract("big.docx", &docx).expect("docx").len();
    println!(
        "big.docx: {:.1} MB, {segments} paragraphs, {:.1} MB of document.xml",
        docx.len() as f64 / 1e6,
        xml_len as f64 / 1e6
    );
    let mut g = c.benchmark_group("scan_file");
    g.throughput(Throughput::Bytes(docx.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("20 MB docx", |b| {
        b.iter(|| scan::scan_file(&scanner, "big.docx", &docx, &opts).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
