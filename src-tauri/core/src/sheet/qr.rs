//! 二维码 — the code in a sheet's footer that ties the paper to the reviewed version, and
//! reading it back.
//!
//! The payload is `DDSHEET:1:<item id>:<round>:<content hash>`: the item, the review
//! round and the full SHA-256 of the version that round froze. A scanner (or a person
//! typing what is printed beside it) gives the string to [`parse`]; the app then looks
//! the round up and compares the hash, so a sheet of an older or altered version shows.

use qrcode::{Color, EcLevel, QrCode};

use crate::typeset::page::Page;

const PREFIX: &str = "DDSHEET:1:";

/// What a sheet's QR code names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRef {
    pub item_id: i64,
    pub round: i64,
    pub content_hash: String,
}

/// The QR payload of a sheet.
pub fn payload(r: &SheetRef) -> String {
    format!("{PREFIX}{}:{}:{}", r.item_id, r.round, r.content_hash)
}

/// Reads a scanned payload back; `None` when it is not one of ours.
pub fn parse(s: &str) -> Option<SheetRef> {
    let rest = s.trim().strip_prefix(PREFIX)?;
    let mut parts = rest.split(':');
    let item_id = parts.next()?.parse().ok()?;
    let round = parts.next()?.parse().ok()?;
    let content_hash = parts.next()?.to_ascii_lowercase();
    let hex = content_hash.len() == 64 && content_hash.chars().all(|c| c.is_ascii_hexdigit());
    (hex && parts.next().is_none()).then_some(SheetRef {
        item_id,
        round,
        content_hash,
    })
}

/// Draws the code for `data` as a `size` mm square with its top-left at (`x`, `y`).
/// Dark modules of a row are joined into one box each, which keeps the page small.
pub fn draw(page: &mut Page, data: &str, x: f32, y: f32, size: f32) {
    let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else {
        // A payload too long for any QR version: the printed hash beside it still
        // identifies the version.
        return;
    };
    let n = code.width();
    let module = size / n as f32;
    let colors = code.to_colors();
    for (row, line) in colors.chunks(n).enumerate() {
        let mut col = 0;
        while col < n {
            if line[col] == Color::Light {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && line[col] == Color::Dark {
                col += 1;
            }
            page.fill(
                x + start as f32 * module,
                y + row as f32 * module,
                (col - start) as f32 * module,
                module,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_reads_back() {
        let r = SheetRef {
            item_id: 42,
            round: 2,
            content_hash: "ab".repeat(32),
        };
        assert_eq!(parse(&payload(&r)), Some(r));
        assert_eq!(parse("DDSHEET:1:42:2:abc"), None);
        assert_eq!(parse("https://example.org"), None);
    }
}
