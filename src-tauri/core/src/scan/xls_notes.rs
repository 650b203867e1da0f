//! 批注 (cell comments) and text boxes of an `.xls` (`.et`): calamine reads cells only, and
//! comments are where a reviewer's "身份证号见备注" or a phone number lands. In BIFF8 the
//! text of a comment or text box is a TXO record, continued in CONTINUE records, after the
//! OBJ record that gives the object its id; the sheet's NOTE record ties that id to a
//! cell ([MS-XLS] 2.4.181 OBJ, 2.4.329 TXO, 2.4.179 NOTE, 2.4.28 BoundSheet8).
//!
//! Read with the same care as the rest of the scanner: every length is checked against
//! the record, a record that does not fit ends the walk, and nothing panics on hostile
//! bytes (a fuzz-style test feeds it every truncation of a real file).

use std::collections::BTreeMap;

/// A comment's or text box's text, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub sheet: String,
    /// "(隐藏)", "(深度隐藏)" or "".
    pub hidden: &'static str,
    /// The commented cell (0-based row, column); `None` for a text box.
    pub cell: Option<(u32, u32)>,
    pub text: String,
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const OBJ: u16 = 0x005D;
const TXO: u16 = 0x01B6;
const CONTINUE: u16 = 0x003C;
const NOTE: u16 = 0x001C;

/// Characters of one text kept at most (Excel's own limit is 32,767).
const MAX_CHARS: usize = 32_767;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The records of a BIFF stream: (offset, type, data), up to the first that does not fit.
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = usize::from(u16_at(stream, pos + 2)?);
        let data = stream.get(pos + 4..pos + 4 + len)?;
        let at = pos;
        pos += 4 + len;
        Some((at, typ, data))
    })
}

/// `n` characters of an XLUnicodeString body at `data[at..]` whose flag byte says 8-bit
/// (compressed) or UTF-16; the text and the bytes it took.
fn chars(data: &[u8], at: usize, n: usize) -> Option<(String, usize)> {
    let flag = *data.get(at)?;
    let body = data.get(at + 1..)?;
    if flag & 1 == 0 {
        let n = n.min(body.len());
        Some((body[..n].iter().map(|b| char::from(*b)).collect(), 1 + n))
    } else {
        let n = n.min(body.len() / 2);
        let units: Vec<u16> = body[..2 * n]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some((String::from_utf16_lossy(&units), 1 + 2 * n))
    }
}

/// BoundSheet8: the sheet's name, keyed by its BOF's offset, and how hidden it is.
fn bound_sheet(data: &[u8]) -> Option<(usize, String, &'static str)> {
    let at = usize::try_from(u32_at(data, 0)?).ok()?;
    let hidden = match data.get(4)? & 0x03 {
        0 => "",
        1 => "(隐藏)",
        _ => "(深度隐藏)",
    };
    let n = usize::from(*data.get(6)?);
    let (name, _) = chars(data, 7, n)?;
    Some((at, name, hidden))
}

/// One sheet's objects as its records go by.
#[derive(Default)]
struct Sheet {
    name: String,
    hidden: &'static str,
    /// The id of the last OBJ, which the TXO after it belongs to.
    obj: Option<u16>,
    /// A TXO's text being read from its CONTINUE records: (object, characters left, text).
    reading: Option<(Option<u16>, usize, String)>,
    texts: BTreeMap<u16, String>,
    /// Texts of objects without an id (never expected), in order.
    loose: Vec<String>,
    cells: BTreeMap<u16, (u32, u32)>,
}

impl Sheet {
    fn finish_text(&mut self) {
        if let Some((obj, _, text)) = self.reading.take() {
            if text.trim().is_empty() {
                return;
            }
            match obj {
                Some(id) => {
                    self.texts.insert(id, text);
                }
                None => self.loose.push(text),
            }
        }
    }

    fn notes(mut self, out: &mut Vec<Note>) {
        self.finish_text();
        for (id, text) in std::mem::take(&mut self.texts) {
            out.push(Note {
                sheet: self.name.clone(),
                hidden: self.hidden,
                cell: self.cells.get(&id).copied(),
                text,
            });
        }
        for text in std::mem::take(&mut self.loose) {
            out.push(Note {
                sheet: self.name.clone(),
                hidden: self.hidden,
                cell: None,
                text,
            });
        }
    }
}

/// Every comment and text box of a BIFF8 workbook stream, sheet by sheet.
pub fn notes(stream: &[u8]) -> Vec<Note> {
    let mut names: BTreeMap<usize, (String, &'static str)> = BTreeMap::new();
    let mut out = Vec::new();
    let mut sheet: Option<Sheet> = None;
    for (at, typ, data) in records(stream) {
        // A TXO's text runs on in CONTINUE records; anything else ends it.
        if let Some(s) = sheet.as_mut() {
            if typ == CONTINUE {
                if let Some((_, left, text)) = s.reading.as_mut() {
                    if *left > 0 {
                        if let Some((part, _)) = chars(data, 0, *left) {
                            *left -= part.chars().count().min(*left);
                            text.push_str(&part);
                        }
                        continue;
                    }
                    // The formatting runs after the text.
                    continue;
                }
                continue;
            }
            s.finish_text();
        }
        match typ {
            BOUNDSHEET => {
                if let Some((pos, name, hidden)) = bound_sheet(data) {
                    names.insert(pos, (name, hidden));
                }
            }
            BOF => {
                if let Some(s) = sheet.take() {
                    s.notes(&mut out);
                }
                if let Some((name, hidden)) = names.get(&at) {
                    sheet = Some(Sheet {
                        name: name.clone(),
                        hidden,
                        ..Sheet::default()
                    });
                }
            }
            EOF => {
                if let Some(s) = sheet.take() {
                    s.notes(&mut out);
                }
            }
            OBJ => {
                if let Some(s) = sheet.as_mut() {
                    // FtCmo first: ft (0x15), cb, ot, id.
                    s.obj = (u16_at(data, 0) == Some(0x15))
                        .then(|| u16_at(data, 6))
                        .flatten();
                }
            }
            TXO => {
                if let Some(s) = sheet.as_mut() {
                    let n = usize::from(u16_at(data, 10).unwrap_or(0)).min(MAX_CHARS);
                    s.reading = Some((s.obj.take(), n, String::new()));
                }
            }
            NOTE => {
                if let (Some(s), Some(row), Some(col), Some(id)) = (
                    sheet.as_mut(),
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, 6),
                ) {
                    s.cells.insert(id, (u32::from(row), u32::from(col)));
                }
            }
            _ => {}
        }
    }
    if let Some(s) = sheet.take() {
        s.notes(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::dense::record;
    use super::*;

    fn obj(id: u16) -> Vec<u8> {
        let mut d = vec![0x15, 0, 0x12, 0, 0x19, 0];
        d.extend(id.to_le_bytes());
        d.extend([0u8; 14]);
        record(OBJ, &d)
    }

    fn txo(n: u16) -> Vec<u8> {
        let mut d = vec![0u8; 18];
        d[10..12].copy_from_slice(&n.to_le_bytes());
        record(TXO, &d)
    }

    fn utf16(s: &str) -> Vec<u8> {
        let mut d = vec![1u8];
        for u in s.encode_utf16() {
            d.extend(u.to_le_bytes());
        }
        record(CONTINUE, &d)
    }

    /// Globals naming one hidden sheet "名单" whose BOF follows, then the sheet with a
    /// comment on B3 whose text is split over two CONTINUE records, and a text box.
    fn workbook() -> Vec<u8> {
        let bof = record(BOF, &[0, 6, 0x05, 0, 0, 0, 0, 0]);
        let mut name = vec![0u8; 4];
        name.extend([1, 0, 2, 1]);
        for u in "名单".encode_utf16() {
            name.extend(u.to_le_bytes());
        }
        let globals_len = bof.len() + 4 + name.len() + 4;
        name[0..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
        let mut s = bof.clone();
        s.extend(record(BOUNDSHEET, &name));
        s.extend(record(EOF, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(record(BOF, &[0, 6, 0x10, 0, 0, 0, 0, 0]));
        s.extend(obj(1));
        s.extend(txo(17));
        s.extend(utf16("批注 手机 "));
        s.extend(record(
            CONTINUE,
            &[
                0, b'1', b'3', b'9', b'1', b'2', b'3', b'4', b'5', b'6', b'7', b'8',
            ],
        ));
        s.extend(record(CONTINUE, &[0u8; 16]));
        s.extend(obj(2));
        s.extend(txo(4));
        s.extend(utf16("文本框甲"));
        let mut note = vec![2, 0, 1, 0, 0, 0, 1, 0];
        note.extend([2, 0, 0, b'A', b'B']);
        s.extend(record(NOTE, &note));
        s.extend(record(EOF, &[]));
        s
    }

    #[test]
    fn comments_are_tied_to_their_cells_and_text_boxes_kept() {
        let found = notes(&workbook());
        assert_eq!(
            found,
            vec![
                Note {
                    sheet: "名单".into(),
                    hidden: "(隐藏)",
                    cell: Some((2, 1)),
                    text: "批注 手机 13912345678".into(),
                },
                Note {
                    sheet: "名单".into(),
                    hidden: "(隐藏)",
                    cell: None,
                    text: "文本框甲".into(),
                },
            ]
        );
    }

    #[test]
    fn every_truncation_and_flipped_length_is_survived() {
        let whole = workbook();
        for n in 0..whole.len() {
            let _ = notes(&whole[..n]);
            let mut bad = whole.clone();
            bad[n] = bad[n].wrapping_add(0x7F);
            let _ = notes(&bad);
        }
    }
}
