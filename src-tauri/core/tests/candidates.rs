//! The export screen's list: what each approved item would add to a bundle.

use disclosure_core::bundle;

use crate::desk::desk;
use crate::util::Dir;

#[test]
fn each_candidate_shows_its_size_attachments_and_text_both() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let text_only = d.approved("只有正文的通知", &[]);
    let with_file = d.approved("附有名单的通知", &[("名单.csv", &[b'x'; 4096])]);
    let listed = bundle::candidates(&d.b.store).unwrap();
    let size = |id: i64| listed.iter().find(|c| c.id == id).unwrap().bytes;
    let body = disclosure_core::item::get(&d.b.store, text_only)
        .unwrap()
        .fields
        .body_html
        .len() as u64;
    assert!(body > 0);
    assert!(
        size(text_only) >= body,
        "an item without attachments is not 0 B: {}",
        size(text_only)
    );
    assert!(size(with_file) >= 4096 + body, "{}", size(with_file));
}
