//! What someone with the USB stick and a hex editor could do: change an attachment's bytes
//! in place (same length) and make every sum in the bundle agree again — the SHA-256 in
//! `SHA256SUMS`, `manifest.json` and the item's `metadata.json`, and the CRC-32 of every
//! entry changed, in its local header and in the central directory. The bundle is then
//! consistent in itself; only the record of its export tells.

use std::path::Path;

use sha2::{Digest, Sha256};

/// Replaces `from` by `to` (same length) inside the one attachment that holds it, and
/// re-sums.
pub fn replace_attachment_and_resum(path: &Path, from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut zip = std::fs::read(path).unwrap();
    let entries = entries(&zip);
    let target = entries
        .iter()
        .find(|e| e.name.contains("/attachments/") && find(&zip[e.data.clone()], from).is_some())
        .expect("an attachment holding the text");
    let before: Vec<String> = entries
        .iter()
        .map(|e| hex::encode(Sha256::digest(&zip[e.data.clone()])))
        .collect();
    let at = target.data.start + find(&zip[target.data.clone()], from).unwrap();
    zip[at..at + from.len()].copy_from_slice(to);
    // A changed entry's hash is written in other entries (the attachment's in the manifest,
    // the metadata and SHA256SUMS; theirs in SHA256SUMS): replace until nothing changes.
    let mut known = before;
    loop {
        let mut changed = false;
        for (k, e) in entries.iter().enumerate() {
            let now = hex::encode(Sha256::digest(&zip[e.data.clone()]));
            if now == known[k] {
                continue;
            }
            changed = true;
            for other in &entries {
                let data = other.data.clone();
                while let Some(i) = find(&zip[data.clone()], known[k].as_bytes()) {
                    let p = data.start + i;
                    zip[p..p + 64].copy_from_slice(now.as_bytes());
                }
            }
            known[k] = now;
        }
        if !changed {
            break;
        }
    }
    // Each entry's CRC-32, where it is stored twice.
    for e in &entries {
        let crc = crc32fast::hash(&zip[e.data.clone()]).to_le_bytes();
        zip[e.local + 14..e.local + 18].copy_from_slice(&crc);
        zip[e.central + 16..e.central + 20].copy_from_slice(&crc);
    }
    std::fs::write(path, zip).unwrap();
}

struct Entry {
    name: String,
    local: usize,
    central: usize,
    data: std::ops::Range<usize>,
}

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

/// The entries of a stored (uncompressed) zip, from its central directory.
fn entries(zip: &[u8]) -> Vec<Entry> {
    let end = (0..zip.len() - 21)
        .rev()
        .find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("end of central directory");
    let count = u16_at(zip, end + 10);
    let mut at = u32_at(zip, end + 16);
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(zip[at..at + 4], [0x50, 0x4b, 0x01, 0x02]);
        let size = u32_at(zip, at + 20);
        let (name_len, extra, comment) = (
            u16_at(zip, at + 28),
            u16_at(zip, at + 30),
            u16_at(zip, at + 32),
        );
        let local = u32_at(zip, at + 42);
        let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let data_start = local + 30 + u16_at(zip, local + 26) + u16_at(zip, local + 28);
        out.push(Entry {
            name,
            local,
            central: at,
            data: data_start..data_start + size,
        });
        at += 46 + name_len + extra + comment;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
