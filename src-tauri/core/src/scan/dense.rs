//! How many cells calamine would lay out for an `.xls` or `.ods`, read before calamine
//! sees the file.
//!
//! calamine reads these formats into a dense grid (rows × columns of the used area, and for
//! an `.xls` it first reserves what the sheet's DIMENSIONS record declares), and expands an
//! `.ods` cell or row marked "repeated N times" N times. A file of a few hundred bytes can
//! so ask for terabytes, and a failed allocation ends the process (it is not a panic that
//! `catch_unwind` could stop). The estimate here errs on the large side; a file over
//! [`MAX_CELLS`] is reported unreadable with the reason instead of being opened.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// At most this many cells per sheet (about 300 MB in calamine's grid).
pub const MAX_CELLS: u64 = 5_000_000;

/// The workbook stream of an `.xls` is read up to this size (the attachment cap).
const MAX_STREAM: u64 = 200 * 1024 * 1024;

pub fn too_large(cells: u64) -> String {
    format!(
        "表格过大：展开后约 {cells} 个单元格，超过可检查的 {} 万个（可能含大量重复或空白的行列）；请删去多余的行列或拆分后再附加",
        MAX_CELLS / 10_000
    )
}

/// The largest sheet of an `.xls` (BIFF in an OLE compound file), in cells: the area its
/// DIMENSIONS record declares or its cells span, whichever is larger. `Ok(0)` when there
/// is no workbook stream (calamine then reports the file itself).
pub fn xls_cells(bytes: &[u8]) -> Result<u64, String> {
    let unreadable = |_| "无法读取工作簿（可能已加密或已损坏）".to_string();
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(unreadable)?;
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
    else {
        return Ok(0);
    };
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(unreadable)?
        .take(MAX_STREAM)
        .read_to_end(&mut stream)
        .map_err(unreadable)?;
    Ok(biff_cells(&stream))
}

/// The area of one substream (sheet) of BIFF records.
#[derive(Default)]
struct Area {
    declared: u64,
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Area {
    fn cell(&mut self, row: u32, col: u32) {
        let widen = |span: &mut Option<(u32, u32)>, v: u32| {
            *span = Some(match *span {
                Some((lo, hi)) => (lo.min(v), hi.max(v)),
                None => (v, v),
            });
        };
        widen(&mut self.rows, row);
        widen(&mut self.cols, col);
    }

    fn cells(&self) -> u64 {
        let len = |s: Option<(u32, u32)>| s.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        self.declared
            .max(len(self.rows).saturating_mul(len(self.cols)))
    }
}

fn u16_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn biff_cells(stream: &[u8]) -> u64 {
    let mut worst = 0u64;
    let mut area = Area::default();
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let start = pos + 4;
        let Some(data) = stream.get(start..start + len as usize) else {
            break;
        };
        pos = start + len as usize;
        match typ {
            // BOF: a new substream.
            0x0809 => {
                worst = worst.max(area.cells());
                area = Area::default();
            }
            // DIMENSIONS: BIFF8 has 32-bit rows, BIFF5 16-bit; calamine reserves the area.
            0x0200 => {
                let (r0, r1, c0, c1) = if data.len() >= 14 {
                    (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    )
                } else {
                    (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        u16_at(data, 4),
                        u16_at(data, 6),
                    )
                };
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (r0, r1, c0, c1) {
                    let span = |a: u32, b: u32| u64::from(a.abs_diff(b)) + 1;
                    area.declared = area.declared.max(span(r0, r1).saturating_mul(span(c0, c1)));
                }
            }
            // Cells: row and column first.
            0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    area.cell(r, c);
                }
            }
            // MULRK: a row, its first column, and its last column at the end.
            0x00BD => {
                if let (Some(r), Some(c0), Some(c1)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|e| u16_at(data, e)),
                ) {
                    area.cell(r, c0);
                    area.cell(r, c1);
                }
            }
            _ => {}
        }
    }
    worst.max(area.cells())
}

/// The largest table of an `.ods` (`content.xml`), in cells as calamine expands them:
/// the rows (each repeated as marked) up to the last row with content, times the widest
/// row's cells (each repeated as marked) up to its last cell with content.
pub fn ods_cells(content_xml: &str) -> Result<u64, String> {
    let mut reader = Reader::from_str(content_xml);
    let mut worst = 0u64;
    let (mut rows, mut pending_rows, mut widest) = (0u64, 0u64, 0u64);
    let (mut width, mut pending_cells) = (0u64, 0u64);
    let mut row_repeats = 1u64;
    let repeats = |e: &BytesStart, name: &[u8]| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
            .unwrap_or(1)
    };
    let has_value = |e: &BytesStart| {
        e.attributes().flatten().any(|a| {
            matches!(
                a.key.as_ref(),
                b"office:value-type" | b"calcext:value-type" | b"table:formula"
            )
        })
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|_| "表格内容已损坏（content.xml 无法解析）".to_string())?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"table:table" => {
                (rows, pending_rows, widest) = (0, 0, 0);
            }
            Event::End(e) if e.name().as_ref() == b"table:table" => {
                worst = worst.max(rows.saturating_mul(widest));
            }
            Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                row_repeats = repeats(&e, b"table:number-rows-repeated");
                (width, pending_cells) = (0, 0);
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => {
                if width > 0 {
                    // Empty rows between rows with content are laid out too.
                    rows = rows
                        .saturating_add(pending_rows)
                        .saturating_add(row_repeats);
                    pending_rows = 0;
                    widest = widest.max(width);
                } else if rows > 0 {
                    pending_rows = pending_rows.saturating_add(row_repeats);
                }
            }
            ref ev @ (Event::Start(ref e) | Event::Empty(ref e))
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                let n = repeats(e, b"table:number-columns-repeated");
                // A cell with children (its text) or a value counts as content; empty
                // cells before it are laid out, those after the last one are not.
                if matches!(ev, Event::Start(_)) || has_value(e) {
                    width = width.saturating_add(pending_cells).saturating_add(n);
                    pending_cells = 0;
                } else {
                    pending_cells = pending_cells.saturating_add(n);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(worst)
}

/// A BIFF record (type, length, data), for tests that write workbook streams by hand.
#[cfg(test)]
pub(super) fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0, 0]);
        d.extend(1.5f64.to_le_bytes());
        record(0x0203, &d)
    }

    #[test]
    fn biff_areas_count_declared_dimensions_and_the_cells_span() {
        let bof = record(0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0]);
        let mut s = bof.clone();
        s.extend(number(0, 0));
        s.extend(number(9, 3));
        assert_eq!(biff_cells(&s), 40);
        // A declared area of 2^32 rows × 2^16 columns, in a second sheet.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(u16::MAX.to_le_bytes());
        dims.extend([0, 0]);
        s.extend(&bof);
        s.extend(record(0x0200, &dims));
        assert_eq!(biff_cells(&s), (1u64 << 32) * (1 << 16));
        // A truncated record ends the walk without reading past the end.
        assert_eq!(biff_cells(&s[..s.len() - 3]), 40);
    }

    #[test]
    fn ods_counts_repeats_up_to_the_last_content() {
        let table = |rows: &str| {
            format!("<office:document-content><table:table>{rows}</table:table></office:document-content>")
        };
        let row = |cells: &str, rep: u64| {
            format!(
                "<table:table-row table:number-rows-repeated=\"{rep}\">{cells}</table:table-row>"
            )
        };
        let value = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;
        let empty = |n: u64| format!("<table:table-cell table:number-columns-repeated=\"{n}\"/>");
        // What LibreOffice writes: trailing empty columns and rows, repeated to the sheet's
        // end, are not laid out.
        let normal = table(&format!(
            "{}{}{}",
            row(&format!("{value}{value}{}", empty(16382)), 1),
            row(&format!("{value}{}", empty(16383)), 3),
            row(&empty(16384), 1_048_572)
        ));
        assert_eq!(ods_cells(&normal).unwrap(), 4 * 2);
        // One value repeated across a billion columns; empty columns before a value; rows
        // repeated between rows with content.
        let wide = table(&row(
            r#"<table:table-cell office:value-type="string" table:number-columns-repeated="1000000000"/>"#,
            1,
        ));
        assert_eq!(ods_cells(&wide).unwrap(), 1_000_000_000);
        let gap = table(&row(&format!("{}{value}", empty(99_999)), 1));
        assert_eq!(ods_cells(&gap).unwrap(), 100_000);
        let tall = table(&format!(
            "{}{}{}",
            row(value, 1),
            row(&empty(5), 999_998),
            row(value, 1)
        ));
        assert_eq!(ods_cells(&tall).unwrap(), 1_000_000);
    }
}
