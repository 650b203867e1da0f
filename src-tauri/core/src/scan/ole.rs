//! OLE 复合文档 — the container of Office 97–2003 files and of WPS's `.wps`, `.et` and
//! `.dps`: opened with `cfb`, each stream read whole up to the attachment cap, and the
//! kind of document told from the streams inside rather than from the extension (a WPS
//! file saved as `.doc`, a `.doc` renamed `.wps`, an old `.doc` renamed `.docx`).

use std::io::{Cursor, Read};

use cfb::CompoundFile;

/// The first eight bytes of every compound file.
pub const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A stream is read up to this size: the attachment cap (`extract::MAX_READ`).
const MAX_STREAM: u64 = 200 * 1024 * 1024;

pub type File<'a> = CompoundFile<Cursor<&'a [u8]>>;

/// What a compound file holds, by its streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `WordDocument`: Word 97–2003, WPS 文字.
    Word,
    /// `Workbook` or `Book`: Excel 97–2003 (BIFF8) or Excel 5/95, WPS 表格.
    Workbook,
    /// `PowerPoint Document`: PowerPoint 97–2003, WPS 演示.
    Presentation,
    /// `EncryptedPackage`: a password-protected .docx/.xlsx/.pptx.
    EncryptedPackage,
}

/// The kind of a compound file, `None` for other bytes or a container without a
/// document stream this scanner reads.
pub fn kind(bytes: &[u8]) -> Option<Kind> {
    if !bytes.starts_with(&MAGIC) {
        return None;
    }
    let file = open(bytes).ok()?;
    [
        ("/WordDocument", Kind::Word),
        ("/Workbook", Kind::Workbook),
        ("/Book", Kind::Workbook),
        ("/PowerPoint Document", Kind::Presentation),
        ("/EncryptedPackage", Kind::EncryptedPackage),
    ]
    .into_iter()
    .find(|(name, _)| file.is_stream(name))
    .map(|(_, kind)| kind)
}

pub fn open(bytes: &[u8]) -> Result<File<'_>, String> {
    CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| "文件已损坏或不是 Office 97–2003 格式的文档".to_string())
}

/// The bytes of stream `name` ("/WordDocument"), `None` when there is no such stream.
pub fn stream(file: &mut File<'_>, name: &str) -> Result<Option<Vec<u8>>, String> {
    if !file.is_stream(name) {
        return Ok(None);
    }
    let damaged = |_| format!("文档的“{}”部分已损坏", name.trim_start_matches('/'));
    let mut out = Vec::new();
    file.open_stream(name)
        .map_err(damaged)?
        .take(MAX_STREAM)
        .read_to_end(&mut out)
        .map_err(damaged)?;
    Ok(Some(out))
}

/// An `.xls` (`.et`) as calamine may safely open it: its workbook stream alone, in a
/// compound file written afresh by `cfb`. calamine reads compound files with a reader of
/// its own that trusts the sector numbers and sizes in the file, so one flipped byte in a
/// header or a cycle in a sector chain makes it reserve terabytes (which ends the
/// process: no panic to catch) or loop; `cfb` checks them, and what it writes is
/// well-formed. Bytes that are not a compound file are returned as they are.
pub fn workbook_only(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    if !bytes.starts_with(&MAGIC) {
        return Ok(bytes.into());
    }
    let unreadable = || "无法读取工作簿（可能已加密或已损坏）".to_string();
    let mut file = open(bytes).map_err(|_| unreadable())?;
    for name in ["/Workbook", "/Book"] {
        if let Some(data) = stream(&mut file, name).map_err(|_| unreadable())? {
            use std::io::Write;
            let mut clean =
                CompoundFile::create(Cursor::new(Vec::new())).map_err(|_| unreadable())?;
            clean
                .create_stream(name)
                .and_then(|mut s| s.write_all(&data))
                .map_err(|_| unreadable())?;
            return Ok(clean.into_inner().into_inner().into());
        }
    }
    Err(unreadable())
}

pub fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

pub fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// UTF-16LE text; an odd last byte is dropped.
pub fn utf16(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// The non-empty paragraphs of Office binary text: a paragraph ends at a paragraph mark
/// (`\r`), a table cell or row mark (0x07) or a page or section break (0x0C); a line
/// break (0x0B) stays as `\n`; field marks become spaces, so a field's code and its
/// result do not run into one number; other control characters (a footnote or picture
/// anchor) are dropped.
pub fn paragraphs(text: &[u16]) -> Vec<String> {
    text.split(|&u| matches!(u, 0x0D | 0x07 | 0x0C))
        .map(|p| {
            let units: Vec<u16> = p
                .iter()
                .filter_map(|&u| match u {
                    0x0B => Some(u16::from(b'\n')),
                    0x09 => Some(u),
                    0x13..=0x15 => Some(u16::from(b' ')),
                    0x1E => Some(u16::from(b'-')),
                    0..=0x1F => None,
                    _ => Some(u),
                })
                .collect();
            String::from_utf16_lossy(&units)
        })
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// A compound file of these streams, for tests that write a format's structures by hand.
#[cfg(test)]
pub fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut file = CompoundFile::create(Cursor::new(Vec::new())).expect("in memory");
    for (name, data) in streams {
        file.create_stream(name)
            .and_then(|mut s| s.write_all(data))
            .expect("in memory");
    }
    file.into_inner().into_inner()
}
