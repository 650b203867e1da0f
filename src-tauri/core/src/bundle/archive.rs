//! The zip container of a bundle, written by hand so that it is fully determined by its
//! contents: every entry STORED (attachments are mostly compressed already, and storing
//! keeps export as fast as `zip -0`), no directory entries, no extra fields, no comment,
//! UTF-8 names, permissions 0644, and every timestamp the manifest's `created_at`.
//!
//! Because of that, `verify` can compute the exact bytes every header, the central
//! directory and the end record must have (`layout`) and compare them with the file: a
//! change to any byte outside the file contents shows up there, and a change inside the
//! contents shows up in the CRC and in `SHA256SUMS`. No zip64: a bundle stays under 4 GB
//! (the largest file a FAT32 USB stick holds) and under 65,535 entries.

use std::io::{self, Seek, SeekFrom, Write};

/// At most this many entries (no zip64).
pub const MAX_ENTRIES: usize = 65_535;
/// The largest bundle: FAT32's file size limit, and the zip limit without zip64.
pub const MAX_BYTES: u64 = u32::MAX as u64;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
/// 2.0, the version the format needs; "made by" Unix (3) so the mode is read as 0644.
const VERSION: u16 = 20;
const MADE_BY: u16 = (3 << 8) | VERSION;
/// Bit 11: the name is UTF-8.
const FLAGS: u16 = 0x0800;
const EXTERNAL_ATTR: u32 = 0o100_644 << 16;

/// An MS-DOS date and time, as zip headers hold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    time: u16,
    date: u16,
}

impl Stamp {
    /// The stamp of a manifest's `created_at` (RFC 3339), read as local wall time.
    pub fn parse(rfc3339: &str) -> Option<Stamp> {
        use chrono::{Datelike, Timelike};
        let t = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
        let year = u16::try_from(t.year()).ok()?.checked_sub(1980)?;
        if year > 127 {
            return None;
        }
        Some(Stamp {
            time: ((t.hour() as u16) << 11) | ((t.minute() as u16) << 5) | (t.second() as u16 / 2),
            date: (year << 9) | ((t.month() as u16) << 5) | t.day() as u16,
        })
    }
}

/// One entry as the central directory lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub crc: u32,
    pub size: u64,
}

fn local_header(name: &str, crc: u32, size: u32, stamp: Stamp) -> Vec<u8> {
    let mut h = Vec::with_capacity(30 + name.len());
    h.extend_from_slice(&LOCAL_SIG.to_le_bytes());
    for v in [VERSION, FLAGS, 0, stamp.time, stamp.date] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc, size, size] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&(name.len() as u16).to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h.extend_from_slice(name.as_bytes());
    h
}

fn central_header(e: &Entry, offset: u32, stamp: Stamp) -> Vec<u8> {
    let mut h = Vec::with_capacity(46 + e.name.len());
    h.extend_from_slice(&CENTRAL_SIG.to_le_bytes());
    for v in [MADE_BY, VERSION, FLAGS, 0, stamp.time, stamp.date] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    for v in [e.crc, e.size as u32, e.size as u32] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    // name length, extra length, comment length, disk number, internal attributes
    for v in [e.name.len() as u16, 0, 0, 0, 0] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&EXTERNAL_ATTR.to_le_bytes());
    h.extend_from_slice(&offset.to_le_bytes());
    h.extend_from_slice(e.name.as_bytes());
    h
}

fn end_record(entries: u16, cd_size: u32, cd_offset: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(22);
    h.extend_from_slice(&END_SIG.to_le_bytes());
    for v in [0, 0, entries, entries] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&cd_size.to_le_bytes());
    h.extend_from_slice(&cd_offset.to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h
}

/// The size of the archive holding entries of these names and sizes.
pub fn archive_size<'a>(entries: impl Iterator<Item = (&'a str, u64)>) -> u64 {
    entries
        .map(|(name, size)| 30 + 46 + 2 * name.len() as u64 + size)
        .sum::<u64>()
        + 22
}

/// What a region of the archive belongs to, for naming a mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The local header of entry i.
    Local(usize),
    /// The central directory record of entry i.
    Central(usize),
    /// The end of central directory record.
    End,
}

/// A run of bytes the archive must hold at `offset`.
pub struct Region {
    pub offset: u64,
    pub bytes: Vec<u8>,
    pub owner: Owner,
}

/// Every byte of the archive of `entries` except the entries' contents, and its length.
pub fn layout(entries: &[Entry], stamp: Stamp) -> (Vec<Region>, u64) {
    let mut regions = Vec::with_capacity(2 * entries.len() + 1);
    let mut offsets = Vec::with_capacity(entries.len());
    let mut pos = 0u64;
    for (i, e) in entries.iter().enumerate() {
        offsets.push(pos as u32);
        let bytes = local_header(&e.name, e.crc, e.size as u32, stamp);
        let len = bytes.len() as u64;
        regions.push(Region {
            offset: pos,
            bytes,
            owner: Owner::Local(i),
        });
        pos += len + e.size;
    }
    let cd_offset = pos;
    for (i, e) in entries.iter().enumerate() {
        let bytes = central_header(e, offsets[i], stamp);
        let len = bytes.len() as u64;
        regions.push(Region {
            offset: pos,
            bytes,
            owner: Owner::Central(i),
        });
        pos += len;
    }
    let bytes = end_record(
        entries.len() as u16,
        (pos - cd_offset) as u32,
        cd_offset as u32,
    );
    regions.push(Region {
        offset: pos,
        bytes,
        owner: Owner::End,
    });
    (regions, pos + 22)
}

/// Writes entries one after the other; `finish` writes the central directory.
/// The caller keeps the totals under `MAX_ENTRIES` and `MAX_BYTES` (checked up front).
pub struct ZipOut<W: Write + Seek> {
    w: W,
    stamp: Stamp,
    entries: Vec<Entry>,
    pos: u64,
}

impl<W: Write + Seek> ZipOut<W> {
    pub fn new(w: W, stamp: Stamp) -> Self {
        ZipOut {
            w,
            stamp,
            entries: Vec::new(),
            pos: 0,
        }
    }

    /// Adds an entry held in memory.
    pub fn add(&mut self, name: &str, data: &[u8]) -> io::Result<()> {
        let crc = crc32fast::hash(data);
        self.w
            .write_all(&local_header(name, crc, data.len() as u32, self.stamp))?;
        self.w.write_all(data)?;
        self.pos += 30 + name.len() as u64 + data.len() as u64;
        self.entries.push(Entry {
            name: name.to_string(),
            crc,
            size: data.len() as u64,
        });
        Ok(())
    }

    /// Starts an entry of `size` bytes whose content follows through `write_chunk`; its
    /// CRC is filled in by `end_entry`.
    pub fn begin(&mut self, name: &str, size: u64) -> io::Result<()> {
        self.w
            .write_all(&local_header(name, 0, size as u32, self.stamp))?;
        self.entries.push(Entry {
            name: name.to_string(),
            crc: 0,
            size,
        });
        Ok(())
    }

    pub fn write_chunk(&mut self, chunk: &[u8]) -> io::Result<()> {
        self.w.write_all(chunk)
    }

    /// Ends the entry `begin` started: patches its CRC into the local header.
    pub fn end_entry(&mut self, crc: u32) -> io::Result<()> {
        let e = self
            .entries
            .last_mut()
            .ok_or_else(|| io::Error::other("no entry begun"))?;
        e.crc = crc;
        let header_at = self.pos;
        self.pos += 30 + e.name.len() as u64 + e.size;
        self.w.seek(SeekFrom::Start(header_at + 14))?;
        self.w.write_all(&crc.to_le_bytes())?;
        self.w.seek(SeekFrom::Start(self.pos))?;
        Ok(())
    }

    /// Writes the central directory and the end record; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let (regions, _) = layout(&self.entries, self.stamp);
        for r in regions
            .iter()
            .filter(|r| !matches!(r.owner, Owner::Local(_)))
        {
            self.w.write_all(&r.bytes)?;
        }
        self.w.flush()?;
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_what_the_writer_wrote() {
        let stamp = Stamp::parse("2026-11-27T10:20:31+08:00").unwrap();
        let mut out = ZipOut::new(io::Cursor::new(Vec::new()), stamp);
        out.add("manifest.json", b"{}").unwrap();
        out.begin("a/附件.pdf", 5).unwrap();
        out.write_chunk(b"hello").unwrap();
        out.end_entry(crc32fast::hash(b"hello")).unwrap();
        let bytes = out.finish().unwrap().into_inner();
        let entries = [
            Entry {
                name: "manifest.json".into(),
                crc: crc32fast::hash(b"{}"),
                size: 2,
            },
            Entry {
                name: "a/附件.pdf".into(),
                crc: crc32fast::hash(b"hello"),
                size: 5,
            },
        ];
        let (regions, len) = layout(&entries, stamp);
        assert_eq!(len, bytes.len() as u64);
        assert_eq!(
            archive_size(entries.iter().map(|e| (e.name.as_str(), e.size))),
            len
        );
        for r in &regions {
            let at = r.offset as usize;
            assert_eq!(
                &bytes[at..at + r.bytes.len()],
                &r.bytes[..],
                "{:?}",
                r.owner
            );
        }
        // The zip crate reads it back, names, mode and time included.
        let mut z = zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
        let f = z.by_index(1).unwrap();
        assert_eq!(f.name(), "a/附件.pdf");
        assert_eq!(f.unix_mode(), Some(0o100_644));
        let t = f.last_modified().unwrap();
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2026, 11, 27, 10, 20, 30)
        );
    }
}
