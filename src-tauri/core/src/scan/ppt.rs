//! PowerPoint 97–2003 presentations (`.ppt`) and WPS 演示 files (`.dps`): the text of every
//! slide, its notes and its comments, read from the records of the `PowerPoint Document`
//! stream as [MS-PPT] lays them out.
//!
//! Every record starts with an 8-byte header (version and instance, type, length); a
//! container's body is more records. Text is in `TextCharsAtom` (UTF-16), `TextBytesAtom`
//! (the low bytes of UTF-16) and `CString` records, wherever they are: in the document's
//! slide list (placeholder text), in a slide's or notes page's shapes, in a comment. A
//! slide's number is its place in the document's slide list (`SlidePersistAtom`s), found
//! from a slide container's offset through the persist directory; a notes page names its
//! slide's id. Text that cannot be placed (an earlier version of an edited slide, kept by
//! a fast save) is read all the same, as 其他文字.
//!
//! The walk visits each byte of the stream at most once per nesting level: a record
//! whose length runs past its container ends that container's walk, nesting deeper than
//! [`MAX_DEPTH`] is not followed, and the file is then reported partly unreadable.

use std::collections::HashMap;

use super::{ole, Segment};

/// Containers nest about six deep in real files.
const MAX_DEPTH: usize = 24;

const DOCUMENT: u16 = 0x03E8;
const SLIDE: u16 = 0x03EE;
const NOTES: u16 = 0x03F0;
const NOTES_ATOM: u16 = 0x03F1;
const SLIDE_PERSIST_ATOM: u16 = 0x03F3;
const MAIN_MASTER: u16 = 0x03F8;
const HANDOUT: u16 = 0x0FC9;
const TEXT_CHARS: u16 = 0x0FA0;
const TEXT_BYTES: u16 = 0x0FA8;
const CSTRING: u16 = 0x0FBA;
const SLIDE_LIST_WITH_TEXT: u16 = 0x0FF0;
const PERSIST_DIRECTORY_ATOM: u16 = 0x1772;
const COMMENT: u16 = 0x2EE0;
/// A programmable tag: its name (a `CString`, "___PPT10") is PowerPoint's, not the
/// author's.
const PROG_BINARY_TAG: u16 = 0x138A;
const CRYPT_SESSION: u16 = 0x2F14;

/// One record: its type, instance, and body.
struct Record<'a> {
    typ: u16,
    instance: u16,
    container: bool,
    body: &'a [u8],
    /// Offset of the header in the stream.
    at: usize,
}

/// The records in `data` (which starts at `base` in the stream), and whether one ran past
/// the end.
fn records(data: &[u8], base: usize) -> (Vec<Record<'_>>, bool) {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos < data.len() {
        let (Some(ver_inst), Some(typ), Some(len)) = (
            ole::u16_at(data, pos),
            ole::u16_at(data, pos + 2),
            ole::u32_at(data, pos + 4),
        ) else {
            return (out, true);
        };
        let start = pos + 8;
        let Some(body) = start
            .checked_add(len as usize)
            .and_then(|end| data.get(start..end))
        else {
            return (out, true);
        };
        out.push(Record {
            typ,
            instance: ver_inst >> 4,
            container: ver_inst & 0x0F == 0x0F,
            body,
            at: base + pos,
        });
        pos = start + body.len();
    }
    (out, false)
}

/// Where text is, in words.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Place {
    Slide(usize),
    Notes(Option<usize>),
    Master,
    Other,
}

impl Place {
    fn words(&self, comment: bool) -> String {
        let place = match self {
            Place::Slide(n) => format!("第{n}张幻灯片"),
            Place::Notes(Some(n)) => format!("第{n}张幻灯片 备注"),
            Place::Notes(None) => "备注".into(),
            Place::Master => "母版".into(),
            Place::Other => "其他文字".into(),
        };
        match comment {
            true => format!("{place} 批注"),
            false => place,
        }
    }
}

/// Slides in presentation order, from the last document container's slide list:
/// (persist id, slide id) of each; and the persist directory (persist id → offset).
#[derive(Default)]
struct Index {
    slides: Vec<(u32, u32)>,
    persist: HashMap<u32, u32>,
}

fn index(top: &[Record<'_>]) -> Index {
    let mut index = Index::default();
    for r in top {
        match r.typ {
            // Entries: a u32 of a first persist id (20 bits) and a count (12 bits), then
            // that many offsets. Later directories (later saves) override earlier ones.
            PERSIST_DIRECTORY_ATOM => {
                let mut pos = 0;
                while let Some(head) = ole::u32_at(r.body, pos) {
                    let (first, count) = (head & 0x000F_FFFF, head >> 20);
                    for i in 0..count {
                        match ole::u32_at(r.body, pos + 4 + 4 * i as usize) {
                            Some(offset) => index.persist.insert(first + i, offset),
                            None => break,
                        };
                    }
                    pos += 4 + 4 * count as usize;
                }
            }
            DOCUMENT => {
                let (children, _) = records(r.body, 0);
                if let Some(list) = children
                    .iter()
                    .find(|c| c.typ == SLIDE_LIST_WITH_TEXT && c.instance == 0)
                {
                    index.slides = records(list.body, 0)
                        .0
                        .iter()
                        .filter(|a| a.typ == SLIDE_PERSIST_ATOM)
                        .filter_map(|a| Some((ole::u32_at(a.body, 0)?, ole::u32_at(a.body, 12)?)))
                        .collect();
                }
            }
            _ => {}
        }
    }
    index
}

/// Text found so far, in order, with where it was.
#[derive(Default)]
struct Texts {
    found: Vec<(Place, bool, Vec<u16>)>,
    broken: bool,
}

impl Texts {
    /// Every text atom under `r`, placed at `place` (a slide list's `SlidePersistAtom`s
    /// move it on to the next slide).
    fn walk(&mut self, r: &Record<'_>, place: &Place, comment: bool, depth: usize) {
        match r.typ {
            TEXT_CHARS | CSTRING => {
                self.found
                    .push((place.clone(), comment, ole::utf16(r.body)));
                return;
            }
            TEXT_BYTES => {
                let units = r.body.iter().map(|&b| u16::from(b)).collect();
                self.found.push((place.clone(), comment, units));
                return;
            }
            _ if !r.container => return,
            _ => {}
        }
        if depth >= MAX_DEPTH {
            self.broken = true;
            return;
        }
        let (children, broken) = records(r.body, r.at + 8);
        self.broken |= broken;
        let comment = comment || r.typ == COMMENT;
        let mut place = place.clone();
        let slide_list = (r.typ == SLIDE_LIST_WITH_TEXT).then_some(r.instance);
        let mut nth = 0;
        for c in &children {
            if c.typ == SLIDE_PERSIST_ATOM {
                nth += 1;
                place = match slide_list {
                    Some(0) => Place::Slide(nth),
                    Some(1) => Place::Master,
                    Some(_) => Place::Notes(None),
                    None => place,
                };
            }
            if r.typ == PROG_BINARY_TAG && c.typ == CSTRING {
                continue;
            }
            self.walk(c, &place, comment, depth + 1);
        }
    }
}

/// The segments of a PowerPoint 97–2003 or WPS 演示 file: "{prefix} 第2张幻灯片 第1段",
/// "{prefix} 第2张幻灯片 备注 第1段".
pub fn presentation(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    let mut file = ole::open(bytes)?;
    if file.is_stream("/EncryptedSummary") {
        return Err("演示文稿已加密，无法读取".into());
    }
    let stream = ole::stream(&mut file, "/PowerPoint Document")?
        .ok_or_else(|| "不是 PowerPoint 97 及以后版本的演示文稿，无法读取".to_string())?;
    let (top, mut broken) = records(&stream, 0);
    if top.iter().any(|r| r.typ == CRYPT_SESSION) {
        return Err("演示文稿已加密，无法读取".into());
    }
    if top.is_empty() {
        return Err("演示文稿结构异常，无法读取文字".into());
    }
    let index = index(&top);
    let slide_at: HashMap<u32, usize> = index
        .slides
        .iter()
        .enumerate()
        .filter_map(|(n, (persist, _))| Some((*index.persist.get(persist)?, n + 1)))
        .collect();
    let slide_by_id: HashMap<u32, usize> = index
        .slides
        .iter()
        .enumerate()
        .map(|(n, (_, id))| (*id, n + 1))
        .collect();
    let mut texts = Texts::default();
    for r in &top {
        let place = match r.typ {
            SLIDE => slide_at
                .get(&(r.at as u32))
                .map_or(Place::Other, |&n| Place::Slide(n)),
            NOTES => {
                let slide_id = records(r.body, 0)
                    .0
                    .iter()
                    .find(|a| a.typ == NOTES_ATOM)
                    .and_then(|a| ole::u32_at(a.body, 0));
                Place::Notes(slide_id.and_then(|id| slide_by_id.get(&id).copied()))
            }
            MAIN_MASTER | HANDOUT => Place::Master,
            _ => Place::Other,
        };
        texts.walk(r, &place, false, 0);
    }
    broken |= texts.broken;
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Segment> = Vec::new();
    for (place, comment, units) in texts.found {
        let place = place.words(comment);
        for p in ole::paragraphs(&units) {
            let n = counts.entry(place.clone()).or_default();
            *n += 1;
            out.push(Segment::new(format!("{prefix} {place} 第{n}段"), p));
        }
    }
    if broken {
        let mut seg = Segment::new(format!("{prefix} 部分内容"), "");
        seg.unreadable = Some("演示文稿的一部分结构异常，无法读取".into());
        out.push(seg);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, instance: u16, body: &[u8]) -> Vec<u8> {
        let container = matches!(
            typ,
            DOCUMENT | SLIDE | NOTES | MAIN_MASTER | SLIDE_LIST_WITH_TEXT | COMMENT | 0xF00D
        );
        let ver = if container { 0x0F } else { 0 };
        let mut r = (instance << 4 | ver).to_le_bytes().to_vec();
        r.extend(typ.to_le_bytes());
        r.extend((body.len() as u32).to_le_bytes());
        r.extend(body);
        r
    }

    fn chars(s: &str) -> Vec<u8> {
        let units: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        rec(TEXT_CHARS, 0, &units)
    }

    fn persist_atom(persist: u32, slide_id: u32) -> Vec<u8> {
        let mut b = persist.to_le_bytes().to_vec();
        b.extend([0; 8]);
        b.extend(slide_id.to_le_bytes());
        b.extend([0; 4]);
        rec(SLIDE_PERSIST_ATOM, 0, &b)
    }

    /// A document whose slide list names two slides (persist ids 1 and 2, slide ids 256
    /// and 257) with a title each, the second slide's container first in the stream, a
    /// notes page of slide 257 and a comment on slide 256.
    fn stream() -> Vec<u8> {
        let mut list = persist_atom(1, 256);
        list.extend(chars("标题甲"));
        list.extend(persist_atom(2, 257));
        list.extend(chars("标题乙"));
        let doc = rec(DOCUMENT, 0, &rec(SLIDE_LIST_WITH_TEXT, 0, &list));
        let second = rec(
            SLIDE,
            0,
            &rec(0xF00D, 0, &chars("卡号 6222021234567890128")),
        );
        let mut comment = rec(
            CSTRING,
            0,
            &"审核人"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        );
        comment.extend(rec(
            CSTRING,
            1,
            &"手机 13812345678"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        ));
        let first = rec(SLIDE, 0, &rec(COMMENT, 0, &comment));
        let notes_atom = rec(NOTES_ATOM, 0, &257u32.to_le_bytes());
        let notes = rec(NOTES, 0, &[notes_atom, chars("备注乙")].concat());
        let mut s = doc;
        let second_at = s.len() as u32;
        s.extend(second);
        let first_at = s.len() as u32;
        s.extend(first);
        s.extend(notes);
        let mut dir = (1u32 | 2 << 20).to_le_bytes().to_vec();
        dir.extend(first_at.to_le_bytes());
        dir.extend(second_at.to_le_bytes());
        s.extend(rec(PERSIST_DIRECTORY_ATOM, 0, &dir));
        s
    }

    fn read(stream: &[u8]) -> Result<Vec<(String, String, bool)>, String> {
        let file = ole::compound(&[("/PowerPoint Document", stream)]);
        Ok(presentation("p", &file)?
            .into_iter()
            .map(|s| (s.location, s.text, s.unreadable.is_some()))
            .collect())
    }

    #[test]
    fn slides_notes_and_comments_are_placed_by_the_slide_list() {
        let got = read(&stream()).unwrap();
        let want = [
            ("p 第1张幻灯片 第1段", "标题甲"),
            ("p 第2张幻灯片 第1段", "标题乙"),
            ("p 第2张幻灯片 第2段", "卡号 6222021234567890128"),
            ("p 第1张幻灯片 批注 第1段", "审核人"),
            ("p 第1张幻灯片 批注 第2段", "手机 13812345678"),
            ("p 第2张幻灯片 备注 第1段", "备注乙"),
        ];
        assert_eq!(
            got,
            want.map(|(a, b)| (a.to_string(), b.to_string(), false))
        );
    }

    #[test]
    fn a_lying_record_length_gives_the_text_before_it_and_an_unreadable_part() {
        let mut s = stream();
        let n = s.len();
        // The persist directory's length now runs past the end of the stream.
        s[n - 20 + 4..n - 20 + 8].copy_from_slice(&u32::MAX.to_le_bytes());
        let got = read(&s).unwrap();
        assert!(got.iter().any(|(_, t, _)| t == "备注乙"));
        assert_eq!(
            got.last().unwrap(),
            &("p 部分内容".into(), String::new(), true)
        );
    }

    #[test]
    fn deep_nesting_and_self_referencing_persist_entries_end_quickly() {
        let mut deep = chars("底");
        for _ in 0..10_000 {
            deep = rec(SLIDE, 0, &deep);
        }
        let got = read(&deep).unwrap();
        assert_eq!(got, [("p 部分内容".to_string(), String::new(), true)]);
        // Persist ids pointing at the directory itself, at nothing, at every offset.
        let mut dir = (1u32 | 3 << 20).to_le_bytes().to_vec();
        dir.extend(0u32.to_le_bytes());
        dir.extend(u32::MAX.to_le_bytes());
        dir.extend(0u32.to_le_bytes());
        let mut s = rec(PERSIST_DIRECTORY_ATOM, 0, &dir);
        s.extend(rec(
            DOCUMENT,
            0,
            &rec(SLIDE_LIST_WITH_TEXT, 0, &persist_atom(1, 1)),
        ));
        assert!(read(&s).unwrap().is_empty());
    }

    #[test]
    fn encrypted_empty_and_truncated_streams() {
        let crypt = rec(CRYPT_SESSION, 0, &[0; 16]);
        assert!(read(&crypt).unwrap_err().contains("加密"));
        assert!(read(&[]).is_err());
        let good = stream();
        for cut in 0..good.len() {
            let _ = read(&good[..cut]);
        }
    }
}
