//! OCR of scanned PDFs (issue #23).
//!
//! Targets: a 20-page scanned PDF (made here: typeset, rasterised at 300 dpi, wrapped back
//! with no text layer) is scanned end to end in under 30 s, and within 1.2× of the time
//! the plain `tesseract` command takes on the same 20 page images, run one after another
//! in this same process. Criterion measures one page (`ocr/page`, pages per second); the
//! 20-page figures are printed once, each the better of two runs.
//! Run with `cargo bench -p disclosure-core --bench ocr` (needs tesseract-ocr,
//! tesseract-ocr-chi-sim and poppler-utils).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use disclosure_core::demo::scans;
use disclosure_core::scan::{self, Kind, ScanOptions, Scanner};

const PAGES: usize = 20;

/// A page of a 公示 with the numbers such lists carry.
fn page(n: usize) -> Vec<String> {
    let mut lines = vec![format!("关于第{n}批专项资金拟资助对象的公示")];
    for k in 0..10 {
        let i = n * 10 + k;
        lines.push(format!(
            "{i}. 申请人 手机 139{:08} 已审核",
            i * 7919 % 100_000_000
        ));
    }
    lines.push("身份证号：11010519491231002X".into());
    lines.push("公示期为五个工作日，如有异议请向本局反映。".into());
    lines
}

fn best_of_two(mut f: impl FnMut()) -> Duration {
    (0..2)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn tesseract_cli(image: &Path) {
    let ok = Command::new("tesseract")
        .arg(image)
        .arg("stdout")
        .args(["-l", "chi_sim+eng", "--psm", "3", "--dpi", "300", "tsv"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "tesseract failed on {}", image.display());
}

fn bench(c: &mut Criterion) {
    let texts: Vec<Vec<String>> = (1..=PAGES).map(page).collect();
    let pdf = scans::text_pdf(&texts).expect("typeset");
    let images = scans::rasterise(&pdf, 300).expect("pdftoppm");
    let scanned = scans::image_pdf(&images, 300);
    let dir = tempfile::tempdir().expect("tempdir");
    let files: Vec<_> = images
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let path = dir.path().join(format!("p{i}.pgm"));
            let mut pgm = format!("P5\n{} {}\n255\n", g.width, g.height).into_bytes();
            pgm.extend(&g.pixels);
            std::fs::write(&path, pgm).expect("write page");
            path
        })
        .collect();
    let scanner = Scanner::new(&[]);
    let opts = ScanOptions::default();

    let mut found = 0;
    let end_to_end = best_of_two(|| {
        let findings = scan::scan_file(&scanner, "扫描件.pdf", &scanned, &opts);
        found = findings.iter().filter(|f| f.kind == Kind::IdCard).count();
    });
    let cli = best_of_two(|| files.iter().for_each(|f| tesseract_cli(f)));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "ocr: {PAGES} 页扫描件 PDF（{} KB，{cores} 核）端到端 {:.1} s（{:.2} 页/秒），\
         同一批页面逐页运行 tesseract 命令 {:.1} s（{:.2} 页/秒），比值 {:.2}；身份证号找到 {found}/{PAGES}",
        scanned.len() / 1024,
        end_to_end.as_secs_f64(),
        PAGES as f64 / end_to_end.as_secs_f64(),
        cli.as_secs_f64(),
        PAGES as f64 / cli.as_secs_f64(),
        end_to_end.as_secs_f64() / cli.as_secs_f64(),
    );

    let one = scans::image_pdf(&images[..1], 300);
    let mut g = c.benchmark_group("ocr");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(1));
    g.bench_function("page", |b| {
        b.iter(|| scan::scan_file(&scanner, "一页.pdf", &one, &opts).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
