//! 安全解压 — the checks every zip the program reads goes through before any library
//! (the Office text extraction, calamine) opens it: no `../`, absolute or backslash paths,
//! no symlinks, no duplicate names, no encrypted entries, and no zip bombs — limits on
//! the number of entries, on each entry's and the total expanded size and on the
//! expansion ratio, checked first against the sizes the zip declares and then against
//! what actually comes out when every entry is streamed (a lying size header is caught
//! there). Nothing is written to disk. Upload bundles (`bundle::verify`) use the same name
//! rule with their own, larger limits.

use std::collections::HashSet;
use std::io::{Cursor, Read, Seek, SeekFrom};

use zip::ZipArchive;

/// What a zip may expand to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_entries: usize,
    /// Per entry, uncompressed.
    pub max_file: u64,
    /// All entries together, uncompressed.
    pub max_total: u64,
    /// Largest uncompressed/compressed ratio of an entry bigger than `ratio_from`.
    pub max_ratio: u64,
    /// Entries up to this size are exempt from the ratio limit (small XML parts of a few
    /// repeated tags legitimately compress very well).
    pub ratio_from: u64,
}

/// Office documents (.docx, .xlsx, .ods) attached to items or imported: far above any
/// real document (a 20 MB .docx expands to about 50 MB), far below what hurts.
pub const OFFICE: Limits = Limits {
    max_entries: 10_000,
    max_file: 256 * 1024 * 1024,
    max_total: 512 * 1024 * 1024,
    max_ratio: 200,
    ratio_from: 8 * 1024 * 1024,
};

/// Why an entry name must not be opened, if it must not: absolute paths (`/x`, `C:x`),
/// backslashes, NUL, and `..`, `.` or empty path segments.
pub fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        return Some("是绝对路径");
    }
    if name.contains('\\') {
        return Some("含反斜杠");
    }
    if name.contains('\0') {
        return Some("含空字符");
    }
    // A folder entry ends with '/', leaving one empty last segment.
    let path = name.strip_suffix('/').unwrap_or(name);
    if path
        .split('/')
        .any(|c| c == ".." || c == "." || c.is_empty())
    {
        return Some("含 ../ 或空的路径段");
    }
    None
}

/// Whether an entry's external attributes make it a Unix symlink.
pub fn is_symlink(f: &zip::read::ZipFile<'_, impl Read>) -> bool {
    f.is_symlink() || f.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000)
}

/// The number of entries the zip's end-of-central-directory record declares, `None` when
/// there is no such record (or it defers to a Zip64 one). The zip library keeps entries
/// by name, so two entries with the same name show up as one; comparing its count with
/// this one is how a duplicate is found.
pub fn declared_entries<R: Read + Seek>(r: &mut R) -> Option<u64> {
    let len = r.seek(SeekFrom::End(0)).ok()?;
    // The record is 22 bytes plus a comment of at most 65,535.
    let tail = len.min(22 + 65_535);
    r.seek(SeekFrom::Start(len - tail)).ok()?;
    let mut buf = Vec::with_capacity(tail as usize);
    r.take(tail).read_to_end(&mut buf).ok()?;
    let at = buf.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let total = buf.get(at + 10..at + 12)?;
    match u16::from_le_bytes([total[0], total[1]]) {
        0xFFFF => None,
        n => Some(u64::from(n)),
    }
}

/// Checks the zip in `bytes` against `limits`; the error is one Chinese sentence naming
/// the entry at fault. Reads (decompresses) every entry once, into nothing.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件已损坏，或不是有效的 zip 格式".to_string())?;
    if zip.len() > limits.max_entries {
        return Err(format!(
            "压缩包中有 {} 个文件，超过上限 {}（疑似 zip 炸弹）",
            zip.len(),
            limits.max_entries
        ));
    }
    if declared_entries(&mut Cursor::new(bytes)).is_some_and(|n| n > zip.len() as u64) {
        return Err("压缩包中有重名的文件，拒绝打开".into());
    }
    let mut seen = HashSet::new();
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|_| format!("压缩包中第 {} 个文件的文件头已损坏", i + 1))?;
        let name = std::str::from_utf8(f.name_raw())
            .map_err(|_| format!("压缩包中第 {} 个文件的文件名编码无法识别", i + 1))?
            .to_string();
        if let Some(why) = unsafe_name(&name) {
            return Err(format!("压缩包中的文件“{name}”路径{why}，拒绝打开"));
        }
        if is_symlink(&f) {
            return Err(format!("压缩包中的“{name}”是符号链接，拒绝打开"));
        }
        if f.encrypted() {
            return Err(format!("压缩包中的“{name}”已加密，无法读取"));
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(format!("压缩包中有重名的文件“{name}”，拒绝打开"));
        }
        let size = f.size();
        if size > limits.max_file {
            return Err(format!(
                "压缩包中的“{name}”解压后 {size} 字节，超过单个文件上限 {} 字节（疑似 zip 炸弹）",
                limits.max_file
            ));
        }
        if size > limits.ratio_from && size / f.compressed_size().max(1) > limits.max_ratio {
            return Err(format!(
                "压缩包中的“{name}”压缩比超过 {}:1（疑似 zip 炸弹）",
                limits.max_ratio
            ));
        }
        declared = declared.saturating_add(size);
        if declared > limits.max_total {
            return Err(format!(
                "压缩包解压后超过 {} 字节的上限（疑似 zip 炸弹）",
                limits.max_total
            ));
        }
    }
    // What the headers say may be a lie: count what really comes out.
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut f = zip
            .by_index(i)
            .map_err(|_| format!("压缩包中第 {} 个文件无法解压", i + 1))?;
        let name = f.name().to_string();
        let (declared, compressed) = (f.size(), f.compressed_size().max(1));
        let mut size = 0u64;
        loop {
            let n = f
                .read(&mut buf)
                .map_err(|_| format!("压缩包中的“{name}”内容已损坏"))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > declared
                || size > limits.max_file
                || (size > limits.ratio_from && size / compressed > limits.max_ratio)
            {
                return Err(format!(
                    "压缩包中的“{name}”实际解压大小与文件头不符或超过上限（疑似 zip 炸弹）"
                ));
            }
            if total > limits.max_total {
                return Err(format!(
                    "压缩包解压后超过 {} 字节的上限（疑似 zip 炸弹）",
                    limits.max_total
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "C:/x",
            "a\\..\\x",
            "./x",
            "a//b",
            "",
        ] {
            assert!(unsafe_name(bad).is_some(), "{bad:?} accepted");
        }
        for good in [
            "word/document.xml",
            "[Content_Types].xml",
            "xl/",
            "正文.xml",
        ] {
            assert_eq!(unsafe_name(good), None, "{good:?} refused");
        }
    }
}
