//! 写入 — the zip: planned in full, written to a temporary file in the destination,
//! synced, and handed back for the caller to rename into place.

use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{io_reason, Error, Result};

use super::*;

/// The bundle is written to `.上传包-….tmp` in the destination and renamed when complete.
pub(super) const TEMP_PREFIX: &str = ".上传包-";
pub(super) const TEMP_SUFFIX: &str = ".tmp";
/// A temporary bundle file not written to for this long was left by an export that was
/// stopped (the program killed, the PC switched off): the next export there removes it.
/// A running export writes to its file all the time.
pub(super) const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files stopped exports left in `dir` (on a USB stick in Windows
/// they are not even hidden). Best effort: a file that cannot be removed stays.
pub(super) fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => log::info!("removed {name}, left by a stopped export"),
                Err(e) => log::warn!("could not remove {name}: {e}"),
            }
        }
    }
}

/// `{机构简称}_{YYYYMMDD-HHMMSS}_{N}项.zip`, or with `-2`, `-3`, … if that file exists.
pub(super) fn file_name(
    dir: &Path,
    short_name: &str,
    at: &chrono::DateTime<chrono::FixedOffset>,
    n: usize,
) -> String {
    let base = format!(
        "{}_{}_{n}项",
        names::safe(short_name, "上传包"),
        at.format("%Y%m%d-%H%M%S")
    );
    let mut name = format!("{base}.zip");
    let mut k = 2;
    while dir.join(&name).exists() {
        name = format!("{base}-{k}.zip");
        k += 1;
    }
    name
}

/// The in-memory files of the bundle, in archive order (attachments come after each
/// item's page and metadata, `SHA256SUMS` last).
pub(super) fn generated(m: &Manifest) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = vec![
        ("manifest.json".to_string(), pretty(m)),
        ("catalog.csv".to_string(), render::catalog_csv(m)),
        (
            "catalog.xlsx".to_string(),
            render::catalog_xlsx(m).map_err(|e| {
                log::error!("catalog.xlsx: {e}");
                Error::io("生成 catalog.xlsx", std::io::Error::other(e.to_string()))
            })?,
        ),
    ];
    for it in &m.items {
        out.push((format!("{}/metadata.json", it.folder), pretty(it)));
    }
    Ok(out)
}

/// Pretty JSON with a final newline, for files people also read.
pub(super) fn pretty<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

pub(super) fn write_failed(path: &Path, e: std::io::Error) -> Error {
    let reason = io_reason(&e);
    Error::io(format!("写入上传包“{}”失败（{reason}）", path.display()), e)
}

/// Writes the zip to a temporary file in `dir`, synced to disk; returns the file (still
/// temporary: the caller renames it to `path`), its size and the planned size.
pub(super) fn write(
    m: &Manifest,
    items: &[Outgoing],
    dir: &Path,
    path: &Path,
    stamp: archive::Stamp,
    progress: &mut dyn FnMut(&Progress) -> bool,
) -> Result<(tempfile::NamedTempFile, u64, u64, String)> {
    let fail = |e: std::io::Error| write_failed(path, e);
    let files = generated(m)?;
    let mut pages = Vec::with_capacity(items.len());
    for o in items {
        pages.push((
            format!("{}/index.html", o.entry.folder),
            render::page(&o.entry, &o.item.fields.body_html).into_bytes(),
        ));
    }
    // Plan every entry first: the totals decide whether the bundle fits the format.
    let mut sums = String::new();
    let mut plan: Vec<(&str, u64)> = Vec::new();
    for (name, data) in files.iter().take(3) {
        plan.push((name, data.len() as u64));
    }
    for (i, o) in items.iter().enumerate() {
        plan.push((&pages[i].0, pages[i].1.len() as u64));
        plan.push((&files[3 + i].0, files[3 + i].1.len() as u64));
        for (_, p, size, _) in &o.files {
            plan.push((p, *size));
        }
    }
    let sums_len: u64 = plan
        .iter()
        .map(|(name, _)| 64 + 2 + name.len() as u64 + 1)
        .sum();
    let total = archive::archive_size(plan.iter().copied().chain([("SHA256SUMS", sums_len)]));
    if plan.len() + 1 > archive::MAX_ENTRIES || total > archive::MAX_BYTES {
        return Err(Error::invalid(
            "item_ids",
            "所选事项的上传包会超过 4 GB 或 65535 个文件（U 盘常用的 FAT32 格式存不下），请分批导出。",
        ));
    }
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| {
            let reason = io_reason(&e);
            Error::io(
                format!("无法在“{}”中创建上传包（{reason}）", dir.display()),
                e,
            )
        })?;
    let mut zip = archive::ZipOut::new(BufWriter::with_capacity(CHUNK, tmp.as_file()), stamp);
    let mut done = 0u64;
    let cancelled = || Error::Cancelled("已取消导出，未生成上传包，事项状态未改变。".into());
    let mut report = |done: u64, current: &str| {
        progress(&Progress {
            done_bytes: done,
            total_bytes: total,
            current: current.to_string(),
        })
    };
    let add = |zip: &mut archive::ZipOut<_>,
               sums: &mut String,
               name: &str,
               data: &[u8],
               done: &mut u64|
     -> Result<()> {
        zip.add(name, data).map_err(fail)?;
        sums.push_str(&format!("{}  {name}\n", hex::encode(Sha256::digest(data))));
        *done += 30 + name.len() as u64 + data.len() as u64;
        Ok(())
    };
    for (name, data) in files.iter().take(3) {
        if !report(done, name) {
            return Err(cancelled());
        }
        add(&mut zip, &mut sums, name, data, &mut done)?;
    }
    let mut buf = vec![0u8; CHUNK];
    for (i, o) in items.iter().enumerate() {
        if !report(done, &pages[i].0) {
            return Err(cancelled());
        }
        add(&mut zip, &mut sums, &pages[i].0, &pages[i].1, &mut done)?;
        add(
            &mut zip,
            &mut sums,
            &files[3 + i].0,
            &files[3 + i].1,
            &mut done,
        )?;
        for (blob, name, size, sha256) in &o.files {
            if !report(done, name) {
                return Err(cancelled());
            }
            let missing = |_| {
                Error::NotFound(format!(
                    "事项 {} 的附件文件“{name}”在数据目录中缺失，无法导出。",
                    o.item.index_no
                ))
            };
            let mut input = File::open(blob).map_err(missing)?;
            zip.begin(name, *size).map_err(fail)?;
            done += 30 + name.len() as u64;
            let mut crc = crc32fast::Hasher::new();
            let mut sha = Sha256::new();
            let mut read = 0u64;
            loop {
                let n = input.read(&mut buf).map_err(|e| {
                    Error::io(format!("读取附件“{name}”失败（{}）", io_reason(&e)), e)
                })?;
                if n == 0 {
                    break;
                }
                read += n as u64;
                if read > *size {
                    break;
                }
                crc.update(&buf[..n]);
                sha.update(&buf[..n]);
                zip.write_chunk(&buf[..n]).map_err(fail)?;
                done += n as u64;
                if !report(done, name) {
                    return Err(cancelled());
                }
            }
            let actual = hex::encode(sha.finalize());
            if read != *size || actual != *sha256 {
                return Err(Error::Conflict(format!(
                    "事项 {} 的附件“{name}”在数据目录中已损坏（内容与记录的校验值不符），无法导出。",
                    o.item.index_no
                )));
            }
            zip.end_entry(crc.finalize()).map_err(fail)?;
            sums.push_str(&format!("{actual}  {name}\n"));
        }
    }
    if !report(done, "SHA256SUMS") {
        return Err(cancelled());
    }
    zip.add("SHA256SUMS", sums.as_bytes()).map_err(fail)?;
    let out = zip.finish().map_err(fail)?;
    drop(out);
    tmp.as_file().sync_all().map_err(fail)?;
    let written = tmp.as_file().metadata().map_err(fail)?.len();
    if written != total {
        log::error!("bundle size {written}, planned {total}");
    }
    // The whole file's hash, recorded with the bundle: a copy changed on the USB stick
    // and re-summed is still caught against the record (`verify_recorded`).
    let sha256 = file_sha256(tmp.path()).map_err(fail)?;
    Ok((tmp, written, total, sha256))
}

/// SHA-256 of a whole file, read in chunks.
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
    }
    Ok(hex::encode(sha.finalize()))
}
