//! 附件一键脱敏 as an edit of the item (#23): from a finding in an attachment, the drafter
//! replaces the file by its redacted copy as a new version, audited; the original stays in
//! the earlier version only, and the bundle carries the copy alone.

use std::io::Read;

use disclosure_core::demo::scans;
use disclosure_core::item::{self, Status};
use disclosure_core::review;
use disclosure_core::scan::{Kind, Severity};

use crate::desk::desk;
use crate::util::Dir;

/// A workbook whose hidden sheet lists a 手机号 and a 身份证号.
fn list_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write(0, 0, "拟录用人员名单").unwrap();
    let hidden = wb.add_worksheet().set_name("联系方式").unwrap();
    hidden.write(0, 0, "13812341234").unwrap();
    hidden.write(1, 0, "210302199001011238").unwrap();
    hidden.set_hidden(true);
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_redacted_copy_replaces_the_attachment_and_only_it_is_exported() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let original = list_xlsx();
    let id = d.draft(
        "关于拟录用人员的公示",
        &[
            ("说明.txt", "附件说明".as_bytes()),
            ("名单.xlsx", &original),
        ],
    );
    let drafter = d.b.drafter.clone();
    review::submit(&mut d.b.store, &drafter, id).unwrap();
    let findings = review::findings(&d.b.store, id).unwrap();
    let phone = findings
        .iter()
        .find(|f| f.kind == Kind::Mobile)
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(phone.severity, Severity::Block);
    assert_eq!(phone.attachment.as_deref(), Some("名单.xlsx"));
    assert!(phone.redactable);
    let before = item::get(&d.b.store, id).unwrap();
    let target = before.attachments[1].clone();

    // Another office may not even learn the item exists; the reviewer may read, not edit.
    let other = d.b.other_office.clone();
    let err = item::redact_attachment(&mut d.b.store, &other, id, target.id).unwrap_err();
    assert_eq!(err.code(), "not_found");
    let reviewer = d.reviewer.clone();
    let err = item::redact_attachment(&mut d.b.store, &reviewer, id, target.id).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    // A file with nothing to hide is refused with the reason.
    let err = item::redact_attachment(&mut d.b.store, &drafter, id, before.attachments[0].id)
        .unwrap_err();
    assert_eq!(err.code(), "invalid");

    let done = item::redact_attachment(&mut d.b.store, &drafter, id, target.id).unwrap();
    assert_eq!((done.file.as_str(), done.count), ("名单（脱敏）.xlsx", 2));
    let it = done.item;
    assert_eq!(it.version, before.version + 1);
    assert_eq!(
        it.status,
        Status::Draft,
        "a submitted item is withdrawn first"
    );
    let names: Vec<&str> = it.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["说明.txt", "名单（脱敏）.xlsx"],
        "in the original's place"
    );
    assert_ne!(it.attachments[1].sha256, target.sha256);
    // Marked as a redacted copy (the review page shows its pages), the other file not.
    assert!(it.attachments[1].redacted && !it.attachments[0].redacted);
    // The original is kept for the record, in the version before.
    let old = item::version(&d.b.store, id, before.version).unwrap();
    assert!(old.attachments.iter().any(|a| a.sha256 == target.sha256));
    let audit = crate::util::audit_details(&d.b.store, id, "item.redact");
    assert_eq!(audit.len(), 1);
    assert!(
        audit[0].starts_with("附件脱敏《名单.xlsx》→《名单（脱敏）.xlsx》（2 处）"),
        "{audit:?}"
    );
    assert!(!audit[0].contains("13812341234"));
    // Nothing is left to block approval.
    let left = review::self_check(&d.b.store, id).unwrap();
    assert!(!left.iter().any(|f| f.redactable), "{left:#?}");

    d.approve(id, "同意");
    let bundle = d.export(Some(vec![id])).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle.path).unwrap()).unwrap();
    let copy = std::fs::read(disclosure_core::blobs::path(
        d.b.store.data_dir(),
        &it.attachments[1].sha256,
    ))
    .unwrap();
    let mut carried = 0;
    for i in 0..zip.len() {
        let mut bytes = Vec::new();
        zip.by_index(i).unwrap().read_to_end(&mut bytes).unwrap();
        assert_ne!(bytes, original, "the original left the building");
        carried += usize::from(bytes == copy);
    }
    assert_eq!(carried, 1);
}

#[test]
fn the_reviewer_sees_the_redacted_pages() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let pdf = scans::text_pdf(&[vec!["联系人 李四 手机 13912345670".to_string()]]).unwrap();
    // A file that merely carries the copy's kind of name is no redacted copy.
    let id = d.draft(
        "联系人",
        &[("联系人.pdf", &pdf), ("名单（脱敏）.pdf", &pdf)],
    );
    let drafter = d.b.drafter.clone();
    assert!(item::get(&d.b.store, id)
        .unwrap()
        .attachments
        .iter()
        .all(|a| !a.redacted));
    let a = item::get(&d.b.store, id).unwrap().attachments[0].id;
    let done = item::redact_attachment(&mut d.b.store, &drafter, id, a).unwrap();
    assert_eq!(done.file, "联系人（脱敏）.pdf");
    assert!(done.item.attachments[0].redacted && !done.item.attachments[1].redacted);
    let copy = done.item.attachments[0].id;
    let head = d.head.clone();
    let pages = item::attachment_pages(&d.b.store, &head, id, copy).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].starts_with("data:image/png;base64,"));
    let other = d.b.other_office.clone();
    let err = item::attachment_pages(&d.b.store, &other, id, copy).unwrap_err();
    assert_eq!(err.code(), "not_found");
}
