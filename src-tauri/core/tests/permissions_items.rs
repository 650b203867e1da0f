//! 权限表, continued (see `permissions` for the harness): drafts, review, publication and
//! the reads, on items of 法规处 drafted by 张伟 (its colleague 李娜 is a 起草人 of the same
//! office, 王芳 of 财审处; the 处室负责人 is 法规处's, everyone else is of 办公室).

use std::path::PathBuf;

use disclosure_core::bundle::{self, ExportRequest, RevokeKind};
use disclosure_core::item::{self, MaskRequest};
use disclosure_core::review::{self, Decision, DecisionInput, Settlement, SettlementKind};
use disclosure_core::scan::Kind;
use disclosure_core::staff::Staff;
use disclosure_core::{reads, Result};

use crate::desk::Desk;
use crate::permissions::{
    check, fresh, none, Row, EVERYONE, FORBIDDEN, HIDDEN, NOT_FOUND, P, P::*,
};
use crate::util::office_id;

/// Any 起草人. FINDING: of any office — 王芳 (财审处) may file a draft in 法规处's name (see
/// `drafts_are_changed_by_their_author_and_office`).
pub const ANY_DRAFTER: &[P] = &[Drafter, Colleague, OtherOffice];
/// The draft's author, or a 起草人 of its office.
const OWN_OFFICE: &[P] = &[Drafter, Colleague];
/// 发布员 and 管理员: what goes out of the building.
pub const PUBLISHERS: &[P] = &[Admin, Publisher];
/// A draft: its office (the 处室负责人 too) and administrators.
pub const DRAFT_READERS: &[P] = &[Admin, Drafter, Colleague, Head];
/// In review: its office, the roles of its chain's steps, administrators.
pub const REVIEW_READERS: &[P] = &[Admin, Drafter, Colleague, Head, Reviewer, Leader];
const PHONE: &str = "13812345678";

fn drafter(d: &Desk) -> Staff {
    d.b.drafter.clone()
}

/// A filled-in draft of 法规处 by 张伟.
pub fn draft(d: &mut Desk) -> i64 {
    d.draft(&fresh("权限草稿"), &[])
}

/// A draft whose body carries a 手机号.
fn with_phone(d: &mut Desk) -> i64 {
    let me = drafter(d);
    let mut input = crate::util::draft(&d.b.store, &me, "通知公告", &fresh("含手机号"));
    input.body_html = format!("<p>咨询电话 {PHONE}。</p>");
    item::create(&mut d.b.store, &me, &input).unwrap().item.id
}

/// A .docx whose body is one paragraph of `text`.
pub fn docx_with_text(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    write!(zip, r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#).unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

/// A draft whose .docx attachment carries a 手机号.
fn with_phone_file(d: &mut Desk) -> i64 {
    let docx = docx_with_text(&format!("咨询电话 {PHONE}"));
    d.draft(&fresh("附件含手机号"), &[("通知.docx", &docx)])
}

fn redact_first(d: &mut Desk, me: &Staff, id: i64) -> Result<()> {
    let a = item::get(&d.b.store, id)?.attachments[0].id;
    item::redact_attachment(&mut d.b.store, me, id, a).map(drop)
}

fn pages_of_first(d: &mut Desk, me: &Staff, id: i64) -> Result<()> {
    let a = item::get(&d.b.store, id)?.attachments[0].id;
    item::attachment_pages(&d.b.store, me, id, a).map(drop)
}

fn with_pdf(d: &mut Desk) -> i64 {
    d.draft(
        &fresh("含PDF"),
        &[("页.pdf", crate::util::one_page_pdf().as_slice())],
    )
}

fn with_file(d: &mut Desk) -> i64 {
    d.draft(&fresh("含附件"), &[("说明.txt", "附件正文".as_bytes())])
}

fn submit(d: &mut Desk, id: i64) -> i64 {
    let me = drafter(d);
    review::submit(&mut d.b.store, &me, id).unwrap();
    id
}

pub fn submitted(d: &mut Desk) -> i64 {
    let id = draft(d);
    submit(d, id)
}

/// In review, with the scanner's finding of the 手机号 to settle.
fn submitted_with_phone(d: &mut Desk) -> i64 {
    let id = with_phone(d);
    submit(d, id)
}

pub fn approved(d: &mut Desk) -> i64 {
    d.approved(&fresh("已通过"), &[])
}

pub fn exported(d: &mut Desk) -> i64 {
    let id = approved(d);
    d.export(Some(vec![id])).unwrap();
    id
}

fn published(d: &mut Desk) -> i64 {
    let id = exported(d);
    let (p, url) = (
        d.publisher.clone(),
        format!("https://jyj.anshan.gov.cn/{}", fresh("x")),
    );
    bundle::publish(&mut d.b.store, &p, id, &url, "2026-12-02").unwrap();
    id
}

/// A draft 王芳 (财审处) filed in 法规处's name: the form lets a drafter pick the office.
fn filed_for_fagui(d: &mut Desk) -> i64 {
    let (me, fagui) = (d.b.other_office.clone(), office_id(&d.b.store, "法规处"));
    let mut input = crate::util::draft(&d.b.store, &me, "通知公告", &fresh("代拟"));
    input.office_id = fagui;
    item::create(&mut d.b.store, &me, &input).unwrap().item.id
}

/// 通过, with the comment a 处室负责人 writes.
pub fn approve() -> DecisionInput {
    DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: "同意".into(),
    }
}

fn retitle(d: &mut Desk, me: &Staff, id: i64) -> Result<()> {
    let mut fields = item::get(&d.b.store, id)?.fields;
    fields.title = fresh("改标题");
    item::save(&mut d.b.store, me, id, &fields, false).map(drop)
}

fn a_file(d: &Desk) -> PathBuf {
    let path = d.files.path().join("补充材料.txt");
    std::fs::write(&path, "补充材料").unwrap();
    path
}

fn mask(d: &mut Desk, me: &Staff, id: i64, text: &str) -> Result<()> {
    let req = MaskRequest {
        text: text.into(),
        kind: Kind::Mobile,
    };
    item::mask_finding(&mut d.b.store, me, id, &req).map(drop)
}

#[test]
fn drafts_are_changed_by_their_author_and_office() {
    // A change refused to someone who may not read the draft answers `not_found`, as
    // reading it does (access.rs: "an item's existence is not given away by its number");
    // to someone who may read it (its 处室负责人, 管理员), `forbidden`.
    let rows: &[Row] = &[
        // Any 起草人. FINDING: of any office — 王芳 (财审处) may file a draft in 法规处's
        // name, which she then may change but not read (the last two rows).
        (
            "item::create (for 法规处)",
            ANY_DRAFTER,
            FORBIDDEN,
            none,
            |d, me, _| {
                let input = crate::util::draft(&d.b.store, &drafter(d), "通知公告", &fresh("新建"));
                item::create(&mut d.b.store, me, &input).map(drop)
            },
        ),
        // The author, or a 起草人 of the draft's office (not its 处室负责人, not 管理员).
        ("item::save", OWN_OFFICE, HIDDEN, draft, retitle),
        ("item::delete", OWN_OFFICE, HIDDEN, draft, |d, me, id| {
            item::delete(&mut d.b.store, me, id)
        }),
        (
            "item::mask_finding",
            OWN_OFFICE,
            HIDDEN,
            with_phone,
            |d, me, id| mask(d, me, id, PHONE),
        ),
        // Whether a text is in the draft is asked only after whether one may read it:
        // 王芳 of 财审处 gets `not_found` whether the text is there (the row above) or not.
        (
            "item::mask_finding (text absent)",
            &[],
            "hidden:invalid",
            with_phone,
            |d, me, id| mask(d, me, id, "13900000000"),
        ),
        // 一键脱敏 of an attachment is an edit like any other.
        (
            "item::redact_attachment",
            OWN_OFFICE,
            HIDDEN,
            with_phone_file,
            redact_first,
        ),
        (
            "item::add_attachments",
            OWN_OFFICE,
            HIDDEN,
            draft,
            |d, me, id| {
                let file = a_file(d);
                item::add_attachments(&mut d.b.store, me, id, &[file]).map(drop)
            },
        ),
        (
            "item::remove_attachment",
            OWN_OFFICE,
            HIDDEN,
            with_file,
            |d, me, id| {
                let a = item::get(&d.b.store, id)?.attachments[0].id;
                item::remove_attachment(&mut d.b.store, me, id, a).map(drop)
            },
        ),
        // The author, or a 起草人 of the office: 提交审查 and 撤回.
        ("review::submit", OWN_OFFICE, HIDDEN, draft, |d, me, id| {
            review::submit(&mut d.b.store, me, id).map(drop)
        }),
        (
            "review::withdraw",
            OWN_OFFICE,
            HIDDEN,
            submitted,
            |d, me, id| review::withdraw(&mut d.b.store, me, id).map(drop),
        ),
        // The state is told only to those who may read the item (王芳 and the 发布员 get
        // `not_found`, not that it is in review).
        (
            "review::submit (already in review)",
            &[],
            "hidden:conflict",
            submitted,
            |d, me, id| review::submit(&mut d.b.store, me, id).map(drop),
        ),
        // 法规处 may change the draft 王芳 filed for it; she, no longer able to read it, may
        // not (FINDING, left as it is: a 起草人 may file a draft for another office) …
        (
            "item::save (filed by 王芳 for 法规处)",
            OWN_OFFICE,
            HIDDEN,
            filed_for_fagui,
            retitle,
        ),
        // … nor read it.
        (
            "reads::item (filed by 王芳 for 法规处)",
            DRAFT_READERS,
            NOT_FOUND,
            filed_for_fagui,
            |d, me, id| reads::item(&d.b.store, me, id).map(drop),
        ),
    ];
    check(rows);
}

#[test]
fn review_and_publication_follow_the_roles() {
    let rows: &[Row] = &[
        // The first step: only a 处室负责人 of the item's office (never its author).
        (
            "review::decide (处室负责人 step)",
            &[Head],
            FORBIDDEN,
            submitted,
            |d, me, id| review::decide(&mut d.b.store, me, id, &approve()).map(drop),
        ),
        // Only a 保密审查员 settles the scanner's findings.
        (
            "review::settle",
            &[Reviewer],
            FORBIDDEN,
            submitted_with_phone,
            |d, me, id| {
                let f = review::findings(&d.b.store, id)?[0].id.unwrap();
                let s = Settlement {
                    kind: SettlementKind::Accepted,
                    note: "公开的咨询电话。".into(),
                };
                review::settle(&mut d.b.store, me, id, f, &s).map(drop)
            },
        ),
        // 发布员 and 管理员: 导出上传包, 登记发布, 撤回.
        (
            "bundle::export",
            PUBLISHERS,
            FORBIDDEN,
            approved,
            |d, me, id| {
                let req = ExportRequest {
                    item_ids: Some(vec![id]),
                    dir: d.out.path().into(),
                };
                bundle::export(&mut d.b.store, me, &req, &mut |_| true).map(drop)
            },
        ),
        (
            "bundle::publish",
            PUBLISHERS,
            FORBIDDEN,
            exported,
            |d, me, id| {
                let url = format!("https://jyj.anshan.gov.cn/{}", fresh("p"));
                bundle::publish(&mut d.b.store, me, id, &url, "2026-12-02").map(drop)
            },
        ),
        (
            "bundle::revoke",
            PUBLISHERS,
            FORBIDDEN,
            published,
            |d, me, id| {
                bundle::revoke(&mut d.b.store, me, id, RevokeKind::Withdrawn, "信息有误。")
                    .map(drop)
            },
        ),
    ];
    check(rows);
}

#[test]
fn a_draft_is_read_by_its_office_and_administrators() {
    // Whoever may not read the item is answered as if it did not exist.
    let rows: &[Row] = &[
        (
            "reads::item",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::item(&d.b.store, me, id).map(drop),
        ),
        (
            "item::attachment_pages",
            DRAFT_READERS,
            NOT_FOUND,
            with_pdf,
            pages_of_first,
        ),
        (
            "reads::versions",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::versions(&d.b.store, me, id).map(drop),
        ),
        (
            "reads::history",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::history(&d.b.store, me, id).map(drop),
        ),
        (
            "reads::findings",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::findings(&d.b.store, me, id).map(drop),
        ),
        (
            "reads::self_check",
            DRAFT_READERS,
            NOT_FOUND,
            with_phone,
            |d, me, id| reads::self_check(&d.b.store, me, id).map(drop),
        ),
        (
            "reads::check",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::check(&d.b.store, me, id).map(drop),
        ),
        (
            "reads::check_draft",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| {
                let fields = item::get(&d.b.store, id).unwrap().fields;
                reads::check_draft(&d.b.store, me, Some(id), &fields).map(drop)
            },
        ),
        (
            "reads::due",
            DRAFT_READERS,
            NOT_FOUND,
            draft,
            |d, me, id| reads::due(&d.b.store, me, id).map(drop),
        ),
        (
            "reads::attachment",
            DRAFT_READERS,
            NOT_FOUND,
            with_file,
            |d, me, id| {
                let a = item::get(&d.b.store, id)?.attachments[0].id;
                reads::attachment(&d.b.store, me, id, a).map(drop)
            },
        ),
        // In review: also the 保密审查员 and 分管领导 of its chain; not 财审处, not 发布员.
        (
            "reads::item (in review)",
            REVIEW_READERS,
            NOT_FOUND,
            submitted,
            |d, me, id| reads::item(&d.b.store, me, id).map(drop),
        ),
        (
            "reads::findings (in review)",
            REVIEW_READERS,
            NOT_FOUND,
            submitted_with_phone,
            |d, me, id| reads::findings(&d.b.store, me, id).map(drop),
        ),
        // Approved: everyone.
        (
            "reads::item (approved)",
            EVERYONE,
            NOT_FOUND,
            approved,
            |d, me, id| reads::item(&d.b.store, me, id).map(drop),
        ),
    ];
    check(rows);
}
