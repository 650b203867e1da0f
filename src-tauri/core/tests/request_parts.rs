//! 协办: a request routed to an office, the office's part drafted and passed through the
//! 保密审查 chain, and the reply recorded only then; the part is never uploaded and never read
//! by the whole bureau.

use disclosure_core::item::{self, PublishMode, Status as ItemStatus};
use disclosure_core::request::{self, EventKind, Outcome, PartInput};
use disclosure_core::staff::{Role, Staff};
use disclosure_core::{audit_admin, bundle, category, dashboard, review, Error};

use crate::desk::{desk, Desk};
use crate::requests::json;
use crate::util::{add_person, office_id, on, Dir};

struct Routed {
    d: Desk,
    handler: Staff,
    number: String,
}

fn routed(dir: &Dir) -> Routed {
    let mut d = desk(dir);
    let admin = d.b.admin.clone();
    let bangong = office_id(&d.b.store, "办公室");
    let handler = add_person(
        &mut d.b.store,
        &admin,
        "赵敏",
        bangong,
        vec![Role::RequestHandler],
    );
    let input =
        request::input::from_json(&json("2026-12-01"), crate::requests::d("2026-12-02")).unwrap();
    let number = request::add(&mut d.b.store, &handler, &input)
        .unwrap()
        .number;
    Routed { d, handler, number }
}

fn part(office: i64, due_on: &str) -> PartInput {
    PartInput {
        office_id: office,
        due_on: due_on.into(),
        note: "请提供本处室掌握的招生计划文件。".into(),
    }
}

fn assign(r: &mut Routed, office: &str, due_on: &str) -> disclosure_core::Result<request::Request> {
    let office = office_id(&r.d.b.store, office);
    let handler = r.handler.clone();
    let number = r.number.clone();
    request::parts::assign(&mut r.d.b.store, &handler, &number, &part(office, due_on))
}

/// The office's drafter writes its part.
fn write_part(r: &mut Routed, item_id: i64, body: &str) {
    let drafter = r.d.b.drafter.clone();
    let mut input = item::read(&r.d.b.store, &drafter, item_id).unwrap().fields;
    input.body_html = body.into();
    item::save(&mut r.d.b.store, &drafter, item_id, &input, false).unwrap();
}

fn reply(r: &mut Routed) -> disclosure_core::Result<request::Request> {
    let handler = r.handler.clone();
    let number = r.number.clone();
    request::record(
        &mut r.d.b.store,
        &handler,
        &number,
        crate::requests::d("2026-12-02"),
        &EventKind::Replied {
            outcome: Outcome::Partial,
            reason: "部分内容涉及个人隐私（第三十七条）。".into(),
        },
    )
}

#[test]
fn an_office_drafts_its_part_passes_review_and_only_then_is_the_reply_recorded() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut r = routed(&dir);
    let shown = assign(&mut r, "法规处", "2026-12-15").unwrap();
    assert_eq!(shown.parts.len(), 1);
    let p = shown.parts[0].clone();
    assert_eq!(p.office_name, "法规处");
    assert_eq!(p.item_status, ItemStatus::Draft);
    assert!(!p.overdue && !p.cancelled);

    // The office's drafter finds it waiting on the home page and in the item itself.
    let drafter = r.d.b.drafter.clone();
    let waiting = dashboard::get(&r.d.b.store, &drafter)
        .unwrap()
        .request_parts;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].item_id, p.item_id);
    assert!(dashboard::get(&r.d.b.store, &r.d.b.other_office)
        .unwrap()
        .request_parts
        .is_empty());
    let it = item::read(&r.d.b.store, &drafter, p.item_id).unwrap();
    assert_eq!(it.fields.publish_mode, PublishMode::OnRequest);
    assert!(
        it.fields.summary.contains(&r.number),
        "{}",
        it.fields.summary
    );
    assert!(it
        .fields
        .summary
        .contains("2025年全市义务教育阶段学校招生计划"));
    // Its date is the handler's, not a publication deadline (it is never published).
    let far = crate::requests::d("2027-06-30");
    assert!(disclosure_core::deadline::urgent_on(&r.d.b.store, far, 500)
        .unwrap()
        .iter()
        .all(|d| d.item_id != p.item_id));
    // The applicant's identity is not the office's business.
    assert!(!it.fields.summary.contains("11010519491231002X"));
    assert!(!it.fields.summary.contains("陈静"));

    // The reply waits for the review.
    let Err(Error::Conflict(why)) = reply(&mut r) else {
        panic!("reply before review")
    };
    assert!(why.contains("法规处（草稿）"), "{why}");

    let mut input = it.fields.clone();
    input.topic = "教育".into();
    input.body_html = "<p>2025年招生计划见附件；其中学生名单涉及个人信息，不予提供。</p>".into();
    item::save(&mut r.d.b.store, &drafter, p.item_id, &input, false).unwrap();
    r.d.approve(p.item_id, "同意");
    let shown = request::show(&r.d.b.store, &r.handler, &r.number).unwrap();
    assert_eq!(shown.parts[0].item_status, ItemStatus::Approved);
    assert!(dashboard::get(&r.d.b.store, &drafter)
        .unwrap()
        .request_parts
        .is_empty());
    let replied = reply(&mut r).unwrap();
    assert_eq!(replied.clock.outcome, Some(Outcome::Partial));

    let admin = r.d.b.admin.clone();
    let log = audit_admin::search(&r.d.b.store, &admin, &Default::default(), 100).unwrap();
    assert!(log.iter().any(|e| e.action == "request.assign"
        && e.detail.contains(&r.number)
        && e.detail.contains("法规处")));
}

#[test]
fn an_approved_part_is_not_uploaded_and_not_read_by_the_whole_bureau() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut r = routed(&dir);
    let p = assign(&mut r, "法规处", "2026-12-15").unwrap().parts[0].clone();
    let drafter = r.d.b.drafter.clone();
    write_part(&mut r, p.item_id, "<p>经查，本处室未制作该信息。</p>");
    r.d.approve(p.item_id, "同意");
    let proactive = r.d.approved("主动公开的通知", &[]);

    // Another office's drafter and the publisher may not read it; its office, the
    // reviewer and the handler may.
    let publisher = r.d.publisher.clone();
    for who in [&r.d.b.other_office, &publisher] {
        assert!(
            item::read(&r.d.b.store, who, p.item_id).is_err(),
            "{}",
            who.name
        );
        let page = item::list(&r.d.b.store, who, &item::ItemQuery::default()).unwrap();
        assert!(
            page.rows.iter().all(|row| row.id != p.item_id),
            "{}",
            who.name
        );
    }
    for who in [&drafter, &r.d.reviewer, &r.handler] {
        assert!(
            item::read(&r.d.b.store, who, p.item_id).is_ok(),
            "{}",
            who.name
        );
    }

    let candidates = bundle::candidates(&r.d.b.store).unwrap();
    assert!(candidates.iter().any(|c| c.id == proactive));
    assert!(candidates.iter().all(|c| c.id != p.item_id));
    let refused = r.d.export(Some(vec![p.item_id]));
    assert!(refused.is_err());
    assert_eq!(r.d.status(p.item_id), ItemStatus::Approved);
    let all = r.d.export(None).unwrap();
    assert_eq!(all.count, 1);
    assert_eq!(r.d.status(p.item_id), ItemStatus::Approved);
}

#[test]
fn the_office_date_lies_inside_the_clock_and_only_handlers_assign() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut r = routed(&dir);
    let due = request::show(&r.d.b.store, &r.handler, &r.number)
        .unwrap()
        .clock
        .due_on
        .unwrap();
    let after = (due + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let Err(Error::Invalid { field, message }) = assign(&mut r, "法规处", &after) else {
        panic!("a date after the request's")
    };
    assert_eq!(field, Some("due_on"));
    assert!(message.contains("不能晚于申请的答复期限"), "{message}");
    assert!(assign(&mut r, "法规处", "2026-12-01").is_err());
    assert!(assign(&mut r, "法规处", "2026-12-15").is_ok());
    let Err(Error::Conflict(m)) = assign(&mut r, "法规处", "2026-12-16") else {
        panic!("twice to one office")
    };
    assert!(m.contains("不能重复分派"), "{m}");
    assert_eq!(
        assign(&mut r, "财审处", "2026-12-16").unwrap().parts.len(),
        2
    );
    // Nothing half-made by the refusals: two parts, two drafts.
    let n_items = item::list(&r.d.b.store, &r.d.b.admin, &item::ItemQuery::default())
        .unwrap()
        .total;
    assert_eq!(n_items, 2);

    let fagui = office_id(&r.d.b.store, "法规处");
    let number = r.number.clone();
    for who in [
        r.d.b.drafter.clone(),
        r.d.leader.clone(),
        r.d.b.admin.clone(),
    ] {
        let e = request::parts::assign(&mut r.d.b.store, &who, &number, &part(fagui, "2026-12-15"));
        assert!(matches!(e, Err(Error::Forbidden(_))), "{}", who.name);
    }
}

#[test]
fn a_part_keeps_its_shape_and_no_other_item_takes_its_category() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut r = routed(&dir);
    let p = assign(&mut r, "法规处", "2026-12-15").unwrap().parts[0].clone();
    let drafter = r.d.b.drafter.clone();
    let fields = item::read(&r.d.b.store, &drafter, p.item_id)
        .unwrap()
        .fields;
    let notices = category::find(&r.d.b.store, "通知公告").unwrap().id;

    let mut proactive = fields.clone();
    proactive.publish_mode = PublishMode::Proactive;
    let mut recategorised = fields.clone();
    recategorised.category_id = notices;
    let mut elsewhere = fields.clone();
    elsewhere.office_id = office_id(&r.d.b.store, "财审处");
    for (what, input) in [
        ("publish_mode", proactive),
        ("category_id", recategorised),
        ("office_id", elsewhere),
    ] {
        match item::save(&mut r.d.b.store, &drafter, p.item_id, &input, false) {
            Err(Error::Invalid { field, .. }) => assert_eq!(field, Some(what)),
            other => panic!("{what}: {other:?}"),
        }
    }
    // A new item of the parts' category, or one turned into it, is refused.
    let mut new = crate::util::draft(&r.d.b.store, &drafter, "通知公告", "通知");
    new.category_id = fields.category_id;
    assert!(matches!(
        item::create(&mut r.d.b.store, &drafter, &new),
        Err(Error::Invalid { .. })
    ));
    let id = r.d.draft("一则通知", &[]);
    let mut turned = item::read(&r.d.b.store, &drafter, id).unwrap().fields;
    turned.category_id = fields.category_id;
    assert!(item::save(&mut r.d.b.store, &drafter, id, &turned, false).is_err());
    // The office may not delete it; the handler cancels it.
    assert!(matches!(
        item::delete(&mut r.d.b.store, &drafter, p.item_id),
        Err(Error::Conflict(_))
    ));
    let handler = r.handler.clone();
    let number = r.number.clone();
    for who in [drafter.clone(), r.d.head.clone(), r.d.b.admin.clone()] {
        let e = request::parts::cancel(&mut r.d.b.store, &who, &number, p.id);
        assert!(matches!(e, Err(Error::Forbidden(_))), "{}", who.name);
    }
    let after = request::parts::cancel(&mut r.d.b.store, &handler, &number, p.id).unwrap();
    assert!(after.parts[0].cancelled);
    let left = item::list(&r.d.b.store, &drafter, &item::ItemQuery::default()).unwrap();
    assert!(left.rows.iter().all(|row| row.id != p.item_id));
    // With the only part cancelled the reply is not held up.
    assert!(reply(&mut r).is_ok());
}

#[test]
fn a_submitted_part_cannot_be_cancelled() {
    let _t = on("2026-12-02");
    let dir = Dir::new();
    let mut r = routed(&dir);
    let p = assign(&mut r, "法规处", "2026-12-15").unwrap().parts[0].clone();
    let drafter = r.d.b.drafter.clone();
    write_part(&mut r, p.item_id, "<p>见附件。</p>");
    review::submit(&mut r.d.b.store, &drafter, p.item_id).unwrap();
    let handler = r.handler.clone();
    let number = r.number.clone();
    let Err(Error::Conflict(m)) = request::parts::cancel(&mut r.d.b.store, &handler, &number, p.id)
    else {
        panic!("cancelled after submission")
    };
    assert!(m.contains("已提交审查"), "{m}");
}
