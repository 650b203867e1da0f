//! The scan of a large plain-text attachment beside ripgrep, in the same run.
//!
//! Generates a ~100 MB .txt of official prose with personal numbers planted in it (one
//! every ~10 KB, some split over lines' ends of the reader's chunks by chance), then:
//! - ripgrep (`rg`, Debian's `ripgrep`: `make bench-scan` installs it) with eight
//!   patterns comparable to the scanner's detectors but unvalidated (no check characters,
//!   no Luhn, no issuer prefixes, no context rules), single-threaded as the scan is:
//!   counting every match (`--count-matches`, as the scanner finds every number: the
//!   baseline of the ratio) and, for reference, only matching lines (`--count`, which
//!   leaves a line at its first match);
//! - the scanner as the app runs it (`scan::scan_path`, streaming), and the scan of the
//!   whole file in memory (`std::fs::read` + `scan::scan_file`, what it did before),
//!   each in a child process that reports its own peak memory (VmHWM).
//!
//! Prints MB/s (10^6 bytes per second, median of the runs) of each, the scanner's ratio
//! to ripgrep and each child's peak memory. Targets (issue 23 item 4): streaming at least
//! 40 % of ripgrep's MB/s, under 64 MiB whatever the file's size.
//!
//! `make bench-scan`, or `cargo bench -p disclosure-core --bench scan_stream`;
//! SCAN_STREAM_MB sets the corpus size, SCAN_STREAM_RUNS the runs of each (default 3).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use disclosure_core::scan::{self, ScanOptions, Scanner};

/// Prose as offices write it, with the numbers that are not personal data: 文号, dates,
/// amounts, ISBNs, project codes.
const PROSE: [&str; 10] = [
    "为进一步规范全市中小学学籍管理工作，切实保障适龄儿童少年依法接受义务教育的权利，",
    "根据《中华人民共和国政府信息公开条例》和鞍教发〔2016〕38号文件规定，结合我市实际，制定本办法。",
    "各县（市）区教育局要高度重视，明确责任分工，确保各项工作于2016年6月30日前落到实处。",
    "部门预算收支总额为1,234.56万元，其中财政拨款支出987.65万元，“三公”经费支出12.3万元。",
    "依照保守国家秘密法的规定，严格执行保密审查，涉及商业秘密和个人隐私的信息不予公开。",
    "随机抽查事项清单包括抽查依据、抽查主体、抽查内容和抽查方式，共计235所学校参与。",
    "政策解读材料应当在政策文件公开后三个工作日内发布，ISBN 978-7-04-012345-6。",
    "重大建设项目的批准、实施情况按阶段及时公开，项目编号ASJY-2016-038。",
    "意见征集期间，社会公众可通过电子邮件、信函等方式提出意见建议。",
    "Total budget 2016: 1234567 yuan; contact office hours 9:00-17:00.",
];

/// What is planted: each finds one finding of the scanner.
const PLANTED: [&str; 6] = [
    "学生张某，身份证号210302199001011238，已按规定予以资助。",
    "联系电话13812341234。",
    "收款账号6222 0212 3456 7894。",
    "咨询电话：0412-2223456，电子邮箱：jyj@anshan.gov.cn。",
    "疑似录入错误的号码350402194403070604。",
    "关于申请校舍维修专项经费的请示",
];

/// Eight patterns like the detectors, without their validation. `\d` is Unicode's, as
/// the detectors also read full-width digits (１３８…).
const RG_PATTERNS: [&str; 8] = [
    r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]",
    r"1[3-9]\d{9}",
    r"0\d{2,3}-\d{7,8}",
    r"[\w.%+-]+@[\w.-]+\.[A-Za-z]{2,}",
    r"\d{4}(?: \d{4}){3}|(?:62|4\d|5[1-5])\d{14,17}",
    r"[1-9A-GY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{10}",
    r"E[0-9A-HJ-NP-Z]\d{7}",
    r"绝密|机密|秘密|内部|涉密|讨论稿|送审稿|征求意见稿|请示",
];

fn main() {
    if let Ok(mode) = std::env::var("SCAN_STREAM_CHILD") {
        let path = std::env::args().nth(1).expect("corpus path");
        return child(&mode, Path::new(&path));
    }
    let mb: usize = env_or("SCAN_STREAM_MB", 100);
    let runs: usize = env_or("SCAN_STREAM_RUNS", 3);
    let path = std::env::temp_dir().join(format!("scan-stream-{}.txt", std::process::id()));
    let planted = corpus(&path, mb << 20);
    let bytes = std::fs::metadata(&path).expect("corpus").len() as f64;
    println!(
        "语料 {:.1} MB（{} 处预置号码），每项 {runs} 次取中位数",
        bytes / 1e6,
        planted
    );
    // Taken in turns, so a change of the machine's load falls on all of them alike.
    let (mut rg, mut rg_lines, mut stream, mut whole) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        rg.push(ripgrep(&path, "--count-matches"));
        rg_lines.push(ripgrep(&path, "--count"));
        stream.push(run_child("stream", &path));
        whole.push(run_child("whole", &path));
    }
    let (rg, rg_lines) = (median(rg), median(rg_lines));
    let peak = |r: &[Run]| r.iter().map(|r| r.peak_kib).max().unwrap_or(0) as f64 / 1024.0;
    let findings = stream[0].findings;
    assert_eq!(
        findings, whole[0].findings,
        "streaming and whole-file scans differ"
    );
    assert!(
        findings >= planted,
        "{findings} findings of {planted} planted"
    );
    let stream_s = median(stream.iter().map(|r| r.secs).collect());
    let whole_s = median(whole.iter().map(|r| r.secs).collect());
    let mbs = |s: f64| bytes / s / 1e6;
    println!(
        "ripgrep --count-matches（8 个模式，不校验） {:>7.1} MB/s",
        mbs(rg)
    );
    println!(
        "ripgrep --count（只数行，参考）            {:>7.1} MB/s  流式扫描为其 {:.0}%",
        mbs(rg_lines),
        100.0 * rg_lines / stream_s
    );
    println!(
        "流式扫描 scan_path                         {:>7.1} MB/s  为 ripgrep 的 {:>3.0}%  峰值内存 {:>6.1} MiB  {} 处",
        mbs(stream_s),
        100.0 * rg / stream_s,
        peak(&stream),
        findings
    );
    println!(
        "整读扫描 read + scan_file                  {:>7.1} MB/s  为 ripgrep 的 {:>3.0}%  峰值内存 {:>6.1} MiB",
        mbs(whole_s),
        100.0 * rg / whole_s,
        peak(&whole)
    );
    if std::env::var_os("SCAN_STREAM_KEEP").is_none() {
        let _ = std::fs::remove_file(&path);
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Writes about `size` bytes of lines; the number of planted numbers.
fn corpus(path: &Path, size: usize) -> usize {
    let mut out = BufWriter::new(std::fs::File::create(path).expect("corpus"));
    let (mut written, mut planted, mut seed) = (0usize, 0usize, 0x2016u64);
    let mut since = 0usize;
    while written < size {
        let mut line = String::new();
        for _ in 0..4 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            line.push_str(PROSE[(seed >> 33) as usize % PROSE.len()]);
        }
        if since >= 10_000 {
            line.push_str(PLANTED[planted % PLANTED.len()]);
            planted += 1;
            since = 0;
        }
        line.push('\n');
        since += line.len();
        written += line.len();
        out.write_all(line.as_bytes()).expect("corpus");
    }
    out.flush().expect("corpus");
    planted
}

/// Seconds ripgrep takes over the corpus, counting as `count` says.
fn ripgrep(path: &Path, count: &str) -> f64 {
    let mut rg = Command::new("rg");
    rg.args(["--no-config", count, "-j1"]);
    for p in RG_PATTERNS {
        rg.args(["-e", p]);
    }
    let start = Instant::now();
    let out = rg
        .arg(path)
        .output()
        .expect("rg (Debian: apt install ripgrep)");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "rg: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

struct Run {
    secs: f64,
    peak_kib: u64,
    findings: usize,
}

fn run_child(mode: &str, path: &Path) -> Run {
    let out = Command::new(std::env::current_exe().expect("bench binary"))
        .env("SCAN_STREAM_CHILD", mode)
        .arg(path)
        .output()
        .expect("child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = text.split_whitespace().collect();
    Run {
        secs: f[0].parse().expect("secs"),
        peak_kib: f[1].parse().expect("peak"),
        findings: f[2].parse().expect("findings"),
    }
}

/// In the child: one scan, then its time, peak memory and number of findings.
fn child(mode: &str, path: &Path) {
    let scanner = Scanner::new(&["拆迁补偿明细".to_string()]);
    let opts = ScanOptions::default();
    let start = Instant::now();
    let findings = match mode {
        "stream" => scan::scan_path(&scanner, "名单.txt", path, &opts).expect("scan"),
        _ => {
            let bytes = std::fs::read(path).expect("corpus");
            scan::scan_file(&scanner, "名单.txt", &bytes, &opts)
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    println!("{secs} {peak} {}", findings.len());
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
