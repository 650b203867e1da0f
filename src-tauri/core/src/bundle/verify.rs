//! 校验上传包 — checks any bundle: the zip is safe to open, every file matches
//! `SHA256SUMS` and the manifest, the manifest matches its schema, and every byte of the
//! zip outside the files' contents is exactly what `export` writes for those contents
//! (see `archive`), so a change of any single byte anywhere is found and, where it lies
//! in or before a file, that file is named.
//!
//! Nothing is extracted to disk: entries are streamed through SHA-256 and CRC-32, with
//! limits on the number of entries and on each entry's and the total expanded size, so
//! hostile zips (`../` paths, absolute paths, symlinks, bombs) are refused before or while
//! being read.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::archive::{self, Entry, Owner};
use super::manifest::{self, Manifest};
use crate::error::{io_reason, Error, Result};

/// Limits on what a zip may expand to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_entries: usize,
    /// Per entry, uncompressed.
    pub max_file: u64,
    /// All entries together, uncompressed.
    pub max_total: u64,
    /// Largest uncompressed/compressed ratio of an entry over `ratio_from` bytes.
    pub max_ratio: u64,
    pub ratio_from: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: archive::MAX_ENTRIES,
            max_file: archive::MAX_BYTES,
            max_total: archive::MAX_BYTES,
            // Attachments are mostly compressed formats already; 500:1 over 16 MB is a bomb.
            max_ratio: 500,
            ratio_from: 16 * 1024 * 1024,
        }
    }
}

/// manifest.json, SHA256SUMS and metadata.json are read into memory up to this size.
pub(super) const MAX_TEXT: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// 缺少: listed but not in the zip.
    Missing,
    /// 多余: in the zip but not listed.
    Extra,
    /// 不一致: in the zip but not what was recorded.
    Different,
    /// 不安全: a path, link or size that must never be opened.
    Unsafe,
    /// 格式错误: not a zip, or a manifest that does not conform.
    Invalid,
}

impl ProblemKind {
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::Missing => "缺少",
            ProblemKind::Extra => "多余",
            ProblemKind::Different => "不一致",
            ProblemKind::Unsafe => "不安全",
            ProblemKind::Invalid => "格式错误",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleProblem {
    pub kind: ProblemKind,
    /// The file inside the bundle, when the problem belongs to one.
    pub file: Option<String>,
    pub message: String,
}

/// The result of checking a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleCheck {
    pub ok: bool,
    pub path: String,
    pub bundle_id: Option<String>,
    pub items: usize,
    pub revocations: usize,
    /// Files in the zip.
    pub files: usize,
    pub problems: Vec<BundleProblem>,
    /// One line in Chinese.
    pub message: String,
}

/// Checks the bundle at `path` with the default limits.
pub fn verify(path: &Path) -> Result<BundleCheck> {
    verify_with(path, &Limits::default())
}

struct Found {
    problems: Vec<BundleProblem>,
    seen: HashSet<(ProblemKind, Option<String>)>,
}

impl Found {
    fn add(&mut self, kind: ProblemKind, file: Option<&str>, message: impl Into<String>) {
        let file = file.map(str::to_string);
        if self.seen.insert((kind, file.clone())) {
            self.problems.push(BundleProblem {
                kind,
                file,
                message: message.into(),
            });
        }
    }
}

/// What was read of one entry.
struct Read_ {
    sha256: Option<String>,
    text: Option<Vec<u8>>,
}

pub fn verify_with(path: &Path, limits: &Limits) -> Result<BundleCheck> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        let reason = io_reason(&e);
        Error::io(format!("无法读取上传包“{shown}”（{reason}）"), e)
    })?;
    if !meta.is_file() {
        return Err(Error::invalid("path", format!("“{shown}”不是文件。")));
    }
    let mut file = File::open(path).map_err(|e| {
        let reason = io_reason(&e);
        Error::io(format!("无法读取上传包“{shown}”（{reason}）"), e)
    })?;
    let mut found = Found {
        problems: Vec::new(),
        seen: HashSet::new(),
    };
    let mut check = BundleCheck {
        ok: false,
        path: shown.clone(),
        bundle_id: None,
        items: 0,
        revocations: 0,
        files: 0,
        problems: Vec::new(),
        message: String::new(),
    };
    let finish = |mut check: BundleCheck, found: Found| {
        check.ok = found.problems.is_empty();
        check.message = if check.ok {
            format!(
                "上传包完好：{} 个事项、{} 条撤回，{} 个文件均与校验值一致。",
                check.items, check.revocations, check.files
            )
        } else {
            format!("上传包有 {} 处问题，不能使用。", found.problems.len())
        };
        check.problems = found.problems;
        Ok(check)
    };
    let listed = crate::zipsafe::declared_entries(&mut file);
    let mut zip = match zip::ZipArchive::new(BufReader::new(file)) {
        Ok(z) => z,
        Err(e) => {
            log::info!("not a zip: {shown}: {e}");
            found.add(
                ProblemKind::Invalid,
                None,
                "不是有效的 zip 文件，或 zip 的目录结构已损坏。",
            );
            return finish(check, found);
        }
    };
    check.files = zip.len();
    if zip.len() > limits.max_entries {
        found.add(
            ProblemKind::Unsafe,
            None,
            format!(
                "zip 中有 {} 个文件，超过上限 {}。",
                zip.len(),
                limits.max_entries
            ),
        );
        return finish(check, found);
    }
    if listed.is_some_and(|n| n > zip.len() as u64) {
        found.add(
            ProblemKind::Unsafe,
            None,
            "zip 中有重名的文件（同一文件名出现多次），拒绝打开。",
        );
        return finish(check, found);
    }
    // Pass 1: names, types and declared sizes, before reading any content.
    let mut names = Vec::with_capacity(zip.len());
    let mut lower = HashSet::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let listed_name = zip.name_for_index(i).map(str::to_string);
        let f = match zip.by_index_raw(i) {
            Ok(f) => f,
            Err(e) => {
                log::info!("entry {i}: {e}");
                found.add(
                    ProblemKind::Different,
                    listed_name.as_deref(),
                    format!("zip 的第 {} 个文件的文件头已损坏。", i + 1),
                );
                names.push(None);
                continue;
            }
        };
        let Ok(name) = std::str::from_utf8(f.name_raw()).map(str::to_string) else {
            found.add(
                ProblemKind::Unsafe,
                Some(f.name()),
                "文件名不是 UTF-8 编码。",
            );
            names.push(None);
            continue;
        };
        if let Some(why) = crate::zipsafe::unsafe_name(&name) {
            found.add(
                ProblemKind::Unsafe,
                Some(&name),
                format!("路径{why}，拒绝打开。"),
            );
        } else if crate::zipsafe::is_symlink(&f) {
            found.add(ProblemKind::Unsafe, Some(&name), "是符号链接，拒绝打开。");
        } else if f.is_dir() {
            found.add(ProblemKind::Extra, Some(&name), "上传包中不应有目录项。");
        } else if f.encrypted() {
            found.add(ProblemKind::Unsafe, Some(&name), "已加密，无法校验。");
        }
        if !lower.insert(name.to_lowercase()) {
            found.add(
                ProblemKind::Unsafe,
                Some(&name),
                "文件名重复（不区分大小写）。",
            );
        }
        if f.size() > limits.max_file {
            found.add(
                ProblemKind::Unsafe,
                Some(&name),
                format!(
                    "解压后 {} 字节，超过单个文件上限 {} 字节（疑似 zip 炸弹）。",
                    f.size(),
                    limits.max_file
                ),
            );
        }
        if f.size() > limits.ratio_from && f.size() / f.compressed_size().max(1) > limits.max_ratio
        {
            found.add(
                ProblemKind::Unsafe,
                Some(&name),
                format!(
                    "压缩比超过 {}:1（疑似 zip 炸弹），拒绝解压。",
                    limits.max_ratio
                ),
            );
        }
        total = total.saturating_add(f.size());
        names.push(Some(name));
    }
    if total > limits.max_total {
        found.add(
            ProblemKind::Unsafe,
            None,
            format!(
                "解压后共 {total} 字节，超过上限 {} 字节（疑似 zip 炸弹）。",
                limits.max_total
            ),
        );
    }
    if !found.problems.is_empty() {
        return finish(check, found);
    }
    let names: Vec<String> = names.into_iter().flatten().collect();
    // Pass 2: stream every entry through SHA-256 and CRC-32, within the limits.
    let mut read: HashMap<String, Read_> = HashMap::new();
    let mut entries = Vec::with_capacity(names.len());
    let mut expanded = 0u64;
    let mut buf = vec![0u8; 1024 * 1024];
    for (i, name) in names.iter().enumerate() {
        let keep =
            name == "manifest.json" || name == "SHA256SUMS" || name.ends_with("/metadata.json");
        let mut sha = Sha256::new();
        let mut crc = crc32fast::Hasher::new();
        let mut size = 0u64;
        let mut text = keep.then(Vec::new);
        let outcome: std::result::Result<(), &'static str> = match zip.by_index(i) {
            Err(_) => Err("文件头已损坏，无法读取。"),
            Ok(mut f) => loop {
                match f.read(&mut buf) {
                    Ok(0) => break Ok(()),
                    Ok(n) => {
                        size += n as u64;
                        expanded += n as u64;
                        if size > limits.max_file || expanded > limits.max_total {
                            break Err("实际解压大小超过上限（疑似 zip 炸弹），已停止读取。");
                        }
                        sha.update(&buf[..n]);
                        crc.update(&buf[..n]);
                        if let Some(t) = text.as_mut() {
                            if size <= MAX_TEXT {
                                t.extend_from_slice(&buf[..n]);
                            }
                        }
                    }
                    Err(_) => break Err("内容已损坏（CRC 校验失败或数据不完整）。"),
                }
            },
        };
        match outcome {
            Ok(()) => {
                entries.push(Entry {
                    name: name.clone(),
                    crc: crc.finalize(),
                    size,
                });
                read.insert(
                    name.clone(),
                    Read_ {
                        sha256: Some(hex::encode(sha.finalize())),
                        text,
                    },
                );
            }
            Err(why) => {
                let kind = if why.contains("炸弹") {
                    ProblemKind::Unsafe
                } else {
                    ProblemKind::Different
                };
                found.add(kind, Some(name), why);
                if kind == ProblemKind::Unsafe {
                    return finish(check, found);
                }
                read.insert(
                    name.clone(),
                    Read_ {
                        sha256: None,
                        text: None,
                    },
                );
            }
        }
    }
    // SHA256SUMS covers every other file.
    match read.get("SHA256SUMS").map(|r| r.text.clone()) {
        None => found.add(ProblemKind::Missing, Some("SHA256SUMS"), "缺少校验值清单。"),
        Some(None) => {}
        Some(Some(text)) => {
            let text = String::from_utf8_lossy(&text).to_string();
            let mut listed = HashSet::new();
            for (n, line) in text.lines().enumerate() {
                let Some((hash, name)) = line.split_once("  ") else {
                    found.add(
                        ProblemKind::Different,
                        Some("SHA256SUMS"),
                        format!("第 {} 行格式不对。", n + 1),
                    );
                    continue;
                };
                listed.insert(name.to_string());
                match read.get(name) {
                    None => found.add(
                        ProblemKind::Missing,
                        Some(name),
                        "SHA256SUMS 中列出，但 zip 中没有。",
                    ),
                    Some(Read_ {
                        sha256: Some(actual),
                        ..
                    }) if actual != hash => found.add(
                        ProblemKind::Different,
                        Some(name),
                        "内容与 SHA256SUMS 记录的校验值不符。",
                    ),
                    _ => {}
                }
            }
            for name in &names {
                if name != "SHA256SUMS" && !listed.contains(name) {
                    found.add(
                        ProblemKind::Extra,
                        Some(name),
                        "zip 中有，但 SHA256SUMS 中没有列出。",
                    );
                }
            }
        }
    }
    // The manifest: schema, then every file it names.
    let mut stamp = None;
    match read.get("manifest.json").map(|r| r.text.clone()) {
        None => found.add(
            ProblemKind::Missing,
            Some("manifest.json"),
            "缺少清单文件。",
        ),
        Some(None) => {}
        Some(Some(text)) => match manifest::parse(&text) {
            Err(why) => found.add(ProblemKind::Invalid, Some("manifest.json"), why),
            Ok(m) => {
                check.bundle_id = Some(m.bundle_id.clone());
                check.items = m.items.len();
                check.revocations = m.revocations.len();
                stamp = archive::Stamp::parse(&m.created_at);
                against_manifest(&m, &names, &read, &mut found);
            }
        },
    }
    // Every byte outside the contents, against what export writes for them.
    if let Some(stamp) = stamp {
        if entries.len() == names.len() {
            let mut file = zip.into_inner();
            structure(&mut file, &entries, stamp, &mut found)?;
        }
    }
    finish(check, found)
}

/// Files the manifest names must be there and match; nothing else may be.
fn against_manifest(
    m: &Manifest,
    names: &[String],
    read: &HashMap<String, Read_>,
    found: &mut Found,
) {
    // Sorted, so missing files are reported in the same order on every run.
    let mut expected: BTreeSet<String> =
        ["manifest.json", "catalog.csv", "catalog.xlsx", "SHA256SUMS"]
            .into_iter()
            .map(String::from)
            .collect();
    for it in &m.items {
        for file in ["index.html", "metadata.json"] {
            expected.insert(format!("{}/{file}", it.folder));
        }
        let meta = format!("{}/metadata.json", it.folder);
        if let Some(Read_ {
            text: Some(text), ..
        }) = read.get(&meta)
        {
            if *text != super::pretty(it) {
                found.add(
                    ProblemKind::Different,
                    Some(&meta),
                    "与 manifest.json 中该事项的记录不一致。",
                );
            }
        }
        for a in &it.attachments {
            expected.insert(a.path.clone());
            if !a.path.starts_with(&format!("{}/attachments/", it.folder)) {
                found.add(
                    ProblemKind::Invalid,
                    Some(&a.path),
                    "附件不在其事项的 attachments 文件夹中。",
                );
            }
            match read.get(&a.path) {
                None => {}
                Some(Read_ {
                    sha256: Some(actual),
                    ..
                }) if *actual != a.sha256 => found.add(
                    ProblemKind::Different,
                    Some(&a.path),
                    "内容与 manifest.json 记录的校验值不符。",
                ),
                _ => {}
            }
        }
    }
    for e in &expected {
        if !read.contains_key(e) {
            found.add(
                ProblemKind::Missing,
                Some(e),
                "manifest.json 中列出，但 zip 中没有。",
            );
        }
    }
    for name in names {
        if !expected.contains(name) {
            found.add(
                ProblemKind::Extra,
                Some(name),
                "zip 中有，但 manifest.json 中没有列出。",
            );
        }
    }
}

/// Compares the headers, central directory and end record with what export writes.
fn structure(
    file: &mut BufReader<File>,
    entries: &[Entry],
    stamp: archive::Stamp,
    found: &mut Found,
) -> Result<()> {
    let (regions, length) = archive::layout(entries, stamp);
    let io = |e: std::io::Error| Error::io("读取上传包", e);
    let actual_len = file.get_ref().metadata().map_err(io)?.len();
    let mut bad_end = actual_len != length;
    let mut actual = Vec::new();
    for r in &regions {
        actual.resize(r.bytes.len(), 0);
        let ok = r.offset + r.bytes.len() as u64 <= actual_len
            && file.seek(SeekFrom::Start(r.offset)).is_ok()
            && file.read_exact(&mut actual).is_ok()
            && actual == r.bytes;
        if ok {
            continue;
        }
        match r.owner {
            Owner::Local(i) => found.add(
                ProblemKind::Different,
                Some(&entries[i].name),
                "该文件在 zip 中的文件头被改动（与导出时写入的不一致）。",
            ),
            Owner::Central(i) => found.add(
                ProblemKind::Different,
                Some(&entries[i].name),
                "zip 中央目录中该文件的记录被改动。",
            ),
            Owner::End => bad_end = true,
        }
    }
    if bad_end {
        found.add(
            ProblemKind::Invalid,
            None,
            "zip 的目录结束记录或文件长度被改动（末尾有多余或缺少数据）。",
        );
    }
    Ok(())
}
