//! OFD 版式文档 (GB/T 33190-2016), what OA systems and 电子公文 produce: a zip whose
//! `OFD.xml` names each document's `Document.xml`, which lists the pages (`Page/@BaseLoc`),
//! template pages, the annotations file and the attachments file. Read here: every page's
//! text as lines with page and position (`layout.rs`), the template pages a page places,
//! each page's annotations (appearance text, 说明, 参数), the document properties, and the
//! attached files, which go through [`super::extract`] like any attachment (an attached
//! OFD is read here again, a few levels deep at most).
//!
//! This file walks the package; `parts.rs` reads what each file in it says.
//!
//! The package passes `zipsafe` first. A page or part that is missing, malformed or
//! points outside the package is an unreadable segment with its reason, and the rest is
//! still read; limits on time, text and pages make the rest unreadable once reached.

pub(crate) mod layout;
pub(crate) mod parts;

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::time::{Duration, Instant};

use zip::ZipArchive;

use super::extract::{decode, extract, file_location, MAX_READ};
use super::Segment;
use layout::Run;
use parts::{annotation_notes, bodies, file_name, folder, list, parse_document, resolve};

/// How far one OFD is read before the rest is left to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Reading time, attachments included.
    pub time: Duration,
    /// Bytes of text, attachments included.
    pub text: usize,
    /// Pages per document.
    pub pages: usize,
    /// OFDs attached to OFDs attached to … this many levels.
    pub nesting: u32,
}

/// Far above any real 公文 (a 300-page report has a few MB of text).
pub const LIMITS: Limits = Limits {
    time: Duration::from_secs(60),
    text: 32 << 20,
    pages: 5_000,
    nesting: 3,
};

/// A content or list file bigger than this is not parsed (a dense page is under 1 MB).
pub(crate) const MAX_PART: u64 = 32 << 20;

const NO_TEXT: &str = "OFD 中没有可读取的文字（可能是扫描件，或文字已转为图形）";
const SCANNED_PAGE: &str = "这一页没有文字，可能是扫描页或文字已转为图形";

/// Whether `bytes` is a zip with `OFD.xml` at its root, whatever the file is called.
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.index_for_name("OFD.xml").is_some())
}

pub fn document(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    within(prefix, bytes, &LIMITS)
}

/// [`document`] with other limits.
pub fn within(prefix: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Segment>, String> {
    let mut budget = Budget {
        limits: *limits,
        deadline: Instant::now() + limits.time,
        text_left: limits.text,
        spent: false,
    };
    read(prefix, bytes, &mut budget, 0)
}

/// What is left of the limits, shared with attached OFDs.
struct Budget {
    limits: Limits,
    deadline: Instant,
    text_left: usize,
    /// Once a limit is reached, nothing more is read.
    spent: bool,
}

fn read(
    prefix: &str,
    bytes: &[u8],
    budget: &mut Budget,
    depth: u32,
) -> Result<Vec<Segment>, String> {
    crate::zipsafe::check(bytes, &crate::zipsafe::OFFICE)?;
    let zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件已损坏，或不是 OFD 文件".to_string())?;
    let mut ofd = Ofd {
        zip,
        budget,
        depth,
        out: Vec::new(),
        text: false,
        damaged: false,
    };
    let root = match ofd.part("OFD.xml") {
        Ok(xml) => xml,
        Err(_) => return Err("不是 OFD 文件（缺少 OFD.xml）".into()),
    };
    let bodies = bodies(&root).map_err(|_| "OFD.xml 的 XML 有错误".to_string())?;
    if bodies.is_empty() {
        return Err("OFD.xml 中没有文档".into());
    }
    let several = bodies.len() > 1;
    for (n, body) in bodies.into_iter().enumerate() {
        let label = if several {
            format!("{prefix} 文档{}", n + 1)
        } else {
            prefix.to_string()
        };
        for (name, value) in body.info {
            ofd.text(format!("{label} 文档属性“{name}”"), value);
        }
        match body.root {
            Some(loc) => ofd.document(&label, &loc),
            None => ofd.unreadable(label, "OFD.xml 没有指明文档的根文件（DocRoot）".into()),
        }
    }
    if !ofd.text && !ofd.damaged {
        return Err(NO_TEXT.into());
    }
    Ok(ofd.out)
}

struct Ofd<'a, 'b> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    budget: &'b mut Budget,
    depth: u32,
    out: Vec<Segment>,
    /// Some text was found.
    text: bool,
    /// Some part could not be read (not merely a page without text).
    damaged: bool,
}

impl Ofd<'_, '_> {
    fn text(&mut self, location: String, text: String) {
        if self.budget.spent || text.trim().is_empty() {
            return;
        }
        if text.len() > self.budget.text_left {
            let mb = self.budget.limits.text >> 20;
            self.unreadable(location, format!("文字超过 {mb} MB，其余部分请人工审查"));
            self.budget.spent = true;
            return;
        }
        self.budget.text_left -= text.len();
        self.text = true;
        self.out.push(Segment::new(location, text));
    }

    fn unreadable(&mut self, location: String, reason: String) {
        self.damaged |= reason != SCANNED_PAGE;
        let mut seg = Segment::new(location, "");
        seg.unreadable = Some(reason);
        self.out.push(seg);
    }

    /// Whether reading must stop here; the first time, says so at `location`.
    fn stop(&mut self, location: &str) -> bool {
        if self.budget.spent {
            return true;
        }
        if Instant::now() > self.budget.deadline {
            let secs = self.budget.limits.time.as_secs();
            self.unreadable(
                location.to_string(),
                format!("读取超过 {secs} 秒，从这里起请人工审查"),
            );
            self.budget.spent = true;
        }
        self.budget.spent
    }

    /// The bytes of the entry `path`, at most `max`.
    fn bytes(&mut self, path: &str, max: u64) -> Result<Vec<u8>, String> {
        parts::entry(&mut self.zip, path, max)
    }

    /// An XML part as text (UTF-8, or GB18030 from older producers).
    fn part(&mut self, path: &str) -> Result<String, String> {
        self.bytes(path, MAX_PART).map(|b| decode(&b))
    }

    fn content(&mut self, path: &str) -> Result<layout::Content, String> {
        let xml = self.part(path)?;
        layout::content(&xml).map_err(|_| format!("“{path}”的 XML 有错误"))
    }

    fn lines(&mut self, at: &str, label: &str, runs: Vec<Run>) {
        for line in layout::lines(runs) {
            let (x, y) = (line.x.round() as i64, line.y.round() as i64);
            self.text(format!("{at}{label}（x {x} mm，y {y} mm）"), line.text);
        }
    }

    /// One document: its pages in order, each with its templates and annotations, then
    /// the templates no page uses and the attachments.
    fn document(&mut self, label: &str, loc: &str) {
        let parsed = resolve("", loc).and_then(|path| {
            let xml = self.part(&path)?;
            let doc = parse_document(&xml, self.budget.limits.pages)
                .map_err(|_| format!("“{path}”的 XML 有错误"))?;
            Ok((path, doc))
        });
        let (path, doc) = match parsed {
            Ok(p) => p,
            Err(why) => return self.unreadable(label.to_string(), why),
        };
        let dir = folder(&path);
        let templates: HashMap<&str, &str> = doc
            .templates
            .iter()
            .map(|(id, loc)| (id.as_str(), loc.as_str()))
            .collect();
        let annotations = match &doc.annotations {
            Some(loc) => self.annotation_files(label, dir, loc),
            None => HashMap::new(),
        };
        let mut placed = HashSet::new();
        for (i, (id, loc)) in doc.pages.iter().enumerate() {
            let at = format!("{label} 第{}页", i + 1);
            if self.stop(&at) {
                return;
            }
            match resolve(dir, loc).and_then(|p| self.content(&p)) {
                Ok(page) => {
                    if page.runs.iter().all(|r| r.text.trim().is_empty()) && page.graphics {
                        self.unreadable(at.clone(), SCANNED_PAGE.into());
                    }
                    self.lines(&at, "", page.runs);
                    for tid in &page.templates {
                        if let Some(tloc) = templates
                            .get(tid.as_str())
                            .filter(|_| placed.insert(tid.clone()))
                        {
                            self.template(&at, " 模板", dir, tloc);
                        }
                    }
                }
                Err(why) => self.unreadable(at.clone(), why),
            }
            for file in annotations.get(id.as_str()).into_iter().flatten() {
                self.annotation(&at, file);
            }
        }
        if doc.page_count > doc.pages.len() {
            self.unreadable(
                label.to_string(),
                format!(
                    "共 {} 页，只自动检查了前 {} 页，其余请人工审查",
                    doc.page_count,
                    doc.pages.len()
                ),
            );
        }
        for (id, tloc) in &doc.templates {
            let at = format!("{label} 未使用的模板页");
            if !placed.contains(id) && !self.stop(&at) {
                self.template(&at, "", dir, tloc);
            }
        }
        if let Some(loc) = &doc.attachments {
            self.attachments(label, dir, loc);
        }
    }

    /// A template page's text, at `at` followed by `label`.
    fn template(&mut self, at: &str, label: &str, dir: &str, loc: &str) {
        match resolve(dir, loc).and_then(|p| self.content(&p)) {
            Ok(t) => self.lines(at, label, t.runs),
            Err(why) => self.unreadable(format!("{at}{label}"), why),
        }
    }

    /// `Annotations.xml`: page `ID` → that page's annotation files (package paths).
    fn annotation_files(
        &mut self,
        label: &str,
        dir: &str,
        loc: &str,
    ) -> HashMap<String, Vec<String>> {
        let listed = resolve(dir, loc).and_then(|path| {
            let xml = self.part(&path)?;
            let pages =
                list(&xml, b"Page", b"PageID").map_err(|_| format!("“{path}”的 XML 有错误"))?;
            Ok((path, pages))
        });
        let mut by_page: HashMap<String, Vec<String>> = HashMap::new();
        match listed {
            Ok((path, pages)) => {
                for (page, file) in pages {
                    match resolve(folder(&path), &file.loc) {
                        Ok(p) => by_page.entry(page).or_default().push(p),
                        Err(why) => self.unreadable(format!("{label} 注释"), why),
                    }
                }
            }
            Err(why) => self.unreadable(format!("{label} 注释"), why),
        }
        by_page
    }

    /// A page's annotation file: each `Annot`'s 说明 (`Remark`) and 参数 (`Parameter`), and
    /// the text its `Appearance` draws.
    fn annotation(&mut self, at: &str, path: &str) {
        let where_ = format!("{at} 注释");
        let parsed = self.part(path).and_then(|xml| {
            let notes = annotation_notes(&xml);
            let drawn = layout::content(&xml);
            match (notes, drawn) {
                (Ok(n), Ok(d)) => Ok((n, d)),
                _ => Err(format!("“{path}”的 XML 有错误")),
            }
        });
        match parsed {
            Ok((notes, drawn)) => {
                for (label, text) in notes {
                    self.text(format!("{at} {label}"), text);
                }
                self.lines(at, " 注释", drawn.runs);
            }
            Err(why) => self.unreadable(where_, why),
        }
    }

    /// `Attachments.xml`: each attached file read as an attachment of its own.
    fn attachments(&mut self, label: &str, dir: &str, loc: &str) {
        let at = format!("{label} 附件");
        let listed = resolve(dir, loc).and_then(|path| {
            let xml = self.part(&path)?;
            let files =
                list(&xml, b"Attachment", b"Name").map_err(|_| format!("“{path}”的 XML 有错误"))?;
            Ok((path, files))
        });
        let (path, files) = match listed {
            Ok(l) => l,
            Err(why) => return self.unreadable(at, why),
        };
        for (_, file) in files {
            let name = file_name(&file);
            let at = format!("{label} {}", file_location(&name));
            if self.stop(&at) {
                return;
            }
            let bytes =
                resolve(folder(&path), &file.loc).and_then(|p| self.bytes(&p, MAX_READ as u64));
            let segments = bytes.and_then(|bytes| {
                let ofd = name.to_lowercase().ends_with(".ofd") || is_package(&bytes);
                if !ofd {
                    return extract(&name, &bytes).map(|segs| {
                        segs.into_iter()
                            .map(|mut s| {
                                s.location = format!("{label} {}", s.location);
                                s
                            })
                            .collect()
                    });
                }
                if self.depth >= self.budget.limits.nesting {
                    return Err(format!(
                        "OFD 附件嵌套超过 {} 层，请人工审查",
                        self.budget.limits.nesting
                    ));
                }
                read(&at, &bytes, self.budget, self.depth + 1)
            });
            match segments {
                Ok(segs) => {
                    for s in segs {
                        match s.unreadable {
                            Some(why) => self.unreadable(s.location, why),
                            None => self.text(s.location, s.text),
                        }
                    }
                }
                Err(why) => self.unreadable(at, why),
            }
        }
    }
}
