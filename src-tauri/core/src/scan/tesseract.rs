//! 文字识别 — running the `tesseract` command (Debian's `tesseract-ocr` with
//! `tesseract-ocr-chi-sim`) on one image and reading its TSV output back as words with their
//! boxes, rebuilt into lines of text whose every byte knows the box it was read from.
//!
//! The command runs as a child process, one per image, under a time limit: a page it cannot
//! read in time is killed and reported, never waited on for ever. `OMP_THREAD_LIMIT=1`
//! keeps each process on one core; `scanned.rs` runs as many of them side by side as there
//! are cores, which is faster than one process using several threads.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The reason a scanned page or an image is not checked when the command is missing.
pub const MISSING: &str = "未安装文字识别组件（tesseract-ocr），扫描件无法自动检查，请人工核对";

/// 简体中文 and English: official documents mix them (numbers, e-mail addresses, codes).
const LANGUAGES: &str = "chi_sim+eng";

/// Where a program is: the first `name` on `PATH` (with `.exe` on Windows, where the
/// UB Mannheim installer's default folder is tried too).
pub fn program(name: &str) -> Option<PathBuf> {
    let file = if cfg!(windows) {
        format!("{name}.exe")
    } else {
        name.to_string()
    };
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(&file))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let installed = Path::new(r"C:\Program Files\Tesseract-OCR").join(&file);
        (cfg!(windows) && installed.is_file()).then_some(installed)
    })
}

/// A rectangle on the image, in pixels from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bbox {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Bbox {
    /// The smallest box holding both.
    pub fn union(self, o: Bbox) -> Bbox {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        let right = (self.x + self.width).max(o.x + o.width);
        let bottom = (self.y + self.height).max(o.y + o.height);
        Bbox {
            x,
            y,
            width: right - x,
            height: bottom - y,
        }
    }
}

/// One page of recognised text and the box each word of it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// Page number inside the image file (a TIFF may hold several), from 1.
    pub page: u32,
    /// The words joined into lines, one `\n` between lines.
    pub text: String,
    /// Each word's byte range in `text` and its box, in order.
    pub words: Vec<(usize, usize, Bbox)>,
}

impl Reading {
    /// The box around the words `start..end` touches, if it touches any.
    pub fn bbox(&self, start: usize, end: usize) -> Option<Bbox> {
        self.words
            .iter()
            .filter(|(s, e, _)| *s < end && start < *e)
            .map(|(_, _, b)| *b)
            .reduce(Bbox::union)
    }
}

/// Why a run failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The program could not be started.
    Spawn(String),
    /// Killed after the time limit.
    Timeout(Duration),
    /// It exited with an error.
    Exit(Option<i32>),
}

/// Runs `cmd` with its standard output collected, killing it after `limit`.
pub fn run(cmd: &mut Command, limit: Duration) -> Result<Vec<u8>, Failure> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Failure::Spawn(e.to_string()))?;
    // Read while it runs: a full pipe would block the child until the time limit.
    let reader = child.stdout.take().map(|mut out| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.read_to_end(&mut buf);
            buf
        })
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let out = reader
        .map(|r| r.join().unwrap_or_default())
        .unwrap_or_default();
    match status {
        None => Err(Failure::Timeout(limit)),
        Some(s) if s.success() => Ok(out),
        Some(s) => Err(Failure::Exit(s.code())),
    }
}

/// The pages of text `tesseract` (at `program`) reads in `image`; `dpi` when the caller
/// knows it (a rasterised PDF page), otherwise the command estimates it.
pub fn read(
    program: &Path,
    image: &Path,
    dpi: Option<u32>,
    limit: Duration,
) -> Result<Vec<Reading>, String> {
    let mut cmd = Command::new(program);
    cmd.arg(image)
        .arg("stdout")
        .args(["-l", LANGUAGES, "--psm", "3"])
        .env("OMP_THREAD_LIMIT", "1");
    if let Some(dpi) = dpi {
        cmd.args(["--dpi", &dpi.to_string()]);
    }
    cmd.arg("tsv");
    match run(&mut cmd, limit) {
        Ok(out) => Ok(parse_tsv(&String::from_utf8_lossy(&out))),
        Err(Failure::Spawn(_)) => Err(MISSING.into()),
        Err(Failure::Timeout(d)) => {
            Err(format!("文字识别超过 {} 秒未完成，请人工核对", d.as_secs()))
        }
        Err(Failure::Exit(_)) => Err("文字识别组件无法读取这张图片，请人工核对".into()),
    }
}

/// Parses tesseract's TSV (`level page_num block_num par_num line_num word_num left top
/// width height conf text`): the words (level 5) of each page, in reading order, joined
/// into lines. Malformed rows are skipped.
pub fn parse_tsv(tsv: &str) -> Vec<Reading> {
    let mut pages: Vec<Reading> = Vec::new();
    let mut line_key = None;
    for row in tsv.lines() {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let n: Vec<u32> = f[1..10].iter().filter_map(|v| v.parse().ok()).collect();
        let word = f[11].trim();
        if n.len() != 9 || word.is_empty() {
            continue;
        }
        let (page, key) = (n[0], (n[0], n[1], n[2], n[3]));
        if pages.last().is_none_or(|p| p.page != page) {
            pages.push(Reading {
                page,
                ..Reading::default()
            });
            line_key = None;
        }
        let Some(r) = pages.last_mut() else { continue };
        if line_key.is_some_and(|k| k != key) {
            r.text.push('\n');
        } else if let (Some(prev), Some(next)) = (r.text.chars().next_back(), word.chars().next()) {
            // Tesseract cuts Chinese into one word per character or so: join those
            // without spaces, keep the spaces it saw between Latin letters and digits.
            if prev.is_ascii() && next.is_ascii() {
                r.text.push(' ');
            }
        }
        line_key = Some(key);
        let start = r.text.len();
        r.text.push_str(word);
        let bbox = Bbox {
            x: n[5],
            y: n[6],
            width: n[7],
            height: n[8],
        };
        r.words.push((start, r.text.len(), bbox));
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    fn row(page: u32, line: u32, word: u32, (x, y, w): (u32, u32, u32), text: &str) -> String {
        format!("5\t{page}\t1\t1\t{line}\t{word}\t{x}\t{y}\t{w}\t40\t91.5\t{text}")
    }

    #[test]
    fn words_become_lines_with_their_boxes() {
        let tsv = [
            HEADER.to_string(),
            "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t".into(),
            row(1, 1, 1, (100, 200, 40), "身份"),
            row(1, 1, 2, (140, 200, 40), "证号"),
            row(1, 1, 3, (190, 200, 300), "11O1O5"),
            row(1, 1, 4, (500, 202, 320), "19491231002X"),
            row(1, 2, 1, (100, 300, 80), "电话"),
            row(1, 2, 2, (190, 300, 80), " "),
            row(1, 2, 3, (190, 300, 300), "13812345678"),
            row(2, 1, 1, (10, 20, 30), "第二页"),
        ]
        .join("\n");
        let pages = parse_tsv(&tsv);
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[0].text,
            "身份证号11O1O5 19491231002X\n电话13812345678"
        );
        assert_eq!(pages[1].page, 2);
        let id = pages[0].text.find("11O1O5").unwrap_or_default();
        let end = id + "11O1O5 19491231002X".len();
        assert_eq!(
            pages[0].bbox(id, end),
            Some(Bbox {
                x: 190,
                y: 200,
                width: 630,
                height: 42
            })
        );
        assert_eq!(pages[0].bbox(0, 0), None);
    }

    #[test]
    fn garbage_rows_are_skipped() {
        assert!(parse_tsv("5\tx\t1\n5\t1\t1\t1\t1\t1\t-3\t0\t0\t0\t0\tword").is_empty());
        assert!(parse_tsv("").is_empty());
    }

    #[test]
    fn a_child_past_its_time_is_killed() {
        let started = Instant::now();
        let r = run(Command::new("sleep").arg("30"), Duration::from_millis(200));
        assert_eq!(r, Err(Failure::Timeout(Duration::from_millis(200))));
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(matches!(
            run(
                &mut Command::new("/nonexistent/tesseract"),
                Duration::from_secs(1)
            ),
            Err(Failure::Spawn(_))
        ));
    }
}
