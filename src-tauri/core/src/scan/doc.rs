//! Word 97–2003 documents (`.doc`) and WPS 文字 files (`.wps`, Word-compatible since WPS
//! 2005): the text of every story — 正文, 脚注, 页眉页脚, 批注, 尾注, 文本框 — read from
//! the piece table as [MS-DOC] lays it out.
//!
//! The File Information Block at the start of the `WordDocument` stream says which table
//! stream (`0Table` or `1Table`) holds the CLX, and how many characters each story has;
//! the CLX's piece table maps character positions to bytes of `WordDocument`, 8-bit
//! (Windows-1252) or UTF-16LE. Chinese text is always in UTF-16 pieces. A piece table
//! that points outside the stream, or asks for more characters than the stream could
//! hold, yields the text that could be read and an unreadable part, so the file still
//! blocks; memory stays within twice the stream's size.

use super::{ole, Segment};

/// `wIdent` of a Word 97+ FIB.
const WORD_IDENT: u16 = 0xA5EC;
/// `nFib` of Word 97; Word 6 and 95 wrote lower numbers and another layout.
const NFIB_WORD97: u16 = 0x00C1;
/// FibBase flags.
const F_ENCRYPTED: u16 = 0x0100;
const F_WHICH_TBL_STM: u16 = 0x0200;
/// Index of `fcClx`/`lcbClx` in FibRgFcLcb97.
const FC_CLX: usize = 33;
/// The `FcCompressed` bit of a piece: 8-bit text at half the offset.
const FC_COMPRESSED: u32 = 0x4000_0000;

/// The stories in the order their characters follow one another, as the index of their
/// `ccp…` count in FibRgLw97 and the word a location uses.
const STORIES: &[(usize, &str)] = &[
    (3, ""),                 // ccpText
    (4, "脚注 "),            // ccpFtn
    (5, "页眉页脚 "),        // ccpHdd
    (6, "宏 "),              // ccpMcr: reserved, 0 in what Word writes
    (7, "批注 "),            // ccpAtn
    (8, "尾注 "),            // ccpEdn
    (9, "文本框 "),          // ccpTxbx
    (10, "页眉页脚文本框 "), // ccpHdrTxbx
];

fn damaged() -> String {
    "Word 文档结构异常，无法读取文字".into()
}

/// What the FIB says.
struct Fib {
    table: &'static str,
    clx: (usize, usize),
    story_lengths: Vec<usize>,
}

fn fib(word: &[u8]) -> Result<Fib, String> {
    let u16_at = |at| ole::u16_at(word, at).ok_or_else(damaged);
    let u32_at = |at| ole::u32_at(word, at).ok_or_else(damaged);
    if u16_at(0)? != WORD_IDENT {
        return Err("不是 Word 97 及以后版本的文档，无法读取".into());
    }
    if u16_at(2)? < NFIB_WORD97 {
        return Err("Word 95 或更早版本的文档，无法自动检查，请人工审查".into());
    }
    let flags = u16_at(0x0A)?;
    if flags & F_ENCRYPTED != 0 {
        return Err("Word 文档已加密，无法读取".into());
    }
    // FibBase (32 bytes), csw and FibRgW, cslw and FibRgLw, cbRgFcLcb and FibRgFcLcb.
    let rg_lw = 32 + 2 + 2 * usize::from(u16_at(32)?) + 2;
    let cslw = usize::from(u16_at(rg_lw - 2)?);
    let rg_fc_lcb = rg_lw + 4 * cslw + 2;
    let cb_rg_fc_lcb = usize::from(u16_at(rg_fc_lcb - 2)?);
    if cslw <= STORIES[STORIES.len() - 1].0 || cb_rg_fc_lcb <= FC_CLX {
        return Err(damaged());
    }
    let story_lengths = STORIES
        .iter()
        .map(|&(i, _)| u32_at(rg_lw + 4 * i).map(|n| n as usize))
        .collect::<Result<_, _>>()?;
    let fc_clx = u32_at(rg_fc_lcb + 8 * FC_CLX)? as usize;
    let lcb_clx = u32_at(rg_fc_lcb + 8 * FC_CLX + 4)? as usize;
    Ok(Fib {
        table: if flags & F_WHICH_TBL_STM != 0 {
            "/1Table"
        } else {
            "/0Table"
        },
        clx: (fc_clx, lcb_clx),
        story_lengths,
    })
}

/// One piece: characters `cp..cp_end` at byte `fc` of `WordDocument`.
#[derive(Debug, PartialEq, Eq)]
struct Piece {
    cp: usize,
    cp_end: usize,
    fc: usize,
    compressed: bool,
}

/// The piece table of a CLX: any `Prc` (formatting) entries, then the `Pcdt`.
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, String> {
    let mut pos = 0usize;
    let plc = loop {
        match clx.get(pos) {
            Some(1) => {
                let cb = ole::u16_at(clx, pos + 1).ok_or_else(damaged)?;
                pos += 3 + usize::from(cb);
            }
            Some(2) => {
                let lcb = ole::u32_at(clx, pos + 1).ok_or_else(damaged)? as usize;
                let start = pos + 5;
                break clx
                    .get(start..start.saturating_add(lcb))
                    .ok_or_else(damaged)?;
            }
            _ => return Err(damaged()),
        }
    };
    // PlcPcd: n + 1 character positions, then n 8-byte piece descriptors.
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(damaged());
    }
    let n = (plc.len() - 4) / 12;
    let cp = |i: usize| ole::u32_at(plc, 4 * i).map(|v| v as usize);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (Some(start), Some(end), Some(fc)) =
            (cp(i), cp(i + 1), ole::u32_at(plc, 4 * (n + 1) + 8 * i + 2))
        else {
            return Err(damaged());
        };
        if end < start {
            return Err(damaged());
        }
        let compressed = fc & FC_COMPRESSED != 0;
        let fc = (fc & !FC_COMPRESSED) as usize;
        out.push(Piece {
            cp: start,
            cp_end: end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// The document's characters as UTF-16 units, one per character position, and whether
/// some could not be read. At most one character per byte of the stream is laid out (a
/// real document needs at least a byte for each); characters past that, or in a piece
/// pointing outside the stream, are left as paragraph marks so the stories stay aligned.
fn characters(word: &[u8], pieces: &[Piece]) -> (Vec<u16>, bool) {
    let wanted = pieces.iter().map(|p| p.cp_end).max().unwrap_or(0);
    let len = wanted.min(word.len());
    let mut damaged = wanted > len;
    let mut text = vec![0x0Du16; len];
    for p in pieces {
        let cp_end = p.cp_end.min(len);
        if p.cp >= cp_end {
            continue;
        }
        let n = cp_end - p.cp;
        let width = if p.compressed { 1 } else { 2 };
        let Some(bytes) =
            p.fc.checked_add(n * width)
                .and_then(|end| word.get(p.fc..end))
        else {
            damaged = true;
            continue;
        };
        let units: Vec<u16> = if p.compressed {
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            s.encode_utf16().collect()
        } else {
            ole::utf16(bytes)
        };
        text[p.cp..cp_end].copy_from_slice(&units[..n.min(units.len())]);
    }
    (text, damaged)
}

/// The segments of a Word 97–2003 or WPS 文字 file: "{prefix} 第3段", "{prefix} 批注 第1段".
pub fn document(prefix: &str, bytes: &[u8]) -> Result<Vec<Segment>, String> {
    let mut file = ole::open(bytes)?;
    let word = ole::stream(&mut file, "/WordDocument")?
        .ok_or_else(|| "不是 Word 文档（缺少 WordDocument 部分）".to_string())?;
    let fib = fib(&word)?;
    let table = ole::stream(&mut file, fib.table)?.ok_or_else(damaged)?;
    let (fc, lcb) = fib.clx;
    let clx = fc
        .checked_add(lcb)
        .and_then(|end| table.get(fc..end))
        .ok_or_else(damaged)?;
    let (text, broken) = characters(&word, &pieces(clx)?);
    let mut out = Vec::new();
    let mut at = 0usize;
    for (&(_, label), &n) in STORIES.iter().zip(&fib.story_lengths) {
        let end = at.saturating_add(n).min(text.len());
        for (k, p) in ole::paragraphs(&text[at.min(end)..end])
            .into_iter()
            .enumerate()
        {
            out.push(Segment::new(format!("{prefix} {label}第{}段", k + 1), p));
        }
        at = end;
    }
    if broken {
        let mut seg = Segment::new(format!("{prefix} 部分文字"), "");
        seg.unreadable = Some("文档的一部分文字结构异常，无法读取".into());
        out.push(seg);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the text starts in the hand-written WordDocument stream.
    const TEXT_AT: usize = 1024;

    /// A Word 97 file as [MS-DOC] lays it out, reduced to what is read here: a FIB (14
    /// words, 22 longs, 93 offset pairs) whose `ccp…` counts are `ccp`, the text at
    /// [`TEXT_AT`] in UTF-16 pieces, and a `1Table` stream with the CLX (a formatting
    /// entry, then the piece table). `pieces` are (first cp, bytes' offset, compressed).
    fn word_file(ccp: [u32; 8], text: &[u8], pieces: &[(u32, u32, bool)], flags: u16) -> Vec<u8> {
        let total = ccp
            .iter()
            .fold(u32::from(ccp[1..].iter().any(|&n| n > 0)), |a, &n| {
                a.saturating_add(n)
            });
        let mut word = vec![0u8; TEXT_AT];
        word[0..2].copy_from_slice(&WORD_IDENT.to_le_bytes());
        word[2..4].copy_from_slice(&NFIB_WORD97.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&(flags | F_WHICH_TBL_STM).to_le_bytes());
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        let rg_lw = 34 + 28 + 2;
        word[rg_lw - 2..rg_lw].copy_from_slice(&22u16.to_le_bytes());
        for (i, n) in ccp.iter().enumerate() {
            let at = rg_lw + 4 * (3 + i);
            word[at..at + 4].copy_from_slice(&n.to_le_bytes());
        }
        let rg_fc_lcb = rg_lw + 88 + 2;
        word[rg_fc_lcb - 2..rg_fc_lcb].copy_from_slice(&93u16.to_le_bytes());
        word.extend(text);

        let mut plc = Vec::new();
        for (cp, _, _) in pieces {
            plc.extend(cp.to_le_bytes());
        }
        plc.extend(total.to_le_bytes());
        for &(_, fc, compressed) in pieces {
            let fc = if compressed {
                (fc * 2) | FC_COMPRESSED
            } else {
                fc
            };
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        let mut clx = vec![1, 2, 0, 0xAA, 0xBB]; // a Prc of two bytes
        clx.push(2);
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(plc);
        let at = rg_fc_lcb + 8 * FC_CLX;
        word[at + 4..at + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
        ole::compound(&[("/WordDocument", &word), ("/1Table", &clx)])
    }

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    /// Body, a header story and a comment in one UTF-16 piece.
    fn three_stories() -> Vec<u8> {
        let (body, header, comment) = ("第一段\r手机13812345678\r", "页眉\r", "批注甲\r");
        let text = format!("{body}{header}{comment}\r");
        let n = |s: &str| s.encode_utf16().count() as u32;
        let ccp = [n(body), 0, n(header), 0, n(comment), 0, 0, 0];
        word_file(ccp, &utf16(&text), &[(0, TEXT_AT as u32, false)], 0)
    }

    fn texts(segs: &[Segment]) -> Vec<(String, String)> {
        segs.iter()
            .map(|s| (s.location.clone(), s.text.clone()))
            .collect()
    }

    #[test]
    fn stories_are_split_by_the_fib_counts() {
        let segs = document("附件《a.doc》", &three_stories()).unwrap();
        assert_eq!(
            texts(&segs),
            [
                ("附件《a.doc》 第1段", "第一段"),
                ("附件《a.doc》 第2段", "手机13812345678"),
                ("附件《a.doc》 页眉页脚 第1段", "页眉"),
                ("附件《a.doc》 批注 第1段", "批注甲"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn compressed_pieces_are_windows_1252_and_fields_do_not_join_numbers() {
        // "Tel \x13PAGE 1\x141\x15 €" then a UTF-16 piece "号".
        let ascii = b"Tel \x13PAGE 1\x142\x15 \x80\r";
        let mut bytes = ascii.to_vec();
        bytes.extend(utf16("号\r"));
        let n = ascii.len() as u32;
        let pieces = [(0, TEXT_AT as u32, true), (n, TEXT_AT as u32 + n, false)];
        let segs = document(
            "d",
            &word_file([n + 2, 0, 0, 0, 0, 0, 0, 0], &bytes, &pieces, 0),
        )
        .unwrap();
        assert_eq!(texts(&segs)[0].1, "Tel  PAGE 1 2  €");
        assert_eq!(texts(&segs)[1].1, "号");
    }

    #[test]
    fn encrypted_and_pre_97_documents_are_unreadable_with_the_reason() {
        let enc = word_file(
            [2, 0, 0, 0, 0, 0, 0, 0],
            &utf16("a\r"),
            &[(0, 1024, false)],
            F_ENCRYPTED,
        );
        assert!(document("d", &enc).unwrap_err().contains("加密"));
        let mut old = three_stories();
        // nFib of Word 95, patched in the compound file where the stream starts.
        let at = old
            .windows(4)
            .position(|w| w == [0xEC, 0xA5, 0xC1, 0x00])
            .unwrap();
        old[at + 2] = 0x65;
        assert!(document("d", &old).unwrap_err().contains("Word 95"));
    }

    #[test]
    fn a_piece_outside_the_stream_gives_the_rest_and_an_unreadable_part() {
        let text = utf16("手机13812345678\r其余\r");
        let pieces = [(0, TEXT_AT as u32, false), (14, 0x7FFF_0000, false)];
        let segs = document(
            "d",
            &word_file([17, 0, 0, 0, 0, 0, 0, 0], &text, &pieces, 0),
        )
        .unwrap();
        assert_eq!(segs[0].text, "手机13812345678");
        let last = segs.last().unwrap();
        assert_eq!(last.location, "d 部分文字");
        assert!(last.unreadable.is_some());
    }

    #[test]
    fn huge_character_counts_are_capped_by_the_stream_size() {
        // The piece table claims four billion characters; the story counts too.
        let text = utf16("abc\r");
        let pieces = [(0, TEXT_AT as u32, false), (4, TEXT_AT as u32, false)];
        let mut ccp = [u32::MAX / 2; 8];
        ccp[0] = 4;
        let file = word_file(ccp, &text, &pieces, 0);
        let segs = document("d", &file).unwrap();
        assert_eq!(segs[0].text, "abc");
        assert!(segs.last().unwrap().unreadable.is_some());
    }

    #[test]
    fn truncated_and_garbled_clx_is_an_error_not_a_panic() {
        assert!(pieces(&[]).is_err());
        assert!(pieces(&[1, 0xFF, 0xFF]).is_err());
        assert!(pieces(&[2, 0xFF, 0xFF, 0xFF, 0xFF, 0]).is_err());
        // Character positions going backwards.
        let mut plc = vec![2, 16, 0, 0, 0];
        plc.extend(5u32.to_le_bytes());
        plc.extend(1u32.to_le_bytes());
        plc.extend([0; 8]);
        assert!(pieces(&plc).is_err());
        let good = three_stories();
        for cut in (0..good.len()).step_by(61) {
            let _ = document("d", &good[..cut]);
        }
    }
}
