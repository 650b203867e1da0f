use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::preferences::{self, Preferences};
use disclosure_core::{contacts, office};

use crate::util::{bureau, Dir};

#[test]
fn agency_edits_survive_reopening() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    agency::update(
        &mut b.store,
        &b.admin,
        &AgencyInput {
            name: "鞍山市教育局".into(),
            short_name: "鞍山教育".into(),
            org_code: "11210300mb1234567x".into(),
            ..AgencyInput::default()
        },
    )
    .unwrap();
    drop(b);
    let a = agency::get(&dir.open()).unwrap();
    assert_eq!(a.short_name, "鞍山教育");
    assert_eq!(a.org_code, "11210300MB1234567X");
}

#[test]
fn bad_agency_input_changes_nothing() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let before = agency::get(&b.store).unwrap();
    let err = agency::update(
        &mut b.store,
        &b.admin.clone(),
        &AgencyInput {
            name: "".into(),
            short_name: "x".into(),
            org_code: "".into(),
            ..AgencyInput::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert_eq!(agency::get(&b.store).unwrap(), before);
    let input = AgencyInput {
        name: "x".into(),
        short_name: "x".into(),
        org_code: "".into(),
        ..AgencyInput::default()
    };
    let err = agency::update(&mut b.store, &b.drafter.clone(), &input).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert_eq!(
        agency::bootstrap(&mut b.store, &input).unwrap_err().code(),
        "forbidden"
    );
}

#[test]
fn offices_are_added_renamed_and_deactivated_not_deleted() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let (mut store, admin) = (b.store, b.admin);
    assert_eq!(
        office::add(&mut store, &b.drafter, "某处")
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let o = office::add(&mut store, &admin, " 职成处 ").unwrap();
    assert_eq!(o.name, "职成处");
    assert_eq!(
        office::list(&store, false).unwrap().last().unwrap().id,
        o.id
    );
    let dup = office::add(&mut store, &admin, "法规处").unwrap_err();
    assert!(dup.to_string().contains("已有名为“法规处”的处室"));
    let pseudo = office::add(&mut store, &admin, "有关处室").unwrap_err();
    assert_eq!(pseudo.field(), Some("name"));
    office::set_active(&mut store, &admin, o.id, false).unwrap();
    assert!(office::list(&store, false)
        .unwrap()
        .iter()
        .all(|x| x.id != o.id));
    assert!(office::list(&store, true)
        .unwrap()
        .iter()
        .any(|x| x.id == o.id && !x.active));
    let r = office::rename(&mut store, &admin, o.id, "职业教育与成人教育处").unwrap();
    assert_eq!(r.name, "职业教育与成人教育处");
    assert_eq!(
        office::rename(&mut store, &admin, 9999, "x")
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn preferences_default_validate_and_persist() {
    let dir = Dir::new();
    let store = dir.open();
    assert_eq!(preferences::get(&store).unwrap(), Preferences::default());
    let big = Preferences {
        font_size: 18,
        locale: "zh-CN".into(),
    };
    preferences::set(&store, &big).unwrap();
    let bad = Preferences {
        font_size: 13,
        ..big.clone()
    };
    assert_eq!(
        preferences::set(&store, &bad).unwrap_err().field(),
        Some("font_size")
    );
    drop(store);
    assert_eq!(preferences::get(&dir.open()).unwrap(), big);
}

#[test]
fn the_agencys_contact_details_seed_the_public_contacts_once() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let mut input = AgencyInput {
        name: "鞍山市教育局".into(),
        short_name: "鞍山教育".into(),
        org_code: "".into(),
        address: Some("鞍山市铁东区胜利南路 1 号".into()),
        phone: Some(" 0412-2221234、0412-2225678 ".into()),
        email: Some("jyj@anshan.gov.cn".into()),
    };
    let a = agency::update(&mut b.store, &b.admin, &input).unwrap();
    assert_eq!(a.phone, "0412-2221234、0412-2225678");
    assert_eq!(
        contacts::list(&b.store).unwrap(),
        [
            "办公地址：鞍山市铁东区胜利南路 1 号",
            "咨询电话：0412-2221234、0412-2225678",
            "电子邮箱：jyj@anshan.gov.cn",
        ]
    );
    // A reviewer rewrote the list by hand; saving the agency again adds only what it lacks.
    contacts::set(
        &mut b.store,
        &b.admin,
        &["咨询：（0412）2221234".into(), "（0412）2225678".into()],
    )
    .unwrap();
    input.email = Some("JYJ@anshan.gov.cn".into());
    agency::update(&mut b.store, &b.admin, &input).unwrap();
    assert_eq!(
        contacts::list(&b.store).unwrap(),
        [
            "咨询：（0412）2221234",
            "（0412）2225678",
            "办公地址：鞍山市铁东区胜利南路 1 号",
            "电子邮箱：JYJ@anshan.gov.cn",
        ]
    );
    let filter = disclosure_core::audit_admin::AuditFilter {
        action: "agency.update".into(),
        ..Default::default()
    };
    let trail = disclosure_core::audit_admin::search(&b.store, &b.admin, &filter, 1).unwrap();
    assert!(
        trail[0].detail.contains("加入公开联系方式：办公地址"),
        "{}",
        trail[0].detail
    );
}

#[test]
fn a_bad_contact_detail_changes_neither_the_agency_nor_the_list() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let before = agency::get(&b.store).unwrap();
    let input = AgencyInput {
        name: "鞍山市教育局".into(),
        short_name: "鞍山教育".into(),
        org_code: "".into(),
        phone: Some("0412-2221234".into()),
        email: Some("jyj at anshan".into()),
        ..AgencyInput::default()
    };
    let err = agency::update(&mut b.store, &b.admin, &input).unwrap_err();
    assert_eq!(err.field(), Some("email"));
    assert_eq!(agency::get(&b.store).unwrap(), before);
    assert!(contacts::list(&b.store).unwrap().is_empty());
}
